import { createRequire } from 'node:module';
import { dayOfDate, MS_PER_DAY } from './calendar/zone-offsets.js';
import { HolidayYearOutOfRangeError, InvalidSpecError } from './errors.js';
import {
  decodeHoliday,
  type HolidayTableFile,
  type HolidayTableIndex,
  regionYear,
} from './holiday-table-format.js';

/**
 * Public holidays by country and region, from tables built ahead from `date-holidays` (`npm run holidays:build`,
 * the version package.json pins; see `holiday-table-format.ts`). Only holidays of type `public` count
 * (substitute days included: the library marks them public too); observances, optional and bank-only days do
 * not. The years tabulated are in `holiday-tables/index.json` (2010-2050); a year outside them throws
 * `HolidayYearOutOfRangeError` rather than answering "no holidays".
 *
 * The tables are JSON files beside this module (beside `index.mjs` in a Lambda bundle: the function construct
 * copies them there). A country's file is read the first time a calendar asks for that country, never at
 * import: a Lambda's init path loads none of them. They are loaded with `require`, as data modules, so the
 * engine does no I/O of its own. Day sets are cached per (country, region, year): building a calendar year
 * asks often.
 */

// Named `load`, not `require`: esbuild would otherwise try to bundle every file the pattern could match.
const load = createRequire(new URL('./holiday-tables/', import.meta.url));
const tables = new Map<string, HolidayTableFile>();
const daySets = new Map<string, ReadonlySet<number>>();
let index: HolidayTableIndex | undefined;

function tableIndex(): HolidayTableIndex {
  index ??= load('./index.json') as HolidayTableIndex;
  return index;
}

function keyOf(country: string, region: string | undefined): string {
  return region ? `${country}-${region}` : country;
}

/** Whether date-holidays (as tabulated) knows the country (and the region within it, when given). */
export function isKnownHolidayRegion(country: string, region?: string): boolean {
  const { countries } = tableIndex();
  if (!Object.hasOwn(countries, country)) return false;
  return region === undefined || (countries[country] as string[]).includes(region);
}

/** The span of years the tables cover, inclusive. */
export function holidayTableSpan(): { first: number; last: number } {
  const { first, last } = tableIndex();
  return { first, last };
}

function countryTable(country: string): HolidayTableFile {
  let table = tables.get(country);
  if (!table) {
    table = load(`./${country}.json`) as HolidayTableFile;
    tables.set(country, table);
  }
  return table;
}

export interface PublicHoliday {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  name: string;
  substitute: boolean;
}

/** The public holidays of a year, in date order. */
export function publicHolidays(country: string, region: string | undefined, year: number): PublicHoliday[] {
  if (!isKnownHolidayRegion(country, region))
    throw new InvalidSpecError(
      `no public holidays are known for ${keyOf(country, region)}`,
      'calendar.holidays',
    );
  const table = countryTable(country);
  if (year < table.first || year > table.last)
    throw new HolidayYearOutOfRangeError(
      `public holidays of ${keyOf(country, region)} are tabulated for ${table.first}-${table.last}, not ${year} (widen the span in bin/holiday-table-builder.ts and run npm run holidays:build)`,
      'calendar.holidays',
    );
  const i = year - table.first;
  const countryYear = table.regions['']?.[i] ?? [];
  const codes = region ? regionYear(countryYear, table.regions[region]?.[i] ?? []) : countryYear;
  const jan1 = Date.UTC(year, 0, 1) / MS_PER_DAY;
  const out: PublicHoliday[] = [];
  for (const code of codes) {
    const h = decodeHoliday(code);
    const name = table.names[h.name] as string;
    for (let d = 0; d < h.days; d++) {
      const date = new Date((jan1 + h.offset + d) * MS_PER_DAY).toISOString().slice(0, 10);
      out.push({ date, name, substitute: h.substitute });
    }
  }
  return out;
}

/** Local day numbers (days since 1970-01-01) of a year's public holidays. Cached. */
export function publicHolidayDays(
  country: string,
  region: string | undefined,
  year: number,
): ReadonlySet<number> {
  const key = `${keyOf(country, region)}:${year}`;
  let set = daySets.get(key);
  if (!set) {
    set = new Set(publicHolidays(country, region, year).map((h) => dayOfDate(h.date)));
    daySets.set(key, set);
  }
  return set;
}
