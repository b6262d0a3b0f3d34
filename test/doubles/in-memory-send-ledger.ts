import type { ClaimOutcome, SendKey, SendLedger, SendRecord } from '../../shared/notifications/ports.js';

function keyOf(key: SendKey): string {
  return [key.tenantId, key.ticketId, key.eventId, key.template, key.recipientsHash].join('\u0000');
}

/** The in-memory send ledger (unit tests). */
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
