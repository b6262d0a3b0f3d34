/**
 * The SLA compliance report: per tenant, milestone and priority, what happened to the milestones that started
 * in a period. Pure: the outcomes and `now` come in, rows go out. The zod schemas are the `GET /reports/sla`
 * query and response (and the OpenAPI document's); `reportCsv` is the same rows as `text/csv`.
 */
import { MS_PER_DAY, zoneClock } from '../sla/calendar/zone-offsets.js';
import { type Instant, MILESTONE_NAMES } from '../sla/types.js';
import * as z from '../zod.js';
import type { MilestoneOutcome } from './milestone-outcome.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A report spans at most this many days (a year and a leap day). */
export const MAX_REPORT_DAYS = 366;

/**
 * The day number (days since 1970-01-01, proleptic Gregorian) of a `YYYY-MM-DD` that names a real calendar
 * date, else null (`2026-02-30`, month 13). Plain arithmetic (days-from-civil), not luxon: the report routes
 * were the only thing that put luxon's ~70 KB in the api bundle, compiled at every cold start (README, speed);
 * not `Date.UTC` either, which reads years 0-99 as 1900-1999.
 */
export function dayNumber(date: string): number | null {
  if (!DAY.test(date)) return null;
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const day = Number(date.slice(8, 10));
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (monthDays === undefined || day < 1 || day > monthDays) return null;
  // Years counted from March, so the leap day is the last day of the counted year.
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

const day = (description: string) =>
  z.described(
    z.string().check(
      z.regex(DAY, 'must be a date YYYY-MM-DD'),
      z.refine((d) => dayNumber(d) !== null, 'must be a real calendar date'),
    ),
    description,
  );
const count = (description: string) => z.described(z.int(), description);
const nullableNumber = (description: string) => z.described(z.nullable(z.number()), description);

export const slaReportQuerySchema = z.lazySchema(() =>
  z
    .strictObject({
      from: day('first day of the period (inclusive), in each tenant zone'),
      to: day('last day of the period (inclusive)'),
      tenant: z.described(
        z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a tenant id'))),
        'one tenant (default: the caller tenant; `*` staff: the X-Tenant-Id one, else every tenant; naming two different ones is a 400)',
      ),
    })
    .check(
      z.superRefine((q, ctx) => {
        const from = dayNumber(q.from);
        const to = dayNumber(q.to);
        if (from === null || to === null) return;
        const days = to - from;
        if (days < 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
        else if (days >= MAX_REPORT_DAYS)
          ctx.addIssue({
            code: 'custom',
            path: ['to'],
            message: `a report spans at most ${MAX_REPORT_DAYS} days`,
          });
      }),
    ),
);
export type SlaReportQuery = z.infer<typeof slaReportQuerySchema>;

export const slaReportRowSchema = z.lazySchema(() =>
  z.strictObject({
    tenantId: z.string(),
    milestone: z.enum(MILESTONE_NAMES),
    priority: z.string(),
    counted: count('milestones started in the period (cancelled ones excluded)'),
    met: count('met on time'),
    breached: count('past their due instant (also when answered late)'),
    running: count('still running or paused, not yet due'),
    cancelled: count('no longer owed (not counted)'),
    compliancePercent: nullableNumber('met / (met + breached) x 100, one decimal; null when none finished'),
    medianBusinessMinutes: nullableNumber(
      'median time to meet the milestone in business minutes (firstResponse: time to first response)',
    ),
    p90BusinessMinutes: nullableNumber('90th percentile (nearest rank) of the same'),
    breachesByEscalationLevel: z.described(
      z.record(z.string(), z.int()),
      'breaches by the escalation level they raise the ticket to ("0": none)',
    ),
  }),
);
export type SlaReportRow = z.infer<typeof slaReportRowSchema>;

export const slaReportSchema = z.lazySchema(() =>
  z.strictObject({
    from: z.string(),
    to: z.string(),
    generatedAt: z.described(z.string(), 'UTC ISO-8601: running milestones are judged at this instant'),
    tenants: z.array(z.strictObject({ tenantId: z.string(), timezone: z.string() })),
    rows: z.array(slaReportRowSchema),
  }),
);
export type SlaReport = z.infer<typeof slaReportSchema>;

/**
 * The period `[start, end)` of local days `from`..`to` in `zone` (a valid IANA zone: the tenant's, checked when
 * it was written), as instants: from the start of `from` to the start of the day after `to`. A day starts at
 * its first local midnight (the engine's `wallToInstant`: a midnight skipped by a DST change moves forward by
 * the gap, a repeated one is its first occurrence), so consecutive periods meet exactly.
 */
export function periodInstants(from: string, to: string, zone: string): { start: Instant; end: Instant } {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (first === null || last === null) throw new RangeError(`not a calendar date: ${from}..${to}`);
  const clock = zoneClock(zone);
  return {
    start: clock.wallToInstant(first * MS_PER_DAY),
    end: clock.wallToInstant((last + 1) * MS_PER_DAY),
  };
}

/** The UTC months (`2026-11`) whose outcome partitions can hold milestones started in `[start, end)`. */
export function monthsCovering(start: Instant, end: Instant): string[] {
  const months: string[] = [];
  const first = new Date(start);
  for (
    let cursor = new Date(0).setUTCFullYear(first.getUTCFullYear(), first.getUTCMonth(), 1);
    cursor < end;
    cursor = new Date(cursor).setUTCMonth(new Date(cursor).getUTCMonth() + 1)
  ) {
    months.push(new Date(cursor).toISOString().slice(0, 7));
  }
  return months;
}

/** Nearest rank: the smallest value with at least `p` of the values at or below it. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] as number;
}

const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 6000) / 10);

type Verdict = 'met' | 'breached' | 'running' | 'cancelled';

/** What an outcome counts as at `now`: a running milestone past its due instant is breached. */
export function verdictAt(outcome: MilestoneOutcome, now: Instant): Verdict {
  switch (outcome.state) {
    case 'met':
    case 'breached':
    case 'cancelled':
      return outcome.state;
    default:
      return outcome.state === 'running' && outcome.dueAt !== null && outcome.dueAt <= now
        ? 'breached'
        : 'running';
  }
}

/** The rows of one tenant's outcomes that started in `[start, end)`, judged at `now`. */
export function reportRows(
  tenantId: string,
  outcomes: readonly MilestoneOutcome[],
  period: { start: Instant; end: Instant },
  now: Instant,
): SlaReportRow[] {
  const groups = new Map<string, MilestoneOutcome[]>();
  for (const o of outcomes) {
    if (o.startedAt < period.start || o.startedAt >= period.end) continue;
    const key = `${o.milestone}\u0000${o.priority}`;
    groups.set(key, [...(groups.get(key) ?? []), o]);
  }
  const rows: SlaReportRow[] = [];
  for (const group of groups.values()) {
    const first = group[0] as MilestoneOutcome;
    const count = { met: 0, breached: 0, running: 0, cancelled: 0 };
    const byLevel: Record<string, number> = {};
    const toMet: number[] = [];
    for (const o of group) {
      const verdict = verdictAt(o, now);
      count[verdict]++;
      if (verdict === 'breached') {
        const level = String(o.escalatesTo ?? 0);
        byLevel[level] = (byLevel[level] ?? 0) + 1;
      }
      if (o.msToMet !== null && verdict !== 'cancelled') toMet.push(o.msToMet);
    }
    toMet.sort((a, b) => a - b);
    const finished = count.met + count.breached;
    rows.push({
      tenantId,
      milestone: first.milestone,
      priority: first.priority,
      counted: count.met + count.breached + count.running,
      ...count,
      compliancePercent: finished === 0 ? null : Math.round((count.met / finished) * 1000) / 10,
      medianBusinessMinutes: minutes(percentile(toMet, 0.5)),
      p90BusinessMinutes: minutes(percentile(toMet, 0.9)),
      breachesByEscalationLevel: byLevel,
    });
  }
  return rows.sort(
    (a, b) =>
      MILESTONE_NAMES.indexOf(a.milestone) - MILESTONE_NAMES.indexOf(b.milestone) ||
      a.priority.localeCompare(b.priority),
  );
}

const CSV_COLUMNS = [
  'tenantId',
  'milestone',
  'priority',
  'counted',
  'met',
  'breached',
  'running',
  'cancelled',
  'compliancePercent',
  'medianBusinessMinutes',
  'p90BusinessMinutes',
  'breachesByEscalationLevel',
] as const;

function csvCell(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'object'
        ? Object.entries(value as Record<string, number>)
            .map(([level, n]) => `${level}:${n}`)
            .join(' ')
        : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The report's rows as CSV (RFC 4180, CRLF): one header line, then a line per row. Levels read `1:2 2:1`. */
export function reportCsv(report: SlaReport): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const row of report.rows) lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
