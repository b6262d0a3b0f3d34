/**
 * Sending is idempotent per (ticket, event, template, recipient set). The ledger records a claim before the
 * send and completes it after:
 *
 * - `claim` is a conditional put: it succeeds when no record exists, or when an earlier claim's lease ran out
 *   without completing (that sender crashed or failed). A live claim or a completed record means "someone
 *   else has it / it was sent": the caller sends nothing.
 * - a failed send `release`s the claim, so the retry of the timer (or of the caller) sends again.
 *
 * This is **at-least-once**: the only duplicate is a sender that dies after SES accepted the mail and before
 * `complete` (the lease then expires and a retry sends again). The alternative, marking before sending, is
 * at-most-once and would silently lose a breach mail on such a crash: a duplicate warning is the cheaper
 * failure for an SLA product.
 */
export interface SendKey {
  tenantId: string;
  ticketId: string;
  /** The history event or timer id the mail reports. */
  eventId: string;
  template: string;
  /** Hash of the sorted, lower-cased recipients. */
  recipientsHash: string;
}

export type ClaimOutcome = 'claimed' | 'sent' | 'in-flight';

export interface SendRecord {
  providerMessageId: string;
  /** The Message-IDs the mail carries (ours and the provider's), so inbound replies can be threaded. */
  messageIds: string[];
}

export interface SendLedger {
  claim(key: SendKey, now: number, leaseMs: number): Promise<ClaimOutcome>;
  complete(key: SendKey, record: SendRecord, now: number): Promise<void>;
  release(key: SendKey): Promise<void>;
}

function keyOf(key: SendKey): string {
  return [key.tenantId, key.ticketId, key.eventId, key.template, key.recipientsHash].join('\u0000');
}

/** The in-memory ledger (unit tests, and a runtime without a table). */
export class InMemorySendLedger implements SendLedger {
  readonly records = new Map<
    string,
    { state: 'sending' | 'sent'; leaseUntil: number; record?: SendRecord }
  >();

  async claim(key: SendKey, now: number, leaseMs: number): Promise<ClaimOutcome> {
    const k = keyOf(key);
    const existing = this.records.get(k);
    if (existing?.state === 'sent') return 'sent';
    if (existing && existing.leaseUntil > now) return 'in-flight';
    this.records.set(k, { state: 'sending', leaseUntil: now + leaseMs });
    return 'claimed';
  }

  async complete(key: SendKey, record: SendRecord): Promise<void> {
    this.records.set(keyOf(key), { state: 'sent', leaseUntil: Number.POSITIVE_INFINITY, record });
  }

  async release(key: SendKey): Promise<void> {
    const k = keyOf(key);
    if (this.records.get(k)?.state === 'sending') this.records.delete(k);
  }
}
