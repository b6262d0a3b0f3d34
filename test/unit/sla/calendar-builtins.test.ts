// Hand-worked cases for every built-in calendar. Each expected value is worked out in the comment above it:
// local times first, then the UTC they are (2026 offsets: Chicago CST -6 / CDT -5 from 03-08 to 11-01;
// Prague/Rome CET +1 / CEST +2 and London GMT / BST +1 from 03-29 to 10-25; Auckland NZDT +13 until 04-05
// and from 09-27, NZST +12 between; Los Angeles PST -8 / PDT -7 from 03-08 to 11-01).
import { describe, expect, it } from 'vitest';
import { getCalendar, listCalendarSpecs } from '../../../shared/sla/calendars.js';
import {
  MissingParameterError,
  UnknownCalendarError,
  UnknownTimezoneError,
} from '../../../shared/sla/errors.js';
import { due, elapsed, open } from './calendar-helpers.js';

describe('always', () => {
  const cal = getCalendar('always');

  it('runs through weekends and holidays', () => {
    // Saturday 10:00Z + 4 h = 14:00Z.
    expect(due(cal, '2026-03-07T10:00:00Z', 240)).toBe('2026-03-07T14:00:00Z');
    // Christmas Day counts: 24 h from Christmas Eve noon is Christmas noon.
    expect(due(cal, '2026-12-24T12:00:00Z', 24 * 60)).toBe('2026-12-25T12:00:00Z');
  });

  it('chains year segments', () => {
    // 23:00Z on New Year's Eve to 01:00Z: 2 h across the year boundary.
    expect(elapsed(cal, '2026-12-31T23:00:00Z', '2027-01-01T01:00:00Z')).toBe(120);
    // Two whole years: 365 + 365 days.
    expect(elapsed(cal, '2026-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toBe(730 * 24 * 60);
    expect(cal.hoursPerDay).toBe(24);
  });
});

describe('us-central-business (Mon-Fri 08:00-17:00 America/Chicago, US holidays)', () => {
  const cal = getCalendar('us-central-business');

  it('inside and before hours', () => {
    // Mon 2026-03-02 09:00 CST (15:00Z) + 60 min = 10:00 CST = 16:00Z.
    expect(due(cal, '2026-03-02T15:00:00Z', 60)).toBe('2026-03-02T16:00:00Z');
    // Mon 06:00 CST (12:00Z) is closed: the clock starts at 08:00 CST (14:00Z), + 60 = 15:00Z.
    expect(due(cal, '2026-03-02T12:00:00Z', 60)).toBe('2026-03-02T15:00:00Z');
  });

  it('opens at 08:00 inclusive and is closed at 17:00', () => {
    expect(open(cal, '2026-03-02T14:00:00Z')).toBe(true); // 08:00 CST
    expect(open(cal, '2026-03-02T13:59:59.999Z')).toBe(false);
    expect(open(cal, '2026-03-02T22:59:59.999Z')).toBe(true);
    expect(open(cal, '2026-03-02T23:00:00Z')).toBe(false); // 17:00 CST
  });

  it('a budget that runs out at 17:00 is due at 17:00, not the next morning', () => {
    // Mon 08:00 CST (14:00Z) + 9 h (1 business day) = 17:00 CST = 23:00Z.
    expect(due(cal, '2026-03-02T14:00:00Z', 540)).toBe('2026-03-02T23:00:00Z');
    expect(cal.hoursPerDay).toBe(9);
  });

  it('rolls Friday evening over to Monday, across the US spring-forward weekend', () => {
    // Fri 2026-03-06 16:30 CST (22:30Z): 30 min left Friday; Mon 03-09 is CDT: 08:00 CDT = 13:00Z, + 30 = 13:30Z.
    expect(due(cal, '2026-03-06T22:30:00Z', 60)).toBe('2026-03-09T13:30:00Z');
    // The DST week itself: Mon 2026-03-02 to Mon 03-09 00:00Z holds 5 x 9 h.
    expect(elapsed(cal, '2026-03-02T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(45 * 60);
    // and Mon 03-09 opens at 13:00Z (08:00 CDT), not 14:00Z.
    expect(open(cal, '2026-03-09T13:00:00Z')).toBe(true);
    expect(open(cal, '2026-03-09T22:00:00Z')).toBe(false);
  });

  it('the US fall-back week', () => {
    // Fri 2026-10-30 16:00 CDT (21:00Z) + 120: 60 min Friday; Mon 11-02 08:00 CST = 14:00Z, + 60 = 15:00Z.
    expect(due(cal, '2026-10-30T21:00:00Z', 120)).toBe('2026-11-02T15:00:00Z');
  });

  it('skips Thanksgiving (2026-11-26) but not the day after', () => {
    // Wed 11-25 16:00 CST (22:00Z) + 120: 60 min Wed; Thu holiday; Fri 11-27 08:00 CST = 14:00Z, + 60 = 15:00Z.
    expect(due(cal, '2026-11-25T22:00:00Z', 120)).toBe('2026-11-27T15:00:00Z');
    expect(open(cal, '2026-11-26T16:00:00Z')).toBe(false);
  });

  it('skips Christmas and New Year across the year boundary', () => {
    // Thu 12-24 16:00 CST (22:00Z) + 120: 60 Thu; Fri 25 holiday; Mon 12-28 08:00 CST = 14:00Z + 60 = 15:00Z.
    expect(due(cal, '2026-12-24T22:00:00Z', 120)).toBe('2026-12-28T15:00:00Z');
    // Thu 12-31 16:00 CST (22:00Z) + 120: 60 Thu; Fri 2027-01-01 holiday; Mon 01-04 14:00Z + 60 = 15:00Z.
    expect(due(cal, '2026-12-31T22:00:00Z', 120)).toBe('2027-01-04T15:00:00Z');
    // Started after hours on New Year's Eve: 17:30 CST = 23:30Z, the clock starts Mon 2027-01-04 14:00Z.
    expect(due(cal, '2026-12-31T23:30:00Z', 60)).toBe('2027-01-04T15:00:00Z');
  });
});

describe('managry-business (Mon-Fri 08:00-17:00 Europe/Prague, CZ holidays)', () => {
  const cal = getCalendar('managry-business');

  it('inside hours and at the edges', () => {
    // Tue 2026-03-03 09:00 CET (08:00Z) + 60 = 09:00Z.
    expect(due(cal, '2026-03-03T08:00:00Z', 60)).toBe('2026-03-03T09:00:00Z');
    expect(open(cal, '2026-03-03T07:00:00Z')).toBe(true); // 08:00 CET
    expect(open(cal, '2026-03-03T16:00:00Z')).toBe(false); // 17:00 CET
  });

  it('Good Friday and Easter Monday', () => {
    // Thu 04-02 16:00 CEST (14:00Z) + 120: 60 Thu; Fri 04-03 and Mon 04-06 holidays; Tue 04-07 08:00 CEST = 06:00Z + 60.
    expect(due(cal, '2026-04-02T14:00:00Z', 120)).toBe('2026-04-07T07:00:00Z');
  });

  it('17 November (Tuesday in 2026)', () => {
    // Mon 11-16 16:00 CET (15:00Z) + 120: 60 Mon; Tue 17 holiday; Wed 11-18 08:00 CET = 07:00Z + 60 = 08:00Z.
    expect(due(cal, '2026-11-16T15:00:00Z', 120)).toBe('2026-11-18T08:00:00Z');
  });

  it('Christmas: 24, 25 and 26 December', () => {
    // Wed 12-23 16:00 CET (15:00Z) + 120: 60 Wed; Thu 24 and Fri 25 holidays; Mon 12-28 07:00Z + 60 = 08:00Z.
    expect(due(cal, '2026-12-23T15:00:00Z', 120)).toBe('2026-12-28T08:00:00Z');
  });

  it('the EU daylight-saving weeks', () => {
    // Fri 03-27 16:00 CET (15:00Z) + 120: 60 Fri; Mon 03-30 08:00 CEST = 06:00Z + 60 = 07:00Z.
    expect(due(cal, '2026-03-27T15:00:00Z', 120)).toBe('2026-03-30T07:00:00Z');
    // Fri 10-23 16:00 CEST (14:00Z) + 120: 60 Fri; Mon 10-26 08:00 CET = 07:00Z + 60 = 08:00Z.
    expect(due(cal, '2026-10-23T14:00:00Z', 120)).toBe('2026-10-26T08:00:00Z');
  });
});

describe('interzen-working (Mon-Fri 09:00-13:00 and 14:30-18:30 Europe/Rome, IT holidays)', () => {
  const cal = getCalendar('interzen-working');

  it('the lunch gap', () => {
    // Mon 03-02 12:30 CET (11:30Z) + 60: 30 min to 13:00 (12:00Z); reopens 14:30 CET (13:30Z) + 30 = 14:00Z.
    expect(due(cal, '2026-03-02T11:30:00Z', 60)).toBe('2026-03-02T14:00:00Z');
    expect(open(cal, '2026-03-02T12:00:00Z')).toBe(false); // 13:00
    expect(open(cal, '2026-03-02T13:29:59.999Z')).toBe(false);
    expect(open(cal, '2026-03-02T13:30:00Z')).toBe(true); // 14:30
    // 09:00 CET (08:00Z) + 4 h runs out at 13:00 exactly: due 12:00Z, not 14:30.
    expect(due(cal, '2026-03-02T08:00:00Z', 240)).toBe('2026-03-02T12:00:00Z');
  });

  it('one business day is 8 h: 09:00 to 18:30', () => {
    // Mon 09:00 CET (08:00Z) + 8 h: 4 h morning + 4 h afternoon, due 18:30 CET = 17:30Z.
    expect(due(cal, '2026-03-02T08:00:00Z', 8 * 60)).toBe('2026-03-02T17:30:00Z');
    expect(cal.hoursPerDay).toBe(8);
  });

  it('Ferragosto (Friday 2025-08-15)', () => {
    // Thu 08-14 18:00 CEST (16:00Z) + 60: 30 Thu; Fri holiday; Mon 08-18 09:00 CEST = 07:00Z + 30 = 07:30Z.
    expect(due(cal, '2025-08-14T16:00:00Z', 60)).toBe('2025-08-18T07:30:00Z');
  });

  it('Easter Monday (Good Friday is a working day in Italy)', () => {
    // Fri 04-03 18:00 CEST (16:00Z) + 60: 30 Fri; Mon 04-06 holiday; Tue 04-07 07:00Z + 30 = 07:30Z.
    expect(due(cal, '2026-04-03T16:00:00Z', 60)).toBe('2026-04-07T07:30:00Z');
    expect(open(cal, '2026-04-03T08:00:00Z')).toBe(true);
  });

  it('Christmas', () => {
    // Thu 12-24 18:00 CET (17:00Z) + 60: 30 Thu; Fri 25 holiday; Mon 12-28 09:00 CET = 08:00Z + 30 = 08:30Z.
    expect(due(cal, '2026-12-24T17:00:00Z', 60)).toBe('2026-12-28T08:30:00Z');
  });

  it('a closure range (summer closing) added at compile time', () => {
    const closed = getCalendar('interzen-working', {
      closedDates: [{ from: '2026-08-10', to: '2026-08-21' }],
    });
    // Fri 08-07 18:00 CEST (16:00Z) + 60: 30 Fri; closed Mon 08-10 to Fri 08-21; Mon 08-24 07:00Z + 30.
    expect(due(closed, '2026-08-07T16:00:00Z', 60)).toBe('2026-08-24T07:30:00Z');
    // Without the closure the clock resumes Mon 08-10.
    expect(due(cal, '2026-08-07T16:00:00Z', 60)).toBe('2026-08-10T07:30:00Z');
  });
});

describe('harmoni-apac (Mon-Fri 08:30-17:00 Pacific/Auckland, NZ holidays)', () => {
  const cal = getCalendar('harmoni-apac');

  it('opens at 08:30, closed at 17:00', () => {
    // Tue 2026-06-02 08:30 NZST = 06-01 20:30Z; 17:00 NZST = 06-02 05:00Z.
    expect(open(cal, '2026-06-01T20:30:00Z')).toBe(true);
    expect(open(cal, '2026-06-01T20:29:59Z')).toBe(false);
    expect(open(cal, '2026-06-02T05:00:00Z')).toBe(false);
    expect(cal.hoursPerDay).toBe(8.5);
  });

  it('Waitangi Day (Friday 2026-02-06)', () => {
    // Thu 02-05 16:00 NZDT = 03:00Z + 120: 60 Thu; Fri holiday; Mon 02-09 08:30 NZDT = 02-08 19:30Z + 60 = 20:30Z.
    expect(due(cal, '2026-02-05T03:00:00Z', 120)).toBe('2026-02-08T20:30:00Z');
  });

  it('Easter with the NZ fall-back (2026-04-05)', () => {
    // Thu 04-02 16:00 NZDT = 03:00Z + 120: 60 Thu; Fri 04-03 and Mon 04-06 holidays;
    // Tue 04-07 08:30 NZST = 04-06 20:30Z + 60 = 21:30Z.
    expect(due(cal, '2026-04-02T03:00:00Z', 120)).toBe('2026-04-06T21:30:00Z');
  });

  it('the NZ spring-forward week (2026-09-27)', () => {
    // Fri 09-25 16:00 NZST = 04:00Z + 120: 60 Fri; Mon 09-28 08:30 NZDT = 09-27 19:30Z + 60 = 20:30Z.
    expect(due(cal, '2026-09-25T04:00:00Z', 120)).toBe('2026-09-27T20:30:00Z');
  });
});

describe('harmoni-emea (Mon-Fri 08:30-17:00 Europe/London, England and Wales bank holidays)', () => {
  const cal = getCalendar('harmoni-emea');

  it('Good Friday and Easter Monday', () => {
    // Thu 04-02 16:00 BST = 15:00Z + 120: 60 Thu; Fri 04-03, Mon 04-06 holidays; Tue 04-07 08:30 BST = 07:30Z + 60.
    expect(due(cal, '2026-04-02T15:00:00Z', 120)).toBe('2026-04-07T08:30:00Z');
  });

  it('Christmas and the Boxing Day substitute (Monday 2026-12-28)', () => {
    // Thu 12-24 16:00 GMT + 120: 60 Thu; Fri 25 holiday, Sat 26, Sun, Mon 28 substitute; Tue 12-29 08:30 + 60.
    expect(due(cal, '2026-12-24T16:00:00Z', 120)).toBe('2026-12-29T09:30:00Z');
  });

  it('the EU spring-forward week', () => {
    // Fri 03-27 16:00 GMT + 120: 60 Fri; Mon 03-30 08:30 BST = 07:30Z + 60 = 08:30Z.
    expect(due(cal, '2026-03-27T16:00:00Z', 120)).toBe('2026-03-30T08:30:00Z');
  });
});

describe('harmoni-americas (America/Los_Angeles, different PDT and PST hours)', () => {
  const cal = getCalendar('harmoni-americas');

  it('PDT: Mon-Thu 06:00-10:00 and 13:30-18:00', () => {
    // Mon 07-06 09:00 PDT (16:00Z) + 120: 60 to 10:00 (17:00Z); 13:30 PDT (20:30Z) + 60 = 21:30Z.
    expect(due(cal, '2026-07-06T16:00:00Z', 120)).toBe('2026-07-06T21:30:00Z');
    // 11:30 PDT (18:30Z) is closed on daylight time; 17:59 PDT (00:59Z next day) open; 18:00 closed.
    expect(open(cal, '2026-07-06T18:30:00Z')).toBe(false);
    expect(open(cal, '2026-07-07T00:59:00Z')).toBe(true);
    expect(open(cal, '2026-07-07T01:00:00Z')).toBe(false);
    // A PDT week: 4 x (4 + 4.5) + 4 = 38 h.
    expect(elapsed(cal, '2026-07-06T07:00:00Z', '2026-07-13T07:00:00Z')).toBe(38 * 60);
  });

  it('PST: Mon-Thu 06:00-10:00 and 11:30-18:00', () => {
    // Mon 12-07 09:00 PST (17:00Z) + 120: 60 to 10:00 (18:00Z); 11:30 PST (19:30Z) + 60 = 20:30Z.
    expect(due(cal, '2026-12-07T17:00:00Z', 120)).toBe('2026-12-07T20:30:00Z');
    expect(open(cal, '2026-12-07T19:30:00Z')).toBe(true); // 11:30 PST
    // A PST week: 4 x (4 + 6.5) + 4 = 46 h.
    expect(elapsed(cal, '2026-12-07T08:00:00Z', '2026-12-14T08:00:00Z')).toBe(46 * 60);
  });

  it('Friday is morning only', () => {
    // Fri 07-10 09:00 PDT (16:00Z) + 120: 60 to 10:00; nothing Friday afternoon or weekend; Mon 07-13 06:00 PDT = 13:00Z + 60.
    expect(due(cal, '2026-07-10T16:00:00Z', 120)).toBe('2026-07-13T14:00:00Z');
  });

  it('switches hours with the US daylight-saving weeks', () => {
    // Fri 03-06 09:00 PST (17:00Z) + 120: 60 Fri; Mon 03-09 06:00 PDT = 13:00Z + 60 = 14:00Z.
    expect(due(cal, '2026-03-06T17:00:00Z', 120)).toBe('2026-03-09T14:00:00Z');
    // Mon 03-02 (PST) 09:00 = 17:00Z + 120: 18:00Z, then 11:30 PST = 19:30Z + 60 = 20:30Z.
    expect(due(cal, '2026-03-02T17:00:00Z', 120)).toBe('2026-03-02T20:30:00Z');
    // Mon 03-09 (PDT) 09:00 = 16:00Z + 120: 17:00Z, then 13:30 PDT = 20:30Z + 60 = 21:30Z.
    expect(due(cal, '2026-03-09T16:00:00Z', 120)).toBe('2026-03-09T21:30:00Z');
    // Mon 11-02 (PST again) 09:00 = 17:00Z + 120: 18:00Z, then 11:30 PST = 19:30Z + 60 = 20:30Z.
    expect(due(cal, '2026-11-02T17:00:00Z', 120)).toBe('2026-11-02T20:30:00Z');
  });
});

describe('fenorri-24x5 (Monday 00:00 to Friday 24:00 in the customer zone)', () => {
  it('Europe/Paris', () => {
    const cal = getCalendar('fenorri-24x5', { timezone: 'Europe/Paris' });
    // Fri 03-06 23:00 CET (22:00Z) + 120: 60 to Sat 00:00 CET (23:00Z); Mon 03-09 00:00 CET = 03-08 23:00Z + 60.
    expect(due(cal, '2026-03-06T22:00:00Z', 120)).toBe('2026-03-09T00:00:00Z');
    expect(cal.hoursPerDay).toBe(24);
  });

  it('America/Los_Angeles across the spring-forward weekend', () => {
    const cal = getCalendar('fenorri-24x5', { timezone: 'America/Los_Angeles' });
    // Fri 03-06 23:00 PST (03-07 07:00Z) + 120: 60 to 08:00Z; Mon 03-09 00:00 PDT = 07:00Z + 60 = 08:00Z.
    expect(due(cal, '2026-03-07T07:00:00Z', 120)).toBe('2026-03-09T08:00:00Z');
  });

  it('Asia/Tokyo: the week opens Sunday 15:00Z', () => {
    const cal = getCalendar('fenorri-24x5', { timezone: 'Asia/Tokyo' });
    // Mon 03-02 00:00 JST = 03-01 15:00Z.
    expect(open(cal, '2026-03-01T15:00:00Z')).toBe(true);
    expect(open(cal, '2026-03-01T14:59:59.999Z')).toBe(false);
    // Five whole days a week, merged into one interval: 120 h.
    expect(elapsed(cal, '2026-03-01T00:00:00Z', '2026-03-08T00:00:00Z')).toBe(120 * 60);
  });

  it('Pacific/Auckland', () => {
    const cal = getCalendar('fenorri-24x5', { timezone: 'Pacific/Auckland' });
    // Fri 03-06 20:00 NZDT (07:00Z) + 8 h: 4 h to Sat 00:00 NZDT (11:00Z); Mon 03-09 00:00 NZDT = 03-08 11:00Z + 4 h.
    expect(due(cal, '2026-03-06T07:00:00Z', 8 * 60)).toBe('2026-03-08T15:00:00Z');
  });

  it('needs a known zone', () => {
    expect(() => getCalendar('fenorri-24x5')).toThrow(MissingParameterError);
    expect(() => getCalendar('fenorri-24x5', { timezone: 'Mars/Olympus' })).toThrow(UnknownTimezoneError);
  });
});

describe('the registry', () => {
  it('lists every built-in id and refuses unknown ones', () => {
    expect(listCalendarSpecs().map((c) => c.id)).toEqual([
      'always',
      'fenorri-24x5',
      'us-central-business',
      'managry-business',
      'interzen-working',
      'harmoni-apac',
      'harmoni-emea',
      'harmoni-americas',
    ]);
    expect(() => getCalendar('nine-to-five')).toThrow(UnknownCalendarError);
    expect(() => getCalendar('nine-to-five')).toThrow(/known: always/);
  });

  it('compiles each calendar once', () => {
    expect(getCalendar('managry-business')).toBe(getCalendar('managry-business'));
    expect(getCalendar('fenorri-24x5', { timezone: 'Asia/Tokyo' })).toBe(
      getCalendar('fenorri-24x5', { timezone: 'Asia/Tokyo' }),
    );
    expect(getCalendar('fenorri-24x5', { timezone: 'Asia/Tokyo' })).not.toBe(
      getCalendar('fenorri-24x5', { timezone: 'Europe/Paris' }),
    );
  });

  it('every listed spec compiles to a calendar with open time', () => {
    for (const { id, spec } of listCalendarSpecs()) {
      const cal = getCalendar(id, { timezone: 'UTC' });
      expect(cal.businessMsBetween(Date.UTC(2026, 0, 5), Date.UTC(2026, 0, 12))).toBeGreaterThan(0);
      expect(cal.hoursPerDay).toBe(spec.hoursPerDay);
    }
  });
});
