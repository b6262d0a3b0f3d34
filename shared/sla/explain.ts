/**
 * Explaining a deadline (spec section 7): which open time was counted and why each stretch in between was not.
 *
 * One derivation: the segments are the calendar's own open intervals (`BusinessCalendar.openIntervals`, the
 * intervals `addBusinessMs` searches) walked until the budget is used up, so their end is the due instant; for a
 * plain business budget the walk's due is asserted equal to `addBusinessMs`. The hot path is untouched: nothing
 * here runs when only a due instant is wanted.
 *
 * `explainBudget` explains one clock run from a start (optionally with stops: pauses and resolved stretches,
 * as the milestone engine counts them); `explainTarget` explains a milestone cycle from what the engine already
 * has (target, start, stops), choosing the rule (business, calendar, outside-hours alternative, next release).
 * The CLI, the API receipt and the mail's "why this deadline" are meant to be views of these results.
 */

import type { ClosedReason } from './calendar/closed-reasons.js';
import type { BusinessCalendar } from './calendar.js';
import { formatDuration } from './duration.js';
import { floorToSecond } from './milestones.js';
import { ALWAYS_OPEN_CALENDAR_ID, clockFor, type MilestoneTarget } from './policy.js';
import { nextMonthlyRelease, type ReleaseRule } from './release.js';
import type { ClockStop } from './spans.js';
import type { Instant } from './types.js';

export type { ClosedReason } from './calendar/closed-reasons.js';

export type { ClockStop } from './spans.js';

export type GapReason = ClosedReason | { kind: 'paused'; status: string };

/** Open time that was counted. `zone` is the IANA zone of the window it lies in (for local times). */
export interface Segment {
  from: Instant;
  to: Instant;
  ms: number;
  /** Open time counted up to this segment's end. */
  totalMs: number;
  zone: string;
}

/** A stretch skipped between `start` and the first segment, or between two segments. */
export interface Gap {
  from: Instant;
  to: Instant;
  reasons: GapReason[];
}

export interface OffsetChange {
  zone: string;
  at: Instant;
  /** Offsets in ms east of UTC before and after the switch. */
  before: number;
  after: number;
}

export interface BudgetExplanation {
  calendar: string;
  clock: 'business' | 'calendar';
  start: Instant;
  budgetMs: number;
  /**
   * Exact (not floored): the last segment's end; floor it to the second to show it (spec section 2). Null when
   * a stop with no end (a milestone paused now) comes before the budget is used up: no due instant yet.
   */
  due: Instant | null;
  /** That open-ended stop, when there is one. */
  stopped: ClockStop | null;
  segments: Segment[];
  gaps: Gap[];
  /** DST switches of the calendar's zones inside [start, due). */
  offsetChanges: OffsetChange[];
}

export interface ExplainBudgetInput {
  calendar: BusinessCalendar;
  /** `calendar`: wall-clock time, the calendar ignored (one segment unless stopped). */
  clock: 'business' | 'calendar';
  start: Instant;
  budgetMs: number;
  /** Stretches the ticket stopped the clock, in any order, not overlapping. */
  stops?: readonly ClockStop[];
}

/** Cuts [a, b) by the stops: the runs left and the stops that cut it. */
function subtractStops(
  a: number,
  b: number,
  stops: readonly ClockStop[],
): Array<{ from: number; to: number; stop: ClockStop | null }> {
  const out: Array<{ from: number; to: number; stop: ClockStop | null }> = [];
  let at = a;
  for (const s of stops) {
    const sFrom = Math.max(s.from, at);
    const sTo = Math.min(s.to ?? Number.POSITIVE_INFINITY, b);
    if (sTo <= sFrom) continue;
    if (sFrom > at) out.push({ from: at, to: sFrom, stop: null });
    out.push({ from: sFrom, to: sTo, stop: s });
    at = sTo;
  }
  if (at < b) out.push({ from: at, to: b, stop: null });
  return out;
}

/** The open stretches the clock counts from `start` on: calendar intervals, or one endless one for wall time. */
function* clockIntervals(input: ExplainBudgetInput): Generator<[number, number], void, undefined> {
  if (input.clock === 'calendar') {
    yield [input.start, Number.POSITIVE_INFINITY];
    return;
  }
  yield* input.calendar.openIntervals(input.start);
}

/** Explains a budget of clock time from `start`: segments up to the due instant and the gaps between them. */
export function explainBudget(input: ExplainBudgetInput): BudgetExplanation {
  const { calendar, clock, start, budgetMs } = input;
  if (!(budgetMs >= 0) || !Number.isFinite(budgetMs)) {
    throw new RangeError(`explainBudget needs a finite budget >= 0, got ${budgetMs}`);
  }
  const stops = [...(input.stops ?? [])].sort((a, b) => a.from - b.from);
  const segments: Segment[] = [];
  const gaps: Gap[] = [];
  let left = budgetMs;
  let cursor = start;
  const addGap = (to: number) => {
    if (to <= cursor) return;
    // Every stop overlapping the gap, even one that fell wholly in closed time: the receipt shows the pause.
    const reasons: GapReason[] = stops
      .filter((s) => s.from < to && (s.to ?? Number.POSITIVE_INFINITY) > cursor)
      .map((s) => ({ kind: 'paused', status: s.status }));
    // The calendar's reasons where it was closed: the stretches of the gap outside the stops' running parts.
    if (clock === 'business') {
      const closedAt = subtractStops(cursor, to, stops).filter((p) => p.stop === null);
      const seen = new Set<string>();
      for (const part of closedAt) {
        for (const r of calendar.closedReasons(part.from, part.to)) {
          const key = JSON.stringify(r);
          if (!seen.has(key)) reasons.push(r);
          seen.add(key);
        }
      }
    }
    gaps.push({ from: cursor, to, reasons });
  };
  let stopped: ClockStop | null = null;
  outer: for (const [a, b] of left === 0 ? [] : clockIntervals(input)) {
    for (const part of subtractStops(a, b, stops)) {
      if (part.stop) {
        // A stop with no end: the clock does not run again (yet), there is no due instant to explain.
        if (part.stop.to === null) {
          stopped = part.stop;
          addGap(part.stop.from);
          cursor = Math.max(cursor, part.stop.from);
          break outer;
        }
        continue;
      }
      addGap(part.from);
      const take = Math.min(part.to - part.from, left);
      const to = part.from + take;
      left -= take;
      const previous = segments[segments.length - 1];
      if (previous && previous.to === part.from) {
        // Fused: open runs that touch (a stop ending where an interval starts) count as one segment.
        previous.to = to;
        previous.ms += take;
        previous.totalMs += take;
      } else {
        segments.push({
          from: part.from,
          to,
          ms: take,
          totalMs: budgetMs - left,
          zone: calendar.zoneAt(part.from),
        });
      }
      cursor = to;
      if (left === 0) break outer;
    }
  }
  const due = stopped ? null : budgetMs === 0 ? start : cursor;
  if (clock === 'business' && stops.length === 0 && due !== null) {
    const expected = calendar.addBusinessMs(start, budgetMs);
    if (expected !== due) {
      throw new Error(
        `explainBudget: walked due ${due} differs from addBusinessMs ${expected} on ${calendar.id}`,
      );
    }
  }
  return {
    calendar: calendar.id,
    clock,
    start,
    budgetMs,
    due,
    stopped,
    segments,
    gaps,
    offsetChanges: cursor > start ? calendar.offsetChanges(start, cursor) : [],
  };
}

/**
 * The explanation as it stands at `now`: segments and gaps clipped to `now` (the API's "up to now"), the due
 * instant and the rest of the walk left out. Segments keep their running totals, so the last one's `totalMs`
 * is the clock time used by `now`.
 */
export function explanationUpTo<T extends { segments: Segment[]; gaps: Gap[] }>(e: T, now: Instant): T {
  const segments: Segment[] = [];
  for (const s of e.segments) {
    if (s.from >= now) break;
    if (s.to <= now) segments.push(s);
    else segments.push({ ...s, to: now, ms: now - s.from, totalMs: s.totalMs - (s.to - now) });
  }
  const gaps = e.gaps.filter((g) => g.from < now).map((g) => (g.to <= now ? g : { ...g, to: now }));
  return { ...e, segments, gaps };
}

export type ExplainRule = 'business' | 'calendar' | 'outside-hours-alternative' | 'next-release';

/** A milestone cycle explained: the rule that reached its due instant, and the walk when there is one. */
export interface TargetExplanation {
  /** The target's calendar, or null for a release date (no calendar counts towards it). */
  calendar: string | null;
  rule: ExplainRule;
  start: Instant;
  /** Floored to the second, as the engine's due instants are; null while stopped for good (paused now). */
  due: Instant | null;
  budgetMs: number;
  /** The target as written (`4h`, `1bd`, `8h calendar`), the alternative's when it applied. */
  within: string | null;
  /** The outside-hours decision, where the target has an alternative. */
  outsideHours: {
    applied: boolean;
    /** The target it replaced (applied) or that stood (not applied). */
    instead: string;
    /** Why the calendar was closed at the start, when the alternative applied. */
    closedBecause: ClosedReason[];
  } | null;
  release: { at: Instant; rule: string } | null;
  segments: Segment[];
  gaps: Gap[];
  offsetChanges: OffsetChange[];
}

const WEEKDAY_NAMES: Record<ReleaseRule['weekday'], string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

/** The release rule in words: "the first Tuesday of a month at 12:00 UTC, at least 7 days after creation". */
export function describeReleaseRule(rule: ReleaseRule): string {
  return `the first ${WEEKDAY_NAMES[rule.weekday]} of a month at ${rule.timeUtc} UTC, at least ${rule.minDaysAfterCreation} days after creation`;
}

/**
 * Explains a milestone cycle that started at `start` under `target` (the milestone engine's inputs: the clock
 * is `clockFor(target, start)`; `stops` are the stretches this milestone's clock did not run: the resolved ones
 * always, the pauses only for a pausable target, as the engine's span sets count them).
 */
export function explainTarget(
  target: MilestoneTarget,
  start: Instant,
  stops: readonly ClockStop[] = [],
): TargetExplanation {
  const clock = clockFor(target, start);
  if (target.kind === 'release' && target.release) {
    const at = nextMonthlyRelease(start, target.release);
    return {
      calendar: null,
      rule: 'next-release',
      start,
      due: at,
      budgetMs: at - start,
      within: null,
      outsideHours: null,
      release: { at, rule: describeReleaseRule(target.release) },
      segments: [],
      gaps: [],
      offsetChanges: [],
    };
  }
  const walk = explainBudget({
    calendar: target.calendar,
    clock: clock.clock,
    start,
    budgetMs: clock.budgetMs,
    stops,
  });
  const rule: ExplainRule = clock.outsideHours
    ? 'outside-hours-alternative'
    : clock.clock === 'calendar' || target.calendar.id === ALWAYS_OPEN_CALENDAR_ID
      ? 'calendar'
      : 'business';
  const used = clock.outsideHours ? target.outsideHours : target.duration;
  const other = clock.outsideHours ? target.duration : target.outsideHours;
  return {
    calendar: target.calendar.id,
    rule,
    start,
    due: walk.due === null ? null : floorToSecond(walk.due),
    budgetMs: clock.budgetMs,
    within: used ? formatDuration(used) : null,
    outsideHours:
      target.outsideHours === null || other === null
        ? null
        : {
            applied: clock.outsideHours,
            instead: formatDuration(other),
            closedBecause: clock.outsideHours
              ? target.calendar.closedReasons(start, target.calendar.nextOpen(start))
              : [],
          },
    release: null,
    segments: walk.segments,
    gaps: walk.gaps,
    offsetChanges: walk.offsetChanges,
  };
}
