import { createHash } from 'node:crypto';
import { formatInstant } from '../sla/instant.js';

/**
 * EventBridge Scheduler's rules for names (schedules and groups): 1-64 characters of `[0-9a-zA-Z-_.]`.
 * Names are deterministic so the producer can create a schedule twice (ConflictException = done) and delete
 * it without remembering anything but the owed timer.
 */
export const SCHEDULE_NAME_PATTERN = /^[0-9a-zA-Z\-_.]{1,64}$/;
export const SCHEDULE_NAME_MAX = 64;

const SAFE = /^[0-9a-zA-Z\-_]+$/;
/** Room left for the timer part after the ticket prefix (`<36>` + `<=27>` + margin). */
const PREFIX_MAX = 36;

const MILESTONE_ABBREVIATION: Record<string, string> = {
  firstResponse: 'fr',
  update: 'up',
  escalation: 'es',
  resolution: 're',
};

function digest(text: string, length: number): string {
  return createHash('sha256').update(text).digest('hex').slice(0, length);
}

/**
 * Every schedule of one ticket starts with this prefix, so `ListSchedules(NamePrefix)` finds them. Readable
 * (`tenant.ticket.`) when the ids are short and plain; otherwise a hash of both, which is still deterministic.
 */
export function scheduleNamePrefix(tenantId: string, ticketId: string): string {
  const readable = `${tenantId}.${ticketId}.`;
  if (SAFE.test(tenantId) && SAFE.test(ticketId) && readable.length <= PREFIX_MAX) return readable;
  return `h${digest(`${tenantId}\u0000${ticketId}`, 24)}.`;
}

/** Epoch ms -> `20260302T090000Z` (sub-second instants keep their milliseconds so they stay distinct). */
function compactInstant(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0 || ms > 253402300799999) return digest(String(ms), 16);
  const iso = new Date(ms).toISOString();
  const millis = iso.slice(20, 23);
  return iso.slice(0, 19).replace(/[-:]/g, '') + (millis === '000' ? '' : millis) + 'Z';
}

/**
 * `tenant.ticket.<milestone><cycle>.<kind><index>.<due>`: the due instant is the generation, so a recomputed
 * deadline gets a new schedule and the old one is deleted by name. Falls back to a hash of the whole identity
 * whenever the readable form would break the rules.
 */
export function scheduleName(tenantId: string, ticketId: string, timerKey: string, dueAt: number): string {
  const prefix = scheduleNamePrefix(tenantId, ticketId);
  const [milestone, cycle, kind, index] = timerKey.split('#');
  const abbreviation = milestone === undefined ? undefined : MILESTONE_ABBREVIATION[milestone];
  const readablePart =
    abbreviation !== undefined &&
    cycle !== undefined &&
    /^\d{1,6}$/.test(cycle) &&
    (kind === 'reminder' || kind === 'deadline') &&
    index !== undefined &&
    /^\d{1,3}$/.test(index) &&
    timerKey.split('#').length === 4
      ? `${abbreviation}${cycle}.${kind[0]}${index}.${compactInstant(dueAt)}`
      : undefined;
  const name =
    readablePart === undefined
      ? `${prefix}${digest(`${timerKey}\u0000${dueAt}`, 32)}`
      : `${prefix}${readablePart}`;
  if (name.length <= SCHEDULE_NAME_MAX) return name;
  return `${prefix}${digest(`${timerKey}\u0000${dueAt}`, SCHEDULE_NAME_MAX - prefix.length)}`;
}

/** `at(yyyy-mm-ddThh:mm:ss)` in UTC (used with `ScheduleExpressionTimezone: 'UTC'`), floored to the second. */
export function atExpression(instantMs: number): string {
  if (!Number.isFinite(instantMs)) throw new RangeError('atExpression needs a finite instant');
  return `at(${formatInstant(instantMs).slice(0, 19)})`;
}

const AT_PATTERN = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;

/**
 * Parses an `at()` expression as a wall-clock time in `zone` (IANA) into epoch ms; null if malformed or not a
 * real date. Zones other than UTC are resolved through Intl so the local Scheduler can honour them too.
 */
export function parseAtExpression(expression: string, zone = 'UTC'): number | null {
  const match = AT_PATTERN.exec(expression);
  if (!match) return null;
  const [y, mo, d, h, mi, s] = match.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return null;
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(asUtc);
  if (check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  if (zone === 'UTC') return asUtc;
  return asUtc - zoneOffsetMs(zone, asUtc - zoneOffsetMs(zone, asUtc));
}

function zoneOffsetMs(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const local = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return local - Math.floor(at / 1000) * 1000;
}
