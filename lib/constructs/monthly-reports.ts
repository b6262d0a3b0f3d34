import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { GSI } from '../../shared/adapters/dynamodb/table.js';
import { LAMBDA_ENTRIES } from '../lambda-entries.js';
import { acknowledgeWildcardResources } from '../nag.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { SlaFunction, type TableBinding } from './sla-function.js';

export interface MonthlyReportsProps {
  readonly tickets: TableBinding;
  readonly alarmTopic: ITopic;
  readonly logRetention: logs.RetentionDays;
  /** The recurring schedule's name (unique per account and region, in the default group). */
  readonly scheduleName: string;
}

/**
 * The monthly SLA reports: an EventBridge Scheduler recurring schedule (the 1st of each month, 12:00 UTC, when
 * every zone from UTC-12 to UTC+14 is already in the new month) invokes the monthly-report Lambda, which records
 * each tenant's previous-month report for its report contacts (once per tenant and month). Scheduler retries;
 * what it cannot deliver, and runs the Lambda still fails after its own retries, land in one DLQ with an alarm
 * (re-invoking is harmless: a tenant's month is recorded once). The mail itself goes out like any other: the
 * recorded `report_due` item reaches the notification Lambda on the table's stream (notifications.ts); this
 * function holds no SES permission.
 */
export class MonthlyReports extends Construct {
  readonly handler: SlaFunction;
  readonly schedule: scheduler.Schedule;
  readonly dlq: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: MonthlyReportsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.dlq = new DeadLetterQueue(this, 'Dlq', {
      purpose:
        'monthly report runs Scheduler could not deliver, or the monthly-report Lambda failed on after its retries',
      alarmTopic: props.alarmTopic,
    });
    this.handler = new SlaFunction(this, 'MonthlyReport', {
      entry: LAMBDA_ENTRIES.monthlyReport,
      description: "Monthly: records each tenant's previous-month SLA report for its report contacts",
      logRetention: props.logRetention,
      timeout: Duration.minutes(5),
      deadLetterQueue: this.dlq.queue,
    })
      // Reads the tenants (GSI1's TENANTS partition) and their outcomes (GSI5), writes one report_due item each.
      .bindTable(
        { table: props.tickets.table, indexNames: [GSI.byCreated, GSI.byOutcomeMonth] },
        'readWrite',
      );

    const role = new iam.Role(this, 'SchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to invoke the monthly-report Lambda (and nothing else)',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: {
            'aws:SourceArn': stack.formatArn({
              service: 'scheduler',
              resource: 'schedule',
              resourceName: `default/${props.scheduleName}`,
            }),
          },
        },
      }),
    });
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.handler.functionArn] }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.dlq.queue.queueArn] }),
    );

    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleName: props.scheduleName,
      description: "Monthly SLA reports: each tenant's previous month, for its report contacts",
      schedule: scheduler.ScheduleExpression.cron({ minute: '0', hour: '12', day: '1' }),
      target: new targets.LambdaInvoke(this.handler, {
        role,
        deadLetterQueue: this.dlq.queue,
        retryAttempts: 5,
        maxEventAge: Duration.hours(6),
      }),
    });
    acknowledgeWildcardResources(
      role,
      [`${this.handler.functionArn}:*`],
      "The Scheduler Lambda target grants the function's versions too (`<function arn>:*`): still this one function only.",
    );
  }
}
