import { describe, expect, it } from 'vitest';
import { compileCalendar } from '../../../shared/sla/calendar.js';
import { parseCalendarSpec } from '../../../shared/sla/calendar-schema.js';
import { InvalidSpecError } from '../../../shared/sla/errors.js';

const valid = {
  id: 'acme-business',
  hoursPerDay: 8,
  windows: [{ days: ['mon', 'tue'], start: '09:00', end: '17:00', zone: 'Europe/Paris' }],
  holidays: [{ country: 'GB', region: 'ENG' }],
  closedDates: ['2026-08-14', { from: '2026-08-17', to: '2026-08-28' }],
};

function errorOf(value: unknown): InvalidSpecError {
  try {
    parseCalendarSpec(value);
  } catch (error) {
    if (error instanceof InvalidSpecError) return error;
    throw error;
  }
  throw new Error('expected InvalidSpecError');
}

describe('parseCalendarSpec', () => {
  it('accepts a full spec, as an object or as JSON text', () => {
    expect(parseCalendarSpec(valid)).toEqual(valid);
    expect(parseCalendarSpec(JSON.stringify(valid))).toEqual(valid);
  });

  it('accepts 24:00 ends, windows past midnight and onlyWhen', () => {
    const spec = {
      ...valid,
      windows: [
        { days: ['fri'], start: '22:00', end: '06:00', zone: 'UTC' },
        { days: ['sat'], start: '00:00', end: '24:00', zone: 'America/Los_Angeles', onlyWhen: 'daylight' },
      ],
    };
    expect(parseCalendarSpec(spec).windows).toHaveLength(2);
  });

  it.each([
    [
      { ...valid, windows: [{ ...valid.windows[0], zone: 'Mars/Olympus' }] },
      'calendar.windows[0].zone',
      /IANA/,
    ],
    [{ ...valid, windows: [{ ...valid.windows[0], zone: '+01:00' }] }, 'calendar.windows[0].zone', /IANA/],
    [{ ...valid, windows: [{ ...valid.windows[0], start: '9:00' }] }, 'calendar.windows[0].start', /HH:MM/],
    [{ ...valid, windows: [{ ...valid.windows[0], start: '24:00' }] }, 'calendar.windows[0].start', /HH:MM/],
    [{ ...valid, windows: [{ ...valid.windows[0], end: '25:00' }] }, 'calendar.windows[0].end', /HH:MM/],
    [{ ...valid, windows: [{ ...valid.windows[0], end: '09:00' }] }, 'calendar.windows[0].end', /differ/],
    [{ ...valid, windows: [{ ...valid.windows[0], days: ['monday'] }] }, 'calendar.windows[0].days[0]', /./],
    [{ ...valid, windows: [] }, 'calendar.windows', /at least one window/],
    [{ ...valid, hoursPerDay: 0 }, 'calendar.hoursPerDay', /./],
    [{ ...valid, holidays: [{ country: 'XX' }] }, 'calendar.holidays[0]', /date-holidays/],
    [{ ...valid, holidays: [{ country: 'GB', region: 'NOPE' }] }, 'calendar.holidays[0]', /date-holidays/],
    [{ ...valid, closedDates: ['2026-02-30'] }, 'calendar.closedDates[0]', /./],
    [
      { ...valid, closedDates: [{ from: '2026-08-28', to: '2026-08-17' }] },
      'calendar.closedDates[0].to',
      /after/,
    ],
    [{ ...valid, extra: true }, 'calendar', /extra/],
  ])('names the field of a bad spec (%#, %2$s)', (value, field, reason) => {
    const error = errorOf(value);
    expect(error.field).toBe(field);
    expect(error.message.startsWith(`${field}:`)).toBe(true);
    expect(error.message).toMatch(reason);
  });

  it('reports malformed JSON text', () => {
    expect(errorOf('{').message).toMatch(/^calendar: not valid JSON/);
  });

  it('is what compileCalendar validates with', () => {
    expect(() => compileCalendar({ ...valid, hoursPerDay: 30 } as never)).toThrow(/calendar\.hoursPerDay/);
  });
});
