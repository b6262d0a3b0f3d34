import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { LAMBDA_ENTRIES } from '../lambda-entries.js';
import type { DeadLetterQueue } from './dead-letter-queue.js';
import { type MailSenderBinding, SlaFunction, type TableBinding } from './sla-function.js';
import { consumeTableStream, type StreamConsumer } from './stream-consumer.js';

/** The items the notification Lambda sends: a ticket's owed mail, a tenant's monthly report. */
export const MAIL_ENTITIES = ['outbox', 'report_due'] as const;

/** The oldest unsent mail (the notification stream's iterator age) above this is an alarm. */
export const OLDEST_UNSENT_MAIL_ALARM_MS = 15 * 60_000;

export interface NotificationsProps {
  /** The tickets table: its stream brings the outbox and report_due items; the send ledger and Message-ID links live in it. */
  readonly tickets: TableBinding & { readonly table: ITable };
  readonly mailSender: MailSenderBinding;
  readonly alarmTopic: ITopic;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Mail out: the notification Lambda, the only function allowed to `ses:SendEmail`. Every ticket mail is an outbox
 * item written in the same transaction as the change that owes it, every monthly report a `report_due` item the
 * monthly-report Lambda writes; the table's stream, filtered to those inserts, brings them here. Retries: the
 * handler's own backoff on SES errors, then the event source mapping's (bisecting, from the failed record), then
 * a dead-letter queue (with an alarm) for what never went. The stream's iterator age is the age of the oldest
 * unsent mail, graphed and alarmed (`consumeTableStream`, the wiring every stream consumer shares).
 */
export class Notifications extends Construct {
  readonly sender: SlaFunction;
  readonly streamDlq: DeadLetterQueue;
  readonly oldestUnsentAlarm: cloudwatch.Alarm;
  readonly #stream: StreamConsumer;

  constructor(scope: Construct, id: string, props: NotificationsProps) {
    super(scope, id);
    this.sender = new SlaFunction(this, 'Sender', {
      entry: LAMBDA_ENTRIES.notification,
      description:
        'Sends every mail (acknowledgements, replies, reminders, breaches, monthly reports) from the table stream',
      logRetention: props.logRetention,
      timeout: Duration.seconds(60),
    })
      // The send ledger (conditional put, update, delete) and the Message-ID links, in the ticket's items.
      .bindTable({ table: props.tickets.table, indexNames: [] }, 'readWrite')
      .bindMailSender(props.mailSender);
    const stream = consumeTableStream(this, 'Stream', this.sender, {
      table: props.tickets.table,
      alarmTopic: props.alarmTopic,
      dlqPurpose: 'mail (outbox or monthly report) the notification Lambda could not send after its retries',
      batchSize: 25,
      retryAttempts: 20,
      maxRecordAge: Duration.hours(24),
      // Only inserted outbox and report_due items: ticket writes, the ledger's own records and TTL deletes
      // never wake it.
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.isEqual('INSERT'),
          dynamodb: { NewImage: { entity: { S: lambda.FilterRule.or(...MAIL_ENTITIES) } } },
        }),
      ],
      oldestRecordAlarm: {
        id: 'OldestUnsentMailAlarm',
        thresholdMs: OLDEST_UNSENT_MAIL_ALARM_MS,
        description: `Owed mail has waited more than ${OLDEST_UNSENT_MAIL_ALARM_MS / 60_000} minutes (SES down or throttling, or the notification Lambda failing).`,
      },
    });
    this.streamDlq = stream.dlq;
    this.oldestUnsentAlarm = stream.oldestRecordAlarm;
    this.#stream = stream;
  }

  /** The age of the oldest stream record the Lambda has not finished: the oldest unsent mail, in ms. */
  oldestUnsentMail(): cloudwatch.Metric {
    return this.#stream.oldestRecordAge('oldest unsent mail (ms)');
  }
}
