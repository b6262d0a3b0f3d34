import { createHash } from 'node:crypto';
import { isValidZone } from './calendar/zone-offsets.js';
import { type BusinessCalendar, compileCalendar } from './calendar.js';
import type { CalendarSpec, ClosedDate } from './calendar-schema.js';
import { MissingParameterError, UnknownCalendarError, UnknownTimezoneError } from './errors.js';

/**
 * The built-in calendars (spec sections 1 and 6). Their ids are part of the contract.
 *
 * `hoursPerDay` choices the spec leaves open: `harmoni-apac` and `harmoni-emea` 8.5 (their 08:30-17:00 day);
 * `harmoni-americas` 8.5 as well, the Monday-Thursday daylight-time day (4 h + 4.5 h), so "one business day"
 * means the same number of hours in every Harmoni region (no Harmoni target is in business days today).
 */

const WEEKDAYS_MON_FRI = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const EVERY_DAY = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export interface BuiltInCalendar {
  id: string;
  description: string;
  /** Needs the customer's zone (`--timezone`); the listed spec shows it as UTC. */
  needsTimezone: boolean;
  spec: CalendarSpec;
}

function weekdays(start: string, end: string, zone: string) {
  return { days: [...WEEKDAYS_MON_FRI], start, end, zone };
}

function fenorriSpec(zone: string): CalendarSpec {
  // Monday 00:00 to Friday 24:00: five whole days that merge into one interval.
  return { id: 'fenorri-24x5', hoursPerDay: 24, windows: [weekdays('00:00', '24:00', zone)] };
}

const STATIC_SPECS: readonly CalendarSpec[] = [
  {
    id: 'always',
    hoursPerDay: 24,
    windows: [{ days: [...EVERY_DAY], start: '00:00', end: '24:00', zone: 'UTC' }],
  },
  {
    id: 'us-central-business',
    hoursPerDay: 9,
    windows: [weekdays('08:00', '17:00', 'America/Chicago')],
    holidays: [{ country: 'US' }],
  },
  {
    id: 'managry-business',
    hoursPerDay: 9,
    windows: [weekdays('08:00', '17:00', 'Europe/Prague')],
    holidays: [{ country: 'CZ' }],
  },
  {
    id: 'interzen-working',
    hoursPerDay: 8,
    windows: [weekdays('09:00', '13:00', 'Europe/Rome'), weekdays('14:30', '18:30', 'Europe/Rome')],
    holidays: [{ country: 'IT' }],
  },
  {
    id: 'harmoni-apac',
    hoursPerDay: 8.5,
    windows: [weekdays('08:30', '17:00', 'Pacific/Auckland')],
    holidays: [{ country: 'NZ' }],
  },
  {
    id: 'harmoni-emea',
    hoursPerDay: 8.5,
    windows: [weekdays('08:30', '17:00', 'Europe/London')],
    holidays: [{ country: 'GB', region: 'ENG' }],
  },
  {
    id: 'harmoni-americas',
    hoursPerDay: 8.5,
    windows: [
      { days: [...WEEKDAYS_MON_FRI], start: '06:00', end: '10:00', zone: 'America/Los_Angeles' },
      {
        days: ['mon', 'tue', 'wed', 'thu'],
        start: '13:30',
        end: '18:00',
        zone: 'America/Los_Angeles',
        onlyWhen: 'daylight',
      },
      {
        days: ['mon', 'tue', 'wed', 'thu'],
        start: '11:30',
        end: '18:00',
        zone: 'America/Los_Angeles',
        onlyWhen: 'standard',
      },
    ],
  },
];

const DESCRIPTIONS: Record<string, string> = {
  always: '24x7, holidays included',
  'fenorri-24x5': "Monday 00:00 to Friday 24:00 in the customer's zone (--timezone), no holidays",
  'us-central-business': 'Monday-Friday 08:00-17:00 America/Chicago, US public holidays excluded',
  'managry-business': 'Monday-Friday 08:00-17:00 Europe/Prague, Czech public holidays excluded',
  'interzen-working':
    'Monday-Friday 09:00-13:00 and 14:30-18:30 Europe/Rome, Italian public holidays and closures excluded',
  'harmoni-apac': 'Monday-Friday 08:30-17:00 Pacific/Auckland, NZ public holidays excluded',
  'harmoni-emea': 'Monday-Friday 08:30-17:00 Europe/London, bank holidays of England and Wales excluded',
  'harmoni-americas':
    'America/Los_Angeles, no holidays; daylight time Mon-Thu 06:00-10:00 and 13:30-18:00, Fri 06:00-10:00; standard time Mon-Thu 06:00-10:00 and 11:30-18:00, Fri 06:00-10:00',
};

export const BUILT_IN_CALENDAR_IDS = [
  'always',
  'fenorri-24x5',
  'us-central-business',
  'managry-business',
  'interzen-working',
  'harmoni-apac',
  'harmoni-emea',
  'harmoni-americas',
] as const;

export interface CalendarOptions {
  /** The customer's IANA zone: required by `fenorri-24x5`, ignored by the others. */
  timezone?: string;
  /** Extra closures (local dates or ranges) on top of the calendar's own, e.g. Interzen's summer closing. */
  closedDates?: ClosedDate[];
}

/** The spec of a built-in calendar, with the options applied. */
export function builtInCalendarSpec(id: string, opts: CalendarOptions = {}): CalendarSpec {
  let spec: CalendarSpec | undefined;
  if (id === 'fenorri-24x5') {
    if (opts.timezone === undefined || opts.timezone === '') {
      throw new MissingParameterError(
        "calendar fenorri-24x5 runs in the customer's zone: a timezone (--timezone) is required",
        'timezone',
      );
    }
    spec = fenorriSpec(checkedZone(opts.timezone));
  } else {
    spec = STATIC_SPECS.find((s) => s.id === id);
  }
  if (!spec) {
    throw new UnknownCalendarError(
      `unknown calendar ${JSON.stringify(id)} (known: ${BUILT_IN_CALENDAR_IDS.join(', ')})`,
      'calendar',
    );
  }
  if (opts.closedDates?.length)
    spec = { ...spec, closedDates: [...(spec.closedDates ?? []), ...opts.closedDates] };
  return spec;
}

function checkedZone(zone: string): string {
  if (!isValidZone(zone)) {
    throw new UnknownTimezoneError(
      `unknown time zone ${JSON.stringify(zone)} (expected an IANA zone such as Europe/Paris)`,
      'timezone',
    );
  }
  return zone;
}

const compiled = new Map<string, BusinessCalendar>();

/** A built-in calendar, compiled once per (id, timezone, closures) and cached with its built years. */
export function getCalendar(id: string, opts: CalendarOptions = {}): BusinessCalendar {
  const key = JSON.stringify([
    id,
    id === 'fenorri-24x5' ? (opts.timezone ?? null) : null,
    opts.closedDates ?? [],
  ]);
  let calendar = compiled.get(key);
  if (!calendar) {
    calendar = compileCalendar(builtInCalendarSpec(id, opts));
    compiled.set(key, calendar);
  }
  return calendar;
}

/** Every built-in calendar with its spec (fenorri-24x5 shown in UTC: it takes the customer's zone). */
export function listCalendarSpecs(): BuiltInCalendar[] {
  return BUILT_IN_CALENDAR_IDS.map((id) => ({
    id,
    description: DESCRIPTIONS[id] ?? id,
    needsTimezone: id === 'fenorri-24x5',
    spec: id === 'fenorri-24x5' ? fenorriSpec('UTC') : builtInCalendarSpec(id),
  }));
}

/**
 * Key-sorted JSON: two specs that differ only in key order (a policy file re-read, a tenant re-loaded from
 * DynamoDB) get the same cache key.
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** A stable hash of a calendar spec (SHA-256 of its key-sorted JSON): the compiled-calendar cache key. */
export function calendarSpecHash(spec: CalendarSpec): string {
  return createHash('sha256').update(canonicalJson(spec)).digest('base64url');
}

/**
 * Compiled calendars by spec hash, least recently used first. Bounded: a Lambda serving many tenants (each
 * with its own calendars or closures) must not grow without limit; a calendar's built years are what is worth
 * keeping, and the hot ones stay.
 */
const bySpec = new Map<string, BusinessCalendar>();
const SPEC_CACHE_LIMIT = 256;

/**
 * Validates (throws `InvalidSpecError` naming the field) and compiles a calendar spec, once per distinct spec:
 * the same spec, even a fresh copy of it, returns the same compiled calendar with its built years.
 */
export function compileCalendarCached(spec: CalendarSpec): BusinessCalendar {
  const key = calendarSpecHash(spec);
  let calendar = bySpec.get(key);
  if (calendar) {
    bySpec.delete(key);
  } else {
    calendar = compileCalendar(spec);
    if (bySpec.size >= SPEC_CACHE_LIMIT) {
      const oldest = bySpec.keys().next();
      if (!oldest.done) bySpec.delete(oldest.value);
    }
  }
  bySpec.set(key, calendar);
  return calendar;
}

/** The spec with extra closures added to its own (the spec itself when there are none). */
export function withClosures(
  spec: CalendarSpec,
  closedDates: readonly ClosedDate[] | undefined,
): CalendarSpec {
  if (!closedDates?.length) return spec;
  return { ...spec, closedDates: [...(spec.closedDates ?? []), ...closedDates] };
}
