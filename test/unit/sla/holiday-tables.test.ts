import { readFileSync } from 'node:fs';
import Holidays from 'date-holidays';
import { describe, expect, it } from 'vitest';
import {
  buildCountryTable,
  countryTableText,
  dateHolidaysVersion,
  HOLIDAY_TABLE_SPAN,
  holidayCatalogue,
} from '../../../bin/holiday-table-builder.js';
import { listCalendarSpecs } from '../../../shared/sla/calendars.js';
import { HolidayYearOutOfRangeError, InvalidSpecError } from '../../../shared/sla/errors.js';
import { HOLIDAY_TABLE_FORMAT, type HolidayTableIndex } from '../../../shared/sla/holiday-table-format.js';
import {
  holidayTableSpan,
  isKnownHolidayRegion,
  type PublicHoliday,
  publicHolidayDays,
  publicHolidays,
} from '../../../shared/sla/holidays.js';

const TABLES = new URL('../../../shared/sla/holiday-tables/', import.meta.url);
const MS_PER_DAY = 86_400_000;

/** What holidays.ts computed with date-holidays at run time before the tables: the reference. */
function fromLibrary(hd: Holidays, year: number): PublicHoliday[] {
  const out: PublicHoliday[] = [];
  for (const h of hd.getHolidays(year)) {
    if (h.type !== 'public') continue;
    const first = Date.parse(`${h.date.slice(0, 10)}T00:00:00Z`) / MS_PER_DAY;
    const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / MS_PER_DAY));
    for (let i = 0; i < days; i++)
      out.push({
        date: new Date((first + i) * MS_PER_DAY).toISOString().slice(0, 10),
        name: h.name,
        substitute: Boolean(h.substitute),
      });
  }
  return out;
}

const presetSources = listCalendarSpecs().flatMap((c) => c.spec.holidays ?? []);
// Others with regions: federal states, cantons and provinces whose holidays differ from the country's, a
// multi-day holiday (CN), lunar and Islamic calendars (KR, SA), substitute days (AU, JP).
const sampleSources = [
  { country: 'DE', region: 'BY' },
  { country: 'DE', region: 'BE' },
  { country: 'CH', region: 'ZH' },
  { country: 'US', region: 'CA' },
  { country: 'US', region: 'TX' },
  { country: 'AU', region: 'NSW' },
  { country: 'CA', region: 'QC' },
  { country: 'ES', region: 'CT' },
  { country: 'GB', region: 'SCT' },
  { country: 'FR' },
  { country: 'CN' },
  { country: 'JP' },
  { country: 'KR' },
  { country: 'SA' },
];

describe('public holiday tables', () => {
  it('cover 2010-2050, the span the builder states', () => {
    expect(holidayTableSpan()).toEqual(HOLIDAY_TABLE_SPAN);
  });

  it.each(
    [...presetSources, ...sampleSources].map((s) => [s.region ? `${s.country}-${s.region}` : s.country, s]),
  )(
    'equal date-holidays for %s in every year of the span (dates, names, substitutes, order)',
    (_label, { country, region }) => {
      expect(isKnownHolidayRegion(country, region)).toBe(true);
      const hd = region ? new Holidays(country, region) : new Holidays(country);
      for (let year = HOLIDAY_TABLE_SPAN.first; year <= HOLIDAY_TABLE_SPAN.last; year++)
        expect(publicHolidays(country, region, year), `${year}`).toEqual(fromLibrary(hd, year));
    },
    60_000,
  );

  it('know exactly the countries and regions date-holidays knows', () => {
    const catalogue = holidayCatalogue();
    expect(isKnownHolidayRegion('DE', 'BY')).toBe(true);
    expect(isKnownHolidayRegion('DE', 'XX')).toBe(false);
    expect(isKnownHolidayRegion('XX')).toBe(false);
    // Not fooled by Object.prototype names (the library's catalogue used `in`).
    expect(isKnownHolidayRegion('toString')).toBe(false);
    for (const [country, regions] of Object.entries(catalogue)) {
      expect(isKnownHolidayRegion(country)).toBe(true);
      for (const region of regions) expect(isKnownHolidayRegion(country, region)).toBe(true);
    }
  });

  it('are not stale: built by this builder format from the date-holidays version installed', () => {
    const index = JSON.parse(readFileSync(new URL('index.json', TABLES), 'utf8')) as HolidayTableIndex;
    const stale = 'stale holiday tables: run `npm run holidays:build` and commit shared/sla/holiday-tables';
    expect(index.dateHolidays, stale).toBe(dateHolidaysVersion());
    expect(index.format, stale).toBe(HOLIDAY_TABLE_FORMAT);
    expect(index.countries, stale).toEqual(holidayCatalogue());
    // Rebuilding a country with regions gives the committed file byte for byte.
    for (const country of ['AT', 'NZ']) {
      const text = countryTableText(buildCountryTable(country, index.countries[country] ?? []));
      expect(text === readFileSync(new URL(`${country}.json`, TABLES), 'utf8'), `${stale} (${country})`).toBe(
        true,
      );
    }
  }, 60_000);

  it('refuse a year outside the span with a named error, never "no holidays"', () => {
    expect(() => publicHolidays('US', undefined, HOLIDAY_TABLE_SPAN.last + 1)).toThrow(
      HolidayYearOutOfRangeError,
    );
    expect(() => publicHolidayDays('DE', 'BY', HOLIDAY_TABLE_SPAN.first - 1)).toThrow(
      /tabulated for 2010-2050, not 2009/,
    );
  });

  it('refuse a country or region the library does not know', () => {
    expect(() => publicHolidays('XX', undefined, 2026)).toThrow(InvalidSpecError);
    expect(() => publicHolidayDays('DE', 'XX', 2026)).toThrow(/DE-XX/);
  });

  it('give the day set of the same holidays', () => {
    const days = publicHolidayDays('GB', 'ENG', 2026);
    expect([...days].map((d) => new Date(d * MS_PER_DAY).toISOString().slice(0, 10))).toEqual(
      publicHolidays('GB', 'ENG', 2026).map((h) => h.date),
    );
  });
});
