import { InvalidInstantError } from './errors.js';
import type { Instant } from './types.js';

/**
 * ISO-8601 date-time with a mandatory offset (`Z`, `+HH:MM`, `+HHMM` or `+HH`); seconds and fractional seconds
 * optional. A local time without an offset is rejected on purpose: it would silently mean the server's zone.
 */
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

/** Parses an ISO-8601 instant with an offset (fractional seconds kept to the millisecond, truncated). */
export function parseInstant(iso: string, field = 'instant'): Instant {
  const fail = (reason: string): never => {
    throw new InvalidInstantError(
      `${field}: ${JSON.stringify(iso)} is not a valid instant (${reason}); expected ISO-8601 with an offset, e.g. 2026-03-02T09:30:00Z`,
      field,
    );
  };
  if (typeof iso !== 'string') return fail('not a string');
  const m = ISO_INSTANT.exec(iso.trim());
  if (!m) return fail(/[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso.trim()) ? 'missing offset' : 'malformed');
  const [, ys, mos, ds, hs, mis, ss, frac, z, sign, ohs, oms] = m;
  const year = Number(ys);
  const month = Number(mos);
  const day = Number(ds);
  const hour = Number(hs);
  const minute = Number(mis);
  const second = ss === undefined ? 0 : Number(ss);
  if (month < 1 || month > 12) return fail('month out of range');
  if (day < 1 || day > daysInMonth(year, month)) return fail('day out of range');
  if (hour > 23 || minute > 59 || second > 59) return fail('time out of range');
  let offsetMinutes = 0;
  if (!z) {
    const oh = Number(ohs);
    const om = oms === undefined ? 0 : Number(oms);
    if (oh > 23 || om > 59) return fail('offset out of range');
    offsetMinutes = (sign === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = frac === undefined ? 0 : Number(frac.padEnd(3, '0').slice(0, 3));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, ms);
  return date.getTime() - offsetMinutes * 60_000;
}

/** UTC `YYYY-MM-DDTHH:MM:SSZ`, rounded down to the second (the spec's storage and display form). */
export function formatInstant(ms: Instant): string {
  if (!Number.isFinite(ms)) throw new RangeError(`formatInstant needs a finite epoch-ms instant, got ${ms}`);
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString();
  // toISOString always ends in `.000Z` once floored to the second.
  return `${iso.slice(0, -5)}Z`;
}
