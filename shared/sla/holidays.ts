import Holidays from 'date-holidays';
import { dayOfDate, MS_PER_DAY } from './calendar/zone-offsets.js';

/**
 * Public holidays by country and region, from `date-holidays` (pinned in package.json). Only holidays of type
 * `public` count (substitute days included: the library marks them public too); observances, optional and
 * bank-only days do not. Sets are cached per (country, region, year): building a calendar year asks often.
 */

const libraries = new Map<string, Holidays>();
const daySets = new Map<string, ReadonlySet<number>>();
let catalogue: Holidays | undefined;

function keyOf(country: string, region: string | undefined): string {
  return region ? `${country}-${region}` : country;
}

function library(country: string, region: string | undefined): Holidays {
  const key = keyOf(country, region);
  let hd = libraries.get(key);
  if (!hd) {
    hd = region ? new Holidays(country, region) : new Holidays(country);
    libraries.set(key, hd);
  }
  return hd;
}

/** Whether date-holidays knows the country (and the region within it, when given). */
export function isKnownHolidayRegion(country: string, region?: string): boolean {
  catalogue ??= new Holidays();
  const countries = catalogue.getCountries();
  if (!countries || !(country in countries)) return false;
  if (region === undefined) return true;
  const regions = catalogue.getStates(country);
  return regions !== undefined && region in regions;
}

export interface PublicHoliday {
  /** Local date `YYYY-MM-DD`. */
  date: string;
  name: string;
  substitute: boolean;
}

/** The public holidays of a year, in date order. */
export function publicHolidays(country: string, region: string | undefined, year: number): PublicHoliday[] {
  const out: PublicHoliday[] = [];
  for (const h of library(country, region).getHolidays(year)) {
    if (h.type !== 'public') continue;
    const first = dayOfDate(h.date);
    // A holiday the library spans over several days closes each of them.
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / MS_PER_DAY));
    for (let i = 0; i < days; i++) {
      const date = new Date((first + i) * MS_PER_DAY).toISOString().slice(0, 10);
      out.push({ date, name: h.name, substitute: Boolean(h.substitute) });
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
