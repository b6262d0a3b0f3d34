/**
 * The report's date handling (`GET /reports/sla`: the query's days, the period's instants, the months read) is
 * plain day arithmetic and the engine's zone clock, no longer luxon (which it kept out of the api bundle).
 * luxon stays the reference here: the same answers, except where luxon's own day boundaries are wrong (a
 * midnight skipped or repeated by a DST change), where the period now starts at the day's first instant and
 * ends where the next day starts.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  dayNumber,
  MAX_REPORT_DAYS,
  monthsCovering,
  periodInstants,
  slaReportQuerySchema,
} from '../../../shared/reports/sla-report.js';

const MS_PER_DAY = 86_400_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The local date (`YYYY-MM-DD`) of an instant in `zone`, read off the platform's time-zone database. */
function dateIn(zone: string): (at: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  });
  return (at) => format.format(at);
}

describe('dayNumber (the query days)', () => {
  it('accepts exactly the dates luxon accepts, and numbers them as luxon does, leap years and years 0-99 included', () => {
    const years = [0, 1, 4, 99, 100, 400, 1582, 1900, 1970, 2000, 2024, 2026, 2100, 2400, 9999];
    for (const year of years)
      for (let month = 0; month <= 13; month++)
        for (let day = 0; day <= 32; day++) {
          const date = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
          const reference = DateTime.fromISO(date, { zone: 'UTC' });
          const ours = dayNumber(date);
          expect(ours !== null, date).toBe(reference.isValid);
          if (ours !== null) expect(ours * MS_PER_DAY, date).toBe(reference.toMillis());
        }
  });

  it('refuses what is not YYYY-MM-DD', () => {
    for (const text of ['2026-3-02', '2026-03-02T00:00', '20260302', '', '2026-03-0x']) {
      expect(dayNumber(text), text).toBeNull();
    }
  });

  it('the query schema keeps its messages', () => {
    const issues = (query: Record<string, string>) =>
      slaReportQuerySchema.safeParse(query).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ from: '2026-02-30', to: '2026-03-01' })).toEqual(['from: must be a real calendar date']);
    expect(issues({ from: '2026-03-02', to: '2026-03-01' })).toEqual(['to: must not be before from']);
    expect(issues({ from: '2024-01-01', to: '2024-12-31' })).toBeUndefined();
    expect(issues({ from: '2024-01-01', to: '2025-01-01' })).toEqual([
      `to: a report spans at most ${MAX_REPORT_DAYS} days`,
    ]);
  });
});

describe('periodInstants (local days as instants)', () => {
  const zones = [
    'UTC',
    'Europe/Rome',
    'Europe/Tallinn',
    'America/New_York',
    'America/Los_Angeles',
    'America/Sao_Paulo',
    'Asia/Kolkata',
    'Asia/Kathmandu',
    'Australia/Sydney',
    'Australia/Lord_Howe',
    'Pacific/Chatham',
    'Pacific/Apia',
    // Zones whose DST changes at midnight: the day boundaries luxon gets wrong.
    'America/Havana',
    'America/Santiago',
    'Africa/Cairo',
    'Asia/Beirut',
    'Atlantic/Azores',
  ];
  const days: string[] = [];
  for (let d = Date.UTC(2026, 0, 1); d < Date.UTC(2027, 0, 1); d += MS_PER_DAY) {
    days.push(new Date(d).toISOString().slice(0, 10));
  }

  it('consecutive days meet exactly, and a day starts at a local midnight or where a skipped one moved to', () => {
    for (const zone of zones) {
      for (const [i, day] of days.entries()) {
        const { start, end } = periodInstants(day, day, zone);
        const next = days[i + 1];
        if (next !== undefined) expect(end, `${zone} ${day}`).toBe(periodInstants(next, next, zone).start);
        // Midnight, or the first instant after a skipped midnight (the wall clock jumped to 01:00 or 00:30).
        const localDate = dateIn(zone);
        expect(localDate(start), `${zone} ${day}`).toBe(day);
        expect(localDate(start - 1), `${zone} ${day}`).not.toBe(day);
      }
    }
  });

  it("equals luxon's startOf('day') .. +1 day wherever luxon's days meet (all but the midnight DST changes)", () => {
    let compared = 0;
    // luxon is slow: the zones with a DST change at midnight and a few others.
    const sample = ['UTC', 'Europe/Rome', 'America/New_York', 'Australia/Lord_Howe', 'Pacific/Chatham'];
    const compareIn = [...sample, 'America/Havana', 'America/Santiago', 'Africa/Cairo'];
    for (const zone of compareIn) {
      for (const day of days) {
        const start = DateTime.fromISO(day, { zone }).startOf('day');
        const end = start.plus({ days: 1 });
        const nextStart = DateTime.fromISO(end.toISODate() ?? '', { zone }).startOf('day');
        const startIsFirstInstant = start.minus(1).toISODate() !== day;
        if (end.toMillis() !== nextStart.toMillis() || !startIsFirstInstant) continue;
        compared++;
        expect(periodInstants(day, day, zone), `${zone} ${day}`).toEqual({
          start: start.toMillis(),
          end: end.toMillis(),
        });
      }
    }
    // Only a handful of days a year differ (America/Havana, America/Santiago, Africa/Cairo, ...).
    expect(compared).toBeGreaterThan(compareIn.length * days.length - 10);
  });

  it('a midnight skipped or repeated by DST: the day runs from its first instant to the next day’s', () => {
    // Havana falls back at 01:00 on 1 November 2026 to midnight: the day starts at the first midnight (-04:00).
    expect(periodInstants('2026-11-01', '2026-11-01', 'America/Havana')).toEqual({
      start: Date.parse('2026-11-01T04:00:00Z'),
      end: Date.parse('2026-11-02T05:00:00Z'),
    });
    // Santiago springs forward at midnight on 6 September 2026: the day starts at 01:00 (-03:00) and is 23 hours.
    const santiago = periodInstants('2026-09-06', '2026-09-06', 'America/Santiago');
    expect(santiago).toEqual({
      start: Date.parse('2026-09-06T04:00:00Z'),
      end: Date.parse('2026-09-07T03:00:00Z'),
    });
    expect((santiago.end - santiago.start) / 3_600_000).toBe(23);
  });

  it('a period of several days spans them all', () => {
    expect(periodInstants('2026-03-01', '2026-03-31', 'Europe/Rome')).toEqual({
      start: Date.parse('2026-02-28T23:00:00Z'),
      end: Date.parse('2026-03-31T22:00:00Z'),
    });
  });
});

describe('monthsCovering (the outcome partitions read)', () => {
  it('every UTC month the period touches, in order', () => {
    expect(monthsCovering(Date.parse('2026-02-28T23:00:00Z'), Date.parse('2026-03-31T22:00:00Z'))).toEqual([
      '2026-02',
      '2026-03',
    ]);
    expect(monthsCovering(Date.parse('2025-11-15T00:00:00Z'), Date.parse('2026-02-01T00:00:00Z'))).toEqual([
      '2025-11',
      '2025-12',
      '2026-01',
    ]);
    expect(monthsCovering(Date.parse('2026-01-31T12:00:00Z'), Date.parse('2026-01-31T13:00:00Z'))).toEqual([
      '2026-01',
    ]);
  });
});
