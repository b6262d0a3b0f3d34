/**
 * The milestone engine (spec section 3): from a ticket's history, every milestone's state, due instant, elapsed
 * and remaining clock time, reminders, the timers the ticket owes and its escalation level. Pure: `now` is an
 * argument.
 *
 * How it works: the history is replayed in order. The ticket keeps two span sets: `open` (status neither
 * `resolved` nor `closed`) and `run` (open and not paused). A milestone's clock time is its clock's measure of
 * the spans it counts (`run` for pausable milestones, `open` otherwise) clipped to its own start and end, so a
 * pause, a resolve/reopen or a priority change never needs per-milestone bookkeeping: the due instant is
 * always "the instant the budget is used up over those spans". Before each event the engine breaches every
 * milestone whose due instant has come (a breach is sticky: a breached milestone is not recomputed and stays
 * breached when met later).
 *
 * Choices where the spec is silent (documented in docs/presets.md):
 * - A reply at exactly the due instant is late (`dueAt <= t` is a breach), as `dueAt <= now` is.
 * - A milestone a new priority defines that the old did not starts from its original start; a first response
 *   already given before it existed is recorded as met, not breached.
 * - Escalation requests raise the level by one from where it stands (the "next level"), capped at the chain.
 * - Reminders lying before the clock last resumed or was recomputed are not owed again (they were owed, and
 *   fired, under the earlier due instant).
 */
import { replayHistory } from './milestone-fold.js';
import { type ResolvedPolicy, resolvePolicy } from './policy.js';
import type { PolicySpec } from './policy-schema.js';
import type { MilestoneTrace } from './spans.js';
import type { Instant, SlaEvent, SlaSnapshot, SlaSubject } from './types.js';

export { floorToSecond } from './milestone-replay.js';

/** The policy a subject computes with: `custom` resolved, or the subject's preset. */
export function toResolved(subject: SlaSubject, custom?: PolicySpec | ResolvedPolicy): ResolvedPolicy {
  if (custom && 'targetFor' in custom) return custom;
  return resolvePolicy(subject, custom);
}

/**
 * Every milestone of a ticket at `now`, from its history (oldest first; it must start with `created`, or with a
 * checkpoint of `milestone-fold.ts`; events after `now` are ignored). `custom` is a tenant's own policy spec (or an already resolved policy, e.g. one
 * resolved with the tenant's own calendars); without it the subject's preset is used.
 * Throws the named input errors of `resolvePolicy`, and `UnknownPriorityError` for a priority the policy lacks.
 */
export function computeSla(
  subject: SlaSubject,
  events: readonly SlaEvent[],
  now: Instant,
  custom?: PolicySpec | ResolvedPolicy,
): SlaSnapshot {
  return replaySla(subject, events, now, custom).snapshot;
}

/** `computeSla` with each cycle's trace (target, stops, recomputations): what the SLA receipt explains. */
export function replaySla(
  subject: SlaSubject,
  events: readonly SlaEvent[],
  now: Instant,
  custom?: PolicySpec | ResolvedPolicy,
): { snapshot: SlaSnapshot; traces: MilestoneTrace[] } {
  const replay = replayHistory(toResolved(subject, custom), events, now);
  replay.advance(now);
  return { snapshot: replay.snapshot(now), traces: replay.traces() };
}
