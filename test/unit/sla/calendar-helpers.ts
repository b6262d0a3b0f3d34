// Shared by the calendar/clock tests: ISO in, ISO out, so each hand-worked case reads like its comment.
import type { BusinessCalendar } from '../../../shared/sla/calendar.js';
import { formatInstant, parseInstant } from '../../../shared/sla/instant.js';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** Due instant (ISO, UTC) of a budget in business minutes. */
export function due(calendar: BusinessCalendar, start: string, minutes: number): string {
  return formatInstant(calendar.addBusinessMs(parseInstant(start), minutes * MINUTE));
}

/** Open business time in [start, end), in minutes. */
export function elapsed(calendar: BusinessCalendar, start: string, end: string): number {
  return calendar.businessMsBetween(parseInstant(start), parseInstant(end)) / MINUTE;
}

export function open(calendar: BusinessCalendar, at: string): boolean {
  return calendar.isOpen(parseInstant(at));
}
