/**
 * Times as the viewer reads them: in the browser's own zone, with the zone named ("Tue 1 Dec, 16:41 (Rome
 * time)"), and the product's clock. Locally that clock is the runtime's (it stands still until moved with
 * `POST /_local/clock`), so the portal keeps the offset between the server's now and the browser's.
 */
import { lang, locale } from './i18n.js';

let offsetMs = 0;

export function setServerNow(serverNowMs: number): void {
  offsetMs = serverNowMs - Date.now();
}

export const now = (): number => Date.now() + offsetMs;

export function viewerZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** "Rome time" / "ora di Rome" from `Europe/Rome`; UTC stays UTC. */
export function zoneName(zone: string = viewerZone()): string {
  if (zone === 'UTC' || zone === 'Etc/UTC') return 'UTC';
  const city = (zone.split('/').pop() ?? zone).replace(/_/g, ' ');
  return lang() === 'it' ? `ora di ${city}` : `${city} time`;
}

export function formatWhen(at: number, withZone = true): string {
  const text = new Intl.DateTimeFormat(locale(), {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(at);
  return withZone ? `${text} (${zoneName()})` : text;
}

export function formatDay(at: number): string {
  return new Intl.DateTimeFormat(locale(), { weekday: 'short', day: 'numeric', month: 'short' }).format(at);
}

export function formatClock(at: number): string {
  return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(
    at,
  );
}

/** "3 h 20 min", "2 d 1 h", "45 s" (working time or wall time alike). */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const d = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const min = Math.floor((total % 3600) / 60);
  const sec = total % 60;
  if (d > 0) return `${d} d ${hours} h`;
  if (hours > 0) return `${hours} h ${min} min`;
  if (min > 0) return `${min} min ${sec} s`;
  return `${sec} s`;
}

export const parseInstant = (value: unknown): number | null => {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
};

export interface Span {
  from: number;
  to: number;
}

/**
 * Working time left at `at`, from the open segments of a deadline's walk (the receipt's segments run up to the
 * due instant): what of them lies after `at`. It shrinks only while `at` is inside a segment, so the countdown
 * stands still outside hours and on holidays without the portal knowing the calendar.
 */
export function workingTimeLeft(segments: readonly Span[], at: number): { leftMs: number; running: boolean } {
  let leftMs = 0;
  let running = false;
  for (const seg of segments) {
    if (seg.to <= at) continue;
    leftMs += seg.to - Math.max(seg.from, at);
    if (seg.from <= at) running = true;
  }
  return { leftMs, running };
}
