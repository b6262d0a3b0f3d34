import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import { acknowledgeWildcardResources } from '../nag.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import type { SlaFunction } from './sla-function.js';

export interface StreamConsumerProps {
  /** The table whose stream feeds `fn` (NEW_AND_OLD_IMAGES, see tickets-table.ts). */
  readonly table: ITable;
  readonly alarmTopic: ITopic;
  /** What a batch in the dead-letter queue means (alarm description, dashboard label). */
  readonly dlqPurpose: string;
  /** Only the records these patterns match wake the function (Lambda event filtering). */
  readonly filters: Record<string, unknown>[];
  readonly batchSize: number;
  /** The event source mapping's retries of a failed batch (bisected, from the failed record). */
  readonly retryAttempts: number;
  /** Records older than this go to the DLQ unprocessed. @default the stream's own 24 hours */
  readonly maxRecordAge?: Duration;
  /** An alarm on the oldest record not yet handled (the mapping's iterator age), above `thresholdMs`. */
  readonly oldestRecordAlarm?: {
    readonly id: string;
    readonly thresholdMs: number;
    readonly description: string;
  };
}

export interface StreamConsumer {
  /** Stream batches `fn` still failed on after the retries (metadata of the records), alarmed on depth. */
  readonly dlq: DeadLetterQueue;
  readonly oldestRecordAlarm?: cloudwatch.Alarm;
  /** The age of the oldest stream record `fn` has not finished, in ms (1-minute maximum). */
  oldestRecordAge(label: string): cloudwatch.Metric;
}

/**
 * The one wiring of a table-stream consumer (timer-sync, sla-events, notification): from the oldest record
 * still held (TRIM_HORIZON), small batching window, partial batch failures, bisect on error, the given
 * retries, then an on-failure dead-letter queue with its alarm; filters so unrelated items never invoke it;
 * optionally an alarm on the iterator age. The DLQ is `<id>Dlq` in `scope`, so the queues keep the logical ids
 * they had before this home existed.
 */
export function consumeTableStream(
  scope: Construct,
  id: string,
  fn: SlaFunction,
  props: StreamConsumerProps & Required<Pick<StreamConsumerProps, 'oldestRecordAlarm'>>,
): StreamConsumer & { readonly oldestRecordAlarm: cloudwatch.Alarm };
export function consumeTableStream(
  scope: Construct,
  id: string,
  fn: SlaFunction,
  props: StreamConsumerProps,
): StreamConsumer;
export function consumeTableStream(
  scope: Construct,
  id: string,
  fn: SlaFunction,
  props: StreamConsumerProps,
): StreamConsumer {
  const dlq = new DeadLetterQueue(scope, `${id}Dlq`, {
    purpose: props.dlqPurpose,
    alarmTopic: props.alarmTopic,
  });
  fn.addEventSource(
    new DynamoEventSource(props.table, {
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: props.batchSize,
      maxBatchingWindow: Duration.seconds(1),
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts,
      ...(props.maxRecordAge ? { maxRecordAge: props.maxRecordAge } : {}),
      reportBatchItemFailures: true,
      onFailure: new SqsDlq(dlq.queue),
      filters: props.filters,
    }),
  );
  acknowledgeWildcardResources(
    fn.executionRole,
    ['*'],
    'dynamodb:ListStreams (granted for the stream event source) supports no resource-level permissions; nor do the X-Ray tracing actions.',
  );
  const oldestRecordAge = (label: string) =>
    fn.metric('IteratorAge', { statistic: cloudwatch.Stats.MAXIMUM, period: Duration.minutes(1), label });
  const alarm = props.oldestRecordAlarm;
  const oldestRecordAlarm = alarm
    ? new cloudwatch.Alarm(scope, alarm.id, {
        alarmDescription: alarm.description,
        metric: oldestRecordAge('oldest unhandled stream record (ms)'),
        threshold: alarm.thresholdMs,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      })
    : undefined;
  return { dlq, oldestRecordAge, ...(oldestRecordAlarm ? { oldestRecordAlarm } : {}) };
}
