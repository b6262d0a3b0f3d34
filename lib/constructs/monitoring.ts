import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import type * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { MONTHLY_REPORT_TEMPLATE } from '../../shared/notifications/notifier.js';
import {
  METRIC,
  METRIC_DIMENSION,
  METRICS_NAMESPACE,
  type MetricName,
} from '../../shared/observability/metrics.js';
import { MILESTONE_NAMES } from '../../shared/sla/types.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import { SES_CONFIGURATION_SET_DIMENSION } from './mail-sending.js';
import { OLDEST_UNSENT_MAIL_ALARM_MS } from './notifications.js';
import { OLDEST_UNPUBLISHED_EVENT_ALARM_MS } from './sla-events.js';
import type { SlaFunction } from './sla-function.js';

/** Timer lateness (fired minus due) above this is an alarm: SLA-SPEC allows a timer up to a minute late. */
export const TIMER_LATENESS_ALARM_MS = 120_000;

const PERIOD = Duration.minutes(5);

export interface AlarmNotificationsProps {
  /** Subscribed by email when given (the subscription must be confirmed from the mail AWS sends). */
  readonly alarmEmail?: string;
}

/**
 * The SNS topic every alarm notifies. Its topic policy replaces SNS's default one, so besides the TLS-only
 * deny it must let CloudWatch publish, or every alarm action fails with "not authorized to perform
 * SNS:Publish" and nobody is paged. CloudWatch may publish only for alarms of this account and region.
 */
export class AlarmNotifications extends Construct {
  readonly topic: sns.Topic;
  readonly action: cwActions.SnsAction;

  constructor(scope: Construct, id: string, props: AlarmNotificationsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.topic = new sns.Topic(this, 'Topic', { displayName: 'SLA Sentinel alarms', enforceSSL: true });
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'CloudWatchAlarmsPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'cloudwatch',
              resource: 'alarm',
              resourceName: '*',
              arnFormat: ArnFormat.COLON_RESOURCE_NAME,
            }),
          },
        },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.action = new cwActions.SnsAction(this.topic);
  }
}

export interface SlaDashboardProps {
  readonly alarms: AlarmNotifications;
  /** Every project function, by the name the dashboard shows. */
  readonly functions: Readonly<Record<string, SlaFunction>>;
  readonly deadLetterQueues: readonly DeadLetterQueue[];
  readonly httpApi: apigwv2.HttpApi;
  readonly sesConfigurationSetName: string;
  /** Outbox mail: the age of the oldest unsent mail (the notification stream's iterator age) and its alarm. */
  readonly mail: { readonly oldestUnsent: cloudwatch.IMetric; readonly oldestUnsentAlarm: cloudwatch.Alarm };
  /** SLA events: the age of the oldest ticket write not yet on the bus (the events stream's iterator age), its alarm. */
  readonly events: {
    readonly oldestUnpublished: cloudwatch.IMetric;
    readonly oldestUnpublishedAlarm: cloudwatch.Alarm;
  };
}

/**
 * Custom metrics, as the Lambdas emit them through Powertools (EMF). The dashboard finds them with SEARCH on
 * the metric name (and dimension values), so it keeps working whatever extra dimensions a handler adds.
 */
function searchExpression(metric: MetricName, stat: string, filters: Record<string, string> = {}): string {
  const terms = [
    `Namespace="${METRICS_NAMESPACE}"`,
    `MetricName="${metric}"`,
    ...Object.entries(filters).map(([k, v]) => `${k}="${v}"`),
  ].join(' ');
  return `SEARCH('${terms}', '${stat}', ${PERIOD.toSeconds()})`;
}

function search(metric: MetricName, stat: string, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: searchExpression(metric, stat),
    usingMetrics: {},
    label,
    period: PERIOD,
  });
}

/** One series: the sum over every dimension combination that matches. */
function searchSum(
  metric: MetricName,
  filters: Record<string, string>,
  label: string,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SUM(${searchExpression(metric, 'Sum', filters)})`,
    usingMetrics: {},
    label,
    period: PERIOD,
  });
}

/** The SLA dashboard and the alarms on Lambda errors and timer lateness. */
export class SlaDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly functionErrorAlarms: cloudwatch.Alarm[] = [];
  readonly timerLatenessAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: SlaDashboardProps) {
    super(scope, id);

    const compliance = MILESTONE_NAMES.map(
      (milestone) =>
        new cloudwatch.MathExpression({
          // Metric ids are unique per graph, hence the milestone in each id. A period with no breach has no
          // breach datapoint: FILL makes it 0 so the period shows 100 %, not a gap.
          expression: `100 * FILL(met_${milestone}, 0) / (FILL(met_${milestone}, 0) + FILL(breached_${milestone}, 0))`,
          usingMetrics: {
            [`met_${milestone}`]: searchSum(
              METRIC.milestonesMet,
              { [METRIC_DIMENSION.milestone]: milestone },
              `${milestone} met`,
            ),
            [`breached_${milestone}`]: searchSum(
              METRIC.milestonesBreached,
              { [METRIC_DIMENSION.milestone]: milestone },
              `${milestone} breached`,
            ),
          },
          label: `${milestone} compliance %`,
          period: PERIOD,
        }),
    );
    const created = searchSum(METRIC.ticketsCreated, {}, 'created');
    const resolved = searchSum(METRIC.ticketsResolved, {}, 'resolved');
    const openTickets = new cloudwatch.MathExpression({
      expression: 'RUNNING_SUM(FILL(created, 0) - FILL(resolved, 0))',
      usingMetrics: { created, resolved },
      label: 'open tickets (created - resolved over the range shown)',
      period: PERIOD,
    });

    // Alarms on timer lateness need one series whatever the dimensions: a Metrics Insights query.
    const latenessMax = new cloudwatch.MathExpression({
      expression: `SELECT MAX(${METRIC.timerLateness}) FROM ${METRICS_NAMESPACE}`,
      usingMetrics: {},
      label: 'timer lateness max (ms)',
      period: Duration.minutes(1),
    });
    this.timerLatenessAlarm = new cloudwatch.Alarm(this, 'TimerLatenessAlarm', {
      alarmDescription: `An SLA timer fired more than ${TIMER_LATENESS_ALARM_MS / 1000} s after it was due (${METRIC.timerLateness}).`,
      metric: latenessMax,
      threshold: TIMER_LATENESS_ALARM_MS,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.timerLatenessAlarm.addAlarmAction(props.alarms.action);

    for (const [name, fn] of Object.entries(props.functions)) {
      const alarm = new cloudwatch.Alarm(this, `${name}ErrorsAlarm`, {
        alarmDescription: `The ${name} Lambda reported errors (unhandled exceptions or timeouts).`,
        metric: fn.metricErrors({ period: PERIOD, statistic: cloudwatch.Stats.SUM }),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(props.alarms.action);
      this.functionErrorAlarms.push(alarm);
    }

    const fnEntries = Object.entries(props.functions);
    const sesMetric = (metricName: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/SES',
        metricName,
        dimensionsMap: { [SES_CONFIGURATION_SET_DIMENSION]: props.sesConfigurationSetName },
        statistic: cloudwatch.Stats.SUM,
        period: PERIOD,
      });
    const apiMetric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/ApiGateway',
        metricName,
        dimensionsMap: { ApiId: props.httpApi.apiId, Stage: '$default' },
        statistic,
        period: PERIOD,
      });
    props.mail.oldestUnsentAlarm.addAlarmAction(props.alarms.action);
    props.events.oldestUnpublishedAlarm.addAlarmAction(props.alarms.action);
    const allAlarms = [
      this.timerLatenessAlarm,
      props.mail.oldestUnsentAlarm,
      props.events.oldestUnpublishedAlarm,
      ...this.functionErrorAlarms,
      ...props.deadLetterQueues.map((q) => q.alarm),
    ];

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({
        markdown:
          '# SLA Sentinel\nSLA compliance = met / (met + breached) per milestone. Custom metrics: namespace `' +
          METRICS_NAMESPACE +
          '`.',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'SLA compliance per milestone (%)',
        left: compliance,
        leftYAxis: { min: 0, max: 100 },
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Milestones breached',
        left: [search(METRIC.milestonesBreached, 'Sum', 'breached')],
        stacked: true,
        width: 6,
      }),
      new cloudwatch.GraphWidget({
        title: 'Escalations by level',
        left: [search(METRIC.escalations, 'Sum', 'escalations')],
        stacked: true,
        width: 6,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Open tickets',
        left: [openTickets],
        right: [created, resolved],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Timer lateness (ms): p99 and max',
        left: [search(METRIC.timerLateness, 'p99', 'p99'), search(METRIC.timerLateness, 'Maximum', 'max')],
        leftAnnotations: [{ value: TIMER_LATENESS_ALARM_MS, label: 'alarm' }],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Schedule sync failures, inbound mail rejected',
        left: [
          search(METRIC.scheduleSyncFailures, 'Sum', 'schedule sync failures'),
          search(METRIC.inboundMailRejected, 'Sum', 'inbound rejected'),
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Mail sent and failed (notification Lambda)',
        left: [
          searchSum(METRIC.notificationsSent, {}, 'mail sent'),
          searchSum(METRIC.notificationsFailed, {}, 'mail failed (retried)'),
        ],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Age of the oldest unsent mail (ms) and mail delay',
        left: [props.mail.oldestUnsent],
        right: [search(METRIC.notificationDelay, 'Maximum', 'delay max')],
        leftAnnotations: [{ value: OLDEST_UNSENT_MAIL_ALARM_MS, label: 'alarm' }],
        width: 12,
      }),
    );
    const reportMail = { [METRIC_DIMENSION.template]: MONTHLY_REPORT_TEMPLATE };
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'SLA events published and failed (sla-events Lambda)',
        left: [
          searchSum(METRIC.eventsPublished, {}, 'events published'),
          searchSum(METRIC.eventsFailed, {}, 'events failed (retried)'),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Age of the oldest unpublished SLA event (ms)',
        left: [props.events.oldestUnpublished],
        leftAnnotations: [{ value: OLDEST_UNPUBLISHED_EVENT_ALARM_MS, label: 'alarm' }],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Monthly report mails sent and failed',
        left: [
          searchSum(METRIC.notificationsSent, reportMail, 'report mails sent'),
          searchSum(METRIC.notificationsFailed, reportMail, 'report mails failed (retried)'),
        ],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Lambda errors',
        left: fnEntries.map(([name, fn]) => fn.metricErrors({ label: name, period: PERIOD })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda duration p99 (ms)',
        left: fnEntries.map(([name, fn]) =>
          fn.metricDuration({ label: name, period: PERIOD, statistic: 'p99' }),
        ),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Lambda throttles',
        left: fnEntries.map(([name, fn]) => fn.metricThrottles({ label: name, period: PERIOD })),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Dead-letter queue depth',
        left: props.deadLetterQueues.map((q) =>
          q.queue.metricApproximateNumberOfMessagesVisible({
            label: q.purpose,
            statistic: cloudwatch.Stats.MAXIMUM,
            period: PERIOD,
          }),
        ),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'SES bounces and complaints',
        left: [sesMetric('Send'), sesMetric('Delivery')],
        right: [sesMetric('Bounce'), sesMetric('Complaint'), sesMetric('Reject')],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'HTTP API',
        left: [apiMetric('Count', 'Sum'), apiMetric('4xx', 'Sum'), apiMetric('5xx', 'Sum')],
        right: [apiMetric('Latency', 'p99')],
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: allAlarms, width: 24, height: 4 }),
    );
  }
}
