/**
 * The reconcile-timers Lambda: a deployment trigger invokes it (asynchronously, no payload) once the stateless
 * stack's schedule group, sla-timer function and Scheduler role exist, on the stack's creation and whenever
 * this function changes. It recreates the schedules of every timer the table's tickets owe, so a destroyed and
 * redeployed stack gets its timers back with nobody running anything. The event is ignored: a run always
 * scans the whole table (present schedules are left alone). The wiring is `composeReconcileTimers`
 * (`shared/composition/reconcile-timers.ts`); an incomplete run throws, so Lambda retries it, then its DLQ.
 */
import type { Context } from 'aws-lambda';
import { composeReconcileTimers } from '../../shared/composition/reconcile-timers.js';
import type { ReconcileTimersReport } from '../../shared/timers/reconcile-timers.js';

let composed: ReturnType<typeof composeReconcileTimers> | undefined;

export const handler = async (_event: unknown, context: Context): Promise<ReconcileTimersReport> => {
  composed ??= composeReconcileTimers();
  return composed.handle({ remainingMs: () => context.getRemainingTimeInMillis() });
};
