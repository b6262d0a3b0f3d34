import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import Holidays from 'date-holidays';
import {
  encodeHoliday,
  HOLIDAY_TABLE_FORMAT,
  type HolidayTableFile,
  type HolidayTableIndex,
  storeRegionYear,
} from '../shared/sla/holiday-table-format.js';

/**
 * Builds the public-holiday tables from the pinned date-holidays (a dev dependency: nothing at run time loads
 * it). Exactly what `shared/sla/holidays.ts` used to ask the library at run time: holidays of type `public`
 * (substitute days included, the library marks them public too), with the library's names and order.
 */

/** The years tabulated. A deadline outside them fails with `HolidayYearOutOfRangeError`. */
export const HOLIDAY_TABLE_SPAN = { first: 2010, last: 2050 } as const;

const MS_PER_DAY = 86_400_000;

/** The version of date-holidays installed (package-lock pins it). */
export function dateHolidaysVersion(): string {
  const path = createRequire(import.meta.url).resolve('date-holidays/package.json');
  return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
}

/** Every country the library knows, with its region (state) codes, sorted. */
export function holidayCatalogue(): Record<string, string[]> {
  const catalogue = new Holidays();
  const out: Record<string, string[]> = {};
  for (const country of Object.keys(catalogue.getCountries() ?? {}).sort())
    out[country] = Object.keys(catalogue.getStates(country) ?? {}).sort();
  return out;
}

function dayOf(date: string): number {
  return (
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY
  );
}

/** The library's public holidays of one region's year, as codes (names interned into `names`). */
function yearCodes(hd: Holidays, year: number, names: string[], nameIndex: Map<string, number>): number[] {
  const jan1 = Date.UTC(year, 0, 1) / MS_PER_DAY;
  const codes: number[] = [];
  for (const h of hd.getHolidays(year)) {
    if (h.type !== 'public') continue;
    let name = nameIndex.get(h.name);
    if (name === undefined) {
      name = names.length;
      names.push(h.name);
      nameIndex.set(h.name, name);
    }
    // A holiday the library spans over several days closes each of them.
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / MS_PER_DAY));
    codes.push(
      encodeHoliday({ offset: dayOf(h.date) - jan1, days, name, substitute: Boolean(h.substitute) }),
    );
  }
  return codes;
}

/** One country's table over the span: the country's years, and each region's years against them. */
export function buildCountryTable(
  country: string,
  regions: readonly string[],
  span: { first: number; last: number } = HOLIDAY_TABLE_SPAN,
): HolidayTableFile {
  const names: string[] = [];
  const nameIndex = new Map<string, number>();
  const years = (hd: Holidays) => {
    const out: number[][] = [];
    for (let y = span.first; y <= span.last; y++) out.push(yearCodes(hd, y, names, nameIndex));
    return out;
  };
  const countryYears = years(new Holidays(country));
  const table: Record<string, number[][]> = { '': countryYears };
  for (const region of regions) {
    const own = years(new Holidays(country, region));
    table[region] = own.map((codes, i) => storeRegionYear(countryYears[i] as number[], codes));
  }
  return { format: HOLIDAY_TABLE_FORMAT, country, first: span.first, last: span.last, names, regions: table };
}

export function buildIndex(
  countries: Record<string, string[]>,
  span: { first: number; last: number } = HOLIDAY_TABLE_SPAN,
): HolidayTableIndex {
  return {
    format: HOLIDAY_TABLE_FORMAT,
    dateHolidays: dateHolidaysVersion(),
    first: span.first,
    last: span.last,
    countries,
  };
}

/** The file text of a country's table: one line per region, so a rebuild's diff shows which regions moved. */
export function countryTableText(table: HolidayTableFile): string {
  const { regions, ...head } = table;
  const lines = Object.entries(regions).map(
    ([key, years]) => `${JSON.stringify(key)}:${JSON.stringify(years)}`,
  );
  return `${JSON.stringify(head).slice(0, -1)},"regions":{\n${lines.join(',\n')}\n}}\n`;
}

export function indexText(index: HolidayTableIndex): string {
  const { countries, ...head } = index;
  const lines = Object.entries(countries).map(
    ([key, regions]) => `${JSON.stringify(key)}:${JSON.stringify(regions)}`,
  );
  return `${JSON.stringify(head).slice(0, -1)},"countries":{\n${lines.join(',\n')}\n}}\n`;
}
