/**
 * Time-zone arithmetic on epoch-ms numbers, for building a calendar's open intervals without thousands of
 * luxon objects. Each zone's UTC offsets are read from one cached `Intl.DateTimeFormat` and kept per UTC year
 * as a short list of transitions, so an offset is a scan of (usually) two numbers.
 *
 * Wall times are "local epoch" milliseconds: the local date and time of day encoded as if they were UTC
 * (`Date.UTC(y, m, d, h, mi)`), so local dates are whole multiples of a day.
 */

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;

/** Sampling step when looking for transitions: zones change offset at most a few times a year, weeks apart. */
const SAMPLE_STEP = 7 * MS_PER_DAY;

const WALL_CLOCK = /^(\d+)\/(\d+)\/(\d+),? (\d+):(\d+):(\d+)$/;

const zoneValidity = new Map<string, boolean>();

/** IANA zone names the platform knows; bare UTC offsets such as `+05:00` are refused (the spec wants zones). */
export function isValidZone(zone: string): boolean {
  if (typeof zone !== 'string' || !/^[A-Za-z]/.test(zone)) return false;
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: zone });
      valid = true;
    } catch {
      valid = false;
    }
    // Bounded: names come from requests, and a flood of distinct bad names must not grow memory forever.
    if (zoneValidity.size < 10_000) zoneValidity.set(zone, valid);
  }
  return valid;
}

interface ZoneYear {
  readonly start: number;
  readonly end: number;
  /** Instants (UTC ms) at which the offset changes, ascending. */
  readonly times: number[];
  /** offsets[0] is in force at `start`; offsets[i + 1] from times[i] on. Milliseconds east of UTC. */
  readonly offsets: number[];
}

export class ZoneClock {
  readonly zone: string;
  readonly #format: Intl.DateTimeFormat;
  readonly #years = new Map<number, ZoneYear>();
  #last: ZoneYear | undefined;
  readonly #standardOffsets = new Map<number, number>();

  constructor(zone: string) {
    this.zone = zone;
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  }

  /** The zone's offset from UTC (ms east) at an instant. */
  offsetAt(ms: number): number {
    let year = this.#last;
    if (year === undefined || ms < year.start || ms >= year.end) {
      year = this.#yearOf(new Date(ms).getUTCFullYear());
      this.#last = year;
    }
    const { times, offsets } = year;
    let i = 0;
    while (i < times.length && ms >= times[i]!) i++;
    return offsets[i]!;
  }

  /**
   * The instant of a local wall time (spec section 1): a time inside a spring-forward gap moves forward by the
   * gap's length; an ambiguous fall-back time takes the earlier offset (the first occurrence).
   */
  wallToInstant(wall: number): number {
    const before = this.offsetAt(wall - MS_PER_DAY);
    const after = this.offsetAt(wall + MS_PER_DAY);
    if (before === after) return wall - before;
    const underBefore = wall - before;
    const underAfter = wall - after;
    const validBefore = this.offsetAt(underBefore) === before;
    const validAfter = this.offsetAt(underAfter) === after;
    if (validBefore && validAfter) return Math.min(underBefore, underAfter);
    if (validAfter) return underAfter;
    // Valid under the earlier offset only, or in a gap: reading the wall time with the offset in force before
    // the gap is exactly "moved forward by the gap's length".
    return underBefore;
  }

  /** The offset changes (DST switches) at instants in [from, to), oldest first: for explanations, not hot paths. */
  transitionsBetween(from: number, to: number): Array<{ at: number; before: number; after: number }> {
    const out: Array<{ at: number; before: number; after: number }> = [];
    if (!(to > from)) return out;
    const last = new Date(to).getUTCFullYear();
    for (let y = new Date(from).getUTCFullYear(); y <= last; y++) {
      const { times, offsets } = this.#yearOf(y);
      times.forEach((at, i) => {
        if (at >= from && at < to) out.push({ at, before: offsets[i]!, after: offsets[i + 1]! });
      });
    }
    return out;
  }

  /** The local wall time (local epoch ms) of an instant. */
  instantToWall(ms: number): number {
    return ms + this.offsetAt(ms);
  }

  /**
   * Whether the zone is on daylight time at an instant: its offset is above the year's standard offset (the
   * smaller of the January and July offsets), as luxon's `isInDST` judges it.
   */
  isDaylight(ms: number): boolean {
    const year = new Date(this.instantToWall(ms)).getUTCFullYear();
    let standard = this.#standardOffsets.get(year);
    if (standard === undefined) {
      standard = Math.min(this.offsetAt(Date.UTC(year, 0, 1)), this.offsetAt(Date.UTC(year, 6, 1)));
      this.#standardOffsets.set(year, standard);
    }
    return this.offsetAt(ms) > standard;
  }

  #yearOf(utcYear: number): ZoneYear {
    const cached = this.#years.get(utcYear);
    if (cached) return cached;
    const start = Date.UTC(utcYear, 0, 1);
    const end = Date.UTC(utcYear + 1, 0, 1);
    const times: number[] = [];
    const offsets: number[] = [this.#readOffset(start)];
    let previousAt = start;
    let previous = offsets[0]!;
    for (let at = Math.min(start + SAMPLE_STEP, end - 1000); ; at = Math.min(at + SAMPLE_STEP, end - 1000)) {
      const offset = this.#readOffset(at);
      if (offset !== previous) {
        // Bisect to the first second carrying the new offset.
        let lo = previousAt;
        let hi = at;
        while (hi - lo > 1000) {
          const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
          if (this.#readOffset(mid) === previous) lo = mid;
          else hi = mid;
        }
        times.push(hi);
        offsets.push(offset);
        previous = offset;
      }
      previousAt = at;
      if (at >= end - 1000) break;
    }
    const year = { start, end, times, offsets };
    this.#years.set(utcYear, year);
    return year;
  }

  /** Offset at a whole second, read off the platform's time-zone database. */
  #readOffset(ms: number): number {
    const second = Math.floor(ms / 1000) * 1000;
    const m = WALL_CLOCK.exec(this.#format.format(second));
    if (!m) throw new Error(`cannot read the wall clock of ${this.zone} at ${second}`);
    const date = new Date(0);
    date.setUTCFullYear(Number(m[3]), Number(m[1]) - 1, Number(m[2]));
    date.setUTCHours(Number(m[4]) % 24, Number(m[5]), Number(m[6]), 0);
    return date.getTime() - second;
  }
}

const zoneClocks = new Map<string, ZoneClock>();

/** The shared, cached clock of a zone (the zone must be valid: see `isValidZone`). */
export function zoneClock(zone: string): ZoneClock {
  let clock = zoneClocks.get(zone);
  if (!clock) {
    clock = new ZoneClock(zone);
    zoneClocks.set(zone, clock);
  }
  return clock;
}

/** Local day number (days since 1970-01-01) of a local wall time. */
export function wallDay(wall: number): number {
  return Math.floor(wall / MS_PER_DAY);
}

/** Monday = 0 ... Sunday = 6 for a local day number (day 0, 1970-01-01, was a Thursday). */
export function weekdayOfDay(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Local day number of a `YYYY-MM-DD` date. */
export function dayOfDate(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY
  );
}
