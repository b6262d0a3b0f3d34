import * as z from '../zod.js';
import { MS_PER_HOUR, MS_PER_MINUTE } from './calendar/zone-offsets.js';
import type { BusinessCalendar } from './calendar.js';
import { InvalidSpecError } from './errors.js';

/**
 * A target's length (spec section 2): minutes or hours of `business` time (counted in the calendar) or of
 * `calendar` time (wall clock, the calendar ignored), or business days (N x the calendar's hoursPerDay hours).
 */
export type DurationUnit = 'minutes' | 'hours' | 'businessDays';
export type DurationClock = 'business' | 'calendar';
export interface Duration {
  amount: number;
  unit: DurationUnit;
  clock: DurationClock;
}

const UNIT_ALIASES: Record<string, DurationUnit> = {
  m: 'minutes',
  min: 'minutes',
  mins: 'minutes',
  minute: 'minutes',
  minutes: 'minutes',
  h: 'hours',
  hr: 'hours',
  hrs: 'hours',
  hour: 'hours',
  hours: 'hours',
  bd: 'businessDays',
  businessday: 'businessDays',
  businessdays: 'businessDays',
};

const DURATION_TEXT = /^(\d+(?:\.\d+)?)\s*([a-z]+)(?:\s+(business|calendar))?$/i;

/**
 * Parses the short form policy files use: `"4h"`, `"30m"`, `"1bd"`, `"1.5h"`, `"8h calendar"`,
 * `"2h business"` (business is the default clock). Business days are business time by definition.
 */
export function parseDuration(text: string, field = 'duration'): Duration {
  const m = DURATION_TEXT.exec(typeof text === 'string' ? text.trim() : '');
  const unit = m ? UNIT_ALIASES[m[2]!.toLowerCase()] : undefined;
  if (!m || !unit) {
    throw new InvalidSpecError(
      `${field}: ${JSON.stringify(text)} is not a duration (expected e.g. "30m", "4h", "1bd" or "8h calendar")`,
      field,
    );
  }
  const clock = (m[3]?.toLowerCase() ?? 'business') as DurationClock;
  if (unit === 'businessDays' && clock === 'calendar') {
    throw new InvalidSpecError(
      `${field}: business days always count business time, not calendar time`,
      field,
    );
  }
  return { amount: Number(m[1]), unit, clock };
}

export const durationObjectSchema = z.lazySchema(() =>
  z
    .strictObject({
      amount: z.number().check(z.nonnegative()),
      unit: z.enum(['minutes', 'hours', 'businessDays']),
      clock: z._default(z.enum(['business', 'calendar']), 'business'),
    })
    .check(
      z.refine((d) => !(d.unit === 'businessDays' && d.clock === 'calendar'), {
        message: 'business days always count business time, not calendar time',
        path: ['clock'],
      }),
    ),
);

/** A duration in a JSON file: the object form or the short string form (`"4h"`, `"8h calendar"`). */
export const durationSchema = z.lazySchema(() =>
  z.union([
    durationObjectSchema,
    z.pipe(
      z.string(),
      z.transform((text: string, ctx): Duration => {
        try {
          return parseDuration(text);
        } catch (error) {
          ctx.issues.push({
            code: 'custom',
            message: (error as Error).message.replace(/^duration: /, ''),
            input: text,
          });
          return z.NEVER;
        }
      }),
    ),
  ]),
);

/** The budget in milliseconds of the duration's own clock (business days use the calendar's hoursPerDay). */
export function durationToMs(d: Duration, calendar: Pick<BusinessCalendar, 'hoursPerDay'>): number {
  switch (d.unit) {
    case 'minutes':
      return d.amount * MS_PER_MINUTE;
    case 'hours':
      return d.amount * MS_PER_HOUR;
    case 'businessDays':
      return d.amount * calendar.hoursPerDay * MS_PER_HOUR;
  }
}

/** The short form back (`"4h"`, `"1bd"`, `"8h calendar"`), for listings. */
export function formatDuration(d: Duration): string {
  const unit = d.unit === 'minutes' ? 'm' : d.unit === 'hours' ? 'h' : 'bd';
  return `${d.amount}${unit}${d.clock === 'calendar' ? ' calendar' : ''}`;
}
