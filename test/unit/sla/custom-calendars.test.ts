/**
 * A policy's own calendars (`calendars` in the policy file) and tenant closures: schema errors name the field,
 * the documented example computes the hand-worked due instants, closures move due instants over the closed
 * days (never on `always`), and compiled calendars are cached by spec.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CalendarSpec } from '../../../shared/sla/calendar-schema.js';
import { calendarSpecHash, compileCalendarCached } from '../../../shared/sla/calendars.js';
import { InvalidSpecError } from '../../../shared/sla/errors.js';
import { formatInstant, parseInstant } from '../../../shared/sla/instant.js';
import { dueForNewTicket } from '../../../shared/sla/new-ticket-due.js';
import { calendarResolver, type ResolvedPolicy, resolvePolicy } from '../../../shared/sla/policy.js';
import { type PolicySpecInput, parsePolicySpec } from '../../../shared/sla/policy-schema.js';
import { getPreset } from '../../../shared/sla/presets/index.js';
import type { Tenant } from '../../../shared/tenants/tenant.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { resolveTenantPolicy } from '../../../shared/tenants/tenant-service.js';

const EXAMPLES = new URL('../../../docs/examples/', import.meta.url);
const example = (name: string): unknown => JSON.parse(readFileSync(new URL(name, EXAMPLES), 'utf8'));

const SPLIT_SHIFT: CalendarSpec = {
  id: 'lab-split',
  hoursPerDay: 8,
  windows: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '12:00', zone: 'Europe/Madrid' },
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '14:00', end: '18:00', zone: 'Europe/Madrid' },
  ],
};

const LAB: PolicySpecInput = {
  id: 'lab',
  priorities: ['p1', 'p2'],
  defaultPriority: 'p2',
  calendar: 'lab-split',
  calendars: [SPLIT_SHIFT],
  targets: {
    p1: { firstResponse: { within: '4h' }, resolution: { within: '1bd', calendar: 'interzen-working' } },
    p2: { firstResponse: { within: '30m', calendar: 'always' } },
  },
};

function fieldOf(json: unknown): string {
  try {
    parsePolicySpec(json);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSpecError);
    expect((error as Error).message).toContain((error as InvalidSpecError).field);
    return (error as InvalidSpecError).field;
  }
  throw new Error('expected the policy to be refused');
}

/** Due instants (ISO) of a ticket created at `created` (ISO), from a resolved policy. */
function dueOf(policy: ResolvedPolicy, priority: string, created: string) {
  const m = dueForNewTicket({ policyId: policy.id }, priority, parseInstant(created), policy);
  const iso = (t: number | null) => (t === null ? null : formatInstant(t));
  return { firstResponse: iso(m.firstResponse), resolution: iso(m.resolution) };
}

describe('policy calendars: the schema names the bad field', () => {
  const window = SPLIT_SHIFT.windows[1]!;
  const cases: [unknown, string][] = [
    [
      {
        ...LAB,
        calendars: [{ ...SPLIT_SHIFT, windows: [SPLIT_SHIFT.windows[0], { ...window, zone: 'Mars/Base' }] }],
      },
      'calendars[0].windows[1].zone',
    ],
    [{ ...LAB, calendars: [{ ...SPLIT_SHIFT, hoursPerDay: 0 }] }, 'calendars[0].hoursPerDay'],
    [{ ...LAB, calendars: [{ ...SPLIT_SHIFT, closedDates: ['2026-02-30'] }] }, 'calendars[0].closedDates[0]'],
    [{ ...LAB, calendars: [{ ...SPLIT_SHIFT, holidays: [{ country: 'XX' }] }] }, 'calendars[0].holidays[0]'],
    [{ ...LAB, calendars: [SPLIT_SHIFT, SPLIT_SHIFT] }, 'calendars[1].id'],
    [{ ...LAB, calendars: [{ ...SPLIT_SHIFT, id: 'interzen-working' }] }, 'calendars[0].id'],
    [{ ...LAB, calendar: 'lab-typo' }, 'calendar'],
    [
      { ...LAB, targets: { p1: { firstResponse: { within: '1h', calendar: 'nowhere' } } } },
      'targets.p1.firstResponse.calendar',
    ],
    [
      {
        ...LAB,
        calendar: undefined,
        regions: { eu: { calendar: 'lab-split' }, us: { calendar: 'us-west' } },
      },
      'regions.us.calendar',
    ],
  ];
  it.each(cases.map(([json, field]) => [field, json] as const))('names %s', (field, json) => {
    expect(fieldOf(json)).toBe(field);
  });

  it('accepts own calendars beside built-in ones', () => {
    const spec = parsePolicySpec(LAB);
    expect(spec.calendars?.map((c) => c.id)).toEqual(['lab-split']);
    const policy = resolvePolicy({ policyId: 'lab' }, spec);
    expect(policy.targetFor('firstResponse', 'p1')?.calendar.id).toBe('lab-split');
    expect(policy.targetFor('resolution', 'p1')?.calendar.id).toBe('interzen-working');
    expect(policy.targetFor('firstResponse', 'p2')?.calendar.id).toBe('always');
  });
});

describe('a policy with its own calendar computes the hand-worked due instants', () => {
  const policy = resolvePolicy({ policyId: 'lab' }, parsePolicySpec(LAB));

  it('counts both shifts and skips the lunch gap', () => {
    // Mon 2 March 2026 11:00 Madrid (CET, 10:00Z): 11-12 (1 h), 14-17 (3 h) -> 17:00 Madrid = 16:00Z.
    expect(dueOf(policy, 'p1', '2026-03-02T11:00:00+01:00').firstResponse).toBe('2026-03-02T16:00:00Z');
    // Created in the gap (12:30): the clock starts at 14:00 -> 18:00 Madrid = 17:00Z.
    expect(dueOf(policy, 'p1', '2026-03-02T12:30:00+01:00').firstResponse).toBe('2026-03-02T17:00:00Z');
    // Fri 17:00: 17-18 (1 h), then Monday 08:00-11:00 -> Mon 9 March 11:00 Madrid = 10:00Z.
    expect(dueOf(policy, 'p1', '2026-03-06T17:00:00+01:00').firstResponse).toBe('2026-03-09T10:00:00Z');
  });
});

describe('the documented example (docs/examples) loads and computes what docs/policies.md says', () => {
  const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));

  it('every example file is a valid policy', () => {
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(() => parsePolicySpec(example(file)), file).not.toThrow();
  });

  it('docs/policies.md shows that file (its description aside)', () => {
    const doc = readFileSync(new URL('../../../docs/policies.md', import.meta.url), 'utf8');
    const block = /### A complete example[\s\S]*?```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    const { description: _description, ...file } = example('policy-custom-calendar.json') as Record<
      string,
      unknown
    >;
    expect(JSON.parse(block ?? 'null')).toEqual(file);
  });

  const spec = parsePolicySpec(example('policy-custom-calendar.json'));
  const policy = resolvePolicy({ policyId: spec.id }, spec);

  it.each([
    // Fri 7 Aug 16:00 CEST: 2 h that day; 10-21 August closed; Mon 24 Aug 08:00-10:00 -> 08:00Z.
    // Resolution 3 bd = 24 h: 2 + 8 (24th) + 8 (25th) + 6 (26th: 08-12, 14-16) -> 26 Aug 16:00 CEST = 14:00Z.
    ['normal', '2026-08-07T16:00:00+02:00', '2026-08-24T08:00:00Z', '2026-08-26T14:00:00Z'],
    // Wed 23 Dec 17:30 CET: 30 min; the 24th closed, the 25th a Spanish holiday, then the weekend;
    // Mon 28 Dec 08:00-08:30 -> 07:30Z. Resolution 8 h: 0.5 + 4 + 3.5 -> 28 Dec 17:30 CET = 16:30Z.
    ['urgent', '2026-12-23T17:30:00+01:00', '2026-12-28T07:30:00Z', '2026-12-28T16:30:00Z'],
    // Wed 23 Dec 20:00 CET, closed: the outside-hours 4 calendar hours -> 23:00Z; resolution from Mon 28 Dec
    // 08:00, 8 h -> 18:00 CET = 17:00Z.
    ['urgent', '2026-12-23T20:00:00+01:00', '2026-12-23T23:00:00Z', '2026-12-28T17:00:00Z'],
  ])('%s created %s: firstResponse %s, resolution %s', (priority, created, firstResponse, resolution) => {
    expect(dueOf(policy, priority, created)).toEqual({ firstResponse, resolution });
  });
});

describe('tenant closures', () => {
  const tenant = (profile: Record<string, unknown>): Tenant => {
    const parsed = tenantProfileSchema.parse(profile);
    const { policy, ...rest } = parsed;
    const custom = typeof policy === 'string' ? undefined : parsePolicySpec(policy);
    return {
      ...rest,
      tenantId: 't',
      policyId: custom?.id ?? (policy as string),
      ...(custom ? { customPolicy: custom } : {}),
      updatedAt: 0,
    };
  };
  const AUGUST = { from: '2026-08-03', to: '2026-08-21', note: 'summer closing' };

  it('move a due instant over the closed days of a built-in calendar', () => {
    // Interzen blocking, Fri 31 July 2026 10:00 Rome: 7 working hours that day (10-13, 14:30-18:30), so
    // resolution (1 working day = 8 h) needs 1 h more: Mon 3 Aug 10:00 without closures, Mon 24 Aug with.
    const created = '2026-07-31T10:00:00+02:00';
    const plain = resolveTenantPolicy(tenant({ policy: 'interzen' }));
    const closed = resolveTenantPolicy(tenant({ policy: 'interzen', closures: [AUGUST] }));
    expect(dueOf(plain, 'blocking', created)).toEqual({
      firstResponse: '2026-07-31T09:00:00Z',
      resolution: '2026-08-03T08:00:00Z',
    });
    expect(dueOf(closed, 'blocking', created)).toEqual({
      firstResponse: '2026-07-31T09:00:00Z',
      resolution: '2026-08-24T08:00:00Z',
    });
  });

  it("apply to the policy's own calendars as well, single dates included", () => {
    const own = tenant({ policy: LAB, closures: ['2026-03-03'] });
    // Mon 2 March 17:00 CET: 1 h, Tuesday closed, Wednesday 08:00-11:00 -> 10:00Z.
    expect(dueOf(resolveTenantPolicy(own), 'p1', '2026-03-02T17:00:00+01:00').firstResponse).toBe(
      '2026-03-04T10:00:00Z',
    );
  });

  it('never close `always` (24x7, holidays included)', () => {
    const enterprise = tenant({ policy: 'enterprise-support', closures: ['2026-03-02'] });
    expect(dueOf(resolveTenantPolicy(enterprise), 'high', '2026-03-02T10:00:00Z').firstResponse).toBe(
      '2026-03-02T10:30:00Z',
    );
    const lab = resolveTenantPolicy(tenant({ policy: LAB, closures: ['2026-03-02'] }));
    expect(dueOf(lab, 'p2', '2026-03-02T10:00:00Z').firstResponse).toBe('2026-03-02T10:30:00Z');
  });

  const bad: [Record<string, unknown>, string][] = [
    [{ closures: ['2026-13-01'] }, 'closures.0'],
    [{ closures: ['2026-01-01', { from: '2026-08-21', to: '2026-08-03' }] }, 'closures.1.to'],
    [{ closures: [{ from: '2026-01-01', to: '2027-01-02' }] }, 'closures.0.to'],
    [{ closures: [{ from: '2026-01-01', to: '2026-01-02', colour: 'red' }] }, 'closures.0'],
    [{ closures: Array.from({ length: 201 }, () => '2026-01-01') }, 'closures'],
  ];
  it.each(bad.map(([profile, path]) => [path, profile] as const))('refuse, naming %s', (path, profile) => {
    const result = tenantProfileSchema.safeParse({ policy: 'interzen', ...profile });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('accept a range of exactly a year (366 days in a leap year)', () => {
    expect(
      tenantProfileSchema.safeParse({
        policy: 'interzen',
        closures: [{ from: '2028-01-01', to: '2028-12-31' }],
      }).success,
    ).toBe(true);
  });
});

describe('compiled calendars are cached by spec', () => {
  it('the same spec, even a fresh copy with its keys reordered, gives the same compiled calendar', () => {
    const copy = JSON.parse(JSON.stringify(SPLIT_SHIFT)) as CalendarSpec;
    const reordered: CalendarSpec = {
      windows: copy.windows,
      hoursPerDay: copy.hoursPerDay,
      id: copy.id,
    };
    expect(calendarSpecHash(reordered)).toBe(calendarSpecHash(SPLIT_SHIFT));
    expect(compileCalendarCached(reordered)).toBe(compileCalendarCached(SPLIT_SHIFT));
    expect(compileCalendarCached({ ...SPLIT_SHIFT, closedDates: ['2026-03-03'] })).not.toBe(
      compileCalendarCached(SPLIT_SHIFT),
    );
  });

  it('resolving a tenant policy twice reuses its compiled calendars; other closures compile another', () => {
    const closures = calendarResolver(['2026-08-10']);
    expect(closures('interzen-working', {})).toBe(calendarResolver(['2026-08-10'])('interzen-working', {}));
    expect(closures('interzen-working', {})).not.toBe(calendarResolver([])('interzen-working', {}));
    expect(closures('always', {})).toBe(calendarResolver([])('always', {}));
    // fenorri-24x5 is keyed by the zone too.
    expect(closures('fenorri-24x5', { timezone: 'Europe/Tallinn' })).not.toBe(
      closures('fenorri-24x5', { timezone: 'Asia/Tokyo' }),
    );
    const spec = getPreset('interzen')!;
    const a = resolvePolicy({ policyId: 'interzen' }, spec, closures).targetFor('resolution', 'low');
    const b = resolvePolicy({ policyId: 'interzen' }, spec, closures).targetFor('resolution', 'low');
    expect(a?.calendar).toBe(b?.calendar);
  });
});
