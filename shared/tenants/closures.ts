/**
 * A tenant's closures: dates on which its business calendars do not open (Interzen: "Summer closing: August
 * (2/3 weeks); Christmas holidays ... the closing weeks will be communicated from time to time"). They are
 * added to every calendar the tenant's policy uses except `always` (24x7, holidays included, stays open).
 * A date is a local date in each window's own zone, like a public holiday (spec section 1).
 */

import type { ClosedDate } from '../sla/calendar-schema.js';
import { daysInMonth } from '../sla/instant.js';
import * as z from '../zod.js';

export const MAX_CLOSURES = 200;
/** A range covers at most this many days (a year, leap day included): longer is more likely a typo. */
export const MAX_CLOSURE_DAYS = 366;

const MS_PER_DAY = 86_400_000;

function dayNumber(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (year < 1900 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export const closureDateSchema = z.lazySchema(() =>
  z.described(
    z.string().check(
      z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD'),
      z.refine((v) => dayNumber(v) !== null, { message: 'expected a date YYYY-MM-DD' }),
    ),
    'a local date, YYYY-MM-DD',
  ),
);

export const closureRangeSchema = z.lazySchema(() =>
  z
    .strictObject({
      from: z.described(closureDateSchema, 'first closed date, YYYY-MM-DD'),
      to: z.described(closureDateSchema, 'last closed date (inclusive), YYYY-MM-DD'),
      note: z.described(
        z.optional(z.string().check(z.maxLength(200))),
        'what the closure is, e.g. "summer closing"',
      ),
    })
    .check(
      z.superRefine((range, ctx) => {
        const from = dayNumber(range.from);
        const to = dayNumber(range.to);
        if (from === null || to === null) return;
        if (to < from)
          ctx.addIssue({ code: 'custom', path: ['to'], message: '`to` must not be before `from`' });
        else if (to - from + 1 > MAX_CLOSURE_DAYS) {
          ctx.addIssue({
            code: 'custom',
            path: ['to'],
            message: `a closure covers at most ${MAX_CLOSURE_DAYS} days; split longer ones`,
          });
        }
      }),
    ),
);

export const closuresSchema = z.lazySchema(() =>
  z.described(
    z
      .array(z.union([closureDateSchema, closureRangeSchema]))
      .check(z.maxLength(MAX_CLOSURES, `at most ${MAX_CLOSURES} closures; drop past ones`)),
    'dates (or inclusive ranges) on which every business calendar of the policy is closed, `always` excepted',
  ),
);

export type Closure = z.infer<typeof closuresSchema>[number];

/** The engine's closed dates, notes kept: an explained deadline names the closure that moved it. */
export function toClosedDates(closures: readonly Closure[] | undefined): ClosedDate[] {
  return (closures ?? []).map((c) =>
    typeof c === 'string' ? c : { from: c.from, to: c.to, ...(c.note === undefined ? {} : { note: c.note }) },
  );
}
