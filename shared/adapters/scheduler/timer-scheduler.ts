import type { TimerRef } from '../../timers/timer-payload.js';

/**
 * The port timer-sync drives: one one-off schedule per owed timer. Both operations are idempotent (creating a
 * schedule that exists, or deleting one that is gone, is success), so a replayed stream record is harmless.
 */
export interface TimerScheduler {
  ensure(timer: TimerRef): Promise<void>;
  remove(timer: TimerRef): Promise<void>;
}
