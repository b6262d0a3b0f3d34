/**
 * The sla-timer Lambda: EventBridge Scheduler invokes it with the timer payload (the schedule's Input) at a
 * milestone's reminder or deadline. Thin: the composition root (`shared/composition/sla-timer.ts`) validates and
 * acts through `shared/timers/act-on-timer.ts`; metrics are flushed after each invocation.
 * Scheduler invokes it asynchronously: a thrown error is retried by Lambda's own async retries and then lands in
 * the SlaTimerDlq; Scheduler's RetryPolicy and the TimerDlq cover deliveries that could not be made at all.
 */
import { composeSlaTimer } from '../../shared/composition/sla-timer.js';
import type { TimerResult } from '../../shared/timers/act-on-timer.js';

let composed: ReturnType<typeof composeSlaTimer> | undefined;

export const handler = async (event: unknown): Promise<TimerResult> => {
  composed ??= composeSlaTimer();
  try {
    return await composed.handle(event);
  } finally {
    composed.flush();
  }
};
