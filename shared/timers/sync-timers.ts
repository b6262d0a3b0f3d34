import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { TimerScheduler } from '../adapters/scheduler/timer-scheduler.js';
import { METRIC } from '../observability/metrics.js';
import type { TimerMetrics } from './timer-metrics.js';
import type { OwedTimer, TimerRef } from './timer-payload.js';

export interface TimerSyncDeps {
  scheduler: TimerScheduler;
  metrics?: TimerMetrics;
  logger?: { error(message: string, detail?: unknown): void };
}

interface OwedSide {
  tenantId: string;
  ticketId: string;
  owed: Record<string, OwedTimer>;
}

function owedOf(image: Record<string, unknown> | undefined): OwedSide | null {
  if (!image) return null;
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (item.entity !== 'ticket') return null;
  return {
    tenantId: item.tenantId as string,
    ticketId: item.ticketId as string,
    owed: (item.timersOwed as Record<string, OwedTimer> | undefined) ?? {},
  };
}

/** What one stream record asks of the Scheduler: schedules for timers newly owed, deletions for dropped ones. */
export function diffOwedTimers(record: DynamoDBRecord): { ensure: TimerRef[]; remove: TimerRef[] } {
  const before = owedOf(record.dynamodb?.OldImage);
  const after = record.eventName === 'REMOVE' ? null : owedOf(record.dynamodb?.NewImage);
  const ensure: TimerRef[] = [];
  const remove: TimerRef[] = [];
  if (after) {
    for (const [id, timer] of Object.entries(after.owed)) {
      if (!before?.owed[id]) ensure.push({ tenantId: after.tenantId, ticketId: after.ticketId, timer });
    }
  }
  if (before) {
    for (const [id, timer] of Object.entries(before.owed)) {
      if (!after?.owed[id]) remove.push({ tenantId: before.tenantId, ticketId: before.ticketId, timer });
    }
  }
  return { ensure, remove };
}

/**
 * The timer-sync Lambda's work: for each stream record, in order, create the schedules of timers the ticket
 * now owes and delete those it no longer owes. Records are processed in order and the first failure stops
 * the batch and is reported (`batchItemFailures`): Lambda retries from it, so a schedule is never created
 * after a later record removed it. Both port calls are idempotent, so replays are harmless. Items other than
 * tickets (events, comments, mail ledger) are ignored.
 */
export async function syncTimers(
  event: DynamoDBStreamEvent,
  deps: TimerSyncDeps,
): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const { ensure, remove } = diffOwedTimers(record);
    try {
      // Deletions first: a superseded deadline must not fire while its replacement is being created.
      await Promise.all(remove.map((ref) => deps.scheduler.remove(ref)));
      await Promise.all(ensure.map((ref) => deps.scheduler.ensure(ref)));
    } catch (error) {
      deps.metrics?.count(METRIC.scheduleSyncFailures, 1);
      deps.logger?.error('schedule sync failed; the stream will retry from this record', {
        sequenceNumber: record.dynamodb?.SequenceNumber,
        error: error instanceof Error ? error.message : String(error),
      });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
