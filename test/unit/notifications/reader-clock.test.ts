/**
 * Mail instants are read off `Intl` directly (shared/notifications/reader-clock.ts), no longer through luxon,
 * which kept ~70 KB out of the notification Lambda. luxon is the reference: every field and the full reader
 * line equal what luxon's `toFormat` gave, in both languages, over zones with odd offsets and DST changes.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { readerTime } from '../../../shared/notifications/mail-words.js';
import { readerDate, zoneAbbreviation } from '../../../shared/notifications/reader-clock.js';

const ZONES = [
  'UTC',
  'Europe/Rome',
  'Europe/London',
  'Europe/Tallinn',
  'America/Chicago',
  'America/Sao_Paulo',
  'America/St_Johns',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tokyo',
  'Australia/Lord_Howe',
  'Pacific/Chatham',
  'America/Havana',
];
const LOCALES = ['en-GB', 'it-IT'] as const;
/** Every ~37 hours over two years: all weekdays, months, hours and both sides of every DST change. */
const INSTANTS: number[] = [];
for (
  let at = Date.parse('2026-01-01T00:17:00Z');
  at < Date.parse('2028-01-01T00:00:00Z');
  at += 37 * 3_600_000
)
  INSTANTS.push(at);

describe('reader clock (Intl) equals luxon', () => {
  it('weekday, month, day, year, hour and minute in every zone and both languages', () => {
    for (const zone of ZONES)
      for (const locale of LOCALES)
        for (const at of INSTANTS) {
          const dt = DateTime.fromMillis(at, { zone }).setLocale(locale);
          const d = readerDate(at, zone, locale);
          const ours = `${d.weekday}|${d.weekdayShort}|${d.month}|${d.monthShort}|${d.day}|${String(d.year).padStart(4, '0')}|${d.hour}:${d.minute}|${d.date}`;
          expect(ours, `${zone} ${locale} ${new Date(at).toISOString()}`).toBe(
            dt.toFormat('cccc|ccc|LLLL|LLL|d|yyyy|HH:mm|yyyy-MM-dd'),
          );
        }
  });

  it("the zone's short English name (luxon ZZZZ)", () => {
    for (const zone of ZONES)
      for (const at of INSTANTS) {
        const dt = DateTime.fromMillis(at, { zone }).setLocale('en-GB');
        expect(zoneAbbreviation(at, zone), `${zone} ${new Date(at).toISOString()}`).toBe(dt.toFormat('ZZZZ'));
      }
  });

  it('the reader line: luxon\'s "cccc d LLLL yyyy, HH:mm" and the zone label', () => {
    const at = Date.parse('2026-12-01T14:41:00Z');
    expect(readerTime(at, 'en', 'Europe/Rome')).toBe('Tuesday 1 December 2026, 15:41 CET');
    expect(readerTime(at, 'it', 'Europe/Rome')).toBe('martedì 1 dicembre 2026, 15:41 (ora di Roma)');
    expect(readerTime(at, 'en', 'America/Chicago')).toBe(
      'Tuesday 1 December 2026, 08:41 GMT-6 (Chicago time)',
    );
    expect(readerTime(at, 'en', 'UTC')).toBe('Tuesday 1 December 2026, 14:41 UTC');
    expect(readerTime(at, 'it', 'UTC')).toBe('martedì 1 dicembre 2026, 14:41 (UTC)');
    // An unknown zone reads as UTC, as before.
    expect(readerTime(at, 'en', 'Mars/Olympus')).toBe('Tuesday 1 December 2026, 14:41 UTC');
    for (const zone of ZONES)
      for (const at of INSTANTS.slice(0, 60)) {
        const en = DateTime.fromMillis(at, { zone }).setLocale('en-GB');
        expect(readerTime(at, 'en', zone)).toMatch(new RegExp(`^${en.toFormat('cccc d LLLL yyyy, HH:mm')} `));
      }
  });
});
