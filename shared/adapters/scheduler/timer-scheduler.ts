import type { TimerRef } from '../../timers/timer-payload.js';

/** `created`: this call made the schedule; `present`: it existed already (ConflictException). */
export type EnsureOutcome = 'created' | 'present';

/**
 * The port timer-sync drives: one one-off schedule per owed timer. Both operations are idempotent (creating a
 * schedule that exists, or deleting one that is gone, is success), so a replayed stream record is harmless.
 */
export interface TimerScheduler {
  /** Resolves to whether this call made the schedule or it was already there. */
  ensure(timer: TimerRef): Promise<EnsureOutcome>;
  remove(timer: TimerRef): Promise<void>;
}
