/**
 * An explanation's walk as JSON (spec section 7): instants to the second, minutes exact, local times in the
 * window's zone. The one shape `sla explain` prints and `GET /tickets/{id}/sla` answers with.
 */
import { DateTime } from 'luxon';
import type { Gap, OffsetChange, Segment } from './explain.js';
import { formatInstant } from './instant.js';
import { floorToSecond } from './milestones.js';

const MS_PER_MINUTE = 60_000;

export function localTime(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toFormat('ccc yyyy-MM-dd HH:mm:ss').replace(/:00$/, '');
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
