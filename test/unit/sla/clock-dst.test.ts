import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { zoneClock } from '../../../shared/sla/calendar/zone-offsets.js';
import { compileCalendar } from '../../../shared/sla/calendar.js';
import { elapsed, HOUR, MINUTE } from './calendar-helpers.js';

/** Local wall time as "local epoch" ms, the form ZoneClock works in. */
const wall = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);
const iso = (ms: number) => new Date(ms).toISOString();

describe('local time to instant on the real 2026 transitions (spec section 1)', () => {
  it.each([
    // Spring forward: the wall time inside the gap moves forward by the gap's length (1 h).
    // Chicago 2026-03-08 02:00 CST -> 03:00 CDT: 02:30 does not exist -> 03:30 CDT = 08:30Z.
    ['America/Chicago', wall(2026, 3, 8, 2, 30), '2026-03-08T08:30:00.000Z'],
    // Prague 2026-03-29 02:00 CET -> 03:00 CEST: 02:30 -> 03:30 CEST = 01:30Z.
    ['Europe/Prague', wall(2026, 3, 29, 2, 30), '2026-03-29T01:30:00.000Z'],
    // London 2026-03-29 01:00 GMT -> 02:00 BST: 01:30 -> 02:30 BST = 01:30Z.
    ['Europe/London', wall(2026, 3, 29, 1, 30), '2026-03-29T01:30:00.000Z'],
    // Auckland 2026-09-27 02:00 NZST -> 03:00 NZDT: 02:30 -> 03:30 NZDT (+13) = 2026-09-26 14:30Z.
    ['Pacific/Auckland', wall(2026, 9, 27, 2, 30), '2026-09-26T14:30:00.000Z'],
    // Fall back: the ambiguous wall time takes the earlier offset (its first occurrence).
    // Chicago 2026-11-01 02:00 CDT -> 01:00 CST: 01:30 is first 01:30 CDT (-5) = 06:30Z (luxon says 07:30Z).
    ['America/Chicago', wall(2026, 11, 1, 1, 30), '2026-11-01T06:30:00.000Z'],
    // Prague 2026-10-25 03:00 CEST -> 02:00 CET: 02:30 CEST (+2) = 00:30Z (luxon says 01:30Z).
    ['Europe/Prague', wall(2026, 10, 25, 2, 30), '2026-10-25T00:30:00.000Z'],
    // London 2026-10-25 02:00 BST -> 01:00 GMT: 01:30 BST = 00:30Z.
    ['Europe/London', wall(2026, 10, 25, 1, 30), '2026-10-25T00:30:00.000Z'],
    // Auckland 2026-04-05 03:00 NZDT -> 02:00 NZST: 02:30 NZDT (+13) = 2026-04-04 13:30Z.
    ['Pacific/Auckland', wall(2026, 4, 5, 2, 30), '2026-04-04T13:30:00.000Z'],
    // Ordinary times either side are plain.
    ['America/Chicago', wall(2026, 3, 9, 8), '2026-03-09T13:00:00.000Z'],
    ['America/Chicago', wall(2026, 3, 6, 8), '2026-03-06T14:00:00.000Z'],
  ])('%s %#', (zone, local, expected) => {
    expect(iso(zoneClock(zone).wallToInstant(local))).toBe(expected);
  });

  it('corrects luxon where it picks the later offset for an ambiguous time', () => {
    const luxon = DateTime.fromObject(
      { year: 2026, month: 11, day: 1, hour: 1, minute: 30 },
      { zone: 'America/Chicago' },
    );
    expect(luxon.toMillis()).toBe(Date.parse('2026-11-01T07:30:00Z'));
    expect(zoneClock('America/Chicago').wallToInstant(wall(2026, 11, 1, 1, 30))).toBe(
      Date.parse('2026-11-01T06:30:00Z'),
    );
  });

  it('agrees with luxon on offsets and daylight time at any instant', () => {
    const zones = [
      'America/Chicago',
      'Europe/Rome',
      'Pacific/Auckland',
      'America/Los_Angeles',
      'Asia/Kolkata',
      'Australia/Lord_Howe',
      'UTC',
    ];
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }),
        (zone, ms) => {
          const dt = DateTime.fromMillis(ms, { zone });
          expect(zoneClock(zone).offsetAt(ms)).toBe(dt.offset * MINUTE);
          expect(zoneClock(zone).isDaylight(ms)).toBe(dt.isInDST);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('turns every unambiguous wall time back into the instant it came from', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('America/Chicago', 'Europe/London', 'Pacific/Auckland', 'Asia/Tokyo'),
        fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }),
        (zone, ms) => {
          const clock = zoneClock(zone);
          const local = clock.instantToWall(ms);
          const back = clock.wallToInstant(local);
          // Equal, or (inside a repeated hour) the first occurrence of the same wall time.
          expect(back === ms || (back === ms - HOUR && clock.instantToWall(back) === local)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('windows across the switch (whole calendar)', () => {
  it('a window starting inside the spring-forward gap starts at the moved time', () => {
    // Sunday 02:30-04:00 Chicago on 2026-03-08: 02:30 -> 03:30 CDT (08:30Z), 04:00 CDT = 09:00Z: 30 min.
    const cal = compileCalendar({
      id: 'gap',
      hoursPerDay: 1,
      windows: [{ days: ['sun'], start: '02:30', end: '04:00', zone: 'America/Chicago' }],
    });
    expect(elapsed(cal, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(30);
    expect(cal.nextOpen(Date.parse('2026-03-08T00:00:00Z'))).toBe(Date.parse('2026-03-08T08:30:00Z'));
  });

  it('a window starting in the repeated hour starts at its first occurrence and spans the extra hour', () => {
    // Sunday 01:30-03:00 Chicago on 2026-11-01: 01:30 CDT = 06:30Z to 03:00 CST = 09:00Z: 150 min.
    const cal = compileCalendar({
      id: 'overlap',
      hoursPerDay: 1,
      windows: [{ days: ['sun'], start: '01:30', end: '03:00', zone: 'America/Chicago' }],
    });
    expect(elapsed(cal, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(150);
  });

  it('judges onlyWhen at the start of each occurrence', () => {
    // Los Angeles, Sunday 00:00-04:00.
    const spec = (onlyWhen: 'daylight' | 'standard') =>
      compileCalendar({
        id: `la-${onlyWhen}`,
        hoursPerDay: 4,
        windows: [{ days: ['sun'], start: '00:00', end: '04:00', zone: 'America/Los_Angeles', onlyWhen }],
      });
    // 2026-11-01: starts 00:00 PDT (daylight, 07:00Z), ends 04:00 PST (12:00Z): 5 h, daylight only.
    expect(elapsed(spec('daylight'), '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(300);
    expect(elapsed(spec('standard'), '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(0);
    // 2026-03-08: starts 00:00 PST (standard, 08:00Z), ends 04:00 PDT (11:00Z): 3 h, standard only.
    expect(elapsed(spec('standard'), '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(180);
    expect(elapsed(spec('daylight'), '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(0);
  });
});
