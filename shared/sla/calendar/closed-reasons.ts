/**
 * Why a calendar is closed over a stretch of time (spec section 7): the reasons behind a gap between two open
 * intervals. Not a hot path: it re-walks the window occurrences around the stretch and asks which of them a
 * closure, a public holiday or the season took away; what no window would have covered is outside hours.
 */
import type { CompiledWindow } from '../calendar.js';
import { publicHolidays } from '../holidays.js';
import { MS_PER_DAY, MS_PER_MINUTE, wallDay, weekdayOfDay } from './zone-offsets.js';

export type ClosedReason =
  /** No window is open then; `name` is `weekend` when a whole local day without windows is inside. */
  | { kind: 'outside-hours'; name: 'weekend' | 'outside hours' }
  | { kind: 'holiday'; date: string; name: string }
  | { kind: 'closure'; date: string; name?: string }
  /** A daylight-only or standard-only window that does not apply on that date. */
  | { kind: 'not-in-season'; date: string; name: string };

export interface ClosureRange {
  readonly from: number;
  readonly to: number;
  readonly note?: string | undefined;
}

export interface ClosedReasonSource {
  readonly windows: readonly CompiledWindow[];
  readonly closures: readonly ClosureRange[];
  readonly holidays: ReadonlyArray<{ country: string; region: string | undefined }>;
}

function dateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function hhmm(minute: number): string {
  const m = minute % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

/** Holiday names by local day, per source and year (the names come from `publicHolidays`, as the days do). */
const holidayNames = new Map<string, Map<number, string[]>>();

function holidaysOn(country: string, region: string | undefined, day: number): string[] {
  const year = new Date(day * MS_PER_DAY).getUTCFullYear();
  const key = `${country}-${region ?? ''}:${year}`;
  let byDay = holidayNames.get(key);
  if (!byDay) {
    byDay = new Map();
    for (const h of publicHolidays(country, region, year)) {
      const d = Date.parse(`${h.date}T00:00:00Z`) / MS_PER_DAY;
      byDay.set(d, [...(byDay.get(d) ?? []), h.name]);
    }
    holidayNames.set(key, byDay);
  }
  return byDay.get(day) ?? [];
}

function reasonKey(r: ClosedReason): string {
  return `${r.kind}|${'date' in r ? r.date : ''}|${'name' in r ? (r.name ?? '') : ''}`;
}

/**
 * The reasons [from, to) is closed, for a stretch the calendar's open intervals say is closed. Each window
 * occurrence overlapping the stretch was taken away by a closure, a holiday or its season; any part of the
 * stretch no such occurrence would have covered is outside hours.
 */
export function closedReasons(source: ClosedReasonSource, from: number, to: number): ClosedReason[] {
  const found = new Map<string, ClosedReason>();
  const covered: Array<[number, number]> = [];
  const weekdaysWithWindows = new Set<number>();
  for (const w of source.windows) {
    w.weekdays.forEach((on, i) => {
      if (on) weekdaysWithWindows.add(i);
    });
  }
  for (const w of source.windows) {
    const firstDay = wallDay(w.clock.instantToWall(from)) - 2;
    const lastDay = wallDay(w.clock.instantToWall(to)) + 1;
    for (let day = firstDay; day <= lastDay; day++) {
      if (!w.weekdays[weekdayOfDay(day)]) continue;
      const midnight = day * MS_PER_DAY;
      const a = w.clock.wallToInstant(midnight + w.startMinute * MS_PER_MINUTE);
      const b = w.clock.wallToInstant(midnight + w.endMinute * MS_PER_MINUTE);
      if (b <= from || a >= to || b <= a) continue;
      const date = dateOf(day);
      const reasons: ClosedReason[] = [];
      for (const c of source.closures) {
        if (day >= c.from && day <= c.to) {
          reasons.push(
            c.note === undefined ? { kind: 'closure', date } : { kind: 'closure', date, name: c.note },
          );
        }
      }
      for (const h of source.holidays) {
        for (const name of holidaysOn(h.country, h.region, day))
          reasons.push({ kind: 'holiday', date, name });
      }
      if (
        reasons.length === 0 &&
        w.onlyWhen !== undefined &&
        w.clock.isDaylight(a) !== (w.onlyWhen === 'daylight')
      ) {
        const window = `${hhmm(w.startMinute)}–${hhmm(w.endMinute)} ${w.clock.zone}`;
        reasons.push({ kind: 'not-in-season', date, name: `${window} applies on ${w.onlyWhen} time only` });
      }
      if (reasons.length === 0) continue;
      for (const r of reasons) found.set(reasonKey(r), r);
      covered.push([Math.max(a, from), Math.min(b, to)]);
    }
  }
  covered.sort((x, y) => x[0] - y[0]);
  let reach = from;
  let uncovered = false;
  for (const [a, b] of covered) {
    if (a > reach) uncovered = true;
    reach = Math.max(reach, b);
  }
  if (reach < to) uncovered = true;
  const out = [...found.values()].sort((x, y) =>
    ('date' in x ? x.date : '').localeCompare('date' in y ? y.date : ''),
  );
  if (uncovered || out.length === 0) {
    out.unshift({
      kind: 'outside-hours',
      name: containsWindowlessDay(source, from, to, weekdaysWithWindows) ? 'weekend' : 'outside hours',
    });
  }
  return out;
}

/** Whether [from, to) holds a whole local day (in the first window's zone) on whose weekday no window starts. */
function containsWindowlessDay(
  source: ClosedReasonSource,
  from: number,
  to: number,
  weekdaysWithWindows: ReadonlySet<number>,
): boolean {
  const clock = source.windows[0]?.clock;
  if (!clock) return false;
  const last = wallDay(clock.instantToWall(to));
  for (let day = wallDay(clock.instantToWall(from)); day <= last; day++) {
    if (weekdaysWithWindows.has(weekdayOfDay(day))) continue;
    const midnight = clock.wallToInstant(day * MS_PER_DAY);
    if (midnight >= from && clock.wallToInstant((day + 1) * MS_PER_DAY) <= to) return true;
  }
  return false;
}

/** The zone of the window whose occurrence holds `at` (for local times), else the first window's. */
export function zoneAt(source: ClosedReasonSource, at: number): string {
  for (const w of source.windows) {
    const today = wallDay(w.clock.instantToWall(at));
    for (let day = today - 1; day <= today; day++) {
      if (!w.weekdays[weekdayOfDay(day)]) continue;
      const midnight = day * MS_PER_DAY;
      const a = w.clock.wallToInstant(midnight + w.startMinute * MS_PER_MINUTE);
      const b = w.clock.wallToInstant(midnight + w.endMinute * MS_PER_MINUTE);
      if (at >= a && at < b) return w.clock.zone;
    }
  }
  return source.windows[0]?.clock.zone ?? 'UTC';
}

/** DST switches of the calendar's zones in [from, to), oldest first. */
export function offsetChanges(
  source: ClosedReasonSource,
  from: number,
  to: number,
): Array<{ zone: string; at: number; before: number; after: number }> {
  const zones = new Map(source.windows.map((w) => [w.clock.zone, w.clock]));
  const out: Array<{ zone: string; at: number; before: number; after: number }> = [];
  for (const [zone, clock] of zones) {
    for (const t of clock.transitionsBetween(from, to)) out.push({ zone, ...t });
  }
  return out.sort((a, b) => a.at - b.at);
}
