/**
 * The shape of the public-holiday tables in `holiday-tables/` (built ahead from date-holidays by
 * `npm run holidays:build`, read at run time by `holidays.ts`), and the one place that encodes and decodes them.
 *
 * Why tables: date-holidays brings its rule engine, moment-timezone and a lunar library (~1.3 MB of module text,
 * ~5-12 ms a country-year to evaluate) into every Lambda's init path; a country's table is a few KB of JSON
 * read only when a calendar first asks for that country.
 *
 * One file a country (`DE.json`), one `index.json` listing the countries and their regions. A holiday is one
 * integer so a year is a short array of numbers (fast to parse, small on disk):
 *   code = ((name * 2 + substitute) * 32 + (days - 1)) * 512 + (offset + 16)
 * where `offset` is the first day's distance from 1 January of the year asked (the library can start a
 * holiday a few days before it), `days` how many consecutive days it closes, `name` an index into the
 * country's `names`. Code 0 never occurs, so it marks a full list (below).
 *
 * A region's year is stored against the country's year: `[]` = the same holidays; otherwise positive codes
 * are added (in date order, after the country's holidays of the same first day) and negative codes remove the
 * country's holiday with that code. When that cannot reproduce the library's order, the region's year is the
 * full list behind a leading 0. The build checks every region's decoded year equals the library's list.
 */

/** Bumped when the encoding changes, so a table built by an older builder is seen as stale. */
export const HOLIDAY_TABLE_FORMAT = 1;

export interface HolidayTableIndex {
  format: number;
  /** The date-holidays version the tables were built from (the one package-lock pins). */
  dateHolidays: string;
  /** First and last year tabulated, inclusive. */
  first: number;
  last: number;
  /** Every country date-holidays knows, with its region (state) codes. */
  countries: Record<string, string[]>;
}

export interface HolidayTableFile {
  format: number;
  country: string;
  first: number;
  last: number;
  /** Holiday names as the library gives them (the country's default language). */
  names: string[];
  /** `''` is the country as a whole, other keys its regions; one array per year, `first` to `last`. */
  regions: Record<string, number[][]>;
}

export interface TabledHoliday {
  /** Days from 1 January of the year to the holiday's first day. */
  offset: number;
  days: number;
  name: number;
  substitute: boolean;
}

const OFFSET_BIAS = 16;
const OFFSET_SPAN = 512;
const DAYS_SPAN = 32;

export function encodeHoliday(h: TabledHoliday): number {
  if (h.offset + OFFSET_BIAS < 0 || h.offset + OFFSET_BIAS >= OFFSET_SPAN)
    throw new RangeError(`holiday offset ${h.offset} outside the encodable range`);
  if (h.days < 1 || h.days > DAYS_SPAN) throw new RangeError(`holiday of ${h.days} days cannot be encoded`);
  return (
    ((h.name * 2 + (h.substitute ? 1 : 0)) * DAYS_SPAN + (h.days - 1)) * OFFSET_SPAN + h.offset + OFFSET_BIAS
  );
}

export function decodeHoliday(code: number): TabledHoliday {
  const offset = (code % OFFSET_SPAN) - OFFSET_BIAS;
  const rest = Math.floor(code / OFFSET_SPAN);
  const days = (rest % DAYS_SPAN) + 1;
  const flagged = Math.floor(rest / DAYS_SPAN);
  return { offset, days, name: Math.floor(flagged / 2), substitute: flagged % 2 === 1 };
}

/** First day's offset of an encoded holiday (what region lists merge on). */
function offsetOf(code: number): number {
  return (code % OFFSET_SPAN) - OFFSET_BIAS;
}

/** The codes of a region's year, from the country's year and the region's stored entry. */
export function regionYear(countryYear: readonly number[], stored: readonly number[]): number[] {
  if (stored.length === 0) return [...countryYear];
  if (stored[0] === 0) return stored.slice(1);
  const out = [...countryYear];
  for (const code of stored) {
    if (code < 0) {
      const at = out.indexOf(-code);
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    let at = out.length;
    while (at > 0 && offsetOf(out[at - 1] as number) > offsetOf(code)) at--;
    out.splice(at, 0, code);
  }
  return out;
}

/** How a region's year is stored: the smaller of the delta against the country and the full list. */
export function storeRegionYear(countryYear: readonly number[], own: readonly number[]): number[] {
  if (sameCodes(countryYear, own)) return [];
  const remaining = [...own];
  const removals: number[] = [];
  for (const code of countryYear) {
    const at = remaining.indexOf(code);
    if (at >= 0) remaining.splice(at, 1);
    else removals.push(-code);
  }
  const delta = [...removals, ...remaining];
  if (delta.length < own.length + 1 && sameCodes(regionYear(countryYear, delta), own)) return delta;
  return [0, ...own];
}

function sameCodes(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
