import { MILESTONE_NAMES, type TimerSpec } from '../sla/types.js';
import * as z from '../zod.js';

/**
 * The versioned contract between the producer of schedules (timer-sync), EventBridge Scheduler (it is the
 * target's `Input`) and the consumer (sla-timer). Defined once so the three cannot drift. A breaking change
 * bumps `v`; the consumer rejects versions it does not know (they land in the DLQ, never act wrongly).
 */
export const TIMER_PAYLOAD_VERSION = 1 as const;

const isoInstant = z.iso.datetime({ offset: true });

export const timerPayloadSchema = z.strictObject({
  v: z.literal(TIMER_PAYLOAD_VERSION),
  tenantId: z.string().check(z.minLength(1)),
  ticketId: z.string().check(z.minLength(1)),
  /** `${key}@${dueAt}` with dueAt in epoch ms: the same id the ticket item uses in `timersOwed` and `timersActed`. */
  timerId: z.string().check(z.minLength(1)),
  milestone: z.enum(MILESTONE_NAMES),
  cycle: z.int().check(z.positive()),
  kind: z.enum(['reminder', 'deadline']),
  /** The milestone's due instant this timer was computed for (ISO, UTC). */
  dueAt: isoInstant,
  /** When the timer is meant to fire (ISO, UTC); lateness is measured from here. */
  fireAt: isoInstant,
});

export type TimerPayload = z.infer<typeof timerPayloadSchema>;

/** What the ticket item stores per owed timer (`timersOwed[timerId]`): the engine's TimerSpec, instants in epoch ms. */
export type OwedTimer = TimerSpec;

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

/** `${key}@${dueAt}` with dueAt in epoch ms, as the ticket item stores it. */
export function timerIdOf(timer: Pick<OwedTimer, 'key' | 'dueAt'>): string {
  return `${timer.key}@${timer.dueAt}`;
}

export function toTimerPayload(ref: TimerRef): TimerPayload {
  return {
    v: TIMER_PAYLOAD_VERSION,
    tenantId: ref.tenantId,
    ticketId: ref.ticketId,
    timerId: timerIdOf(ref.timer),
    milestone: ref.timer.milestone,
    cycle: ref.timer.cycle,
    kind: ref.timer.kind,
    dueAt: isoOf(ref.timer.dueAt),
    fireAt: isoOf(ref.timer.fireAt),
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

/** Stored instants are epoch ms; the payload carries them as ISO (UTC, to the second) for people reading DLQs. */
function isoOf(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
