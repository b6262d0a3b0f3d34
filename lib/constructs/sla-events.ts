import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { TABLE_KEYS } from '../../shared/adapters/dynamodb/table.js';
import { EVENT_SOURCE } from '../../shared/events/event-contract.js';
import { LAMBDA_ENTRIES } from '../lambda-entries.js';
import { acknowledgeRule } from '../nag.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { SlaFunction, type TableBinding } from './sla-function.js';
import { consumeTableStream, type StreamConsumer } from './stream-consumer.js';

/** The header an API destination sends its key in; the receiver checks it against `WebhookKeySecretArn`. */
export const WEBHOOK_KEY_HEADER = 'X-Sla-Sentinel-Key';
/** The oldest ticket write whose events are not yet on the bus (the stream's iterator age) above this alarms. */
export const OLDEST_UNPUBLISHED_EVENT_ALARM_MS = 15 * 60_000;
/** EventBridge's own retry of a failed API destination delivery (its maximum), before the DLQ. */
export const WEBHOOK_RETRY = { retryAttempts: 185, maxEventAge: Duration.hours(24) } as const;

export interface SlaEventsProps {
  /** The tickets table: its stream feeds the events Lambda, which reads tenants from it. */
  readonly tickets: TableBinding & { readonly table: ITable };
  readonly alarmTopic: ITopic;
  readonly logRetention: logs.RetentionDays;
  /** How long the archive keeps events for replay. @default 365 days */
  readonly archiveRetention?: Duration;
  /** CDK context `webhookUrl`: every event also goes to this https URL through an API destination. */
  readonly webhookUrl?: string;
}

/**
 * SLA events out: the custom bus integrators subscribe to, its archive (replay), the sla-events Lambda that
 * turns the table stream into events (`shared/events/`), a dead-letter queue for stream batches it gave up on
 * and, with `webhookUrl`, an API destination (connection, rule, EventBridge's retries, DLQ) to that URL.
 */
export class SlaEvents extends Construct {
  readonly bus: events.EventBus;
  readonly archive: events.Archive;
  readonly publisher: SlaFunction;
  /** Stream batches the events Lambda still failed on after its retries (metadata of the records). */
  readonly streamDlq: DeadLetterQueue;
  /** Events waiting on the stream longer than `OLDEST_UNPUBLISHED_EVENT_ALARM_MS`. */
  readonly oldestUnpublishedAlarm: cloudwatch.Alarm;
  readonly #stream: StreamConsumer;
  readonly webhook?: {
    readonly connection: events.Connection;
    readonly destination: events.ApiDestination;
    readonly rule: events.Rule;
    readonly dlq: DeadLetterQueue;
    readonly keySecret: secretsmanager.Secret;
  };

  constructor(scope: Construct, id: string, props: SlaEventsProps) {
    super(scope, id);
    this.bus = new events.EventBus(this, 'Bus', {
      description: 'SLA Sentinel: SLA transitions of every ticket (docs/events.md)',
    });
    this.archive = this.bus.archive('Archive', {
      description: 'Every SLA event, for replay',
      eventPattern: { source: [EVENT_SOURCE] },
      retention: props.archiveRetention ?? Duration.days(365),
    });

    this.publisher = new SlaFunction(this, 'Publisher', {
      entry: LAMBDA_ENTRIES.slaEvents,
      description: 'Puts the SLA transitions of each ticket write on the events bus, from the table stream',
      logRetention: props.logRetention,
      timeout: Duration.seconds(60),
    })
      // It reads the tenant (its policy) of each ticket; it never writes and never queries an index.
      .bindTable({ table: props.tickets.table, indexNames: [] }, 'read')
      .bindEventBus(this.bus, EVENT_SOURCE);
    const stream = consumeTableStream(this, 'Stream', this.publisher, {
      table: props.tickets.table,
      alarmTopic: props.alarmTopic,
      dlqPurpose: 'table stream batches the sla-events Lambda could not publish (the events were not sent)',
      batchSize: 100,
      retryAttempts: 10,
      // Only ticket items carry SLA transitions.
      filters: [
        lambda.FilterCriteria.filter({
          dynamodb: { Keys: { [TABLE_KEYS.sortKey]: { S: [keys.ticketSk] } } },
        }),
      ],
      oldestRecordAlarm: {
        id: 'OldestUnpublishedAlarm',
        thresholdMs: OLDEST_UNPUBLISHED_EVENT_ALARM_MS,
        description: `SLA events have waited more than ${OLDEST_UNPUBLISHED_EVENT_ALARM_MS / 60_000} minutes to reach the bus (EventBridge throttling or down, or the sla-events Lambda failing).`,
      },
    });
    this.streamDlq = stream.dlq;
    this.oldestUnpublishedAlarm = stream.oldestRecordAlarm;
    this.#stream = stream;

    if (props.webhookUrl) this.webhook = this.#webhook(props.webhookUrl, props.alarmTopic);
  }

  /** The age of the oldest ticket write whose events are not on the bus yet, in ms. */
  oldestUnpublishedEvent(): cloudwatch.Metric {
    return this.#stream.oldestRecordAge('oldest unpublished event (ms)');
  }

  #webhook(url: string, alarmTopic: ITopic): NonNullable<SlaEvents['webhook']> {
    // API destinations need an authorization; a generated key lets the receiver tell our calls from others.
    const keySecret = new secretsmanager.Secret(this, 'WebhookKey', {
      description: `Value of the ${WEBHOOK_KEY_HEADER} header the SLA events webhook receives`,
      generateSecretString: { excludePunctuation: true, passwordLength: 40 },
    });
    acknowledgeRule(
      keySecret,
      'AwsSolutions-SMG4',
      'A static shared key the webhook receiver compares; rotating it needs the receiver to follow, so it is rotated by hand (update the secret, then the connection).',
    );
    const connection = new events.Connection(this, 'WebhookConnection', {
      description: 'SLA events webhook',
      authorization: events.Authorization.apiKey(WEBHOOK_KEY_HEADER, keySecret.secretValue),
    });
    const destination = new events.ApiDestination(this, 'WebhookDestination', {
      description: 'SLA events webhook (CDK context webhookUrl)',
      connection,
      endpoint: url,
      httpMethod: events.HttpMethod.POST,
    });
    const dlq = new DeadLetterQueue(this, 'WebhookDlq', {
      purpose: 'SLA events the webhook did not accept within EventBridge retries (24 hours)',
      alarmTopic,
    });
    const rule = new events.Rule(this, 'WebhookRule', {
      description: 'Every SLA event to the webhook',
      eventBus: this.bus,
      eventPattern: { source: [EVENT_SOURCE] },
      targets: [new targets.ApiDestination(destination, { deadLetterQueue: dlq.queue, ...WEBHOOK_RETRY })],
    });
    return { connection, destination, rule, dlq, keySecret };
  }
}
