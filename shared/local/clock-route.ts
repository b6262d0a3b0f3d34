import type { ManualClock } from '../clock.js';
import { formatInstant } from '../sla/instant.js';
import * as z from '../zod.js';

/**
 * `POST /_local/clock` — the local runtime's time machine. `{"advanceMinutes": N}` or `{"set": ISO}` moves
 * the runtime's shared ManualClock and fires every schedule that falls due on the way, in order: time
 * advances stepwise to each next fire instant, and after each firing the stream is drained (`settle`), so
 * schedules created by what fired (an update cycle after a reply, a pushed-ahead breach) fire too when due.
 * Only the local runtime mounts it; in AWS no such route exists (404), and `isLocalRuntime` refuses it (403)
 * anywhere the runtime did not opt in.
 */
export const clockRequestSchema = z.union([
  z.strictObject({
    advanceMinutes: z.number().check(z.nonnegative(), z.lte(60 * 24 * 366)),
  }),
  z.strictObject({ set: z.iso.datetime({ offset: true }) }),
]);

export interface ClockScheduler {
  nextFireAt(): number | null;
  fireDue(): Promise<{ fired: number; delivered: number; failed: number }>;
}

export interface ClockRouteDeps {
  clock: ManualClock;
  scheduler: ClockScheduler;
  /** Lets the stream reach timer-sync (drains the local stream poller). */
  settle: () => Promise<void>;
  /** True only in the local runtime. */
  isLocalRuntime: boolean;
}

export interface ClockAnswer {
  status: number;
  body: unknown;
}

export async function moveClock(
  deps: Omit<ClockRouteDeps, 'isLocalRuntime'>,
  target: number,
): Promise<{ now: string; fired: number; delivered: number; failed: number }> {
  const total = { fired: 0, delivered: 0, failed: 0 };
  const fire = async () => {
    const report = await deps.scheduler.fireDue();
    total.fired += report.fired;
    total.delivered += report.delivered;
    total.failed += report.failed;
    await deps.settle();
  };
  await deps.settle();
  await fire();
  for (let step = 0; step < 100_000; step++) {
    const next = deps.scheduler.nextFireAt();
    if (next === null || next > target) break;
    if (next > deps.clock.now()) deps.clock.set(next);
    await fire();
  }
  if (target > deps.clock.now()) deps.clock.set(target);
  await fire();
  return { now: formatInstant(deps.clock.now()), ...total };
}

export async function handleClockRequest(
  deps: ClockRouteDeps,
  method: string,
  body: unknown,
): Promise<ClockAnswer> {
  if (!deps.isLocalRuntime)
    return { status: 403, body: { message: 'The clock can only be moved in the local runtime' } };
  if (method === 'GET') return { status: 200, body: { now: formatInstant(deps.clock.now()) } };
  if (method !== 'POST') return { status: 405, body: { message: 'Use POST' } };
  const parsed = clockRequestSchema.safeParse(body);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        message: 'Body must be {"advanceMinutes": N} or {"set": ISO-8601}',
        issues: parsed.error.issues,
      },
    };
  }
  const target =
    'advanceMinutes' in parsed.data
      ? deps.clock.now() + parsed.data.advanceMinutes * 60_000
      : Date.parse(parsed.data.set);
  if (target < deps.clock.now()) {
    // Moving back would re-run the past against state that already moved on; the local runtime refuses.
    return {
      status: 409,
      body: { message: 'The clock only moves forward', now: formatInstant(deps.clock.now()) },
    };
  }
  return { status: 200, body: await moveClock(deps, target) };
}
