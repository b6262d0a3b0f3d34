import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  atExpression,
  parseAtExpression,
  SCHEDULE_NAME_PATTERN,
  scheduleName,
  scheduleNamePrefix,
} from '../../../shared/timers/schedule-name.js';

describe('scheduleName', () => {
  it('is readable for plain ids and carries the due instant as the generation', () => {
    expect(
      scheduleName('interzen', 'T42', 'firstResponse#1#deadline#0', Date.parse('2026-03-02T09:00:00Z')),
    ).toBe('interzen.T42.fr1.d0.20260302T090000Z');
    expect(scheduleName('interzen', 'T42', 'update#3#reminder#1', Date.parse('2026-03-02T09:00:00Z'))).toBe(
      'interzen.T42.up3.r1.20260302T090000Z',
    );
  });

  it('differs when the due instant (generation) differs', () => {
    const a = scheduleName('t', 'x', 'resolution#1#deadline#0', Date.parse('2026-03-02T09:00:00Z'));
    const b = scheduleName('t', 'x', 'resolution#1#deadline#0', Date.parse('2026-03-02T09:00:01Z'));
    expect(a).not.toBe(b);
  });

  it('hashes long or unusual ids and stays within 1-64 of [0-9a-zA-Z-_.]', () => {
    const name = scheduleName(
      'a-very-long-tenant-identifier-indeed',
      '01J9ZK6W4T9Q8B4T2X1V0R3N5M',
      'update#12#reminder#0',
      Date.parse('2026-03-02T09:00:00Z'),
    );
    expect(name).toMatch(SCHEDULE_NAME_PATTERN);
    expect(name.startsWith('h')).toBe(true);
    expect(scheduleName('tén@nt', 'tïcket/1', 'odd key', Number.NaN)).toMatch(SCHEDULE_NAME_PATTERN);
  });

  it('property: always valid, deterministic, and injective on distinct identities (no collisions seen)', () => {
    const keyArb = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('firstResponse', 'update', 'escalation', 'resolution'),
          fc.integer({ min: 1, max: 999_999 }),
          fc.constantFrom('reminder', 'deadline'),
          fc.integer({ min: 0, max: 999 }),
        )
        .map(([m, c, k, i]) => `${m}#${c}#${k}#${i}`),
      fc.string({ maxLength: 80 }),
    );
    const dueArb = fc
      .integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: Date.parse('2099-12-31T00:00:00Z') })
      .map((ms) => ms);
    const idArb = fc.tuple(
      fc.string({ minLength: 1, maxLength: 80 }),
      fc.string({ minLength: 1, maxLength: 80 }),
      keyArb,
      dueArb,
    );
    fc.assert(
      fc.property(idArb, idArb, (a, b) => {
        const na = scheduleName(...a);
        expect(na).toMatch(SCHEDULE_NAME_PATTERN);
        expect(na.length).toBeLessThanOrEqual(64);
        expect(scheduleName(...a)).toBe(na);
        if (JSON.stringify(a) !== JSON.stringify(b)) expect(scheduleName(...b)).not.toBe(na);
      }),
      { numRuns: 2000 },
    );
  });

  it('every schedule of a ticket shares the ticket prefix', () => {
    const prefix = scheduleNamePrefix('harmoni', 'T9');
    expect(
      scheduleName('harmoni', 'T9', 'update#2#deadline#0', Date.parse('2026-03-02T09:00:00Z')).startsWith(
        prefix,
      ),
    ).toBe(true);
    const long = 'x'.repeat(50);
    expect(
      scheduleName(long, 'T9', 'update#2#deadline#0', Date.parse('2026-03-02T09:00:00Z')).startsWith(
        scheduleNamePrefix(long, 'T9'),
      ),
    ).toBe(true);
  });
});

describe('at() expressions', () => {
  it('formats UTC, floored to the second', () => {
    expect(atExpression(Date.parse('2026-03-02T09:00:00.999Z'))).toBe('at(2026-03-02T09:00:00)');
  });

  it('parses back, honours a zone, and rejects what Scheduler rejects', () => {
    expect(parseAtExpression('at(2026-03-02T09:00:00)')).toBe(Date.parse('2026-03-02T09:00:00Z'));
    expect(parseAtExpression('at(2026-07-01T09:00:00)', 'Europe/Rome')).toBe(
      Date.parse('2026-07-01T07:00:00Z'),
    );
    expect(parseAtExpression('at(2026-02-29T09:00:00)')).toBeNull();
    expect(parseAtExpression('at(2026-03-02T24:00:00)')).toBeNull();
    expect(parseAtExpression('at(2026-03-02T09:00:00Z)')).toBeNull();
    expect(parseAtExpression('at(2026-3-2T09:00:00)')).toBeNull();
  });

  it('property: parse(format(t)) = t floored to the second', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Date.parse('2099-12-31T00:00:00Z') }), (t) => {
        expect(parseAtExpression(atExpression(t))).toBe(Math.floor(t / 1000) * 1000);
      }),
    );
  });
});
