// Custom calendar specs: the shapes the built-ins do not exercise (past-midnight windows, follow-the-sun
// unions, adjacent windows, closures on start dates, calendars that never open).
import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../../shared/sla/calendar.js';
import { CalendarNeverOpenError } from '../../../shared/sla/errors.js';
import { due, elapsed, open } from './calendar-helpers.js';

describe('a window past midnight (Mon-Fri 22:00-06:00 Europe/London, winter = UTC)', () => {
  const night = compileCalendar({
    id: 'night-shift',
    hoursPerDay: 8,
    windows: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '22:00', end: '06:00', zone: 'Europe/London' },
    ],
  });

  it('belongs to the weekday it starts on', () => {
    // Friday's window runs into Saturday 06:00; there is no Saturday or Sunday window.
    expect(open(night, '2026-03-07T05:00:00Z')).toBe(true);
    expect(open(night, '2026-03-07T06:00:00Z')).toBe(false);
    expect(open(night, '2026-03-07T22:30:00Z')).toBe(false);
    // Monday 00:00-06:00 belongs to Sunday, which has none: closed until Monday 22:00.
    expect(open(night, '2026-03-09T03:00:00Z')).toBe(false);
    expect(open(night, '2026-03-09T22:00:00Z')).toBe(true);
    // Fri 05:00 + 2 h: 1 h to 06:00 Fri (Thursday's window), then Fri 22:00 + 1 h = 23:00.
    expect(due(night, '2026-03-06T05:00:00Z', 120)).toBe('2026-03-06T23:00:00Z');
  });

  it('a closed date removes the window starting that day only', () => {
    const closed = compileCalendar({
      id: 'night-shift-closed',
      hoursPerDay: 8,
      windows: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '22:00', end: '06:00', zone: 'Europe/London' },
      ],
      closedDates: ['2026-03-06'],
    });
    // Thursday's window still runs into Friday morning; Friday's (into Saturday) is gone.
    expect(open(closed, '2026-03-06T05:00:00Z')).toBe(true);
    expect(open(closed, '2026-03-07T05:00:00Z')).toBe(false);
  });
});

describe('a follow-the-sun union (09:00-17:00 in Tokyo, London and New York)', () => {
  const sun = compileCalendar({
    id: 'follow-the-sun',
    hoursPerDay: 21,
    windows: [
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', zone: 'Asia/Tokyo' },
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', zone: 'Europe/London' },
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', zone: 'America/New_York' },
    ],
  });

  it('merges overlapping windows of different zones', () => {
    // Mon 2026-01-12: Tokyo 00:00-08:00Z, London 09:00-17:00Z, New York (EST) 14:00-22:00Z.
    // Union: [00:00, 08:00) and [09:00, 22:00) = 8 h + 13 h.
    expect(elapsed(sun, '2026-01-12T00:00:00Z', '2026-01-13T00:00:00Z')).toBe(21 * 60);
    // 08:30Z is the gap between Tokyo and London.
    expect(open(sun, '2026-01-12T08:30:00Z')).toBe(false);
    // 16:00Z London + 7 h: to 22:00Z is 6 h (London then New York), then Tue Tokyo 00:00Z + 1 h.
    expect(due(sun, '2026-01-12T16:00:00Z', 7 * 60)).toBe('2026-01-13T01:00:00Z');
  });

  it('stores the union as disjoint intervals', () => {
    const year = sun.openYear(2026);
    for (let i = 1; i < year.count; i++) expect(year.starts[i]!).toBeGreaterThan(year.ends[i - 1]!);
  });
});

describe('adjacent windows', () => {
  it('fuse into one interval', () => {
    const cal = compileCalendar({
      id: 'split-day',
      hoursPerDay: 9,
      windows: [
        { days: ['mon'], start: '08:00', end: '12:00', zone: 'UTC' },
        { days: ['mon'], start: '12:00', end: '17:00', zone: 'UTC' },
      ],
    });
    expect(open(cal, '2026-03-02T12:00:00Z')).toBe(true);
    // 52 or 53 Mondays in 2026 (it has 52), one interval each.
    expect(cal.openYear(2026).count).toBe(52);
  });
});

describe('a calendar with no open time', () => {
  it('throws instead of searching forever', () => {
    // UTC has no daylight time, so a daylight-only window never applies.
    const never = compileCalendar({
      id: 'never',
      hoursPerDay: 8,
      windows: [{ days: ['mon'], start: '09:00', end: '17:00', zone: 'UTC', onlyWhen: 'daylight' }],
    });
    expect(() => never.addBusinessMs(Date.UTC(2026, 0, 1), 60_000)).toThrow(CalendarNeverOpenError);
    expect(() => never.nextOpen(Date.UTC(2026, 0, 1))).toThrow(/no open time/);
    // Asking for nothing, or measuring, is still fine.
    expect(never.addBusinessMs(Date.UTC(2026, 0, 1), 0)).toBe(Date.UTC(2026, 0, 1));
    expect(never.businessMsBetween(Date.UTC(2026, 0, 1), Date.UTC(2027, 0, 1))).toBe(0);
  });

  it('a long closure is crossed, not mistaken for a dead calendar', () => {
    const cal = compileCalendar({
      id: 'sabbatical',
      hoursPerDay: 8,
      windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', zone: 'UTC' }],
      closedDates: [{ from: '2026-01-01', to: '2028-12-31' }],
    });
    // Closed 2026-2028; 2029-01-01 is a Monday: 09:00 + 1 h.
    expect(due(cal, '2026-06-01T00:00:00Z', 60)).toBe('2029-01-01T10:00:00Z');
  });
});

describe('argument checks', () => {
  const cal = compileCalendar({
    id: 'plain',
    hoursPerDay: 8,
    windows: [{ days: ['mon'], start: '09:00', end: '17:00', zone: 'UTC' }],
  });

  it('rejects an end before the start, negative or non-finite budgets and instants', () => {
    expect(() => cal.businessMsBetween(2, 1)).toThrow(RangeError);
    expect(() => cal.addBusinessMs(0, -1)).toThrow(RangeError);
    expect(() => cal.addBusinessMs(0, Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => cal.addBusinessMs(Number.NaN, 1)).toThrow(RangeError);
    expect(() => cal.isOpen(Number.NaN)).toThrow(RangeError);
  });

  it('nextOpen returns the instant itself when open, else the next opening', () => {
    // Mon 2026-03-02 10:00Z is open; Mon 18:00Z is not, next opening Mon 03-09 09:00Z.
    expect(cal.nextOpen(Date.UTC(2026, 2, 2, 10))).toBe(Date.UTC(2026, 2, 2, 10));
    expect(cal.nextOpen(Date.UTC(2026, 2, 2, 18))).toBe(Date.UTC(2026, 2, 9, 9));
    // Across the year end: Mon 2026-12-28 18:00Z -> Mon 2027-01-04 09:00Z.
    expect(cal.nextOpen(Date.UTC(2026, 11, 28, 18))).toBe(Date.UTC(2027, 0, 4, 9));
  });
});
