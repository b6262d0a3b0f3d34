import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../shared/sla/calendars.js';
import { durationSchema, durationToMs, formatDuration, parseDuration } from '../../../shared/sla/duration.js';
import { InvalidSpecError } from '../../../shared/sla/errors.js';

const HOUR = 3_600_000;

describe('parseDuration', () => {
  it.each([
    ['30m', { amount: 30, unit: 'minutes', clock: 'business' }],
    ['4h', { amount: 4, unit: 'hours', clock: 'business' }],
    ['1.5h', { amount: 1.5, unit: 'hours', clock: 'business' }],
    ['1bd', { amount: 1, unit: 'businessDays', clock: 'business' }],
    ['8h calendar', { amount: 8, unit: 'hours', clock: 'calendar' }],
    ['2 hours business', { amount: 2, unit: 'hours', clock: 'business' }],
  ])('%s', (text, expected) => {
    expect(parseDuration(text)).toEqual(expected);
    expect(parseDuration(formatDuration(parseDuration(text)))).toEqual(expected);
  });

  it.each(['', '4', 'h', '4x', '-1h', '1bd calendar', '4h wallclock'])('rejects %j', (text) => {
    expect(() => parseDuration(text, 'targets.high.firstResponse')).toThrow(InvalidSpecError);
    expect(() => parseDuration(text, 'targets.high.firstResponse')).toThrow(/targets\.high\.firstResponse/);
  });
});

describe('durationToMs', () => {
  it('counts hours and minutes as they are', () => {
    const calendar = getCalendar('us-central-business');
    expect(durationToMs({ amount: 30, unit: 'minutes', clock: 'business' }, calendar)).toBe(30 * 60_000);
    expect(durationToMs({ amount: 8, unit: 'hours', clock: 'calendar' }, calendar)).toBe(8 * HOUR);
  });

  it("counts a business day as the calendar's hoursPerDay", () => {
    // us-central 9 h, interzen 8 h, harmoni-emea 8.5 h.
    expect(durationToMs(parseDuration('1bd'), getCalendar('us-central-business'))).toBe(9 * HOUR);
    expect(durationToMs(parseDuration('5bd'), getCalendar('interzen-working'))).toBe(40 * HOUR);
    expect(durationToMs(parseDuration('2bd'), getCalendar('harmoni-emea'))).toBe(17 * HOUR);
  });
});

describe('durationSchema', () => {
  it('accepts the object form (clock defaults to business) and the string form', () => {
    expect(durationSchema.parse({ amount: 2, unit: 'hours' })).toEqual({
      amount: 2,
      unit: 'hours',
      clock: 'business',
    });
    expect(durationSchema.parse('8h calendar')).toEqual({ amount: 8, unit: 'hours', clock: 'calendar' });
  });

  it('rejects calendar-clock business days and unknown units', () => {
    expect(durationSchema.safeParse({ amount: 1, unit: 'businessDays', clock: 'calendar' }).success).toBe(
      false,
    );
    expect(durationSchema.safeParse({ amount: 1, unit: 'weeks' }).success).toBe(false);
    expect(durationSchema.safeParse('soon').success).toBe(false);
  });
});
