/**
 * `npm run redrive-mail`: the way back for mail the notification Lambda gave up on. Its dead-letter queue holds
 * Lambda's on-failure records of stream batches (shard and sequence numbers, no records), and the stream keeps
 * records 24 hours only; but every owed mail is still an item in the table, and the send ledger says which went
 * out: a ticket's mail is an outbox item (kept 30 days), a tenant's monthly SLA report a `report_due` item. So
 * the redrive takes the mail from there: every outbox item and every `report_due` item of the recent months
 * (`reportMonths`) without a `sent` ledger record, older than `minAgeMs` (younger ones are still the stream's
 * to send), oldest first, handed to the real notification handler in batches as the stream would hand them.
 * The handler's ledger claim makes it idempotent: a mail redriven twice, or redriven while the stream retries
 * it, still goes out once. When every owed mail went (or was skipped: nobody to send to, malformed), the dead
 * letters read at the start are deleted; after a failure they stay, and the command says so.
 */
import type {
  MailDeadLetter,
  MailDeadLetterQueue,
  OwedMailTarget,
  UnsentMailItem,
  UnsentOutboxSource,
  UnsentReportSource,
} from './ports.js';

/** Mail younger than this is left to the stream (the notification Lambda retries for up to 24 hours). */
export const DEFAULT_REDRIVE_MIN_AGE_MS = 15 * 60_000;
/** Outbox items per handler call: the event source mapping's batch size (lib/constructs/notifications.ts). */
export const REDRIVE_BATCH = 25;
/**
 * Months whose `report_due` items the redrive reads: this UTC month and the two before. A report is recorded
 * on the 1st of the month after the one it reports, so this covers every report recorded in at least the
 * last 59 days (the dead-letter queue keeps a message 14), and a tenant whose zone is still in last month.
 */
export const REDRIVE_REPORT_MONTHS = 3;

/** `yyyy-MM` of the UTC month `now` falls in and the `count - 1` before it, newest first. */
export function reportMonths(now: number, count = REDRIVE_REPORT_MONTHS): string[] {
  const at = new Date(now);
  return Array.from({ length: count }, (_, back) => {
    const month = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - back, 1));
    return `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

export interface RedriveMailDeps {
  deadLetters: MailDeadLetterQueue;
  outbox: UnsentOutboxSource;
  /** The monthly reports owed, read by tenant and month. */
  reports: UnsentReportSource;
  /** Every tenant (whose report_due items to look up). */
  tenants: { listTenantIds(): Promise<string[]> };
  target: OwedMailTarget;
  clock: { now(): number };
  log?: (line: string) => void;
}

export interface RedriveMailOptions {
  dryRun?: boolean;
  minAgeMs?: number;
}

export interface RedriveMailReport {
  dryRun: boolean;
  deadLetters: number;
  /**
   * Outbox and report_due items without a sent ledger record, old enough (in a dry run: what a real run would
   * hand over).
   */
  owed: number;
  /** Of `owed`, the monthly report mails (report_due items). */
  owedReports: number;
  /** Handed to the handler and not failed (sent now, or found sent / nobody to send to by the handler). */
  delivered: number;
  /** Not delivered: the first failure and every item after it. */
  failed: number;
  deadLettersDeleted: number;
}

export async function redriveMail(
  deps: RedriveMailDeps,
  options: RedriveMailOptions = {},
): Promise<RedriveMailReport> {
  const dryRun = options.dryRun === true;
  const log = deps.log ?? (() => {});
  // The dead letters first: whatever failed before this instant is owed in the table now.
  const letters: MailDeadLetter[] = await deps.deadLetters.receiveAll();
  for (const letter of letters) {
    const b = letter.batch;
    log(
      `dead letter ${letter.messageId}: ${b ? `${b.size ?? '?'} stream records, ${b.firstRecordAt ?? '?'} .. ${b.lastRecordAt ?? '?'}` : 'no stream batch info'}`,
    );
  }
  const cutoff = deps.clock.now() - (options.minAgeMs ?? DEFAULT_REDRIVE_MIN_AGE_MS);
  const owed: UnsentMailItem[] = [];
  for await (const page of deps.outbox.unsent(cutoff)) owed.push(...page);
  log(`outbox: ${owed.length} unsent`);
  // The listing the monthly-report Lambda records reports from: every tenant that can have one.
  const tenantIds = await deps.tenants.listTenantIds();
  const months = reportMonths(deps.clock.now());
  const reports = await deps.reports.unsent({ tenantIds, months, createdBefore: cutoff });
  log(`monthly reports of ${months.join(', ')} for ${tenantIds.length} tenants: ${reports.length} unsent`);
  owed.push(...reports);
  // Oldest first, as the stream would have delivered them (per ticket the outbox keys keep their order).
  owed.sort((a, b) => a.createdAt - b.createdAt || (orderKey(a) < orderKey(b) ? -1 : 1));
  const report: RedriveMailReport = {
    dryRun,
    deadLetters: letters.length,
    owed: owed.length,
    owedReports: reports.length,
    delivered: 0,
    failed: 0,
    deadLettersDeleted: 0,
  };
  for (const item of owed) log(`owed: ${describe(item)} (${new Date(item.createdAt).toISOString()})`);
  if (dryRun) return report;
  for (let start = 0; start < owed.length; start += REDRIVE_BATCH) {
    const batch = owed.slice(start, start + REDRIVE_BATCH);
    const failedAt = await deps.target.deliver(batch);
    if (failedAt < 0) {
      report.delivered += batch.length;
      log(`delivered ${report.delivered} of ${owed.length}`);
      continue;
    }
    report.delivered += failedAt;
    report.failed = owed.length - start - failedAt;
    const first = batch[failedAt];
    log(`failed: ${first ? describe(first) : '?'}; it and the ${report.failed - 1} after it wait`);
    break;
  }
  if (report.failed === 0 && letters.length > 0) {
    await deps.deadLetters.delete(letters);
    report.deadLettersDeleted = letters.length;
  }
  return report;
}

/** What a log line names: `tenant/ticket template`, or `tenant/report month monthlyReport`. */
function describe(item: UnsentMailItem): string {
  return item.kind === 'ticket'
    ? `${item.tenantId}/${item.ticketId} ${item.template}`
    : `${item.tenantId}/report ${item.month} ${item.template}`;
}

/** Ties on `createdAt` broken by ticket then outbox key (their stream order), or by tenant and month. */
function orderKey(item: UnsentMailItem): string {
  return item.kind === 'ticket'
    ? `${item.tenantId}\u0000${item.ticketId}\u0000${item.key}`
    : `${item.tenantId}\u0000REPORT\u0000${item.month}`;
}

export function formatRedriveReport(r: RedriveMailReport): string {
  const head = `${r.deadLetters} dead letters, ${r.owed} owed mails unsent, ${r.owedReports} of them monthly reports`;
  if (r.dryRun) return `${head} (dry run: nothing sent, nothing deleted)`;
  const kept = r.failed > 0 && r.deadLetters > 0 ? `, ${r.deadLetters} dead letters kept` : '';
  return `${head}: ${r.delivered} delivered, ${r.failed} failed, ${r.deadLettersDeleted} dead letters deleted${kept}`;
}
