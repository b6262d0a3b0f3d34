/**
 * The ports the notifications use case talks through: the mailer (SESv2), the send ledger (the table) and the
 * Message-ID linker (the ticket repository). Adapters under `shared/adapters/` implement them; unit tests use
 * the doubles under `test/doubles/`.
 */

/** The outbound-mail port: SESv2 in AWS and locally (aws-ses-v2-local), a recording fake in unit tests. */
export interface OutboundMail {
  from: string;
  to: string[];
  cc?: string[];
  replyTo: string[];
  subject: string;
  text: string;
  html?: string;
  /** Extra header fields (Message-ID, In-Reply-To, References, Auto-Submitted...). */
  headers: { name: string; value: string }[];
  /** Dimensions for SES event publishing (template, tenant). */
  tags?: Record<string, string>;
}

export interface Mailer {
  /** Resolves with the provider's id for the accepted message (SES MessageId). */
  send(mail: OutboundMail): Promise<{ providerMessageId: string }>;
}

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

/** Records the Message-IDs of mail sent about a ticket, so replies to them find the ticket. */
export interface MessageIdLinker {
  linkMessageIds(tenantId: string, ticketId: string, messageIds: string[]): Promise<void>;
}

/** An outbox item no ledger record marks sent (the mail redrive reads them off the table). */
export interface UnsentOutboxItem {
  kind: 'ticket';
  tenantId: string;
  ticketId: string;
  /** The outbox item's sort key (`OUTBOX#<event>#<template>#<hash>`). */
  key: string;
  template: string;
  /** Epoch ms of the change that owed it. */
  createdAt: number;
  /** The whole item, decoded: handed to the notification handler as the stream would hand it. */
  image: Record<string, unknown>;
}

export interface UnsentOutboxSource {
  /** Outbox items created at or before `createdBefore` that are not sent, a page at a time. */
  unsent(createdBefore: number): AsyncIterable<UnsentOutboxItem[]>;
}

/** A `report_due` item (a tenant's monthly SLA report) whose mail no ledger record marks sent. */
export interface UnsentReportItem {
  kind: 'report';
  tenantId: string;
  /** The local month reported, `2026-11`. */
  month: string;
  template: string;
  /** Epoch ms the report was recorded due. */
  createdAt: number;
  /** The whole item, decoded: handed to the notification handler as the stream would hand it. */
  image: Record<string, unknown>;
}

export interface UnsentReportSource {
  /**
   * The `report_due` items of these tenants and months (read by key: no Scan), recorded at or before
   * `createdBefore`, with recipients and no `sent` ledger record.
   */
  unsent(query: {
    tenantIds: string[];
    months: string[];
    createdBefore: number;
  }): Promise<UnsentReportItem[]>;
}

/** Every mail the redrive may owe: a ticket's (outbox) or a tenant's monthly report (report_due). */
export type UnsentMailItem = UnsentOutboxItem | UnsentReportItem;

/** A message of the notification stream's dead-letter queue (Lambda's on-failure record of a stream batch). */
export interface MailDeadLetter {
  messageId: string;
  receiptHandle: string;
  /** `DDBStreamBatchInfo` of the failed batch, when the body carries one. */
  batch?: { shardId?: string; firstRecordAt?: string; lastRecordAt?: string; size?: number };
}

export interface MailDeadLetterQueue {
  /** Every message now in the queue (each received once, hidden from other readers for a while). */
  receiveAll(): Promise<MailDeadLetter[]>;
  delete(letters: MailDeadLetter[]): Promise<void>;
}

/** The notification handler, handed owed items as one stream batch (in AWS: the Lambda, invoked). */
export interface OwedMailTarget {
  /** Resolves to the index of the first item that failed (those after it were not tried), or -1. */
  deliver(items: UnsentMailItem[]): Promise<number>;
}
