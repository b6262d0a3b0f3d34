import { describe, expect, it } from 'vitest';
import { formatInstant, parseInstant } from '../../../shared/sla/instant.js';
import { dueForNewTicket } from '../../../shared/sla/new-ticket-due.js';
import { resolvePolicy } from '../../../shared/sla/policy.js';
import { getPreset, listPresets, PRESET_IDS } from '../../../shared/sla/presets/index.js';
import type { SlaSubject } from '../../../shared/sla/types.js';

interface Case {
  what: string;
  subject: SlaSubject;
  priority: string;
  created: string;
  firstResponse: string | null;
  escalation?: string | null;
  resolution?: string | null;
}

function check(c: Case): void {
  const due = dueForNewTicket(c.subject, c.priority, parseInstant(c.created));
  const iso = (t: number | null) => (t === null ? null : formatInstant(t));
  expect({
    firstResponse: iso(due.firstResponse),
    escalation: iso(due.escalation),
    resolution: iso(due.resolution),
  }).toEqual({
    firstResponse: c.firstResponse,
    escalation: c.escalation ?? null,
    resolution: c.resolution ?? null,
  });
}

describe('the preset list (spec section 6)', () => {
  it('has the six contract ids with their priorities', () => {
    expect(PRESET_IDS).toEqual([
      'fenorri',
      'standard-support',
      'enterprise-support',
      'managry',
      'interzen',
      'harmoni',
    ]);
    const priorities = Object.fromEntries(listPresets().map((p) => [p.id, p.priorities]));
    expect(priorities).toEqual({
      fenorri: ['high', 'medium', 'low'],
      'standard-support': ['high', 'medium', 'low'],
      'enterprise-support': ['high', 'medium', 'low'],
      managry: ['critical', 'high', 'medium', 'low'],
      interzen: ['blocking', 'high', 'medium', 'low'],
      harmoni: ['urgent', 'high', 'normal', 'low'],
    });
    expect(Object.keys(getPreset('managry')?.plans ?? {})).toEqual(['standard', 'premier']);
    expect(getPreset('harmoni')?.regions).toEqual({
      apac: { calendar: 'harmoni-apac' },
      emea: { calendar: 'harmoni-emea' },
      americas: { calendar: 'harmoni-americas' },
    });
  });

  it('gives every timed milestone of every preset the product-default 75% reminder', () => {
    for (const preset of listPresets()) expect(preset.reminders).toEqual([0.75]);
  });
});

describe('fenorri (seed 000)', () => {
  const paris = { policyId: 'fenorri', timezone: 'Europe/Paris' };
  const cases: Case[] = [
    {
      // high runs on `always`: Saturday counts. 10:00Z + 4h / 8h / 48h.
      what: 'high on a Saturday (24x7)',
      subject: paris,
      priority: 'high',
      created: '2026-03-07T10:00:00Z',
      firstResponse: '2026-03-07T14:00:00Z',
      escalation: '2026-03-07T18:00:00Z',
      resolution: '2026-03-09T10:00:00Z',
    },
    {
      // Friday 20:00 CET: 4 h left of Friday (to 24:00), weekend closed, Monday from 00:00.
      // 8h: 4 + Mon 00:00-04:00 -> Mon 04:00 CET = 03:00Z. 48h: 4 + Mon 24 + Tue 20 -> Tue 20:00 CET.
      // 120h: 4 + Mon..Thu 96 + Fri 20 -> Fri 13 March 20:00 CET = 19:00Z.
      what: 'medium on Friday evening in Paris',
      subject: paris,
      priority: 'medium',
      created: '2026-03-06T20:00:00+01:00',
      firstResponse: '2026-03-09T03:00:00Z',
      escalation: '2026-03-10T19:00:00Z',
      resolution: '2026-03-13T19:00:00Z',
    },
    {
      // Saturday 10:00 EST; the US switches to EDT on Sunday 8 March, so Monday 00:00 EDT = 04:00Z; + 8h.
      what: 'medium on a Saturday in New York across the US DST switch',
      subject: { policyId: 'fenorri', timezone: 'America/New_York' },
      priority: 'medium',
      created: '2026-03-07T15:00:00Z',
      firstResponse: '2026-03-09T12:00:00Z',
      escalation: '2026-03-11T04:00:00Z',
      resolution: '2026-03-14T04:00:00Z',
    },
    {
      // Wednesday 12:00 in Tallinn (EET): 24h -> Thursday 12:00 = 10:00Z. 168h = 7 days of the 24x5 week:
      // Wed 12 + Thu 24 + Fri 24 = 60, Mon..Thu 96 -> 156, + Fri 12 -> Friday 13 March 12:00 EET = 10:00Z.
      // Release: created + 7 days = 11 March; the first Tuesday of March (3rd) is before it -> 7 April 12:00Z.
      what: 'low in Tallinn',
      subject: { policyId: 'fenorri', timezone: 'Europe/Tallinn' },
      priority: 'low',
      created: '2026-03-04T10:00:00Z',
      firstResponse: '2026-03-05T10:00:00Z',
      escalation: '2026-03-13T10:00:00Z',
      resolution: '2026-04-07T12:00:00Z',
    },
    {
      // Wednesday 19:00 JST: 24h -> Thursday 19:00 JST = 10:00Z; the release does not depend on the zone.
      what: 'low in Tokyo',
      subject: { policyId: 'fenorri', timezone: 'Asia/Tokyo' },
      priority: 'low',
      created: '2026-03-04T10:00:00Z',
      firstResponse: '2026-03-05T10:00:00Z',
      escalation: '2026-03-13T10:00:00Z',
      resolution: '2026-04-07T12:00:00Z',
    },
    {
      // Friday 23:00 in Auckland (NZDT, +13) = 10:00Z Friday: 1 h left of Friday, then Monday 00:00 NZDT
      // (Sunday 11:00Z) + 23 h -> Monday 23:00 NZDT = 10:00Z Monday.
      what: 'low late on Friday in Auckland',
      subject: { policyId: 'fenorri', timezone: 'Pacific/Auckland' },
      priority: 'low',
      created: '2026-03-06T10:00:00Z',
      firstResponse: '2026-03-09T10:00:00Z',
      escalation: '2026-03-17T10:00:00Z',
      resolution: '2026-04-07T12:00:00Z',
    },
  ];
  for (const c of cases) it(c.what, () => check(c));
});

describe('standard-support and enterprise-support (seed 001)', () => {
  const standard = { policyId: 'standard-support' };
  const enterprise = { policyId: 'enterprise-support' };
  const cases: Case[] = [
    {
      // Monday 10:00 CST: 7 h to 17:00, then Tuesday 08:00-10:00.
      what: 'standard inside hours',
      subject: standard,
      priority: 'high',
      created: '2026-03-02T16:00:00Z',
      firstResponse: '2026-03-03T16:00:00Z',
    },
    {
      // Exactly at 08:00 CST opening: 9 h runs out at 17:00 the same day (the window's end, not next morning).
      what: 'standard exactly at opening, due exactly at closing',
      subject: standard,
      priority: 'low',
      created: '2026-03-03T14:00:00Z',
      firstResponse: '2026-03-03T23:00:00Z',
    },
    {
      // Friday 17:00 CST is closed; Monday 9 March is on CDT (-5): 08:00-17:00 CDT -> 22:00Z.
      what: 'standard Friday at closing, across the US DST switch',
      subject: standard,
      priority: 'medium',
      created: '2026-03-06T23:00:00Z',
      firstResponse: '2026-03-09T22:00:00Z',
    },
    {
      // Wednesday 25 Nov 12:00 CST: 5 h, Thanksgiving (26th) closed, Friday 08:00-12:00 CST = 18:00Z.
      what: 'standard over Thanksgiving',
      subject: standard,
      priority: 'high',
      created: '2026-11-25T18:00:00Z',
      firstResponse: '2026-11-27T18:00:00Z',
    },
    {
      // Thursday 24 Dec 16:00 CST: 1 h, Christmas (Friday) closed, Monday 28th 08:00-16:00 CST = 22:00Z.
      what: 'standard over Christmas',
      subject: standard,
      priority: 'high',
      created: '2026-12-24T22:00:00Z',
      firstResponse: '2026-12-28T22:00:00Z',
    },
    {
      // 24x7 30 minutes, fractional seconds floored at the end.
      what: 'enterprise at any hour',
      subject: enterprise,
      priority: 'low',
      created: '2026-03-07T23:50:00.999Z',
      firstResponse: '2026-03-08T00:20:00Z',
    },
    {
      what: 'enterprise on Christmas Day (holidays included)',
      subject: enterprise,
      priority: 'high',
      created: '2026-12-25T12:00:00Z',
      firstResponse: '2026-12-25T12:30:00Z',
    },
  ];
  for (const c of cases) it(c.what, () => check(c));

  it('enterprise has the three seed escalation levels, requested by the customer', () => {
    const policy = resolvePolicy(enterprise);
    expect(policy.escalationLevels.map((l) => [l.level, l.name])).toEqual([
      [1, 'Support team lead'],
      [2, 'Department manager'],
      [3, 'Executive management'],
    ]);
    expect(policy.customerMayRequestEscalation).toBe(true);
    expect(resolvePolicy(standard).customerMayRequestEscalation).toBe(false);
  });
});

describe('managry (seed 002)', () => {
  const standard = { policyId: 'managry', plan: 'standard' };
  const premier = { policyId: 'managry', plan: 'premier' };
  const cases: Case[] = [
    {
      // Monday 16:30 CET: 30 min to 17:00, Tuesday 08:00-08:30 CET = 07:30Z.
      what: 'standard critical near closing',
      subject: standard,
      priority: 'critical',
      created: '2026-03-02T15:30:00Z',
      firstResponse: '2026-03-03T07:30:00Z',
    },
    {
      what: 'standard medium and low have no targets',
      subject: standard,
      priority: 'medium',
      created: '2026-03-02T15:30:00Z',
      firstResponse: null,
    },
    {
      // Thursday 2 April 15:00 CEST: 2 h; Good Friday (3rd) and Easter Monday (6th) are Czech holidays;
      // Tuesday 7th 08:00-10:00 CEST = 08:00Z.
      what: 'standard high over Easter',
      subject: standard,
      priority: 'high',
      created: '2026-04-02T13:00:00Z',
      firstResponse: '2026-04-07T08:00:00Z',
    },
    {
      // Wednesday 20:00 in Prague is outside business hours: the 8 calendar hour alternative -> 04:00 CET.
      what: 'premier critical at 20:00 Prague: 8 calendar hours',
      subject: premier,
      priority: 'critical',
      created: '2026-03-04T20:00:00+01:00',
      firstResponse: '2026-03-05T03:00:00Z',
    },
    {
      // Exactly 08:00 CET is open: 1 business hour -> 09:00 CET.
      what: 'premier critical exactly at opening: 1 business hour',
      subject: premier,
      priority: 'critical',
      created: '2026-03-05T07:00:00Z',
      firstResponse: '2026-03-05T08:00:00Z',
    },
    {
      // Exactly 17:00 CET is closed: 8 calendar hours -> 01:00 CET.
      what: 'premier critical exactly at closing: 8 calendar hours',
      subject: premier,
      priority: 'critical',
      created: '2026-03-05T16:00:00Z',
      firstResponse: '2026-03-06T00:00:00Z',
    },
    {
      // Saturday is closed: 8 calendar hours.
      what: 'premier high on a Saturday',
      subject: premier,
      priority: 'high',
      created: '2026-03-07T09:00:00Z',
      firstResponse: '2026-03-07T17:00:00Z',
    },
    {
      // Monday 16 Nov 12:00 CET: 5 h; 17 November (Tuesday) is a Czech holiday; Wednesday 08:00-12:00 CET.
      what: 'premier medium (1 business day = 9 h) over 17 November',
      subject: premier,
      priority: 'medium',
      created: '2026-11-16T11:00:00Z',
      firstResponse: '2026-11-18T11:00:00Z',
    },
    {
      // Friday 27 March 08:00 CET: 9 h; the EU switch to CEST on the 29th; Monday 08:00-17:00 CEST = 15:00Z.
      what: 'premier low (2 business days) across the EU DST switch',
      subject: premier,
      priority: 'low',
      created: '2026-03-27T07:00:00Z',
      firstResponse: '2026-03-30T15:00:00Z',
    },
  ];
  for (const c of cases) it(c.what, () => check(c));

  it('premier critical and high update targets carry the 8 calendar hour alternative too', () => {
    const policy = resolvePolicy(premier);
    for (const priority of ['critical', 'high']) {
      expect(policy.targetFor('update', priority)?.outsideHours).toEqual({
        amount: 8,
        unit: 'hours',
        clock: 'calendar',
      });
    }
    expect(policy.targetFor('update', 'medium')).toBeNull();
    expect(resolvePolicy(standard).targetFor('update', 'high')?.duration).toEqual({
      amount: 1,
      unit: 'businessDays',
      clock: 'business',
    });
  });
});

describe('interzen (seed 003)', () => {
  const interzen = { policyId: 'interzen' };
  const cases: Case[] = [
    {
      // Monday 12:00 CET: 1 h to 13:00, lunch gap 13:00-14:30, then 3 h -> 17:30 CET = 16:30Z.
      // Resolution 2 days = 16 h: Mon 1 + 4 = 5, Tue 8 -> 13, Wed 3 -> Wed 12:00 CET = 11:00Z.
      what: 'high across the lunch gap',
      subject: interzen,
      priority: 'high',
      created: '2026-03-02T11:00:00Z',
      firstResponse: '2026-03-02T16:30:00Z',
      resolution: '2026-03-04T11:00:00Z',
    },
    {
      // Created 12:00 CET, 1 h runs out exactly at 13:00 (the window's end), not at 14:30.
      what: 'blocking due exactly at the start of lunch',
      subject: interzen,
      priority: 'blocking',
      created: '2026-03-02T11:00:00Z',
      firstResponse: '2026-03-02T12:00:00Z',
      resolution: '2026-03-03T11:00:00Z',
    },
    {
      // Created during lunch (13:30 CET): the clock starts at 14:30 -> 15:30 CET.
      what: 'blocking created during lunch',
      subject: interzen,
      priority: 'blocking',
      created: '2026-03-02T12:30:00Z',
      firstResponse: '2026-03-02T14:30:00Z',
      // 8 h: Monday 14:30-18:30, Tuesday 09:00-13:00 (due at the window's end) = 12:00Z.
      resolution: '2026-03-03T12:00:00Z',
    },
    {
      // Friday 18:30 CET exactly is closed: Monday 09:00-10:00 CET.
      what: 'blocking on Friday at closing',
      subject: interzen,
      priority: 'blocking',
      created: '2026-03-06T17:30:00Z',
      firstResponse: '2026-03-09T09:00:00Z',
      // 8 h = all of Monday: 18:30 CET = 17:30Z.
      resolution: '2026-03-09T17:30:00Z',
    },
    {
      // Monday 09:00 CET: 5 working days of 8 h -> Friday 18:30 CET.
      what: 'medium resolution in 5 working days',
      subject: interzen,
      priority: 'medium',
      created: '2026-03-02T08:00:00Z',
      firstResponse: '2026-03-02T17:30:00Z',
      resolution: '2026-03-06T17:30:00Z',
    },
    {
      // Friday 27 March 14:30 CET: 4 h; Monday 30th is CEST: 09:00-13:00 CEST = 11:00Z.
      what: 'medium across the EU DST switch',
      subject: interzen,
      priority: 'medium',
      created: '2026-03-27T13:30:00Z',
      firstResponse: '2026-03-30T11:00:00Z',
      resolution: '2026-04-03T11:00:00Z',
    },
    {
      // Friday 3 April 09:00 CEST: 8 h; Easter Monday (6th) closed; Tuesday 8 h -> 18:30 CEST = 16:30Z.
      what: 'low over Easter Monday',
      subject: interzen,
      priority: 'low',
      created: '2026-04-03T07:00:00Z',
      firstResponse: '2026-04-07T16:30:00Z',
      resolution: '2026-05-18T16:30:00Z',
    },
    {
      // Thursday 24 Dec 14:30 CET: 4 h; Christmas (Friday) closed; Monday 28th 09:00-13:00 CET = 12:00Z.
      what: 'medium over Christmas',
      subject: interzen,
      priority: 'medium',
      created: '2026-12-24T13:30:00Z',
      firstResponse: '2026-12-28T12:00:00Z',
      resolution: '2027-01-04T12:00:00Z',
    },
  ];
  for (const c of cases) it(c.what, () => check(c));
});

describe('harmoni (seed 004)', () => {
  const emea = { policyId: 'harmoni', region: 'emea' };
  const apac = { policyId: 'harmoni', region: 'apac' };
  const americas = { policyId: 'harmoni', region: 'americas' };
  const cases: Case[] = [
    {
      // Monday 15:00 GMT: 2 h to 17:00, Tuesday 08:30-10:30 GMT.
      what: 'emea urgent',
      subject: emea,
      priority: 'urgent',
      created: '2026-03-02T15:00:00Z',
      firstResponse: '2026-03-03T10:30:00Z',
    },
    {
      // Friday 27 March 08:30 GMT: 8.5 h; Monday (BST) 8.5 h -> 17; Tuesday 7 h -> 15:30 BST = 14:30Z.
      what: 'emea normal across the UK DST switch',
      subject: emea,
      priority: 'normal',
      created: '2026-03-27T08:30:00Z',
      firstResponse: '2026-03-31T14:30:00Z',
    },
    {
      // Thursday 2 April 15:00 BST: 2 h; Good Friday and Easter Monday are bank holidays; Tuesday 08:30-10:30 BST.
      what: 'emea urgent over Easter',
      subject: emea,
      priority: 'urgent',
      created: '2026-04-02T14:00:00Z',
      firstResponse: '2026-04-07T09:30:00Z',
    },
    {
      // Thursday 5 Feb 15:00 NZDT: 2 h; Waitangi Day (Friday 6th) closed; Monday 08:30-10:30 NZDT (+13).
      what: 'apac urgent over Waitangi Day',
      subject: apac,
      priority: 'urgent',
      created: '2026-02-05T02:00:00Z',
      firstResponse: '2026-02-08T21:30:00Z',
    },
    {
      // Good Friday 3 April (closed), weekend with the NZ switch to NZST (+12) on the 5th, Easter Monday closed:
      // Tuesday 7th 08:30-16:30 NZST = 04:30Z.
      what: 'apac high over Easter and the NZ DST switch',
      subject: apac,
      priority: 'high',
      created: '2026-04-03T00:00:00Z',
      firstResponse: '2026-04-07T04:30:00Z',
    },
    {
      // PDT Monday 09:00: 1 h to 10:00, 13:30-16:30 -> 23:30Z.
      what: 'americas urgent on daylight time (13:30 afternoon window)',
      subject: americas,
      priority: 'urgent',
      created: '2026-06-01T16:00:00Z',
      firstResponse: '2026-06-01T23:30:00Z',
    },
    {
      // PST Monday 09:00: 1 h to 10:00, 11:30-14:30 -> 22:30Z.
      what: 'americas urgent on standard time (11:30 afternoon window)',
      subject: americas,
      priority: 'urgent',
      created: '2026-01-05T17:00:00Z',
      firstResponse: '2026-01-05T22:30:00Z',
    },
    {
      // Friday 09:00 PDT: 1 h to 10:00 (Friday has no afternoon), Monday 06:00-09:00 PDT = 16:00Z.
      what: 'americas urgent on a Friday',
      subject: americas,
      priority: 'urgent',
      created: '2026-06-05T16:00:00Z',
      firstResponse: '2026-06-08T16:00:00Z',
    },
    {
      // Friday 6 March 09:00 PST: 1 h; the US switch on the 8th; Monday (PDT) 06:00-10:00 = 5 h,
      // 13:30-16:30 -> 8 h at 16:30 PDT = 23:30Z.
      what: 'americas high across the US DST switch',
      subject: americas,
      priority: 'high',
      created: '2026-03-06T17:00:00Z',
      firstResponse: '2026-03-09T23:30:00Z',
    },
  ];
  for (const c of cases) it(c.what, () => check(c));

  it('normal and low update "on status change": no update target, notifiesOnStatusChange', () => {
    const policy = resolvePolicy(emea);
    expect(policy.targetFor('update', 'normal')).toBeNull();
    expect(policy.targetFor('update', 'low')).toBeNull();
    expect(policy.notifiesOnStatusChange('normal')).toBe(true);
    expect(policy.notifiesOnStatusChange('low')).toBe(true);
    expect(policy.notifiesOnStatusChange('urgent')).toBe(false);
    expect(policy.targetFor('update', 'high')?.duration).toEqual({
      amount: 72,
      unit: 'hours',
      clock: 'business',
    });
  });
});
