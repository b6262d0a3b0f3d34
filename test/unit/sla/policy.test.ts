import { describe, expect, it } from 'vitest';
import {
  InvalidSpecError,
  MissingParameterError,
  UnknownCalendarError,
  UnknownPlanError,
  UnknownPolicyError,
  UnknownPriorityError,
  UnknownRegionError,
  UnknownTimezoneError,
} from '../../../shared/sla/errors.js';
import { formatInstant, parseInstant } from '../../../shared/sla/instant.js';
import { clockFor, resolvePolicy } from '../../../shared/sla/policy.js';
import { parsePolicySpec } from '../../../shared/sla/policy-schema.js';
import { FENORRI_RELEASE, nextMonthlyRelease } from '../../../shared/sla/release.js';

const HOUR = 3_600_000;

describe('resolvePolicy: the subject is validated with the named errors', () => {
  it.each([
    [{ policyId: 'nope' }, UnknownPolicyError, 'policy'],
    [{ policyId: 'fenorri' }, MissingParameterError, 'timezone'],
    [{ policyId: 'fenorri', timezone: 'Mars/Olympus' }, UnknownTimezoneError, 'timezone'],
    [{ policyId: 'managry' }, MissingParameterError, 'plan'],
    [{ policyId: 'managry', plan: 'gold' }, UnknownPlanError, 'plan'],
    [{ policyId: 'harmoni' }, MissingParameterError, 'region'],
    [{ policyId: 'harmoni', region: 'mars' }, UnknownRegionError, 'region'],
    // A timezone given to a policy that does not use it is still validated.
    [{ policyId: 'interzen', timezone: 'Nowhere/City' }, UnknownTimezoneError, 'timezone'],
  ])('%o -> %o', (subject, errorClass, field) => {
    let caught: unknown;
    try {
      resolvePolicy(subject);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(errorClass);
    expect((caught as InvalidSpecError).field).toBe(field);
  });

  it('ignores options a policy does not use', () => {
    const policy = resolvePolicy({
      policyId: 'interzen',
      plan: 'premier',
      region: 'emea',
      timezone: 'Europe/Rome',
    });
    expect(policy.plan).toBeUndefined();
    expect(policy.region).toBeUndefined();
    expect(policy.targetFor('firstResponse', 'blocking')?.calendar.id).toBe('interzen-working');
  });

  it('throws UnknownPriorityError naming the priorities', () => {
    const policy = resolvePolicy({ policyId: 'interzen' });
    expect(() => policy.targetFor('firstResponse', 'urgent')).toThrow(UnknownPriorityError);
    expect(() => policy.assertPriority('urgent')).toThrow(/blocking, high, medium, low/);
  });

  it('puts each Harmoni region on its calendar and fenorri medium on the customer zone', () => {
    for (const region of ['apac', 'emea', 'americas']) {
      const policy = resolvePolicy({ policyId: 'harmoni', region });
      expect(policy.targetFor('firstResponse', 'urgent')?.calendar.id).toBe(`harmoni-${region}`);
    }
    const fenorri = resolvePolicy({ policyId: 'fenorri', timezone: 'Asia/Tokyo' });
    expect(fenorri.targetFor('firstResponse', 'high')?.calendar.id).toBe('always');
    expect(fenorri.targetFor('firstResponse', 'medium')?.calendar.id).toBe('fenorri-24x5');
    expect(fenorri.targetFor('resolution', 'low')?.kind).toBe('release');
  });

  it('applies the outside-hours alternative only when the clock starts while closed', () => {
    const target = resolvePolicy({ policyId: 'managry', plan: 'premier' }).targetFor(
      'firstResponse',
      'critical',
    );
    if (!target) throw new Error('premier critical has a firstResponse target');
    // Wednesday 10:00 CET: open -> 1 business hour.
    const inside = clockFor(target, parseInstant('2026-03-04T10:00:00+01:00'));
    expect([inside.budgetMs, inside.clock, inside.outsideHours]).toEqual([HOUR, 'business', false]);
    // Wednesday 20:00 CET: closed -> 8 calendar hours.
    const outside = clockFor(target, parseInstant('2026-03-04T20:00:00+01:00'));
    expect([outside.budgetMs, outside.clock, outside.outsideHours]).toEqual([8 * HOUR, 'calendar', true]);
  });
});

describe('parsePolicySpec: a tenant policy file, errors name the field', () => {
  const minimal = {
    id: 'acme',
    priorities: ['p1', 'p2'],
    defaultPriority: 'p2',
    calendar: 'always',
    targets: {
      p1: { firstResponse: { within: '1h' }, resolution: { within: '1bd', calendar: 'interzen-working' } },
    },
  };

  it('accepts a minimal policy and fills the product defaults', () => {
    const spec = parsePolicySpec(minimal);
    expect(spec.reminders).toEqual([0.75]);
    expect(spec.pause).toEqual({
      statuses: ['pending_customer'],
      milestones: ['update', 'escalation', 'resolution'],
    });
    expect(spec.targets?.p1?.firstResponse).toEqual({
      within: { amount: 1, unit: 'hours', clock: 'business' },
    });
    const policy = resolvePolicy({ policyId: 'acme' }, spec);
    expect(policy.targetFor('resolution', 'p1')?.calendar.id).toBe('interzen-working');
    expect(policy.targetFor('firstResponse', 'p2')).toBeNull();
  });

  it.each([
    [{ ...minimal, defaultPriority: 'p9' }, 'defaultPriority'],
    [
      { ...minimal, targets: { p1: { firstResponse: { within: '1 fortnight' } } } },
      'targets.p1.firstResponse',
    ],
    [{ ...minimal, targets: { p3: {} } }, 'targets.p3'],
    [{ ...minimal, targets: { p1: { firstResponse: 'onStatusChange' } } }, 'targets.p1.firstResponse'],
    [{ ...minimal, reminders: [1.5] }, 'reminders[0]'],
    [{ ...minimal, escalation: { levels: [{ level: 2, name: 'x' }] } }, 'escalation.levels[0].level'],
    [
      { ...minimal, escalation: { levels: [], onBreach: { firstResponse: 1 } } },
      'escalation.onBreach.firstResponse',
    ],
    [{ ...minimal, colour: 'red' }, '(policy)'],
  ])('rejects %o naming %s', (json, field) => {
    let caught: unknown;
    try {
      parsePolicySpec(json);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InvalidSpecError);
    expect((caught as InvalidSpecError).field).toBe(field);
    expect((caught as Error).message).toContain(field);
  });

  it('an unknown calendar id is refused by the schema, naming where it is used', () => {
    expect(() => parsePolicySpec({ ...minimal, calendar: 'mars-hours' })).toThrow(
      /^policy calendar: unknown calendar "mars-hours"/,
    );
  });

  it('a spec built without the schema still fails at resolution with UnknownCalendarError', () => {
    const spec = { ...parsePolicySpec(minimal), calendar: 'mars-hours' };
    expect(() => resolvePolicy({ policyId: 'acme' }, spec)).toThrow(UnknownCalendarError);
  });
});

describe('nextMonthlyRelease: the first Tuesday of a month, 12:00 UTC, >= created + 7 days', () => {
  const next = (created: string) => formatInstant(nextMonthlyRelease(parseInstant(created), FENORRI_RELEASE));

  it.each([
    // 4 March + 7 = 11 March; 3 March is before it -> 7 April (1 April 2026 is a Wednesday).
    ['2026-03-04T10:00:00Z', '2026-04-07T12:00:00Z'],
    // 1 Jan 2026 (Thursday): 6 January is before 8 January -> 3 February (1 Feb is a Sunday).
    ['2026-01-01T00:00:00Z', '2026-02-03T12:00:00Z'],
    // Created 7 days and a bit before the March release? 24 Feb 11:59:59 + 7 d = 3 March 11:59:59 -> 3 March.
    ['2026-02-24T11:59:59Z', '2026-03-03T12:00:00Z'],
    // The boundary is inclusive: exactly 7 days before a release -> that release.
    ['2026-03-31T12:00:00Z', '2026-04-07T12:00:00Z'],
    // One second later misses it -> 5 May (1 May 2026 is a Friday).
    ['2026-03-31T12:00:01Z', '2026-05-05T12:00:00Z'],
    // Year rollover: 1 Dec 2026 is a Tuesday (before 8 Dec) -> 5 January 2027.
    ['2026-12-01T00:00:00Z', '2027-01-05T12:00:00Z'],
    // An offset on the input changes nothing but the instant.
    ['2026-03-31T14:00:00+02:00', '2026-04-07T12:00:00Z'],
  ])('created %s -> %s', (created, release) => {
    expect(next(created)).toBe(release);
  });

  it('is on a Tuesday at 12:00 UTC and at least 7 days later, for every day of two years', () => {
    const start = Date.UTC(2026, 0, 1);
    for (let day = 0; day < 730; day++) {
      const created = start + day * 86_400_000 + 37 * 60_000;
      const release = nextMonthlyRelease(created);
      const d = new Date(release);
      expect(d.getUTCDay()).toBe(2);
      expect(d.getUTCDate()).toBeLessThanOrEqual(7);
      expect(d.getUTCHours()).toBe(12);
      expect(release - created).toBeGreaterThanOrEqual(7 * 86_400_000);
      // ...and no earlier release qualifies: the previous month's first Tuesday is too early.
      expect(release - created).toBeLessThan(7 * 86_400_000 + 36 * 86_400_000);
    }
  });
});
