/**
 * An instant as a mail's reader sees it: the local date, time, weekday and month names in a zone and a
 * language, read from the platform's `Intl.DateTimeFormat` (cached per language, zone and field set). luxon
 * formats these tokens with the same `Intl` calls; doing it here keeps its ~70 KB out of the notification
 * Lambda, the only sender, which compiles its bundle at every cold start (README, speed).
 * `test/unit/notifications/reader-clock.test.ts` checks every field against luxon.
 */
import { isValidZone } from '../sla/calendar/zone-offsets.js';

export interface ReaderDate {
  /** `Monday` / `lunedì` (luxon `cccc`). */
  readonly weekday: string;
  /** `Mon` / `lun` (`ccc`). */
  readonly weekdayShort: string;
  /** `March` / `marzo` (`LLLL`). */
  readonly month: string;
  /** `Mar` / `mar` (`LLL`). */
  readonly monthShort: string;
  readonly year: number;
  readonly day: number;
  /** Two digits, 00-23 (`HH`). */
  readonly hour: string;
  /** Two digits (`mm`). */
  readonly minute: string;
  /** `YYYY-MM-DD`: equal for two instants on the same local day. */
  readonly date: string;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${zone}|${JSON.stringify(options)}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: zone });
    // Bounded: zones come from tenants, and two languages; a few hundred formatters at most in practice.
    if (formats.size >= 2_000) formats.clear();
    formats.set(key, f);
  }
  return f;
}

const NUMERIC: Intl.DateTimeFormatOptions = {
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
};

/** `zone` when the platform knows it, else UTC (a mail is never refused for its reader's zone). */
export function readerZone(zone: string | undefined): string {
  return zone !== undefined && isValidZone(zone) ? zone : 'UTC';
}

/** The instant's local fields in `zone` (a valid zone: see `readerZone`), names in `locale`. */
export function readerDate(ms: number, zone: string, locale: string): ReaderDate {
  const fields: Record<string, string> = {};
  for (const part of format('en-US', zone, NUMERIC).formatToParts(ms)) fields[part.type] = part.value;
  const pad = (value: string | undefined, width: number) => (value ?? '').padStart(width, '0');
  const year = Number(fields.year);
  const month = pad(fields.month, 2);
  const day = pad(fields.day, 2);
  return {
    weekday: format(locale, zone, { weekday: 'long' }).format(ms),
    weekdayShort: format(locale, zone, { weekday: 'short' }).format(ms),
    month: format(locale, zone, { month: 'long' }).format(ms),
    monthShort: format(locale, zone, { month: 'short' }).format(ms),
    year,
    day: Number(fields.day),
    hour: pad(fields.hour, 2),
    minute: pad(fields.minute, 2),
    date: `${pad(fields.year, 4)}-${month}-${day}`,
  };
}

/** The zone's short name at the instant in British English: `CET`, `CEST`, `GMT`, `GMT-6` (luxon `ZZZZ`). */
export function zoneAbbreviation(ms: number, zone: string): string {
  const part = format('en-GB', zone, { ...NUMERIC, timeZoneName: 'short' })
    .formatToParts(ms)
    .find((p) => p.type === 'timeZoneName');
  return part?.value ?? zone;
}
