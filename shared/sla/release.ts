import type { Instant } from './types.js';

/** When a monthly release ships: the first `weekday` of each month at `timeUtc`. */
export interface ReleaseRule {
  weekday: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
  /** `HH:MM`, UTC. */
  timeUtc: string;
  /** The release a ticket waits for is the first one at least this many calendar days after creation. */
  minDaysAfterCreation: number;
}

/** Fenorri's: the first Tuesday of a month at 12:00 UTC, at least 7 days after the ticket was created. */
export const FENORRI_RELEASE: ReleaseRule = { weekday: 'tue', timeUtc: '12:00', minDaysAfterCreation: 7 };

const WEEKDAY_INDEX: Record<ReleaseRule['weekday'], number> = {
  sun: 0,
  mon: 1,
  tue: 2,
  wed: 3,
  thu: 4,
  fri: 5,
  sat: 6,
};
const DAY_MS = 86_400_000;

/** The release instant of a UTC month (`month` 0-11). */
export function releaseInMonth(year: number, month: number, rule: ReleaseRule): Instant {
  const [hh, mm] = rule.timeUtc.split(':').map(Number);
  const firstOfMonth = Date.UTC(year, month, 1);
  const firstWeekday = new Date(firstOfMonth).getUTCDay();
  const offsetDays = (WEEKDAY_INDEX[rule.weekday] - firstWeekday + 7) % 7;
  return firstOfMonth + offsetDays * DAY_MS + ((hh ?? 0) * 60 + (mm ?? 0)) * 60_000;
}

/**
 * The next monthly release for a ticket created at `createdAt`: the first release instant `r` with
 * `r >= createdAt + minDaysAfterCreation days` (a release exactly 7 days after creation counts: the boundary is
 * inclusive). Calendar days of 24 h, so the rule does not depend on any zone.
 */
export function nextMonthlyRelease(createdAt: Instant, rule: ReleaseRule = FENORRI_RELEASE): Instant {
  const threshold = createdAt + rule.minDaysAfterCreation * DAY_MS;
  const d = new Date(threshold);
  let year = d.getUTCFullYear();
  let month = d.getUTCMonth();
  for (;;) {
    const release = releaseInMonth(year, month, rule);
    if (release >= threshold) return release;
    month += 1;
    if (month === 12) {
      month = 0;
      year += 1;
    }
  }
}
