/**
 * The timer-sync Lambda: fed by the table's stream (NEW_AND_OLD_IMAGES), it creates and deletes the
 * EventBridge Scheduler schedules of the timers tickets owe, and re-syncs a tenant's open tickets when the
 * tenant profile's SLA inputs change (their rewritten `timersOwed` then comes back through the stream).
 * Reports partial batch failures, so a Scheduler throttle or outage only delays a timer: the stream retries
 * from the failed record (and the event source mapping's on-failure destination catches what never succeeds).
 * The wiring is `composeTimerSync` (`shared/composition/timer-sync.ts`).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { composeTimerSync } from '../../shared/composition/timer-sync.js';

let composed: ReturnType<typeof composeTimerSync> | undefined;

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  composed ??= composeTimerSync();
  try {
    return await composed.handle(event);
  } finally {
    composed.flush();
  }
};
