import { describe, expect, it } from 'vitest';
import { InvalidInstantError } from '../../../shared/sla/errors.js';
import { formatInstant, parseInstant } from '../../../shared/sla/instant.js';

describe('parseInstant', () => {
  it.each([
    ['2026-03-02T09:30:00Z', Date.UTC(2026, 2, 2, 9, 30)],
    ['2026-03-02T09:30Z', Date.UTC(2026, 2, 2, 9, 30)],
    // 09:30 at UTC+01:00 is 08:30 UTC.
    ['2026-03-02T09:30:00+01:00', Date.UTC(2026, 2, 2, 8, 30)],
    ['2026-03-02T09:30:00+0100', Date.UTC(2026, 2, 2, 8, 30)],
    ['2026-03-02T09:30:00-05', Date.UTC(2026, 2, 2, 14, 30)],
    ['2026-03-02T09:30:00.5Z', Date.UTC(2026, 2, 2, 9, 30, 0, 500)],
    // Sub-millisecond digits are truncated, not rounded.
    ['2026-03-02T09:30:00.123999Z', Date.UTC(2026, 2, 2, 9, 30, 0, 123)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    // Offsets carry the date across midnight.
    ['2026-01-01T00:30:00+13:00', Date.UTC(2025, 11, 31, 11, 30)],
  ])('%s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each([
    ['2026-03-02T09:30:00', 'missing offset'],
    ['2026-03-02', 'malformed'],
    ['yesterday', 'malformed'],
    ['', 'malformed'],
    ['2026-02-29T00:00:00Z', 'day out of range'],
    ['2026-13-01T00:00:00Z', 'month out of range'],
    ['2026-03-02T24:00:00Z', 'time out of range'],
    ['2026-03-02T09:60:00Z', 'time out of range'],
    ['2026-03-02T09:30:00+25:00', 'offset out of range'],
  ])('rejects %j (%s) with an error naming the value', (text, reason) => {
    expect(() => parseInstant(text, 'start')).toThrow(InvalidInstantError);
    try {
      parseInstant(text, 'start');
    } catch (error) {
      expect((error as InvalidInstantError).field).toBe('start');
      expect((error as Error).message).toContain(JSON.stringify(text));
      expect((error as Error).message).toContain(reason);
    }
  });
});

describe('formatInstant', () => {
  it('prints UTC to the second with Z', () => {
    expect(formatInstant(Date.UTC(2026, 10, 26, 14, 5, 9))).toBe('2026-11-26T14:05:09Z');
  });

  it('rounds down to the second', () => {
    expect(formatInstant(Date.UTC(2026, 10, 26, 14, 5, 9, 999))).toBe('2026-11-26T14:05:09Z');
    // Before the epoch "down" is still towards the past.
    expect(formatInstant(-1)).toBe('1969-12-31T23:59:59Z');
  });

  it('round-trips with parseInstant at whole seconds', () => {
    const t = Date.UTC(2027, 5, 30, 23, 59, 59);
    expect(parseInstant(formatInstant(t))).toBe(t);
  });

  it('rejects a non-finite instant', () => {
    expect(() => formatInstant(Number.NaN)).toThrow(RangeError);
  });
});
