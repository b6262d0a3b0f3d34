import * as z from '../zod.js';
import { isValidZone } from './calendar/zone-offsets.js';
import { InvalidSpecError } from './errors.js';
import { isKnownHolidayRegion } from './holidays.js';
import { daysInMonth } from './instant.js';

/**
 * Bounds on what a policy (a tenant's own included) may hold: each reminder is a schedule per milestone and
 * cycle, each window and closure work for every deadline, so one tenant's policy must not be able to flood the
 * shared Scheduler quota or slow every ticket. Over a bound, `PUT /tenants` answers 400 naming the field and it.
 */
export const POLICY_LIMITS = {
  reminders: 5,
  priorities: 10,
  escalationLevels: 10,
  plans: 10,
  regions: 20,
  windows: 50,
  holidays: 5,
  closures: 200,
} as const;

/**
 * A calendar file: a union of weekly windows (each in its own IANA zone), minus public holidays and explicit
 * closures. Spec section 1.
 */

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

const localDateSchema = z.lazySchema(() =>
  z.string().check(z.refine(isLocalDate, { message: 'expected a date YYYY-MM-DD' })),
);

function isLocalDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(Number(m[1]), month);
}

const zoneSchema = z.lazySchema(() =>
  z.string().check(z.refine(isValidZone, { message: 'not a known IANA time zone' })),
);

export const calendarWindowSchema = z.lazySchema(() =>
  z
    .strictObject({
      days: z.array(z.enum(WEEKDAYS)).check(z.minLength(1, 'at least one weekday')),
      start: z.string().check(z.regex(TIME_OF_DAY, 'expected HH:MM (00:00 to 23:59)')),
      /** `24:00` is the end of the day; an end before the start runs past midnight. */
      end: z.string().check(z.refine((v) => v === '24:00' || TIME_OF_DAY.test(v), 'expected HH:MM or 24:00')),
      zone: zoneSchema,
      /** The window applies only while its zone is on daylight (or standard) time, judged at each start. */
      onlyWhen: z.optional(z.enum(['daylight', 'standard'])),
    })
    .check(z.refine((w) => w.start !== w.end, { message: 'start and end must differ', path: ['end'] })),
);

export const closedDateSchema = z.lazySchema(() =>
  z.union([
    localDateSchema,
    z
      .strictObject({
        from: localDateSchema,
        to: localDateSchema,
        /** What the closure is ("summer closing"): explanations name it. */
        note: z.optional(z.string().check(z.maxLength(200))),
      })
      .check(z.refine((r) => r.from <= r.to, { message: '`from` must not be after `to`', path: ['to'] })),
  ]),
);

export const holidaySourceSchema = z.lazySchema(() =>
  z
    .strictObject({
      country: z.string().check(z.regex(/^[A-Z]{2}$/, 'expected an ISO 3166 country code such as US')),
      region: z.optional(z.string().check(z.minLength(1))),
    })
    .check(
      z.refine((h) => isKnownHolidayRegion(h.country, h.region), {
        message: 'unknown to the holiday library (date-holidays)',
      }),
    ),
);

export const calendarSpecSchema = z.lazySchema(() =>
  z.strictObject({
    id: z.string().check(z.regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a lower-case id such as acme-business')),
    hoursPerDay: z.number().check(z.positive(), z.lte(24)),
    windows: z
      .array(calendarWindowSchema)
      .check(
        z.minLength(1, 'at least one window'),
        z.maxLength(POLICY_LIMITS.windows, `at most ${POLICY_LIMITS.windows} windows`),
      ),
    holidays: z.optional(
      z
        .array(holidaySourceSchema)
        .check(z.maxLength(POLICY_LIMITS.holidays, `at most ${POLICY_LIMITS.holidays} holiday sources`)),
    ),
    /** Local dates (in each window's zone) on which no window starts. */
    closedDates: z.optional(
      z
        .array(closedDateSchema)
        .check(z.maxLength(POLICY_LIMITS.closures, `at most ${POLICY_LIMITS.closures} closures`)),
    ),
  }),
);

export type CalendarSpec = z.infer<typeof calendarSpecSchema>;
export type CalendarWindow = z.infer<typeof calendarWindowSchema>;
export type ClosedDate = z.infer<typeof closedDateSchema>;
export type HolidaySource = z.infer<typeof holidaySourceSchema>;

/** `windows[0].zone`-style path, prefixed with what was being parsed. */
export function formatIssuePath(prefix: string, path: readonly PropertyKey[]): string {
  let out = prefix;
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : `${out ? '.' : ''}${String(key)}`;
  return out;
}

/** Turns the first zod issue into an `InvalidSpecError` whose message names the field path and the reason. */
export function toInvalidSpecError(prefix: string, error: z.core.$ZodError): InvalidSpecError {
  const issue = error.issues[0];
  const field = formatIssuePath(prefix, issue?.path ?? []);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more)` : '';
  return new InvalidSpecError(`${field}: ${issue?.message ?? 'invalid'}${more}`, field);
}

/** Validates a calendar file (already JSON-parsed, or a JSON string). */
export function parseCalendarSpec(json: unknown): CalendarSpec {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (error) {
      throw new InvalidSpecError(`calendar: not valid JSON (${(error as Error).message})`, 'calendar');
    }
  }
  const result = calendarSpecSchema.safeParse(value);
  if (!result.success) throw toInvalidSpecError('calendar', result.error);
  return result.data;
}
