// Property tests over every built-in calendar (fenorri-24x5 in several zones, interzen with a closure),
// starts spread over 2026-2027. The oracle for `isOpen` is a deliberately naive re-reading of the spec
// with luxon objects and date-holidays, sharing no code with the compiled calendars.
import Holidays from 'date-holidays';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '../../../shared/sla/calendar.js';
import { type CalendarSpec, WEEKDAYS } from '../../../shared/sla/calendar-schema.js';
import { builtInCalendarSpec, getCalendar, listCalendarSpecs } from '../../../shared/sla/calendars.js';
import { HOUR, MINUTE } from './calendar-helpers.js';

const CLOSURE = [{ from: '2026-08-10', to: '2026-08-21' }, '2027-11-02'];
// Zones whose transitions never touch midnight (fenorri windows start at 00:00).
const FENORRI_ZONES = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'Pacific/Auckland', 'Asia/Kolkata'];

interface Case {
  name: string;
  calendar: BusinessCalendar;
  spec: CalendarSpec;
}

const CASES: Case[] = [
  ...listCalendarSpecs()
    .filter((c) => !c.needsTimezone)
    .map((c) => ({ name: c.id, calendar: getCalendar(c.id), spec: c.spec })),
  ...FENORRI_ZONES.map((timezone) => ({
    name: `fenorri-24x5@${timezone}`,
    calendar: getCalendar('fenorri-24x5', { timezone }),
    spec: builtInCalendarSpec('fenorri-24x5', { timezone }),
  })),
  {
    name: 'interzen-working+closures',
    calendar: getCalendar('interzen-working', { closedDates: CLOSURE }),
    spec: builtInCalendarSpec('interzen-working', { closedDates: CLOSURE }),
  },
];

const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2028, 0, 1);

const calendarCase = fc.constantFrom(...CASES);
// Half the starts on a half-hour boundary, so window edges are hit often.
const start = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.integer({ min: FROM, max: TO }).map((t) => t - (t % (30 * MINUTE))),
);
const budget = fc.oneof(
  fc.integer({ min: 0, max: 120 * 60 }).map((m) => m * MINUTE),
  fc.integer({ min: 1, max: 200 * HOUR }),
);

const holidayCache = new Map<string, Set<string>>();
function isHoliday(spec: CalendarSpec, date: DateTime): boolean {
  const iso = date.toISODate()!;
  for (const c of spec.closedDates ?? []) {
    if (typeof c === 'string' ? c === iso : c.from <= iso && iso <= c.to) return true;
  }
  for (const h of spec.holidays ?? []) {
    const key = `${h.country}/${h.region}/${date.year}`;
    let dates = holidayCache.get(key);
    if (!dates) {
      const hd = h.region ? new Holidays(h.country, h.region) : new Holidays(h.country);
      dates = new Set(
        hd
          .getHolidays(date.year)
          .filter((x) => x.type === 'public')
          .map((x) => x.date.slice(0, 10)),
      );
      holidayCache.set(key, dates);
    }
    if (dates.has(iso)) return true;
  }
  return false;
}

/** Spec section 1 read literally: is t inside an occurrence that started today or yesterday (local)? */
function oracleIsOpen(spec: CalendarSpec, t: number): boolean {
  for (const w of spec.windows) {
    const today = DateTime.fromMillis(t, { zone: w.zone }).startOf('day');
    for (const day of [today, today.minus({ days: 1 })]) {
      if (!w.days.includes(WEEKDAYS[day.weekday - 1]!) || isHoliday(spec, day)) continue;
      const at = (hhmm: string, plusDays: number) => {
        const d = day.plus({ days: plusDays });
        return DateTime.fromObject(
          {
            year: d.year,
            month: d.month,
            day: d.day,
            hour: Number(hhmm.slice(0, 2)),
            minute: Number(hhmm.slice(3)),
          },
          { zone: w.zone },
        );
      };
      const from = at(w.start, 0);
      const to = w.end === '24:00' ? at('00:00', 1) : at(w.end, w.end <= w.start ? 1 : 0);
      if (w.onlyWhen && from.isInDST !== (w.onlyWhen === 'daylight')) continue;
      if (from.toMillis() <= t && t < to.toMillis()) return true;
    }
  }
  return false;
}

describe('calendar properties', () => {
  it('isOpen agrees with the naive reading of the spec', () => {
    fc.assert(
      fc.property(calendarCase, start, (c, t) => {
        expect(c.calendar.isOpen(t), `${c.name} at ${new Date(t).toISOString()}`).toBe(
          oracleIsOpen(c.spec, t),
        );
      }),
      { numRuns: 1500 },
    );
  });

  it('elapsed(s, due(s, b)) = b; due >= s; a due instant is open just before it (closed only at a window end)', () => {
    fc.assert(
      fc.property(calendarCase, start, budget, (c, s, b) => {
        const cal = c.calendar;
        const d = cal.addBusinessMs(s, b);
        expect(cal.businessMsBetween(s, d)).toBe(b);
        expect(d).toBeGreaterThanOrEqual(s);
        if (b === 0) expect(d).toBe(s);
        else {
          // Due in a closed period only exactly at a window's end: the millisecond before is open.
          expect(cal.isOpen(d - 1)).toBe(true);
          // And it is the smallest such instant: one millisecond earlier the budget is not yet used up.
          expect(cal.businessMsBetween(s, d - 1)).toBe(b - 1);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('due is monotonic in the budget', () => {
    fc.assert(
      fc.property(calendarCase, start, budget, budget, (c, s, b1, b2) => {
        const [lo, hi] = b1 <= b2 ? [b1, b2] : [b2, b1];
        expect(c.calendar.addBusinessMs(s, lo)).toBeLessThanOrEqual(c.calendar.addBusinessMs(s, hi));
      }),
      { numRuns: 500 },
    );
  });

  it('elapsed is additive over adjacent spans and never exceeds the wall-clock span', () => {
    fc.assert(
      fc.property(calendarCase, start, start, start, (c, x, y, z) => {
        const [a, b, d] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        const cal = c.calendar;
        expect(cal.businessMsBetween(a, d)).toBe(cal.businessMsBetween(a, b) + cal.businessMsBetween(b, d));
        expect(cal.businessMsBetween(a, d)).toBeLessThanOrEqual(d - a);
      }),
      { numRuns: 500 },
    );
  });

  it('nextOpen is the first open instant at or after t', () => {
    fc.assert(
      fc.property(calendarCase, start, (c, t) => {
        const cal = c.calendar;
        const n = cal.nextOpen(t);
        expect(n).toBeGreaterThanOrEqual(t);
        expect(cal.isOpen(n)).toBe(true);
        expect(cal.businessMsBetween(t, n)).toBe(0);
        // Started while closed, the clock begins at the next opening.
        expect(cal.addBusinessMs(t, MINUTE)).toBe(cal.addBusinessMs(n, MINUTE));
      }),
      { numRuns: 500 },
    );
  });
});
