/**
 * The timers a ticket owes: the one home of the concept. The engine computes every timer of the SLA
 * (`SlaSnapshot.timers`); the ticket stores those not yet acted on in `timersOwed`, keyed by `timerId`, and the
 * table's stream turns changes of that map into Scheduler schedules (timer-sync). The same id is the
 * schedule's name input, the timer payload's `timerId` and the entry in `timersActed`.
 */
import { MILESTONE_NAMES, type SlaSnapshot, type TimerSpec } from '../sla/types.js';

/** A timer the ticket owes (the outbox timer-sync reads from the table stream): the engine's TimerSpec, epoch ms. */
export type OwedTimer = TimerSpec;

/** The id a timer has in `timersOwed` / `timersActed`: `${key}@${dueAt}`, dueAt in epoch ms. */
export function timerId(timer: Pick<OwedTimer, 'key' | 'dueAt'>): string {
  return `${timer.key}@${timer.dueAt}`;
}

/** The timers the ticket owes: the engine's, minus those the sla-timer Lambda already acted on. */
export function owedTimers(snapshot: SlaSnapshot, acted: readonly string[]): Record<string, OwedTimer> {
  const done = new Set(acted);
  const owed: Record<string, OwedTimer> = {};
  for (const t of snapshot.timers) {
    const id = timerId(t);
    if (done.has(id)) continue;
    owed[id] = {
      key: t.key,
      milestone: t.milestone,
      cycle: t.cycle,
      kind: t.kind,
      fireAt: t.fireAt,
      dueAt: t.dueAt,
    };
  }
  return owed;
}

/**
 * Whether two entries are the same timer on the same schedule. The id is `${key}@${dueAt}`, so a reminder can
 * keep its id and move (its policy's reminder fraction changed, a refresh rewrote it): its schedule must then
 * be replaced, so every field counts, the fire instant included.
 */
export function sameOwedTimer(a: OwedTimer | undefined, b: OwedTimer | undefined): boolean {
  return (
    a !== undefined &&
    b !== undefined &&
    a.key === b.key &&
    a.milestone === b.milestone &&
    a.cycle === b.cycle &&
    a.kind === b.kind &&
    a.fireAt === b.fireAt &&
    a.dueAt === b.dueAt
  );
}

/**
 * How a ticket's stored owed timers differ from freshly computed ones, by timer id: an id in both whose entry
 * differs (another fire instant) counts as removed and added, since its schedule must be replaced. Empty
 * lists: nothing to reschedule.
 */
export function owedTimersChange(
  stored: Readonly<Record<string, OwedTimer>>,
  fresh: Readonly<Record<string, OwedTimer>>,
): { added: string[]; removed: string[] } {
  const added = Object.keys(fresh).filter((id) => !sameOwedTimer(stored[id], fresh[id]));
  const removed = Object.keys(stored).filter((id) => !sameOwedTimer(stored[id], fresh[id]));
  return { added: added.sort(), removed: removed.sort() };
}

const TIMER_KINDS = new Set(['reminder', 'deadline']);
const MILESTONES = new Set<string>(MILESTONE_NAMES);

/** Whether a stored `timersOwed` entry is a timer the scheduler can take (a damaged entry is a failure, not a crash). */
export function isOwedTimer(value: unknown): value is OwedTimer {
  if (typeof value !== 'object' || value === null) return false;
  const t = value as Record<string, unknown>;
  return (
    typeof t.key === 'string' &&
    typeof t.milestone === 'string' &&
    MILESTONES.has(t.milestone) &&
    typeof t.kind === 'string' &&
    TIMER_KINDS.has(t.kind) &&
    typeof t.cycle === 'number' &&
    Number.isInteger(t.cycle) &&
    t.cycle > 0 &&
    typeof t.fireAt === 'number' &&
    Number.isFinite(t.fireAt) &&
    typeof t.dueAt === 'number' &&
    Number.isFinite(t.dueAt)
  );
}
