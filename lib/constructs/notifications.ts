import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LAMBDA_ENTRIES } from '../lambda-entries.js';
import { acknowledgeWildcardResources } from '../nag.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { type MailSenderBinding, SlaFunction, type TableBinding } from './sla-function.js';

/** The oldest unsent mail (the notification stream's iterator age) above this is an alarm. */
export const OLDEST_UNSENT_MAIL_ALARM_MS = 15 * 60_000;

export interface NotificationsProps {
  /** The tickets table: its stream brings the outbox items; the send ledger and Message-ID links live in it. */
  readonly tickets: TableBinding & { readonly table: ITable };
  readonly mailSender: MailSenderBinding;
  readonly alarmTopic: ITopic;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Mail out: the notification Lambda, the only function allowed to `ses:SendEmail`. Every mail is an outbox item
 * written in the same transaction as the change that owes it; the table's stream, filtered to inserted outbox
 * items, brings them here. Retries: the handler's own backoff on SES errors, then the event source mapping's
 * (bisecting, from the failed record), then a dead-letter queue (with an alarm) for what never went. The
 * stream's iterator age is the age of the oldest unsent mail, graphed and alarmed.
 */
export class Notifications extends Construct {
  readonly sender: SlaFunction;
  readonly streamDlq: DeadLetterQueue;
  readonly oldestUnsentAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.streamDlq = new DeadLetterQueue(this, 'StreamDlq', {
      purpose: 'outbox mail the notification Lambda could not send after its retries (the mail was not sent)',
      alarmTopic: props.alarmTopic,
    });
    this.sender = new SlaFunction(this, 'Sender', {
      entry: LAMBDA_ENTRIES.notification,
      description:
        'Sends every mail (acknowledgements, replies, reminders, breaches...) from the outbox on the table stream',
      logRetention: props.logRetention,
      timeout: Duration.seconds(60),
    })
      // The send ledger (conditional put, update, delete) and the Message-ID links, in the ticket's items.
      .bindTable({ table: props.tickets.table, indexNames: [] }, 'readWrite')
      .bindMailSender(props.mailSender);
    this.sender.addEventSource(
      new DynamoEventSource(props.tickets.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        maxBatchingWindow: Duration.seconds(1),
        bisectBatchOnError: true,
        retryAttempts: 20,
        maxRecordAge: Duration.hours(24),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(this.streamDlq.queue),
        // Only inserted outbox items: ticket writes, the ledger's own records and TTL deletes never wake it.
        filters: [
          lambda.FilterCriteria.filter({
            eventName: lambda.FilterRule.isEqual('INSERT'),
            dynamodb: { NewImage: { entity: { S: lambda.FilterRule.isEqual('outbox') } } },
          }),
        ],
      }),
    );
    acknowledgeWildcardResources(
      this.sender.executionRole,
      ['*'],
      'dynamodb:ListStreams (granted for the stream event source) supports no resource-level permissions; nor do the X-Ray tracing actions.',
    );
    this.oldestUnsentAlarm = new cloudwatch.Alarm(this, 'OldestUnsentMailAlarm', {
      alarmDescription: `Owed mail has waited more than ${OLDEST_UNSENT_MAIL_ALARM_MS / 60_000} minutes (SES down or throttling, or the notification Lambda failing).`,
      metric: this.oldestUnsentMail(),
      threshold: OLDEST_UNSENT_MAIL_ALARM_MS,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** The age of the oldest stream record the Lambda has not finished: the oldest unsent mail, in ms. */
  oldestUnsentMail(): cloudwatch.Metric {
    return this.sender.metric('IteratorAge', {
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.minutes(1),
      label: 'oldest unsent mail (ms)',
    });
  }
}
