import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { buildPortalSync } from '../portal/build.js';
import { ENV } from '../shared/runtime/env.js';
import { type SlaSentinelConfig, senderIdentity } from './config.js';
import { InboundMail } from './constructs/inbound-mail.js';
import { MailSending } from './constructs/mail-sending.js';
import { AlarmNotifications, SlaDashboard } from './constructs/monitoring.js';
import { MonthlyReports } from './constructs/monthly-reports.js';
import { Notifications } from './constructs/notifications.js';
import { PortalSite } from './constructs/portal-site.js';
import { SlaEvents } from './constructs/sla-events.js';
import { SlaFunction } from './constructs/sla-function.js';
import { SlaTimers } from './constructs/sla-timers.js';
import { TicketsApi } from './constructs/tickets-api.js';
import { TimerReconciler } from './constructs/timer-reconciler.js';
import { LAMBDA_ENTRIES } from './lambda-entries.js';

export interface StatelessStackProps extends StackProps {
  readonly config: SlaSentinelConfig;
  /** The tickets table (from the stateful stack) and its GSI names. */
  readonly tickets: { readonly table: ITable; readonly indexNames: readonly string[] };
  /** The bucket SES stores raw inbound mail in (from the stateful stack) and its name. */
  readonly mail: { readonly bucket: IBucket; readonly bucketName: string };
  /** The Cognito user pool and app client (from the stateful stack); absent when `jwtIssuer` is configured. */
  readonly users?: { readonly userPool: IUserPool; readonly client: IUserPoolClient };
}

/**
 * Everything that can be replaced without losing data: the six Lambdas, the HTTP API, the timers
 * (Scheduler group and role, DLQs), the SLA events bus (its archive holds only replay copies), SES receiving and
 * sending, alarms and the dashboard, and the portal (its bucket holds only the built files). Nothing here has a fixed name and survives the stack: what is named after
 * the stack (the schedule group, the rule set, the configuration set) is deleted with it, so a destroy followed by
 * a deploy starts clean (README.md, "Removing it").
 */
export class StatelessStack extends Stack {
  readonly api: TicketsApi;
  readonly apiFunction: SlaFunction;
  readonly portal: PortalSite;
  readonly timers: SlaTimers;
  readonly timerReconciler: TimerReconciler;
  readonly inboundMail: InboundMail;
  readonly events: SlaEvents;
  readonly mailSending: MailSending;
  readonly notifications: Notifications;
  readonly alarms: AlarmNotifications;
  readonly monitoring: SlaDashboard;
  readonly monthlyReports: MonthlyReports;

  constructor(scope: Construct, id: string, props: StatelessStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.alarms = new AlarmNotifications(this, 'Alarms', { alarmEmail: config.alarmEmail });
    this.mailSending = new MailSending(this, 'MailSending', {
      supportDomain: config.domain,
      senderAddress: config.senderAddress,
      identity: senderIdentity(config),
      sandboxRecipients: config.sandboxRecipients,
    });

    this.apiFunction = new SlaFunction(this, 'Api', {
      entry: LAMBDA_ENTRIES.api,
      description: 'The tickets HTTP API (tickets, comments, escalations, events, tenants, OpenAPI)',
      logRetention: config.logRetention,
      timeout: Duration.seconds(15),
    })
      // Each change's mail is an outbox item in the same write; the notification Lambda sends it.
      .bindTable(props.tickets, 'readWrite')
      // Tenants may be put only on these presets (PUT /tenants/{id} answers 400 on another).
      .setEnv(ENV.enabledPresets, config.presets.join(','))
      // Addresses at our inbound domain are never participants (they would Cc mail back into our own inbound).
      .setEnv(ENV.supportDomain, config.domain);
    // The portal first: the API's CORS origin and the portal's app client name its URL.
    const portalFiles = buildPortalSync();
    const ownIssuer = Boolean(config.jwtIssuer && config.jwtAudience);
    this.portal = new PortalSite(this, 'Portal', {
      files: portalFiles,
      ...(props.users && !ownIssuer ? { userPool: props.users.userPool } : {}),
    });
    const auth = StatelessStack.apiAuth(config, props.users);
    this.api = new TicketsApi(this, 'TicketsApi', {
      handler: this.apiFunction,
      auth:
        'issuer' in auth ? auth : { ...auth, otherClients: this.portal.client ? [this.portal.client] : [] },
      corsOrigins: [this.portal.origin],
      throttle: { rateLimit: config.apiThrottleRateLimit, burstLimit: config.apiThrottleBurstLimit },
      logRetention: config.logRetention,
    });

    this.portal.deployConfig(portalFiles, this.api.url);

    this.timers = new SlaTimers(this, 'Timers', {
      tickets: props.tickets,
      alarmTopic: this.alarms.topic,
      logRetention: config.logRetention,
      scheduleGroupName: `${this.stackName}-timers`.slice(0, 64),
    });
    // The group above is new after every destroy + deploy: this refills it from the table by itself.
    this.timerReconciler = new TimerReconciler(this, 'TimerReconciler', {
      table: props.tickets.table,
      timers: this.timers,
      alarmTopic: this.alarms.topic,
      logRetention: config.logRetention,
    });

    this.inboundMail = new InboundMail(this, 'InboundMail', {
      supportDomain: config.domain,
      bucket: props.mail.bucket,
      bucketName: props.mail.bucketName,
      tickets: props.tickets,
      alarmTopic: this.alarms.topic,
      logRetention: config.logRetention,
    });

    // The only function that sends mail (ses:SendEmail): every mail, from the outbox on the table stream.
    this.notifications = new Notifications(this, 'Notifications', {
      tickets: props.tickets,
      mailSender: this.mailSending,
      alarmTopic: this.alarms.topic,
      logRetention: config.logRetention,
    });

    this.events = new SlaEvents(this, 'Events', {
      tickets: props.tickets,
      alarmTopic: this.alarms.topic,
      logRetention: config.logRetention,
      ...(config.webhookUrl ? { webhookUrl: config.webhookUrl } : {}),
    });

    this.monthlyReports = new MonthlyReports(this, 'MonthlyReports', {
      tickets: props.tickets,
      alarmTopic: this.alarms.topic,
      logRetention: config.logRetention,
      scheduleName: `${this.stackName}-monthly-reports`.slice(0, 64),
    });

    this.monitoring = new SlaDashboard(this, 'Monitoring', {
      alarms: this.alarms,
      functions: {
        api: this.apiFunction,
        slaTimer: this.timers.slaTimer,
        timerSync: this.timers.timerSync,
        inboundEmail: this.inboundMail.handler,
        slaEvents: this.events.publisher,
        notification: this.notifications.sender,
        monthlyReport: this.monthlyReports.handler,
        reconcileTimers: this.timerReconciler.handler,
      },
      mail: {
        oldestUnsent: this.notifications.oldestUnsentMail(),
        oldestUnsentAlarm: this.notifications.oldestUnsentAlarm,
      },
      events: {
        oldestUnpublished: this.events.oldestUnpublishedEvent(),
        oldestUnpublishedAlarm: this.events.oldestUnpublishedAlarm,
      },
      deadLetterQueues: [
        this.timers.timerDlq,
        this.timers.streamDlq,
        this.timers.slaTimerDlq,
        this.timerReconciler.dlq,
        this.inboundMail.dlq,
        this.events.streamDlq,
        this.notifications.streamDlq,
        ...(this.events.webhook ? [this.events.webhook.dlq] : []),
        this.monthlyReports.dlq,
      ],
      httpApi: this.api.httpApi,
      sesConfigurationSetName: this.mailSending.configurationSetName,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.url });
    new CfnOutput(this, 'PortalUrl', { description: 'The portal (CloudFront)', value: this.portal.url });
    new CfnOutput(this, 'ReceiptRuleSetName', { value: this.inboundMail.ruleSet.receiptRuleSetName });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.monitoring.dashboard.dashboardName });
    new CfnOutput(this, 'SupportAddress', { value: `<tenantId>@${config.domain}` });
    // What `npm run reconcile-timers` needs besides the stateful stack's TableName: the values timer-sync
    // creates schedules with, so recreated schedules are the ones the stream would have made.
    new CfnOutput(this, 'ScheduleGroupName', {
      description: 'reconcile-timers --group',
      value: this.timers.scheduleGroup.scheduleGroupName,
    });
    new CfnOutput(this, 'SlaTimerFunctionArn', {
      description: 'reconcile-timers --target-arn',
      value: this.timers.slaTimer.functionArn,
    });
    new CfnOutput(this, 'SchedulerRoleArn', {
      description: 'reconcile-timers --role-arn',
      value: this.timers.schedulerRole.roleArn,
    });
    new CfnOutput(this, 'TimerDlqArn', {
      description: 'reconcile-timers --dlq-arn',
      value: this.timers.timerDlq.queue.queueArn,
    });
    new CfnOutput(this, 'ReconcileTimersFunctionName', {
      description:
        'Runs after each deploy; invoke it again (--invocation-type Event) to re-run the reconcile',
      value: this.timerReconciler.handler.functionName,
    });
    new CfnOutput(this, 'EventBusName', {
      description: 'The SLA events bus (docs/events.md)',
      value: this.events.bus.eventBusName,
    });
    new CfnOutput(this, 'EventBusArn', { value: this.events.bus.eventBusArn });
    new CfnOutput(this, 'EventArchiveName', {
      description: 'Replay SLA events from here (aws events start-replay)',
      value: this.events.archive.archiveName,
    });
    new CfnOutput(this, 'EventsStreamDlqUrl', {
      description: 'Stream batches the sla-events Lambda gave up on',
      value: this.events.streamDlq.queue.queueUrl,
    });
    if (this.events.webhook) {
      new CfnOutput(this, 'WebhookKeySecretArn', {
        description: 'The value the webhook receives in the X-Sla-Sentinel-Key header',
        value: this.events.webhook.keySecret.secretArn,
      });
    }
    new CfnOutput(this, 'StreamDlqUrl', {
      description: 'Stream batches timer-sync gave up on: purge once reconcile-timers has run',
      value: this.timers.streamDlq.queue.queueUrl,
    });
    // What `npm run redrive-mail` needs besides TableName: the notification stream's DLQ and the function.
    new CfnOutput(this, 'MailDlqUrl', {
      description:
        'redrive-mail --queue-url: stream batches the notification Lambda gave up on (mail not sent)',
      value: this.notifications.streamDlq.queue.queueUrl,
    });
    new CfnOutput(this, 'NotificationFunctionName', {
      description: 'redrive-mail --function',
      value: this.notifications.sender.functionName,
    });
  }

  /** The API trusts the configured OIDC issuer, or else the stateful stack's user pool. */
  private static apiAuth(config: SlaSentinelConfig, users: StatelessStackProps['users']) {
    if (config.jwtIssuer && config.jwtAudience)
      return { issuer: config.jwtIssuer, audience: config.jwtAudience };
    if (!users)
      throw new Error('No jwtIssuer is configured, so the stateful stack must provide the user pool');
    return users;
  }
}
