/**
 * An explanation's walk as JSON (spec section 7): instants to the second, minutes exact, local times in the
 * window's zone. The one shape `sla explain` prints and `GET /tickets/{id}/sla` answers with.
 */
import { zoneClock } from './calendar/zone-offsets.js';
import type { Gap, OffsetChange, Segment } from './explain.js';
import { formatInstant } from './instant.js';
import { floorToSecond } from './milestones.js';

const MS_PER_MINUTE = 60_000;

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/**
 * "Mon 2026-03-02 09:30" (seconds only when not zero) in `zone`, from the engine's cached zone offsets rather
 * than luxon: the receipt is in the ticket reads every Lambda with the ticket service bundles.
 */
export function localTime(at: number, zone: string): string {
  const wall = new Date(Math.floor(zoneClock(zone).instantToWall(at) / 1000) * 1000);
  const iso = wall.toISOString();
  return `${WEEKDAYS[wall.getUTCDay()]} ${iso.slice(0, 10)} ${iso.slice(11, 19)}`.replace(/:00$/, '');
}

function offset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const minutes = Math.abs(ms) / MS_PER_MINUTE;
  return `${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** A segment as printed: instants to the second, minutes exact, local times in the window's zone. */
export function segmentJson(s: Segment) {
  return {
    from: formatInstant(floorToSecond(s.from)),
    to: formatInstant(floorToSecond(s.to)),
    minutes: s.ms / MS_PER_MINUTE,
    totalMinutes: s.totalMs / MS_PER_MINUTE,
    zone: s.zone,
    localFrom: localTime(s.from, s.zone),
    localTo: localTime(s.to, s.zone),
  };
}

export function gapJson(g: Gap, zone: string) {
  return {
    from: formatInstant(floorToSecond(g.from)),
    to: formatInstant(floorToSecond(g.to)),
    minutes: (g.to - g.from) / MS_PER_MINUTE,
    reasons: g.reasons,
    zone,
    localFrom: localTime(g.from, zone),
    localTo: localTime(g.to, zone),
  };
}

export function offsetChangeJson(c: OffsetChange) {
  return {
    zone: c.zone,
    at: formatInstant(c.at),
    offsetBefore: offset(c.before),
    offsetAfter: offset(c.after),
    localBefore: localTime(c.at - 1000, c.zone),
    localAfter: localTime(c.at, c.zone),
  };
}

/** Gaps shown in the zone of the segment that follows them (where the clock starts counting again). */
export function walkJson(w: { segments: Segment[]; gaps: Gap[]; offsetChanges: OffsetChange[] }) {
  const zoneAfter = (g: Gap) => w.segments.find((s) => s.from >= g.to)?.zone ?? w.segments[0]?.zone ?? 'UTC';
  return {
    segments: w.segments.map(segmentJson),
    gaps: w.gaps.map((g) => gapJson(g, zoneAfter(g))),
    dstChanges: w.offsetChanges.map(offsetChangeJson),
  };
}
