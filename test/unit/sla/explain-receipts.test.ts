/**
 * `sla explain` receipts, worked by hand for every preset calendar (spec section 7, issue 12). Each case says
 * in its comment how the answer was reached; the test checks the command's JSON against it: due, every segment
 * and gap, the reasons by name, the DST switch with both offsets, and that the segments add up to the budget.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../shared/cli/sla-cli.js';
import { getCalendar } from '../../../shared/sla/calendars.js';
import { explainBudget } from '../../../shared/sla/explain.js';
import { bad, type Json, ok } from '../../support/cli.js';

interface Seg {
  from: string;
  to: string;
  minutes: number;
  localFrom: string;
  localTo: string;
}
interface GapJson {
  from: string;
  to: string;
  reasons: Array<{ kind: string; date?: string; name?: string }>;
}

const segs = (e: Json) => e.segments as Seg[];
const gaps = (e: Json) => e.gaps as GapJson[];
const spans = (list: Array<{ from: string; to: string }>) => list.map((s) => `${s.from} ${s.to}`);
const total = (e: Json) => segs(e).reduce((sum, s) => sum + s.minutes, 0);

function calendarForm(calendar: string, start: string, minutes: number, extra: string[] = []): Json {
  const e = ok(['explain', '--calendar', calendar, '--start', start, '--minutes', String(minutes), ...extra]);
  expect(total(e)).toBe(minutes);
  // The same derivation as `sla add`.
  const add = ok(['add', '--calendar', calendar, '--start', start, '--minutes', String(minutes), ...extra]);
  expect(e.due).toBe(add.due);
  return e;
}

describe('sla explain --calendar: hand-worked receipts', () => {
  it('interzen-working: the lunch gap (Thu 12:30 Rome, 8 working hours)', () => {
    // 30m to 13:00, lunch 13:00-14:30 closed, 4h 14:30-18:30, night, 3h30 Fri 09:00-12:30 Rome (UTC+2).
    const e = calendarForm('interzen-working', '2026-08-13T10:30:00Z', 480);
    expect(e.due).toBe('2026-08-14T10:30:00Z');
    expect(e.rule).toBe('business');
    expect(spans(segs(e))).toEqual([
      '2026-08-13T10:30:00Z 2026-08-13T11:00:00Z',
      '2026-08-13T12:30:00Z 2026-08-13T16:30:00Z',
      '2026-08-14T07:00:00Z 2026-08-14T10:30:00Z',
    ]);
    expect(segs(e).map((s) => s.minutes)).toEqual([30, 240, 210]);
    expect(segs(e)[1]).toMatchObject({ localFrom: 'Thu 2026-08-13 14:30', localTo: 'Thu 2026-08-13 18:30' });
    expect(gaps(e)).toEqual([
      expect.objectContaining({
        from: '2026-08-13T11:00:00Z',
        to: '2026-08-13T12:30:00Z',
        reasons: [{ kind: 'outside-hours', name: 'outside hours' }],
      }),
      expect.objectContaining({ from: '2026-08-13T16:30:00Z', to: '2026-08-14T07:00:00Z' }),
    ]);
  });

  it('interzen-working: Ferragosto (Fri 2025-08-15) named by date-holidays, with the weekend', () => {
    // Thu 16:30 Rome: 2h to 18:30; Fri 15 Aug is the Assumption (date-holidays' Italian name), then the weekend;
    // 2h on Mon 09:00-11:00 Rome = 07:00-09:00Z.
    const e = calendarForm('interzen-working', '2025-08-14T14:30:00Z', 240);
    expect(e.due).toBe('2025-08-18T09:00:00Z');
    expect(gaps(e)).toHaveLength(1);
    expect(gaps(e)[0]).toMatchObject({ from: '2025-08-14T16:30:00Z', to: '2025-08-18T07:00:00Z' });
    expect(gaps(e)[0]?.reasons).toEqual([
      { kind: 'outside-hours', name: 'weekend' },
      { kind: 'holiday', date: '2025-08-15', name: 'Assunzione di Maria' },
    ]);
  });

  it('harmoni-emea: Christmas Day and Boxing Day 2025 (Thu, Fri)', () => {
    // Wed 24 Dec 15:00 London (UTC): 2h to 17:00; Thu 25, Fri 26 bank holidays, weekend; Mon 29 08:30-10:30.
    const e = calendarForm('harmoni-emea', '2025-12-24T15:00:00Z', 240);
    expect(e.due).toBe('2025-12-29T10:30:00Z');
    expect(gaps(e)[0]?.reasons).toEqual([
      { kind: 'outside-hours', name: 'weekend' },
      { kind: 'holiday', date: '2025-12-25', name: 'Christmas Day' },
      { kind: 'holiday', date: '2025-12-26', name: 'Boxing Day' },
    ]);
  });

  it('harmoni-apac: Waitangi Day (Fri 2026-02-06)', () => {
    // Thu 16:00 Auckland (UTC+13): 1h to 17:00; Fri 6 Feb Waitangi Day, weekend; Mon 9 Feb 08:30-11:30 = Sun 19:30-22:30Z.
    const e = calendarForm('harmoni-apac', '2026-02-05T03:00:00Z', 240);
    expect(e.due).toBe('2026-02-08T22:30:00Z');
    expect(spans(segs(e))).toEqual([
      '2026-02-05T03:00:00Z 2026-02-05T04:00:00Z',
      '2026-02-08T19:30:00Z 2026-02-08T22:30:00Z',
    ]);
    expect(gaps(e)[0]?.reasons).toContainEqual({ kind: 'holiday', date: '2026-02-06', name: 'Waitangi Day' });
  });

  it('us-central-business: the US spring-forward weekend, named with both offsets', () => {
    // Fri 12 Mar 2027 14:00 CST (UTC-6): 3h to 17:00 = 23:00Z; clocks go -06:00 -> -05:00 Sun 14 Mar 08:00Z;
    // Mon 08:00 CDT = 13:00Z, 2h -> 15:00Z.
    const e = calendarForm('us-central-business', '2027-03-12T20:00:00Z', 300);
    expect(e.due).toBe('2027-03-15T15:00:00Z');
    expect(spans(segs(e))).toEqual([
      '2027-03-12T20:00:00Z 2027-03-12T23:00:00Z',
      '2027-03-15T13:00:00Z 2027-03-15T15:00:00Z',
    ]);
    expect(e.dstChanges).toEqual([
      expect.objectContaining({
        zone: 'America/Chicago',
        at: '2027-03-14T08:00:00Z',
        offsetBefore: '-06:00',
        offsetAfter: '-05:00',
      }),
    ]);
  });

  it('harmoni-americas across PDT -> PST: the standard-only window is not in season on daylight time', () => {
    // Thu 29 Oct 2026 09:00 PDT: 1h to 10:00; 10:00-13:30 closed (the 11:30-18:00 window is standard-time only);
    // 13:30-18:00 4h30; Fri 06:00-10:00 4h (9h30); weekend with the switch to PST (-07:00 -> -08:00) on Sun
    // 09:00Z; Mon 2 Nov PST 06:00-10:00 4h (13h30), 10:00-11:30 closed, 11:30-13:00 1h30 -> 21:00Z.
    const e = calendarForm('harmoni-americas', '2026-10-29T16:00:00Z', 900);
    expect(e.due).toBe('2026-11-02T21:00:00Z');
    expect(segs(e).map((s) => s.minutes)).toEqual([60, 270, 240, 240, 90]);
    const [lunch, , , standardLunch] = gaps(e);
    expect(lunch).toMatchObject({ from: '2026-10-29T17:00:00Z', to: '2026-10-29T20:30:00Z' });
    expect(lunch?.reasons).toEqual([
      { kind: 'outside-hours', name: 'outside hours' },
      {
        kind: 'not-in-season',
        date: '2026-10-29',
        name: '11:30–18:00 America/Los_Angeles applies on standard time only',
      },
    ]);
    expect(standardLunch).toMatchObject({ from: '2026-11-02T18:00:00Z', to: '2026-11-02T19:30:00Z' });
    expect(standardLunch?.reasons).toEqual([{ kind: 'outside-hours', name: 'outside hours' }]);
    expect(e.dstChanges).toEqual([
      expect.objectContaining({ at: '2026-11-01T09:00:00Z', offsetBefore: '-07:00', offsetAfter: '-08:00' }),
    ]);
  });

  it('managry-business with --closed: the closure is a reason with its date', () => {
    // Fri 2026-07-03 16:00 Prague (UTC+2): 1h to 17:00; Mon 6 Jul is a Czech holiday (Jan Hus), Tue 7 closed;
    // Wed 8 Jul 08:00-09:00 = 06:00-07:00Z.
    const e = calendarForm('managry-business', '2026-07-03T14:00:00Z', 120, ['--closed', '2026-07-07']);
    expect(e.due).toBe('2026-07-08T07:00:00Z');
    const kinds = gaps(e)[0]?.reasons.map((r) => `${r.kind} ${r.date ?? ''}`);
    expect(kinds).toEqual(['outside-hours ', 'holiday 2026-07-06', 'closure 2026-07-07']);
  });

  it('a budget of 0 has no segments and is due at the start; always counts wall time as one segment', () => {
    const zero = calendarForm('interzen-working', '2026-08-15T10:00:00Z', 0);
    expect(zero).toMatchObject({ due: '2026-08-15T10:00:00Z', segments: [], gaps: [] });
    const always = calendarForm('always', '2026-12-31T20:00:00Z', 600);
    expect(always.rule).toBe('calendar');
    expect(spans(segs(always))).toEqual(['2026-12-31T20:00:00Z 2027-01-01T06:00:00Z']);
  });
});

describe('sla explain --policy: the rule behind each milestone', () => {
  it('managry premier critical at night: the 8-hour outside-hours alternative', () => {
    // Tue 3 Mar 2026 21:00 Prague is closed, so 8 calendar hours instead of 1 business hour: 20:00Z -> 04:00Z.
    const e = ok([
      'explain',
      '--policy',
      'managry',
      '--plan',
      'premier',
      '--priority',
      'critical',
      '--created',
      '2026-03-03T20:00:00Z',
    ]);
    const m = e.milestones as Record<string, Json | null>;
    expect(m.escalation).toBeNull();
    expect(m.firstResponse).toMatchObject({
      calendar: 'managry-business',
      rule: 'outside-hours-alternative',
      due: '2026-03-04T04:00:00Z',
      within: '8h calendar',
      outsideHours: {
        applied: true,
        instead: '1h',
        closedBecause: [{ kind: 'outside-hours', name: 'outside hours' }],
      },
      gaps: [],
    });
    expect(spans(segs(m.firstResponse!))).toEqual(['2026-03-03T20:00:00Z 2026-03-04T04:00:00Z']);
  });

  it('managry premier critical in hours: the business hour stands', () => {
    const e = ok([
      'explain',
      '--policy',
      'managry',
      '--plan',
      'premier',
      '--priority',
      'critical',
      '--created',
      '2026-03-03T09:00:00Z',
    ]);
    const m = e.milestones as Record<string, Json>;
    expect(m.firstResponse).toMatchObject({ rule: 'business', due: '2026-03-03T10:00:00Z', within: '1h' });
    expect(m.firstResponse?.outsideHours).toMatchObject({ applied: false, instead: '8h calendar' });
  });

  it('fenorri low: resolution is the next release, named with its rule; due agrees with sla due', () => {
    // Created Mon 2027-03-01 17:43Z: the first Tuesday 12:00Z at least 7 days later is Tue 6 Apr (2 Mar is too early).
    const argv = [
      '--policy',
      'fenorri',
      '--priority',
      'low',
      '--timezone',
      'Europe/Paris',
      '--created',
      '2027-03-01T17:43:00Z',
    ];
    const e = ok(['explain', ...argv]);
    const m = e.milestones as Record<string, Json>;
    expect(m.resolution).toMatchObject({
      calendar: null,
      rule: 'next-release',
      due: '2027-04-06T12:00:00Z',
      segments: [],
      gaps: [],
      release: {
        at: '2027-04-06T12:00:00Z',
        rule: 'the first Tuesday of a month at 12:00 UTC, at least 7 days after creation',
      },
    });
    // Escalation: 168h of fenorri-24x5 in Paris, over the weekend 6-7 Mar.
    expect(total(m.escalation!)).toBe(168 * 60);
    expect(gaps(m.escalation!)[0]?.reasons).toEqual([{ kind: 'outside-hours', name: 'weekend' }]);
    const due = ok(['due', ...argv]).milestones as Record<string, string>;
    for (const name of ['firstResponse', 'escalation', 'resolution']) expect(m[name]?.due).toBe(due[name]);
  });

  it('fenorri high runs on always: rule calendar', () => {
    const e = ok([
      'explain',
      '--policy',
      'fenorri',
      '--priority',
      'high',
      '--timezone',
      'UTC',
      '--created',
      '2027-03-01T17:43:00Z',
    ]);
    expect((e.milestones as Record<string, Json>).escalation).toMatchObject({
      rule: 'calendar',
      due: '2027-03-02T01:43:00Z',
    });
  });
});

describe('sla explain --format text', () => {
  it('prints the Ferragosto receipt as a table', () => {
    const r = runCli([
      'explain',
      '--calendar',
      'interzen-working',
      '--start',
      '2025-08-14T14:30:00Z',
      '--minutes',
      '240',
      '--format',
      'text',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'interzen-working: 4h from 2025-08-14T14:30:00Z, due 2025-08-18T09:00:00Z (rule: business)',
        '  counted  Thu 2025-08-14 16:30 – 18:30 Europe/Rome  2h (total 2h)',
        '  closed   Thu 2025-08-14 18:30 – Mon 2025-08-18 09:00 Europe/Rome  weekend; holiday 2025-08-15 Assunzione di Maria',
        '  counted  Mon 2025-08-18 09:00 – 11:00 Europe/Rome  2h (total 4h)',
        '',
      ].join('\n'),
    );
  });

  it('prints the Managry alternative with its decision', () => {
    const r = runCli([
      'explain',
      '--policy',
      'managry',
      '--plan',
      'premier',
      '--priority',
      'critical',
      '--created',
      '2026-03-03T20:00:00Z',
      '--format',
      'text',
    ]);
    expect(r.stdout).toContain(
      'firstResponse: 8h calendar on managry-business, due 2026-03-04T04:00:00Z (rule: outside-hours-alternative; started while closed (outside hours), so 8h calendar instead of 1h)',
    );
    expect(r.stdout).toContain(
      '  counted  Tue 2026-03-03 21:00 – Wed 2026-03-04 05:00 Europe/Prague  8h (total 8h)',
    );
  });
});

describe('sla explain: bad arguments are one line on stderr, exit 2', () => {
  it.each([
    [['explain'], /missing required option --calendar, --calendar-file, --policy or --policy-file/],
    [
      ['explain', '--calendar', 'always', '--priority', 'high'],
      /--calendar and --priority belong to different forms/,
    ],
    [
      ['explain', '--calendar', 'always', '--start', '2026-01-01T00:00:00Z'],
      /missing required option --minutes/,
    ],
    [['explain', '--policy', 'fenorri', '--priority', 'low'], /missing required option --created/],
    [['explain', '--calendar', 'nope', '--start', '2026-01-01T00:00:00Z', '--minutes', '5'], /nope/],
    [['explain', '--calendar', 'always', '--start', 'yesterday', '--minutes', '5'], /start/],
    [
      ['explain', '--calendar', 'always', '--start', '2026-01-01T00:00:00Z', '--minutes', '-5'],
      /--minutes "-5" is negative/,
    ],
    [
      [
        'explain',
        '--calendar',
        'always',
        '--start',
        '2026-01-01T00:00:00Z',
        '--minutes',
        '5',
        '--format',
        'xml',
      ],
      /--format "xml"/,
    ],
    [
      ['explain', '--policy', 'fenorri', '--priority', 'low', '--created', '2026-01-01T00:00:00Z'],
      /timezone/,
    ],
    [
      [
        'explain',
        '--policy',
        'harmoni',
        '--priority',
        'urgent',
        '--created',
        '2026-01-01T00:00:00Z',
        '--region',
        'mars',
      ],
      /region/,
    ],
    [
      ['explain', '--policy', 'interzen', '--priority', 'urgent', '--created', '2026-01-01T00:00:00Z'],
      /priority/,
    ],
    [
      [
        'explain',
        '--calendar',
        'always',
        '--start',
        '2026-01-01T00:00:00Z',
        '--minutes',
        '5',
        '--closed',
        '2026-13-01',
      ],
      /--closed/,
    ],
    [
      [
        'explain',
        '--calendar',
        'always',
        '--start',
        '2026-01-01T00:00:00Z',
        '--minutes',
        '5',
        '--bogus',
        'x',
      ],
      /unknown option --bogus/,
    ],
  ])('%j', (argv, message) => {
    expect(bad(argv)).toMatch(message);
  });
});

describe('explainBudget: a tenant closure is named by its note', () => {
  it('interzen summer closing 10-21 Aug 2026 (Ferragosto on Sat 15 Aug inside it)', () => {
    // Fri 7 Aug 2026 17:30 Rome: 1h to 18:30; closed for the weekend and the two weeks; Mon 24 Aug 09:00-10:00.
    const calendar = getCalendar('interzen-working', {
      closedDates: [{ from: '2026-08-10', to: '2026-08-21', note: 'summer closing' }],
    });
    const e = explainBudget({
      calendar,
      clock: 'business',
      start: Date.parse('2026-08-07T15:30:00Z'),
      budgetMs: 2 * 3_600_000,
    });
    expect(new Date(e.due ?? Number.NaN).toISOString()).toBe('2026-08-24T08:00:00.000Z');
    const reasons = e.gaps[0]?.reasons ?? [];
    expect(reasons[0]).toEqual({ kind: 'outside-hours', name: 'weekend' });
    expect(reasons).toContainEqual({ kind: 'closure', date: '2026-08-10', name: 'summer closing' });
    expect(reasons).toContainEqual({ kind: 'closure', date: '2026-08-21', name: 'summer closing' });
    // Weekdays only: windows do not start on Saturday 15 August, so it is no reason.
    expect(reasons.filter((r) => r.kind === 'closure')).toHaveLength(10);
  });
});

describe('sla explain --calendar-file: a closure with a note, grouped in the text table', () => {
  it('names the summer closing once, with its first and last date', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sla-explain-'));
    const file = join(dir, 'acme.json');
    writeFileSync(
      file,
      JSON.stringify({
        id: 'acme',
        hoursPerDay: 8,
        windows: [
          { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', zone: 'Europe/Rome' },
        ],
        closedDates: [{ from: '2026-08-10', to: '2026-08-21', note: 'summer closing' }],
      }),
    );
    const argv = ['explain', '--calendar-file', file, '--start', '2026-08-07T14:30:00Z', '--minutes', '120'];
    expect(ok(argv).due).toBe('2026-08-24T08:30:00Z');
    const r = runCli([...argv, '--format', 'text']);
    expect(r.stdout).toContain(
      '  closed   Fri 2026-08-07 17:00 – Mon 2026-08-24 09:00 Europe/Rome  weekend; closure summer closing: 2026-08-10 … 2026-08-21, 10 days\n',
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
