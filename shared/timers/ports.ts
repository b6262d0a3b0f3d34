/**
 * The ports the timer use cases (timer-sync, sla-timer, reconcile) talk through. Adapters under
 * `shared/adapters/` implement them.
 */
import type { MetricName } from '../observability/metrics.js';
import type { TimerRef } from './timer-payload.js';

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

/** The metrics the timer Lambdas emit, as a port (Powertools EMF in Lambda, a recorder in tests). */
export interface TimerMetrics {
  count(name: MetricName, value: number, dimensions?: Record<string, string>): void;
  milliseconds(name: MetricName, value: number, dimensions?: Record<string, string>): void;
}
