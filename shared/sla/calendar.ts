import {
  type ClosedReason,
  type ClosureRange,
  closedReasons,
  offsetChanges,
  zoneAt,
} from './calendar/closed-reasons.js';
import {
  dayOfDate,
  MS_PER_DAY,
  MS_PER_MINUTE,
  weekdayOfDay,
  type ZoneClock,
  zoneClock,
} from './calendar/zone-offsets.js';
import {
  type CalendarSpec,
  type ClosedDate,
  calendarSpecSchema,
  toInvalidSpecError,
  WEEKDAYS,
} from './calendar-schema.js';
import { CalendarNeverOpenError } from './errors.js';
import { publicHolidayDays } from './holidays.js';
import type { Instant } from './types.js';

/**
 * A compiled business calendar: the clock arithmetic of spec section 2 on epoch-ms numbers.
 *
 * Open time is materialised lazily, one UTC year at a time, as sorted disjoint intervals (Float64Arrays of
 * starts and ends) with cumulative open time, so `isOpen`, `addBusinessMs` and `businessMsBetween` are binary
 * searches; a span crossing years chains the year segments.
 */
export interface BusinessCalendar {
  readonly id: string;
  readonly hoursPerDay: number;
  isOpen(at: Instant): boolean;
  /** Smallest t >= start with exactly budgetMs of open time in [start, t). budgetMs 0 -> start. */
  addBusinessMs(start: Instant, budgetMs: number): Instant;
  /** Open milliseconds in [start, end). Throws RangeError if end < start. */
  businessMsBetween(start: Instant, end: Instant): number;
  /** The first open instant >= at (at itself if open). */
  nextOpen(at: Instant): Instant;
  /**
   * The open intervals from `from` on, in order, the first clipped to start at `from`: the same intervals
   * `addBusinessMs` searches (an interval running over a UTC new year comes as two that touch). Endless; throws
   * `CalendarNeverOpenError` where `nextOpen` would.
   */
  openIntervals(from: Instant): Generator<[Instant, Instant], never, undefined>;
  /** Why [from, to) is closed, for a stretch between open intervals (spec section 7). */
  closedReasons(from: Instant, to: Instant): ClosedReason[];
  /** The IANA zone of the window open at `at` (the first window's when none is), for local times. */
  zoneAt(at: Instant): string;
  /** The DST switches of the calendar's zones in [from, to): offsets in ms east of UTC. */
  offsetChanges(
    from: Instant,
    to: Instant,
  ): Array<{ zone: string; at: Instant; before: number; after: number }>;
}

/** How many consecutive years without any open time prove a calendar is never open. */
const EMPTY_YEARS_LIMIT = 8;

/** UTC year starts for a fast year lookup on the hot path (other years fall back to `Date`). */
const TABLE_FIRST_YEAR = 1970;
const TABLE_YEARS = 400;
const YEAR_STARTS = Float64Array.from({ length: TABLE_YEARS + 1 }, (_, i) =>
  Date.UTC(TABLE_FIRST_YEAR + i, 0, 1),
);
const MEAN_YEAR_MS = 365.2425 * 86_400_000;

function utcYearOf(at: number): number {
  const guess = Math.floor(at / MEAN_YEAR_MS);
  if (guess < 1 || guess >= TABLE_YEARS - 1) return new Date(at).getUTCFullYear();
  if (at < YEAR_STARTS[guess]!) return TABLE_FIRST_YEAR + guess - 1;
  if (at >= YEAR_STARTS[guess + 1]!) return TABLE_FIRST_YEAR + guess + 1;
  return TABLE_FIRST_YEAR + guess;
}

/** One UTC year of open time. cum[i] is the open time in [yearStart, starts[i]); cum[n] is the year's total. */
export interface OpenYear {
  readonly year: number;
  readonly start: number;
  readonly end: number;
  readonly count: number;
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly cum: Float64Array;
  readonly total: number;
  /**
   * For each UTC day of the year, the first interval ending after that day's start: an instant's interval
   * is found from there in a step or two instead of a binary search.
   */
  readonly firstOfDay: Int32Array;
}

export interface CompiledWindow {
  /** weekdays[0] = Monday. */
  readonly weekdays: readonly boolean[];
  /** Minutes after local midnight of the start day; end may exceed 1440 (past midnight). */
  readonly startMinute: number;
  readonly endMinute: number;
  readonly clock: ZoneClock;
  readonly onlyWhen: 'daylight' | 'standard' | undefined;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

function closedRanges(closedDates: readonly ClosedDate[] | undefined): ClosureRange[] {
  return (closedDates ?? []).map((c) =>
    typeof c === 'string'
      ? { from: dayOfDate(c), to: dayOfDate(c) }
      : { from: dayOfDate(c.from), to: dayOfDate(c.to), note: c.note },
  );
}

/** Merges ascending-by-start interval lists, then fuses overlapping and touching intervals. */
function unionOf(lists: Array<{ s: number[]; e: number[] }>): { s: number[]; e: number[] } {
  let merged = lists[0] ?? { s: [], e: [] };
  for (let k = 1; k < lists.length; k++) {
    const b = lists[k]!;
    const s: number[] = [];
    const e: number[] = [];
    let i = 0;
    let j = 0;
    while (i < merged.s.length || j < b.s.length) {
      if (j >= b.s.length || (i < merged.s.length && merged.s[i]! <= b.s[j]!)) {
        s.push(merged.s[i]!);
        e.push(merged.e[i]!);
        i++;
      } else {
        s.push(b.s[j]!);
        e.push(b.e[j]!);
        j++;
      }
    }
    merged = { s, e };
  }
  const s: number[] = [];
  const e: number[] = [];
  for (let i = 0; i < merged.s.length; i++) {
    const start = merged.s[i]!;
    const end = merged.e[i]!;
    const last = e.length - 1;
    if (last >= 0 && start <= e[last]!) {
      if (end > e[last]!) e[last] = end;
    } else {
      s.push(start);
      e.push(end);
    }
  }
  return { s, e };
}

class CompiledCalendar implements BusinessCalendar {
  readonly id: string;
  readonly hoursPerDay: number;
  readonly #windows: CompiledWindow[];
  readonly #holidays: ReadonlyArray<{ country: string; region: string | undefined }>;
  readonly #closures: ClosureRange[];
  readonly #years = new Map<number, OpenYear>();
  /** The same years indexed by `year - TABLE_FIRST_YEAR`, for the hot path. */
  readonly #yearTable: Array<OpenYear | undefined> = [];
  readonly #closedDays = new Map<number, ReadonlySet<number>>();
  /** The year the last query fell in: consecutive queries mostly stay in one year. */
  #current: OpenYear | undefined;

  constructor(spec: CalendarSpec) {
    this.id = spec.id;
    this.hoursPerDay = spec.hoursPerDay;
    this.#windows = spec.windows.map((w) => {
      const startMinute = minutesOf(w.start);
      let endMinute = w.end === '24:00' ? 1440 : minutesOf(w.end);
      if (endMinute <= startMinute) endMinute += 1440;
      return {
        weekdays: WEEKDAYS.map((d) => w.days.includes(d)),
        startMinute,
        endMinute,
        clock: zoneClock(w.zone),
        onlyWhen: w.onlyWhen,
      };
    });
    this.#holidays = (spec.holidays ?? []).map((h) => ({ country: h.country, region: h.region }));
    this.#closures = closedRanges(spec.closedDates);
  }

  isOpen(at: Instant): boolean {
    const y = this.#yearOf(checkInstant(at, 'at'));
    const i = lastStartAtOrBefore(y, at);
    return i >= 0 && at < y.ends[i]!;
  }

  nextOpen(at: Instant): Instant {
    let y = this.#yearOf(checkInstant(at, 'at'));
    const i = lastStartAtOrBefore(y, at);
    if (i >= 0 && at < y.ends[i]!) return at;
    if (i + 1 < y.count) return y.starts[i + 1]!;
    for (let empty = 0; ; ) {
      y = this.openYear(y.year + 1);
      if (y.count > 0) return y.starts[0]!;
      if (++empty >= EMPTY_YEARS_LIMIT) throw this.#neverOpen(at);
    }
  }

  addBusinessMs(start: Instant, budgetMs: number): Instant {
    checkInstant(start, 'start');
    if (!(budgetMs >= 0) || !Number.isFinite(budgetMs)) {
      throw new RangeError(`addBusinessMs needs a finite budget >= 0, got ${budgetMs}`);
    }
    if (budgetMs === 0) return start;
    let y = this.#yearOf(start);
    let i = lastStartAtOrBefore(y, start);
    let target = openBeforeAt(y, start, i) + budgetMs;
    let empty = 0;
    while (target > y.total) {
      target -= y.total;
      empty = y.total === 0 ? empty + 1 : 0;
      if (empty >= EMPTY_YEARS_LIMIT) throw this.#neverOpen(start);
      y = this.openYear(y.year + 1);
      i = -1;
    }
    // The first interval, from the start's own on, whose cumulative end reaches the target holds the due
    // instant. Budgets mostly span a few intervals, so gallop forward before bisecting.
    const cum = y.cum;
    let lo = i < 0 ? 0 : i;
    if (cum[lo + 1]! < target) {
      let hi = lo + 1;
      for (let step = 2; cum[hi + 1]! < target; step *= 2) {
        lo = hi;
        hi = Math.min(lo + step, y.count - 1);
      }
      // Here cum[lo + 1] < target <= cum[hi + 1].
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid + 1]! >= target) hi = mid;
        else lo = mid;
      }
      lo = hi;
    }
    return y.starts[lo]! + (target - cum[lo]!);
  }

  businessMsBetween(start: Instant, end: Instant): number {
    checkInstant(start, 'start');
    checkInstant(end, 'end');
    if (end < start) throw new RangeError(`businessMsBetween: end ${end} is before start ${start}`);
    const first = this.#yearOf(start);
    const i = lastStartAtOrBefore(first, start);
    const fromStart = openBeforeAt(first, start, i);
    if (end < first.end) return openBeforeAt(first, end, lastStartAtOrBefore(first, end)) - fromStart;
    let total = first.total - fromStart;
    let y = first;
    while (end >= y.end) {
      y = this.openYear(y.year + 1);
      total += end >= y.end ? y.total : openBefore(y, end);
    }
    return total;
  }

  *openIntervals(from: Instant): Generator<[Instant, Instant], never, undefined> {
    let y = this.#yearOf(checkInstant(from, 'from'));
    let i = lastStartAtOrBefore(y, from);
    if (i < 0 || from >= y.ends[i]!) i++;
    for (let empty = 0; ; ) {
      for (; i < y.count; i++) yield [Math.max(y.starts[i]!, from), y.ends[i]!];
      empty = y.count === 0 ? empty + 1 : 0;
      if (empty >= EMPTY_YEARS_LIMIT) throw this.#neverOpen(from);
      y = this.openYear(y.year + 1);
      i = 0;
    }
  }

  closedReasons(from: Instant, to: Instant): ClosedReason[] {
    return closedReasons(this.#reasonSource(), from, to);
  }

  zoneAt(at: Instant): string {
    return zoneAt(this.#reasonSource(), at);
  }

  offsetChanges(from: Instant, to: Instant) {
    return offsetChanges(this.#reasonSource(), from, to);
  }

  #reasonSource() {
    return { windows: this.#windows, closures: this.#closures, holidays: this.#holidays };
  }

  /** The open intervals of one UTC year (built once, cached). Exposed for tests and the benchmark. */
  openYear(year: number): OpenYear {
    let y = this.#years.get(year);
    if (!y) {
      y = this.#build(year);
      this.#years.set(year, y);
      const slot = year - TABLE_FIRST_YEAR;
      if (slot >= 0 && slot < TABLE_YEARS) this.#yearTable[slot] = y;
    }
    return y;
  }

  #yearOf(at: number): OpenYear {
    const current = this.#current;
    if (current !== undefined && at >= current.start && at < current.end) return current;
    const year = utcYearOf(at);
    const y = this.#yearTable[year - TABLE_FIRST_YEAR] ?? this.openYear(year);
    this.#current = y;
    return y;
  }

  #neverOpen(from: number): CalendarNeverOpenError {
    return new CalendarNeverOpenError(
      `calendar ${this.id} has no open time in the ${EMPTY_YEARS_LIMIT} years from ${new Date(from).toISOString()}: check its windows, onlyWhen and closures`,
      'calendar',
    );
  }

  #isClosedDay(day: number): boolean {
    for (const c of this.#closures) if (day >= c.from && day <= c.to) return true;
    if (this.#holidays.length === 0) return false;
    const year = new Date(day * MS_PER_DAY).getUTCFullYear();
    let set = this.#closedDays.get(year);
    if (!set) {
      const days = new Set<number>();
      for (const h of this.#holidays)
        for (const d of publicHolidayDays(h.country, h.region, year)) days.add(d);
      set = days;
      this.#closedDays.set(year, set);
    }
    return set.has(day);
  }

  #build(year: number): OpenYear {
    const start = Date.UTC(year, 0, 1);
    const end = Date.UTC(year + 1, 0, 1);
    // Occurrences starting up to two local days before the year (zones run 14 h either side of UTC, a window
    // lasts at most a day) can reach into it.
    const firstDay = Math.floor(start / MS_PER_DAY) - 2;
    const lastDay = Math.floor(end / MS_PER_DAY) + 1;
    const lists: Array<{ s: number[]; e: number[] }> = [];
    for (const w of this.#windows) {
      const s: number[] = [];
      const e: number[] = [];
      for (let day = firstDay; day <= lastDay; day++) {
        if (!w.weekdays[weekdayOfDay(day)]) continue;
        const midnight = day * MS_PER_DAY;
        const from = w.clock.wallToInstant(midnight + w.startMinute * MS_PER_MINUTE);
        const to = w.clock.wallToInstant(midnight + w.endMinute * MS_PER_MINUTE);
        const a = from > start ? from : start;
        const b = to < end ? to : end;
        // Holidays last: an occurrence outside this year must not make the holiday library compute another.
        if (b <= a || this.#isClosedDay(day)) continue;
        if (w.onlyWhen !== undefined && w.clock.isDaylight(from) !== (w.onlyWhen === 'daylight')) continue;
        s.push(a);
        e.push(b);
      }
      lists.push({ s, e });
    }
    const union = unionOf(lists);
    const count = union.s.length;
    const starts = Float64Array.from(union.s);
    const ends = Float64Array.from(union.e);
    const cum = new Float64Array(count + 1);
    for (let i = 0; i < count; i++) cum[i + 1] = cum[i]! + (ends[i]! - starts[i]!);
    const days = Math.round((end - start) / MS_PER_DAY);
    const firstOfDay = new Int32Array(days);
    for (let day = 0, i = 0; day < days; day++) {
      const dayStart = start + day * MS_PER_DAY;
      while (i < count && ends[i]! <= dayStart) i++;
      firstOfDay[day] = i;
    }
    return { year, start, end, count, starts, ends, cum, total: cum[count]!, firstOfDay };
  }
}

function checkInstant(at: number, name: string): number {
  if (!Number.isFinite(at)) throw new RangeError(`${name} must be a finite epoch-ms instant, got ${at}`);
  return at;
}

/** Index of the last interval starting at or before `at` (within the year), or -1. */
function lastStartAtOrBefore(y: OpenYear, at: number): number {
  // Every interval before firstOfDay[day] ended by the day's start, so it also started before `at`.
  let i = y.firstOfDay[Math.floor((at - y.start) / MS_PER_DAY)]!;
  const starts = y.starts;
  const count = y.count;
  while (i < count && starts[i]! <= at) i++;
  return i - 1;
}

/** Open time in [y.start, at), for at within [y.start, y.end], given i = lastStartAtOrBefore(y, at). */
function openBeforeAt(y: OpenYear, at: number, i: number): number {
  if (i < 0) return 0;
  const end = y.ends[i]!;
  return y.cum[i]! + (at < end ? at : end) - y.starts[i]!;
}

function openBefore(y: OpenYear, at: number): number {
  return openBeforeAt(y, at, lastStartAtOrBefore(y, at));
}

/** Validates a spec (throws `InvalidSpecError` naming the field) and compiles it. Cheap: years build lazily. */
export function compileCalendar(spec: CalendarSpec): BusinessCalendar & { openYear(year: number): OpenYear } {
  const result = calendarSpecSchema.safeParse(spec);
  if (!result.success) throw toInvalidSpecError('calendar', result.error);
  return new CompiledCalendar(result.data);
}
