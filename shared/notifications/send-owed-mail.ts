/**
 * The notification Lambda's work: the table's stream brings the outbox items (mail a change owes, written in the
 * same transaction as the change, see `mail-plan.ts`) and the `report_due` items (a tenant's monthly SLA report,
 * recorded by the monthly-report Lambda, see shared/reports/monthly-reports.ts); each is sent through the
 * notifier, once per event (or tenant and month) and recipient set (the send ledger), in stream order. An SES error or throttle is retried here with capped,
 * jittered backoff; when that is not enough the batch reports the record as failed, so the stream hands it
 * (and those after it) over again: nothing is skipped, nothing sent twice. A malformed outbox item is logged
 * and counted, never retried forever.
 */

import { METRIC, type MetricCounter, type MetricName } from '../observability/metrics.js';
import type { BatchFailures, ItemChange } from '../runtime/table-changes.js';
import * as z from '../zod.js';
import {
  MONTHLY_REPORT_TEMPLATE,
  type Notification,
  type NotifyOutcome,
  type ReportNotification,
} from './notifier.js';
import { TEMPLATE_NAMES } from './templates.js';

/** What an outbox item's `mail` attribute holds (JSON), checked before anything is sent. */
export const owedMailSchema = z.object({
  audience: z.optional(z.enum(['requester', 'staff'])),
  eventId: z.string().check(z.minLength(1)),
  to: z.array(z.string()),
  cc: z.optional(z.array(z.string())),
  fallbackLanguage: z.optional(z.string()),
  ticket: z.object({
    tenantId: z.string().check(z.minLength(1)),
    id: z.string().check(z.minLength(1)),
    reference: z.string().check(z.minLength(1)),
    subject: z.string(),
    description: z.optional(z.string()),
    language: z.optional(z.nullable(z.string())),
    originMessageId: z.optional(z.string()),
  }),
  input: z.looseObject({
    template: z.enum(TEMPLATE_NAMES as [string, ...string[]]),
    reference: z.string(),
    subject: z.string(),
  }),
});

/**
 * What a `report_due` item holds (`ReportDue` in shared/reports/ports.ts), checked before anything is sent.
 * `tenantName` is absent on items recorded before it was: the product's name signs those.
 */
export const owedReportSchema = z.object({
  tenantId: z.string().check(z.minLength(1)),
  tenantName: z.optional(z.string()),
  month: z.string().check(z.regex(/^\d{4}-\d{2}$/)),
  recipients: z.array(z.string()),
  language: z.enum(['en', 'it']),
  subject: z.string().check(z.minLength(1)),
  text: z.string(),
});

/** One mail the stream owes: a ticket's (outbox) or a tenant's monthly report (report_due). */
type OwedMail =
  | { kind: 'ticket'; notification: Notification }
  | { kind: 'report'; report: ReportNotification };

export interface RetryPolicy {
  /** Sends tried per record in one invocation before the stream retries it. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** In AWS: 4 tries over about 3 s; then the event source mapping's own retries (see the construct). */
export const DEFAULT_MAIL_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 200, maxDelayMs: 2_000 };

export interface SendOwedMailDeps {
  notifier: {
    notify(n: Notification): Promise<NotifyOutcome>;
    notifyReport(r: ReportNotification): Promise<NotifyOutcome>;
  };
  clock: { now(): number };
  metrics: MetricCounter & {
    milliseconds(name: MetricName, dimensions: Record<string, string>, value: number): void;
  };
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
  logger?: { warn(m: string, d?: unknown): void; error(m: string, d?: unknown): void };
}

export interface SendOwedMailOutcome extends BatchFailures {
  sent: number;
  /** Already sent (a redelivered record) or nobody to send to. */
  skipped: number;
  malformed: number;
}

/** A mail some other delivery claimed and has not finished: retried like an SES error. */
class MailInFlightError extends Error {
  constructor(key: string) {
    super(`mail ${key} is being sent by another delivery`);
    this.name = 'MailInFlightError';
  }
}

export async function sendOwedMail(
  changes: ItemChange[],
  deps: SendOwedMailDeps,
): Promise<SendOwedMailOutcome> {
  const retry = deps.retry ?? DEFAULT_MAIL_RETRY;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const outcome: SendOwedMailOutcome = { sent: 0, skipped: 0, malformed: 0, batchItemFailures: [] };
  for (const change of changes) {
    const item = change.newImage;
    if (change.eventName !== 'INSERT' || (item?.entity !== 'outbox' && item?.entity !== 'report_due'))
      continue;
    const owed = item.entity === 'outbox' ? parseOwed(item.mail) : parseReport(item);
    const template =
      item.entity === 'report_due'
        ? MONTHLY_REPORT_TEMPLATE
        : typeof item.template === 'string'
          ? item.template
          : 'unknown';
    if (!owed) {
      outcome.malformed++;
      deps.metrics.count(METRIC.notificationsFailed, { template });
      deps.logger?.error(`malformed ${item.entity} item skipped`, { pk: item.PK, sk: item.SK });
      continue;
    }
    const result = await sendWithRetry(owed, retry, sleep, deps);
    if (result === 'failed') {
      deps.metrics.count(METRIC.notificationsFailed, { template });
      // The stream retries from this record: the ones after it wait, so mail keeps its order.
      if (change.sequenceNumber) outcome.batchItemFailures.push({ itemIdentifier: change.sequenceNumber });
      break;
    }
    if (result === 'sent') {
      outcome.sent++;
      // Outbox items store epoch milliseconds, report_due items an ISO instant.
      const createdAt =
        typeof item.createdAt === 'number'
          ? item.createdAt
          : typeof item.createdAt === 'string'
            ? Date.parse(item.createdAt)
            : Number.NaN;
      if (Number.isFinite(createdAt)) {
        deps.metrics.milliseconds(
          METRIC.notificationDelay,
          { template },
          Math.max(0, deps.clock.now() - createdAt),
        );
      }
    } else outcome.skipped++;
  }
  return outcome;
}

function parseOwed(raw: unknown): OwedMail | null {
  if (typeof raw !== 'string') return null;
  try {
    const result = owedMailSchema.safeParse(JSON.parse(raw));
    return result.success ? { kind: 'ticket', notification: result.data as unknown as Notification } : null;
  } catch {
    return null;
  }
}

function parseReport(item: Record<string, unknown>): OwedMail | null {
  const result = owedReportSchema.safeParse(item);
  if (!result.success) return null;
  const { recipients, tenantName, ...report } = result.data;
  return { kind: 'report', report: { ...report, to: recipients, ...(tenantName ? { tenantName } : {}) } };
}

async function sendWithRetry(
  owed: OwedMail,
  retry: RetryPolicy,
  sleep: (ms: number) => Promise<void>,
  deps: SendOwedMailDeps,
): Promise<NotifyOutcome | 'failed'> {
  for (let attempt = 1; ; attempt++) {
    try {
      const result =
        owed.kind === 'ticket'
          ? await deps.notifier.notify(owed.notification)
          : await deps.notifier.notifyReport(owed.report);
      if (result === 'in-flight') throw new MailInFlightError(describe(owed).eventId);
      return result;
    } catch (error) {
      deps.logger?.warn('mail send failed', { ...describe(owed), attempt, error: String(error) });
      if (attempt >= retry.attempts) return 'failed';
      // Full jitter on a capped exponential: throttled senders spread out instead of retrying in step.
      await sleep(Math.random() * Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)));
    }
  }
}

/** What a log line says of a mail: its ticket or tenant, its event or month, its template. */
function describe(owed: OwedMail): { eventId: string; template: string } & Record<string, string> {
  return owed.kind === 'ticket'
    ? {
        ticketId: owed.notification.ticket.id,
        eventId: owed.notification.eventId,
        template: owed.notification.input.template,
      }
    : { tenantId: owed.report.tenantId, eventId: owed.report.month, template: MONTHLY_REPORT_TEMPLATE };
}
