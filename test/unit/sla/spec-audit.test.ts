/**
 * An examiner's audit of `sla` against ../shared/SLA-SPEC.md sections 1, 2, 5 and 6: every expected value below
 * was worked out by hand from the spec and the real calendars (weekdays, DST dates, public holidays), never by
 * running the code. Each case carries its derivation.
 *
 * Reference facts used throughout (2026/2027):
 * - America/Chicago CST -6 until 2026-03-08 02:00, CDT -5 until 2026-11-01 02:00 (then CST).
 * - America/Los_Angeles PST -8 until 2026-03-08 02:00 (10:00Z), PDT -7 until 2026-11-01 02:00 PDT (09:00Z).
 * - Europe/Prague, Europe/Rome CET +1, CEST +2 from 2026-03-29 01:00Z to 2026-10-25 01:00Z; London GMT/BST.
 * - Pacific/Auckland NZDT +13 until 2026-04-05 03:00 local, NZST +12 until 2026-09-27 02:00 local.
 * - Asia/Kolkata +05:30, Pacific/Kiritimati +14, Asia/Kathmandu +05:45.
 * - 2026-03-02 and 2026-12-28 are Mondays; 2027-12-24 is a Friday, 2027-12-25 a Saturday.
 * - US: 2026-01-19 MLK, 2026-07-03 (Independence Day observed), 2026-12-25, 2027-01-01, 2027-12-24 (Christmas
 *   observed), 2027-12-31 (New Year 2028 observed). CZ: 2026-04-03/06 Easter, 2026-12-24/25/26. IT: 2026-12-08,
 *   12-25, 12-26, 2027-01-01, 01-06. NZ: 2026-04-27 ANZAC Mondayised, 2027-02-08 Waitangi Mondayised.
 *   England: 2026-12-28 Boxing Day substitute; 2027-12-27 and 12-28 substitutes (Christmas on a Saturday).
 */
import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../../shared/sla/calendar.js';
import { parseInstant } from '../../../shared/sla/instant.js';
import { bad, type Json, ok } from '../../support/cli.js';

function due(policy: string, priority: string, created: string, extra: string[] = []) {
  const out = ok(['due', '--policy', policy, '--priority', priority, '--created', created, ...extra]);
  return out.milestones as {
    firstResponse: string | null;
    escalation: string | null;
    resolution: string | null;
  };
}

function add(calendar: string, start: string, minutes: string, extra: string[] = []): string {
  return ok(['add', '--calendar', calendar, '--start', start, '--minutes', minutes, ...extra]).due as string;
}

function elapsed(calendar: string, start: string, end: string, extra: string[] = []): number {
  return ok(['elapsed', '--calendar', calendar, '--start', start, '--end', end, ...extra]).minutes as number;
}

describe('section 5: the JSON shape of `sla due`', () => {
  it('has policy, priority, createdAt (UTC Z, to the second) and the three milestone keys', () => {
    // 10:00:00.750 at +05:45 is 04:15:00.750Z, shown floored: 04:15:00Z. Enterprise: 30 min on always.
    const out = ok([
      'due',
      '--policy',
      'enterprise-support',
      '--priority',
      'low',
      '--created',
      '2026-12-25T10:00:00.750+05:45',
    ]);
    expect(out.policy).toBe('enterprise-support');
    expect(out.priority).toBe('low');
    expect(out.createdAt).toBe('2026-12-25T04:15:00Z');
    expect(out.milestones).toEqual({
      firstResponse: '2026-12-25T04:45:00Z',
      escalation: null,
      resolution: null,
    });
  });
});

describe('standard-support on us-central-business (Mon-Fri 08:00-17:00 Chicago, US holidays, 9 h/day)', () => {
  it.each([
    // Mon 2026-03-02 08:00 CST (14:00Z), opening: 9 bh end exactly at 17:00 CST = 23:00Z, due AT the end.
    ['high', '2026-03-02T14:00:00Z', '2026-03-02T23:00:00Z'],
    // 17:00 CST exactly is closed: the clock starts Tue 08:00, due Tue 17:00 CST = 2026-03-03T23:00Z.
    ['medium', '2026-03-02T23:00:00Z', '2026-03-03T23:00:00Z'],
    // 1 s before closing: 1 s on Monday, 8h59m59s from Tue 08:00 -> Tue 16:59:59 CST.
    ['low', '2026-03-02T22:59:59Z', '2026-03-03T22:59:59Z'],
    // 1 ms before closing: 1 ms Monday, Tue 16:59:59.999 floored to the second.
    ['low', '2026-03-02T22:59:59.999Z', '2026-03-03T22:59:59Z'],
    // Fri 2026-03-06 14:00 CST: 3 h Friday; Mon 2026-03-09 is CDT (-5): 08:00 + 6 h = 14:00 CDT = 19:00Z.
    ['high', '2026-03-06T20:00:00Z', '2026-03-09T19:00:00Z'],
    // Thu 2026-07-02 16:00 CDT: 1 h; Fri 07-03 is Independence Day observed; Mon 07-06 08:00 + 8 h = 16:00 CDT.
    ['high', '2026-07-02T21:00:00Z', '2026-07-06T21:00:00Z'],
    // Thu 2027-12-30 16:00 CST: 1 h; Fri 12-31 is New Year 2028 observed; Mon 2028-01-03 08:00 + 8 h = 16:00 CST.
    ['high', '2027-12-30T22:00:00Z', '2028-01-03T22:00:00Z'],
    // Thu 2027-12-23 16:00 CST: 1 h; Fri 12-24 is Christmas observed; Mon 12-27 08:00 + 8 h = 16:00 CST.
    ['medium', '2027-12-23T22:00:00Z', '2027-12-27T22:00:00Z'],
    // Saturday: the clock starts Mon 2026-12-28 08:00 CST, due 17:00 CST.
    ['low', '2026-12-26T15:00:00Z', '2026-12-28T23:00:00Z'],
    // Offset other than Z: 2026-03-02 10:59:59-06:00 is 16:59:59Z; 9 bh -> Tue 10:59:59 CST.
    ['high', '2026-03-02T10:59:59-06:00', '2026-03-03T16:59:59Z'],
  ])('%s created %s -> firstResponse %s', (priority, created, expected) => {
    expect(due('standard-support', priority, created)).toEqual({
      firstResponse: expected,
      escalation: null,
      resolution: null,
    });
  });

  it('MLK day: Fri 2026-01-16 16:00 CST + 120 min -> 60 min Friday, Monday closed, Tue 09:00 CST', () => {
    expect(add('us-central-business', '2026-01-16T22:00:00Z', '120')).toBe('2026-01-20T15:00:00Z');
  });

  it('a 30-business-day budget across Christmas, New Year and into 2027', () => {
    // From Tue 2026-12-01 08:00 CST: December has 23 weekdays, minus the 25th = 22 days. Jan 2027: the 1st is
    // a holiday; 4-8 (27 days), 11-13 (30 days) -> due Wed 2027-01-13 17:00 CST = 23:00Z.
    expect(add('us-central-business', '2026-12-01T14:00:00Z', String(30 * 540))).toBe('2027-01-13T23:00:00Z');
    expect(elapsed('us-central-business', '2026-12-01T14:00:00Z', '2027-01-13T23:00:00Z')).toBe(30 * 540);
  });

  it('elapsed across a holiday and the year boundary', () => {
    // Thu 2027-12-30 08:00-17:00 (9 h), Fri 12-31 holiday, Mon 2028-01-03 9 h, end Tue 08:00 -> 18 h.
    expect(elapsed('us-central-business', '2027-12-30T14:00:00Z', '2028-01-04T14:00:00Z')).toBe(1080);
  });
});

describe('enterprise-support', () => {
  it.each(['high', 'medium', 'low'])('%s: 30 minutes on always, also on a holiday at night', (priority) => {
    // 2026-12-25 03:30 at -03:30 is 07:00Z; +30 min = 07:30Z.
    expect(due('enterprise-support', priority, '2026-12-25T03:30:00-03:30')).toEqual({
      firstResponse: '2026-12-25T07:30:00Z',
      escalation: null,
      resolution: null,
    });
  });
});

describe('managry on managry-business (Mon-Fri 08:00-17:00 Prague, CZ holidays, 9 h/day)', () => {
  const plan = (p: string) => ['--plan', p];
  it.each([
    // standard critical at Mon 2026-03-02 08:00 CET (07:00Z): 1 bh -> 09:00 CET.
    ['standard', 'critical', '2026-03-02T07:00:00Z', '2026-03-02T08:00:00Z'],
    // standard high at 16:00 CET: 1 h Monday, Tue 08:00 + 3 h = 11:00 CET = 10:00Z.
    ['standard', 'high', '2026-03-02T15:00:00Z', '2026-03-03T10:00:00Z'],
    ['standard', 'medium', '2026-03-02T15:00:00Z', null],
    ['standard', 'low', '2026-03-02T15:00:00Z', null],
    // standard critical Thu 2026-04-02 16:30 CEST: 30 min; Good Friday and Easter Monday; Tue 08:30 CEST.
    ['standard', 'critical', '2026-04-02T14:30:00Z', '2026-04-07T06:30:00Z'],
    // premier critical at 20:00 Prague (closed): the alternative, 8 calendar hours -> 04:00 CET = 03:00Z.
    ['premier', 'critical', '2026-03-02T19:00:00Z', '2026-03-03T03:00:00Z'],
    // premier critical at exactly 17:00 CET (closed) -> +8 h.
    ['premier', 'critical', '2026-03-02T16:00:00Z', '2026-03-03T00:00:00Z'],
    // premier critical at 16:59:59 CET (open): 1 bh = 1 s Monday + 59m59s from Tue 08:00 -> 08:59:59 CET.
    ['premier', 'critical', '2026-03-02T15:59:59Z', '2026-03-03T07:59:59Z'],
    // premier critical at 07:59:59 CET (closed) -> 8 calendar hours.
    ['premier', 'critical', '2026-03-02T06:59:59Z', '2026-03-02T14:59:59Z'],
    // premier high on Christmas Eve 2026 (a CZ public holiday, Thursday) at 10:00 CET: closed -> +8 h.
    ['premier', 'high', '2026-12-24T09:00:00Z', '2026-12-24T17:00:00Z'],
    // premier high at Mon 08:00 CET (open): 2 bh -> 10:00 CET.
    ['premier', 'high', '2026-03-02T07:00:00Z', '2026-03-02T09:00:00Z'],
    // premier medium 1 bd = 9 h from Wed 2026-12-23 13:00 CET: 4 h; 24/25/26 holidays + weekend; Mon 28 + 5 h.
    ['premier', 'medium', '2026-12-23T12:00:00Z', '2026-12-28T12:00:00Z'],
    // premier low 2 bd = 18 h from Tue 2026-12-22 17:00 CET (closed): Wed 23 9 h, Mon 28 9 h -> 17:00 CET.
    ['premier', 'low', '2026-12-22T16:00:00Z', '2026-12-28T16:00:00Z'],
    // premier low from Thu 2027-12-30 13:00 CET: 4 h, Fri 31 9 h (no CZ holiday), Mon 2028-01-03 + 5 h.
    ['premier', 'low', '2027-12-30T12:00:00Z', '2028-01-03T12:00:00Z'],
  ])('%s %s created %s -> firstResponse %s', (p, priority, created, expected) => {
    expect(due('managry', priority, created, plan(p))).toEqual({
      firstResponse: expected,
      escalation: null,
      resolution: null,
    });
  });
});

describe('interzen on interzen-working (09:00-13:00, 14:30-18:30 Rome, IT holidays, 8 h/day)', () => {
  it.each([
    // Mon 2026-03-02 12:30 CET: 30 min to 13:00, 14:30 + 30 min = 15:00 CET (fr); resolution 8 h: 30 min +
    // 4 h afternoon = 4.5 h, Tue 09:00 + 3.5 h = 12:30 CET.
    ['blocking', '2026-03-02T11:30:00Z', '2026-03-02T14:00:00Z', '2026-03-03T11:30:00Z'],
    // At exactly 13:00 (closed, lunch): 14:30 + 1 h = 15:30 CET; 8 h: 4 h afternoon, Tue 09:00-13:00 ends at 13:00.
    ['blocking', '2026-03-02T12:00:00Z', '2026-03-02T14:30:00Z', '2026-03-03T12:00:00Z'],
    // Mon 09:00 CET: 4 h fr ends exactly at 13:00 (due AT the window end); 16 h = Mon + Tue -> Tue 18:30 CET.
    ['high', '2026-03-02T08:00:00Z', '2026-03-02T12:00:00Z', '2026-03-03T17:30:00Z'],
    // Fri 2026-03-06 18:30 CET (closed): fr 8 h = Mon 09:00-18:30 -> 18:30 CET = 17:30Z; 5 bd -> Fri 18:30.
    ['medium', '2026-03-06T17:30:00Z', '2026-03-09T17:30:00Z', '2026-03-13T17:30:00Z'],
    // Tue 2026-12-01 09:00 CET, low: 16 h -> Wed 12-02 18:30. 30 working days skip 12-08, 12-25, 01-01,
    // 01-06: Dec 1-4 (4), 7,9-11 (8), 14-18 (13), 21-24 (17), 28-31 (21), Jan 4-5 (23), 7-8 (25), 11-15 (30).
    ['low', '2026-12-01T08:00:00Z', '2026-12-02T17:30:00Z', '2027-01-15T17:30:00Z'],
  ])('%s created %s -> %s / %s', (priority, created, firstResponse, resolution) => {
    expect(due('interzen', priority, created)).toEqual({ firstResponse, escalation: null, resolution });
  });
});

describe('harmoni: region calendars', () => {
  const region = (r: string) => ['--region', r];
  it.each([
    // apac: Fri 2027-02-05 16:00 NZDT (03:00Z): 1 h; Mon 02-08 Waitangi Mondayised; Tue 08:30 + 3 h = 11:30 NZDT.
    ['apac', 'urgent', '2027-02-05T03:00:00Z', '2027-02-08T22:30:00Z'],
    // apac: Fri 2026-04-24 15:00 NZST: 2 h; Mon 04-27 ANZAC Mondayised; Tue 08:30 + 2 h = 10:30 NZST = 22:30Z.
    ['apac', 'urgent', '2026-04-24T03:00:00Z', '2026-04-27T22:30:00Z'],
    // apac: Mon 2026-03-02 08:30 NZDT exactly: 48 h = 5 x 8.5 h (to Fri 17:00) + 5.5 h from Mon 03-09 08:30.
    ['apac', 'low', '2026-03-01T19:30:00Z', '2026-03-09T01:00:00Z'],
    // emea: Thu 2026-12-24 16:00 GMT: 1 h; 25, 26, 27 closed, Mon 28 substitute; Tue 29 08:30 + 3 h.
    ['emea', 'urgent', '2026-12-24T16:00:00Z', '2026-12-29T11:30:00Z'],
    // emea: Fri 2027-12-24 12:00 GMT: 5 h; Mon 27 and Tue 28 substitutes; Wed 29 08:30 + 3 h.
    ['emea', 'high', '2027-12-24T12:00:00Z', '2027-12-29T11:30:00Z'],
    // emea: Wed 2026-12-30 08:30: 8.5 + 8.5 h; Fri 2027-01-01 holiday; Mon 01-04 08:30 + 7 h = 15:30.
    ['emea', 'normal', '2026-12-30T08:30:00Z', '2027-01-04T15:30:00Z'],
    // emea on BST: Mon 2026-06-01 08:30 BST (07:30Z) + 4 h = 12:30 BST.
    ['emea', 'urgent', '2026-06-01T07:30:00Z', '2026-06-01T11:30:00Z'],
    // americas, PST: Fri 2026-03-06 06:00 PST (14:00Z): Friday's 06:00-10:00 is exactly 4 h -> 10:00 PST.
    ['americas', 'urgent', '2026-03-06T14:00:00Z', '2026-03-06T18:00:00Z'],
    // americas, PST: Thu 2026-03-05 10:00 PST: 11:30-18:00 (6.5 h), Fri 06:00 + 1.5 h = 07:30 PST.
    ['americas', 'high', '2026-03-05T18:00:00Z', '2026-03-06T15:30:00Z'],
    // americas across 2026-03-08: Fri 10:00 PST (closed); Mon 03-09 PDT 06-10 + 13:30-18 = 8.5, Tue 8.5,
    // Wed 06-10 (21 h), 13:30 + 3 h = 16:30 PDT = 23:30Z.
    ['americas', 'normal', '2026-03-06T18:00:00Z', '2026-03-11T23:30:00Z'],
    // americas across 2026-11-01: Thu 10-29 13:30 PDT: 4.5 h, Fri 4 h (8.5); Mon 11-02 PST 06-10 (12.5),
    // 11:30-18:00 (19); Tue 06-10 (23), 11:30 + 1 h = 12:30 PST = 20:30Z.
    ['americas', 'normal', '2026-10-29T20:30:00Z', '2026-11-03T20:30:00Z'],
  ])('%s %s created %s -> firstResponse %s', (r, priority, created, expected) => {
    expect(due('harmoni', priority, created, region(r))).toEqual({
      firstResponse: expected,
      escalation: null,
      resolution: null,
    });
  });

  it('americas: 11:30-13:30 is open on standard time only, judged per occurrence', () => {
    // Mon 2026-03-09 12:00-13:00 PDT (19:00Z-20:00Z): daylight time, the 13:30 window applies -> 0 open.
    expect(elapsed('harmoni-americas', '2026-03-09T19:00:00Z', '2026-03-09T20:00:00Z')).toBe(0);
    // Thu 2026-03-05 12:00-13:00 PST (20:00Z-21:00Z): standard time, the 11:30 window applies -> 60.
    expect(elapsed('harmoni-americas', '2026-03-05T20:00:00Z', '2026-03-05T21:00:00Z')).toBe(60);
    // Mon 2026-11-02 11:30-12:30 PST (19:30Z-20:30Z) -> 60; Thu 2026-10-29 same wall time PDT (18:30Z) -> 0.
    expect(elapsed('harmoni-americas', '2026-11-02T19:30:00Z', '2026-11-02T20:30:00Z')).toBe(60);
    expect(elapsed('harmoni-americas', '2026-10-29T18:30:00Z', '2026-10-29T19:30:00Z')).toBe(0);
    // Fri 2026-03-06 (PST): only 06:00-10:00, nothing in the afternoon.
    expect(elapsed('harmoni-americas', '2026-03-06T19:00:00Z', '2026-03-07T02:00:00Z')).toBe(0);
  });
});

describe('fenorri', () => {
  const tz = (zone: string) => ['--timezone', zone];
  it('high runs on always: 4 h / 8 h / 48 h from a Saturday', () => {
    expect(due('fenorri', 'high', '2026-03-07T10:00:00Z', tz('Europe/Paris'))).toEqual({
      firstResponse: '2026-03-07T14:00:00Z',
      escalation: '2026-03-07T18:00:00Z',
      resolution: '2026-03-09T10:00:00Z',
    });
  });

  it('medium in Pacific/Auckland: Monday 00:00 NZDT is Sunday 11:00Z; 120 h ends exactly at Friday 24:00', () => {
    // Sat 2026-03-07 12:00Z = Sun 01:00 NZDT (closed); opens Mon 03-09 00:00 NZDT = 2026-03-08T11:00Z.
    // 8 h -> 19:00Z; 48 h -> 2026-03-10T11:00Z; 120 h = five whole days -> Sat 00:00 NZDT = 2026-03-13T11:00Z.
    expect(due('fenorri', 'medium', '2026-03-07T12:00:00Z', tz('Pacific/Auckland'))).toEqual({
      firstResponse: '2026-03-08T19:00:00Z',
      escalation: '2026-03-10T11:00:00Z',
      resolution: '2026-03-13T11:00:00Z',
    });
  });

  it('medium in Pacific/Kiritimati (+14): Monday 00:00 local is Sunday 10:00Z', () => {
    // Sun 2026-03-08 09:59:59Z = Sun 23:59:59 local (closed) -> clock starts 10:00Z; 8 h -> 18:00Z.
    expect(due('fenorri', 'medium', '2026-03-08T09:59:59Z', tz('Pacific/Kiritimati')).firstResponse).toBe(
      '2026-03-08T18:00:00Z',
    );
    expect(due('fenorri', 'medium', '2026-03-08T10:00:00Z', tz('Pacific/Kiritimati')).firstResponse).toBe(
      '2026-03-08T18:00:00Z',
    );
    // Fri 2026-03-13 24:00 local = 2026-03-13T10:00Z: the week's last open second is 09:59:59Z.
    expect(
      elapsed('fenorri-24x5', '2026-03-13T09:00:00Z', '2026-03-13T11:00:00Z', tz('Pacific/Kiritimati')),
    ).toBe(60);
  });

  it('low in America/Los_Angeles across the spring-forward weekend', () => {
    // Fri 2026-03-06 20:00 PST (03-07 04:00Z): 4 h to Sat 00:00 PST (08:00Z). Mon 03-09 00:00 PDT = 07:00Z.
    // fr 24 h: 4 + 20 -> Mon 20:00 PDT = 2026-03-10T03:00Z. esc 168 h: 4 + 120 (Mon-Fri) + 44 -> Tue 03-17
    // 20:00 PDT = 2026-03-18T03:00Z. Release: threshold 2026-03-14T04:00Z; March's (03-03) is before it, April's
    // first Tuesday is 04-07 -> 2026-04-07T12:00Z.
    expect(due('fenorri', 'low', '2026-03-07T04:00:00Z', tz('America/Los_Angeles'))).toEqual({
      firstResponse: '2026-03-10T03:00:00Z',
      escalation: '2026-03-18T03:00:00Z',
      resolution: '2026-04-07T12:00:00Z',
    });
  });

  it('medium in Asia/Kolkata: Friday 23:30 IST leaves 30 min, Monday 00:00 IST is Sunday 18:30Z', () => {
    // 2026-03-06T18:00Z = Fri 23:30 IST: 30 min; + 7.5 h from 2026-03-08T18:30Z -> 2026-03-09T02:00Z.
    expect(due('fenorri', 'medium', '2026-03-06T18:00:00Z', tz('Asia/Kolkata')).firstResponse).toBe(
      '2026-03-09T02:00:00Z',
    );
  });

  it.each([
    // Exactly 7 days before the first Tuesday of April 2026 (04-07 12:00Z): that release counts.
    ['2026-03-31T12:00:00Z', '2026-04-07T12:00:00Z'],
    // 1 s later: April's is 6d23h59m59s away, too soon -> first Tuesday of May, 05-05.
    ['2026-03-31T12:00:01Z', '2026-05-05T12:00:00Z'],
    // December -> January: 2027-01-05 is January's first Tuesday, exactly 7 days after 2026-12-29 12:00Z.
    ['2026-12-29T12:00:00Z', '2027-01-05T12:00:00Z'],
    // 1 s later -> February 2027's first Tuesday, 02-02.
    ['2026-12-29T12:00:01Z', '2027-02-02T12:00:00Z'],
    // On a release day itself (Tue 2026-12-01 12:00Z): that one is too soon, next is 2027-01-05.
    ['2026-12-01T12:00:00Z', '2027-01-05T12:00:00Z'],
    // Offset other than Z: 2026-03-31 17:45+05:45 is 12:00Z, the inclusive boundary again.
    ['2026-03-31T17:45:00+05:45', '2026-04-07T12:00:00Z'],
  ])('low created %s -> resolution %s (next monthly release)', (created, expected) => {
    expect(due('fenorri', 'low', created, tz('UTC')).resolution).toBe(expected);
  });
});

describe('section 2: add and elapsed', () => {
  it('budget 0 is due at start (open or closed); elapsed over an empty span is 0', () => {
    expect(add('us-central-business', '2026-03-02T14:00:00Z', '0')).toBe('2026-03-02T14:00:00Z');
    // Saturday: still the start itself, not the next opening.
    expect(add('us-central-business', '2026-03-07T12:00:00Z', '0')).toBe('2026-03-07T12:00:00Z');
    expect(elapsed('us-central-business', '2026-03-02T15:00:00Z', '2026-03-02T15:00:00Z')).toBe(0);
  });

  it('fractional minutes', () => {
    // 1.5 min on always: +90 s.
    expect(add('always', '2026-03-02T10:00:00Z', '1.5')).toBe('2026-03-02T10:01:30Z');
    // 0.25 min = 15 s, from 16:59:50 CST: 10 s Monday, 5 s Tuesday -> 08:00:05 CST = 14:00:05Z.
    expect(add('us-central-business', '2026-03-02T22:59:50Z', '0.25')).toBe('2026-03-03T14:00:05Z');
    // elapsed of 90 s is 1.5.
    expect(elapsed('always', '2026-03-02T10:00:00Z', '2026-03-02T10:01:30Z')).toBe(1.5);
  });

  it('a start while closed begins at the next opening', () => {
    // Sat 2026-03-07 in Rome: Mon 03-09 09:00 CET + 60 min = 10:00 CET = 09:00Z.
    expect(add('interzen-working', '2026-03-07T12:00:00Z', '60')).toBe('2026-03-09T09:00:00Z');
  });

  it('elapsed is the inverse of add on every built-in calendar', () => {
    const starts = ['2026-03-06T21:15:00Z', '2026-10-30T07:00:00Z', '2026-12-23T16:59:59Z'];
    for (const calendar of [
      'always',
      'us-central-business',
      'managry-business',
      'interzen-working',
      'harmoni-apac',
      'harmoni-emea',
      'harmoni-americas',
    ]) {
      for (const start of starts) {
        for (const minutes of [1, 59, 540, 2400, 12345]) {
          const end = add(calendar, start, String(minutes));
          expect(elapsed(calendar, start, end)).toBe(minutes);
        }
      }
    }
  });

  it('fenorri-24x5 via --timezone for add and elapsed', () => {
    // Fri 2026-03-06 20:00 PST + 300 min: 4 h Friday, then Mon 00:00 PDT (07:00Z) + 60 min.
    expect(add('fenorri-24x5', '2026-03-07T04:00:00Z', '300', ['--timezone', 'America/Los_Angeles'])).toBe(
      '2026-03-09T08:00:00Z',
    );
    expect(
      elapsed('fenorri-24x5', '2026-03-07T04:00:00Z', '2026-03-09T08:00:00Z', [
        '--timezone',
        'America/Los_Angeles',
      ]),
    ).toBe(300);
  });
});

describe('section 2: instants are stored to the second (fractional-second inputs)', () => {
  // Regression: the command kept input milliseconds, so elapsed(s, add(s, n)) missed n by the fraction and the
  // Fenorri release rule disagreed with the printed createdAt. Inputs are now taken to the second.
  it('elapsed is the inverse of add for a start with a fraction of a second', () => {
    // 2026-03-02T15:00:00.500Z on always + 60 min -> 16:00:00Z; elapsed from the same start is 60, not 59.99.
    const start = '2026-03-02T15:00:00.500Z';
    expect(add('always', start, '60')).toBe('2026-03-02T16:00:00Z');
    expect(elapsed('always', start, '2026-03-02T16:00:00Z')).toBe(60);
    // Chicago 16:59:59.999 CST (Mon) + 1 min: 1 s Monday (from 16:59:59), 59 s Tuesday -> 08:00:59 CST.
    expect(add('us-central-business', '2026-03-02T22:59:59.999Z', '1')).toBe('2026-03-03T14:00:59Z');
    expect(elapsed('us-central-business', '2026-03-02T22:59:59.999Z', '2026-03-03T14:00:59Z')).toBe(1);
  });

  it('elapsed in minutes of whole seconds: 10:00:00.5 to 10:00:30 is 30 s = 0.5', () => {
    expect(elapsed('always', '2026-03-02T10:00:00.5Z', '2026-03-02T10:00:30Z')).toBe(0.5);
  });

  it('the Fenorri release is judged from createdAt as printed (to the second)', () => {
    // createdAt 2026-03-31T12:00:00.999Z is stored and shown as 12:00:00Z: the release of 04-07 12:00Z is
    // exactly 7 days later and counts.
    const out = ok([
      'due',
      '--policy',
      'fenorri',
      '--priority',
      'low',
      '--created',
      '2026-03-31T12:00:00.999Z',
      '--timezone',
      'UTC',
    ]);
    expect(out.createdAt).toBe('2026-03-31T12:00:00Z');
    expect((out.milestones as Json).resolution).toBe('2026-04-07T12:00:00Z');
  });

  it('end before start is still judged on the instants as given', () => {
    expect(
      bad([
        'elapsed',
        '--calendar',
        'always',
        '--start',
        '2026-03-02T10:00:00.5Z',
        '--end',
        '2026-03-02T10:00:00.2Z',
      ]),
    ).toMatch(/before/);
  });

  it('minutes as .5 or 1e2; results or inputs beyond what can be printed are exit 2, not an internal error', () => {
    expect(add('always', '2026-03-02T14:00:00Z', '.5')).toBe('2026-03-02T14:00:30Z');
    expect(add('always', '2026-03-02T14:00:00Z', '1e2')).toBe('2026-03-02T15:40:00Z');
    bad([
      'add',
      '--calendar',
      'always',
      '--start',
      '2026-03-02T14:00:00Z',
      '--minutes',
      '99999999999999999999',
    ]);
    bad(['add', '--calendar', 'always', '--start', '9999-12-31T23:00:00Z', '--minutes', '120']);
    bad(['add', '--calendar', 'harmoni-emea', '--start', '0001-01-01T00:00:00Z', '--minutes', '60']);
  });
});

describe('section 1: local times in the DST gap and overlap (custom calendars, the engine)', () => {
  const on = (start: string, end: string, zone: string) =>
    compileCalendar({ id: 'custom', hoursPerDay: 1, windows: [{ days: ['sun'], start, end, zone }] });

  it('a window starting inside the spring-forward gap moves forward by the gap length', () => {
    // New York 2026-03-08: 02:00 EST -> 03:00 EDT. 02:30 does not exist -> 03:30 EDT = 07:30Z; end 04:00 EDT.
    const cal = on('02:30', '04:00', 'America/New_York');
    const sunday = parseInstant('2026-03-08T00:00:00Z');
    expect(new Date(cal.nextOpen(sunday)).toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(cal.businessMsBetween(sunday, parseInstant('2026-03-09T00:00:00Z'))).toBe(30 * 60_000);
  });

  it('a window starting at an ambiguous fall-back time takes the earlier offset', () => {
    // New York 2026-11-01: 02:00 EDT -> 01:00 EST. 01:30 is first 01:30 EDT (-4) = 05:30Z; end 03:00 EST = 08:00Z.
    const cal = on('01:30', '03:00', 'America/New_York');
    const sunday = parseInstant('2026-11-01T00:00:00Z');
    expect(new Date(cal.nextOpen(sunday)).toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(cal.businessMsBetween(sunday, parseInstant('2026-11-02T00:00:00Z'))).toBe(150 * 60_000);
  });
});

describe('section 1: custom calendar shapes (engine)', () => {
  const ms = (iso: string) => parseInstant(iso);
  const minutes = (cal: { businessMsBetween(a: number, b: number): number }, a: string, b: string) =>
    cal.businessMsBetween(ms(a), ms(b)) / 60_000;

  it('onlyWhen is judged at the start of each occurrence, even when it ends after a transition', () => {
    const night = (onlyWhen: 'daylight' | 'standard') =>
      compileCalendar({
        id: 'night',
        hoursPerDay: 8,
        windows: [{ days: ['sat'], start: '22:00', end: '06:00', zone: 'America/Los_Angeles', onlyWhen }],
      });
    // Sat 2026-03-07 22:00 PST (03-08 06:00Z) to Sun 06:00 PDT (13:00Z): 7 h, starts on standard time.
    expect(minutes(night('standard'), '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(420);
    expect(minutes(night('daylight'), '2026-03-07T00:00:00Z', '2026-03-09T00:00:00Z')).toBe(0);
    // Sat 2026-10-31 22:00 PDT (11-01 05:00Z) to Sun 06:00 PST (14:00Z): 9 h, starts on daylight time.
    expect(minutes(night('daylight'), '2026-10-31T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(540);
    expect(minutes(night('standard'), '2026-10-31T00:00:00Z', '2026-11-02T00:00:00Z')).toBe(0);
  });

  it('a holiday removes the window starting on it, not the one running into it', () => {
    // Mon-Fri 22:00-06:00 London, England holidays. Thu 12-24 22:00 -> Fri 06:00 is open (starts Thursday);
    // Fri 12-25 and Mon 12-28 (Boxing Day substitute) occurrences are removed; Tue 12-29 is open: 8 + 8 h.
    const cal = compileCalendar({
      id: 'nights',
      hoursPerDay: 8,
      windows: [
        { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '22:00', end: '06:00', zone: 'Europe/London' },
      ],
      holidays: [{ country: 'GB', region: 'ENG' }],
    });
    expect(minutes(cal, '2026-12-24T06:00:00Z', '2026-12-30T12:00:00Z')).toBe(960);
  });

  it('follow-the-sun: windows in different zones form one union', () => {
    // Mon 2026-03-02, 09:00-17:00 in Tokyo (00-08Z), London (09-17Z) and New York EST (14-22Z):
    // open 00-08Z and 09-22Z = 21 h of the UTC day.
    const cal = compileCalendar({
      id: 'sun',
      hoursPerDay: 8,
      windows: ['Asia/Tokyo', 'Europe/London', 'America/New_York'].map((zone) => ({
        days: ['mon', 'tue', 'wed', 'thu', 'fri'] as Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri'>,
        start: '09:00',
        end: '17:00',
        zone,
      })),
    });
    expect(minutes(cal, '2026-03-02T00:00:00Z', '2026-03-03T00:00:00Z')).toBe(21 * 60);
    // From 07:00Z, 120 min: 1 h to 08:00Z, closed until London's 09:00Z, then 1 h -> 10:00Z.
    expect(new Date(cal.addBusinessMs(ms('2026-03-02T07:00:00Z'), 120 * 60_000)).toISOString()).toBe(
      '2026-03-02T10:00:00.000Z',
    );
  });
});

describe('section 5: errors are one stderr line and exit code 2', () => {
  it.each([
    [['due', '--policy', 'nope', '--priority', 'high', '--created', '2026-03-02T10:00:00Z'], /policy/],
    [
      ['due', '--policy', 'interzen', '--priority', 'urgent', '--created', '2026-03-02T10:00:00Z'],
      /priority/,
    ],
    [
      [
        'due',
        '--policy',
        'managry',
        '--priority',
        'high',
        '--plan',
        'gold',
        '--created',
        '2026-03-02T10:00:00Z',
      ],
      /plan/,
    ],
    [['due', '--policy', 'managry', '--priority', 'high', '--created', '2026-03-02T10:00:00Z'], /plan/],
    [
      [
        'due',
        '--policy',
        'harmoni',
        '--priority',
        'high',
        '--region',
        'mars',
        '--created',
        '2026-03-02T10:00:00Z',
      ],
      /region/,
    ],
    [['due', '--policy', 'harmoni', '--priority', 'high', '--created', '2026-03-02T10:00:00Z'], /region/],
    [['due', '--policy', 'fenorri', '--priority', 'high', '--created', '2026-03-02T10:00:00Z'], /time ?zone/],
    [
      [
        'due',
        '--policy',
        'fenorri',
        '--priority',
        'high',
        '--timezone',
        'Mars/Base',
        '--created',
        '2026-03-02T10:00:00Z',
      ],
      /time ?zone/,
    ],
    [
      ['due', '--policy', 'standard-support', '--priority', 'high', '--created', '2026-03-02T10:00:00'],
      /created/,
    ],
    [
      ['due', '--policy', 'standard-support', '--priority', 'high', '--created', '2026-02-30T10:00:00Z'],
      /created/,
    ],
    [['due', '--policy', 'standard-support', '--priority', 'high'], /created/],
    [['add', '--calendar', 'nope', '--start', '2026-03-02T10:00:00Z', '--minutes', '5'], /calendar/],
    [
      ['add', '--calendar', 'fenorri-24x5', '--start', '2026-03-02T10:00:00Z', '--minutes', '5'],
      /time ?zone/,
    ],
    [['add', '--calendar', 'always', '--start', '2026-03-02T10:00:00Z', '--minutes', '-5'], /minutes/],
    [['add', '--calendar', 'always', '--start', 'yesterday', '--minutes', '5'], /start/],
    [['add', '--calendar', 'always', '--start', '2026-03-02T10:00:00Z'], /minutes/],
    [
      ['elapsed', '--calendar', 'always', '--start', '2026-03-02T10:00:00Z', '--end', '2026-03-02T09:59:59Z'],
      /end/,
    ],
    [['elapsed', '--calendar', 'always', '--start', '2026-03-02T10:00:00Z'], /end/],
  ])('%j', (argv, names) => {
    expect(bad(argv)).toMatch(names);
  });
});

describe('sla policies', () => {
  it('lists every preset with its priorities and every built-in calendar', () => {
    const out = ok(['policies']) as {
      policies: Array<{ id: string; priorities: string[] }>;
      calendars: Array<{ id: string }>;
    };
    const byId = Object.fromEntries(out.policies.map((p) => [p.id, p.priorities]));
    expect(byId).toEqual({
      fenorri: ['high', 'medium', 'low'],
      'standard-support': ['high', 'medium', 'low'],
      'enterprise-support': ['high', 'medium', 'low'],
      managry: ['critical', 'high', 'medium', 'low'],
      interzen: ['blocking', 'high', 'medium', 'low'],
      harmoni: ['urgent', 'high', 'normal', 'low'],
    });
    expect(out.calendars.map((c) => c.id).sort()).toEqual(
      [
        'always',
        'fenorri-24x5',
        'us-central-business',
        'managry-business',
        'interzen-working',
        'harmoni-apac',
        'harmoni-emea',
        'harmoni-americas',
      ].sort(),
    );
  });
});
