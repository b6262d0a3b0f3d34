/**
 * `npm run redrive-mail`: the way back for mail the notification Lambda gave up on. Its dead-letter queue holds
 * Lambda's on-failure records of stream batches (shard and sequence numbers, no records), and the stream keeps
 * records 24 hours only; but every owed mail is still an outbox item in the table (kept 30 days), and the send
 * ledger says which went out. So the redrive takes the mail from there: every outbox item without a `sent`
 * ledger record, older than `minAgeMs` (younger ones are still the stream's to send), oldest first, handed to the
 * real notification handler in batches as the stream would hand them. The handler's ledger claim makes it
 * idempotent: a mail redriven twice, or redriven while the stream retries it, still goes out once. When every
 * owed mail went (or was skipped: nobody to send to, malformed), the dead letters read at the start are deleted;
 * after a failure they stay, and the command says so.
 */
import type { MailDeadLetter, MailDeadLetterQueue, OwedMailTarget, UnsentOutboxSource } from './ports.js';

/** Mail younger than this is left to the stream (the notification Lambda retries for up to 24 hours). */
export const DEFAULT_REDRIVE_MIN_AGE_MS = 15 * 60_000;
/** Outbox items per handler call: the event source mapping's batch size (lib/constructs/notifications.ts). */
export const REDRIVE_BATCH = 25;

export interface RedriveMailDeps {
  deadLetters: MailDeadLetterQueue;
  outbox: UnsentOutboxSource;
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
  /** Outbox items without a sent ledger record, old enough (in a dry run: what a real run would hand over). */
  owed: number;
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
  const owed = [];
  for await (const page of deps.outbox.unsent(cutoff)) owed.push(...page);
  // Oldest first, as the stream would have delivered them (per ticket the outbox keys keep their order).
  owed.sort(
    (a, b) => a.createdAt - b.createdAt || a.ticketId.localeCompare(b.ticketId) || (a.key < b.key ? -1 : 1),
  );
  const report: RedriveMailReport = {
    dryRun,
    deadLetters: letters.length,
    owed: owed.length,
    delivered: 0,
    failed: 0,
    deadLettersDeleted: 0,
  };
  for (const item of owed) {
    log(
      `owed: ${item.tenantId}/${item.ticketId} ${item.template} (${new Date(item.createdAt).toISOString()})`,
    );
  }
  if (dryRun) return report;
  for (let start = 0; start < owed.length; start += REDRIVE_BATCH) {
    const batch = owed.slice(start, start + REDRIVE_BATCH);
    const failedAt = await deps.target.deliver(batch);
    if (failedAt < 0) {
      report.delivered += batch.length;
      continue;
    }
    report.delivered += failedAt;
    report.failed = owed.length - start - failedAt;
    const first = batch[failedAt];
    log(
      `failed: ${first?.tenantId}/${first?.ticketId} ${first?.template}; it and the ${report.failed - 1} after it wait`,
    );
    break;
  }
  if (report.failed === 0 && letters.length > 0) {
    await deps.deadLetters.delete(letters);
    report.deadLettersDeleted = letters.length;
  }
  return report;
}

export function formatRedriveReport(r: RedriveMailReport): string {
  const head = `${r.deadLetters} dead letters, ${r.owed} owed mails unsent`;
  if (r.dryRun) return `${head} (dry run: nothing sent, nothing deleted)`;
  const kept = r.failed > 0 && r.deadLetters > 0 ? `, ${r.deadLetters} dead letters kept` : '';
  return `${head}: ${r.delivered} delivered, ${r.failed} failed, ${r.deadLettersDeleted} dead letters deleted${kept}`;
}
