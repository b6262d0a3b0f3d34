/**
 * The SLA compliance report: per tenant, milestone and priority, what happened to the milestones that started
 * in a period. Pure: the outcomes and `now` come in, rows go out. The zod schemas are the `GET /reports/sla`
 * query and response (and the OpenAPI document's); `reportCsv` is the same rows as `text/csv`.
 */
import { DateTime } from 'luxon';
import { type Instant, MILESTONE_NAMES } from '../sla/types.js';
import * as z from '../zod.js';
import type { MilestoneOutcome } from './milestone-outcome.js';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A report spans at most this many days (a year and a leap day). */
export const MAX_REPORT_DAYS = 366;

const day = (description: string) =>
  z.described(
    z.string().check(
      z.regex(DAY, 'must be a date YYYY-MM-DD'),
      z.refine((d) => DateTime.fromISO(d, { zone: 'UTC' }).isValid, 'must be a real calendar date'),
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
        'one tenant (default: the caller tenant; `*` staff: every tenant)',
      ),
    })
    .check(
      z.superRefine((q, ctx) => {
        const from = DateTime.fromISO(q.from, { zone: 'UTC' });
        const to = DateTime.fromISO(q.to, { zone: 'UTC' });
        if (!DAY.test(q.from) || !DAY.test(q.to) || !from.isValid || !to.isValid) return;
        const days = to.diff(from, 'days').days;
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

/** The period `[start, end)` of local days `from`..`to` in `zone`, as instants. */
export function periodInstants(from: string, to: string, zone: string): { start: Instant; end: Instant } {
  const start = DateTime.fromISO(from, { zone }).startOf('day');
  const end = DateTime.fromISO(to, { zone }).startOf('day').plus({ days: 1 });
  return { start: start.toMillis(), end: end.toMillis() };
}

/** The UTC months (`2026-11`) whose outcome partitions can hold milestones started in `[start, end)`. */
export function monthsCovering(start: Instant, end: Instant): string[] {
  const months: string[] = [];
  let cursor = DateTime.fromMillis(start, { zone: 'UTC' }).startOf('month');
  while (cursor.toMillis() < end) {
    months.push(cursor.toFormat('yyyy-MM'));
    cursor = cursor.plus({ months: 1 });
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
