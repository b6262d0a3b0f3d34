import { formatInstant } from '../sla/instant.js';
import { MILESTONE_NAMES } from '../sla/types.js';
import { type OwedTimer, timerId } from '../tickets/owed-timers.js';
import * as z from '../zod.js';

/**
 * The versioned contract between the producer of schedules (timer-sync), EventBridge Scheduler (it is the
 * target's `Input`) and the consumer (sla-timer). Defined once so the three cannot drift. A breaking change
 * bumps `v`; the consumer rejects versions it does not know (they land in the DLQ, never act wrongly).
 */
export const TIMER_PAYLOAD_VERSION = 1 as const;

const isoInstant = z.lazySchema(() => z.iso.datetime({ offset: true }));

export const timerPayloadSchema = z.lazySchema(() =>
  z.strictObject({
    v: z.literal(TIMER_PAYLOAD_VERSION),
    tenantId: z.string().check(z.minLength(1)),
    ticketId: z.string().check(z.minLength(1)),
    /** `${key}@${dueAt}` with dueAt in epoch ms: the same id the ticket item uses in `timersOwed` and `timersActed`. */
    timerId: z.string().check(z.minLength(1)),
    milestone: z.enum(MILESTONE_NAMES),
    cycle: z.int().check(z.positive()),
    kind: z.enum(['reminder', 'deadline']),
    /** The milestone's due instant this timer was computed for (UTC ISO-8601 to the second, `formatInstant`). */
    dueAt: isoInstant,
    /** When the timer is meant to fire (ISO, UTC); lateness is measured from here. */
    fireAt: isoInstant,
  }),
);

export type TimerPayload = z.infer<typeof timerPayloadSchema>;

/** A timer as the scheduler port sees it: who it belongs to plus the owed entry. */
export interface TimerRef {
  tenantId: string;
  ticketId: string;
  timer: OwedTimer;
}

export class InvalidTimerPayloadError extends Error {
  constructor(readonly issues: string) {
    super(`Invalid timer payload: ${issues}`);
    this.name = 'InvalidTimerPayloadError';
  }
}

export function toTimerPayload(ref: TimerRef): TimerPayload {
  return {
    v: TIMER_PAYLOAD_VERSION,
    tenantId: ref.tenantId,
    ticketId: ref.ticketId,
    timerId: timerId(ref.timer),
    milestone: ref.timer.milestone,
    cycle: ref.timer.cycle,
    kind: ref.timer.kind,
    dueAt: formatInstant(ref.timer.dueAt),
    fireAt: formatInstant(ref.timer.fireAt),
  };
}

/** Accepts the raw Lambda event (an object, or a JSON string when delivered that way) and validates it. */
export function parseTimerPayload(input: unknown): TimerPayload {
  let value = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      throw new InvalidTimerPayloadError('not JSON');
    }
  }
  const parsed = timerPayloadSchema.safeParse(value);
  if (!parsed.success) {
    throw new InvalidTimerPayloadError(
      parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}
