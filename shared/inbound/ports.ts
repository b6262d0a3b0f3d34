/**
 * The ports the inbound-mail use case talks through. `shared/composition/inbound-mail.ts` wires them to S3 (the
 * Lambda) or a folder (the local SMTP listener), the ticket service (`ticket-service-port.ts`) and the table's
 * rejection log; unit tests to in-memory fakes (`test/unit/inbound/fakes.ts`).
 */
import type { MetricCounter } from '../observability/metrics.js';
import type { TicketStatus } from '../sla/types.js';
import type { RejectionReason } from './rejection.js';
import type { VerdictStatus } from './ses-event.js';

/** Where raw mail lands (the receipt rule's S3 action) and where attachments are kept. */
export interface RawMailStore {
  /** The raw MIME bytes at `key`, or undefined when there is no such object. */
  getRawMail(key: string): Promise<Uint8Array | undefined>;
  /** Stores an attachment at `key` (idempotent: same key, same bytes) and returns the key. */
  putAttachment(key: string, body: Uint8Array, contentType: string): Promise<string>;
}

export interface InboundTenant {
  tenantId: string;
  /** The policy's priorities, most urgent first (for `[P1]`..`[Pn]`). */
  priorities: readonly string[];
  defaultPriority: string;
  /** Whether a priority stated in the subject is honoured. */
  allowSubjectPriority: boolean;
  /** When non-empty, only senders from these domains (and subdomains) may write. */
  allowedRequesterDomains?: readonly string[];
  /** Language when the text does not tell. */
  defaultLanguage?: 'en' | 'it';
  /** Support contacts and escalation recipients (lower-cased): their mail acts as an agent. */
  staffAddresses?: readonly string[];
  /** Mail from these domains (and subdomains) acts as an agent. */
  staffDomains?: readonly string[];
  /** `dmarc`: acting as someone needs an authenticated From domain (sender-identity.ts); `none`: trusted as written. */
  mailAuthentication?: 'dmarc' | 'none';
  /** What a stranger's mail on a ticket does: recorded as a rejection, or a new ticket for the sender. */
  strangerReplies?: 'reject' | 'new-ticket';
}

export interface InboundTicket {
  ticketId: string;
  /** The human reference (`INT-000123`). */
  reference: string;
  status: TicketStatus;
  requesterEmail?: string;
  /** Requester and participants: whose mail is a customer comment (default: the requester). */
  people?: string[];
}

export interface StoredAttachment {
  filename: string;
  contentType: string;
  size: number;
  /** Object key in the mail bucket (or path under the local mail folder). */
  key: string;
}

/**
 * What the mail tells us about itself. The ticket service keeps it, with `followUpOf` and
 * `quotedTextStripped`, as the internal `mail.received` history event of the ticket or comment the mail made
 * (`GET /tickets/{id}/events`, agents only); the use case also logs the trust warnings.
 */
export interface EmailOrigin {
  /** The mail's `Message-ID` (with brackets); the idempotency key of the ticket or comment, linked for threading. */
  messageId: string;
  /** The sender (`From`). */
  from: string;
  sesMessageId: string;
  rawMailKey: string;
  receivedAt: string;
  /** SES's verdicts as received. */
  verdicts: Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', VerdictStatus>;
  /** SPF/DKIM failures and scans that could not decide (trust.ts): recorded and logged, not blocking. */
  trustWarnings: string[];
}

export interface EmailPerson {
  email: string;
  name: string;
}

export interface NewEmailTicket {
  tenantId: string;
  subject: string;
  description: string;
  priority: string;
  language: 'en' | 'it';
  requester: EmailPerson;
  attachments: StoredAttachment[];
  origin: EmailOrigin;
  /** The opening mail's Cc that the tenant's requester rules allow: copied on the ticket. */
  participants?: EmailPerson[];
  /** Set when the mail answered a closed ticket: the new ticket is its follow-up (recorded in `mail.received`). */
  followUpOf?: string;
}

export interface EmailComment {
  tenantId: string;
  ticketId: string;
  body: string;
  author: EmailPerson;
  attachments: StoredAttachment[];
  origin: EmailOrigin;
  /** True when quoted history or a signature was stripped from `body` (recorded in `mail.received`). */
  quotedTextStripped: boolean;
  /** `customer`: the requester or a participant; `agent`: staff (internal for a reply to an internal notification). */
  as?: 'customer' | 'agent';
  visibility?: 'public' | 'internal';
}

export interface RejectionRecord {
  reason: RejectionReason;
  details: string;
  sesMessageId: string;
  messageId?: string;
  from?: string;
  recipients: string[];
  subject?: string;
  receivedAt: string;
  /** The ticket the mail answered, when it was threaded to one before it was refused (`not-a-participant`, ...). */
  ticketId?: string;
  ticketReference?: string;
}

/** One page of a tenant's rejected mail, newest first (`GET /inbound/rejections`). */
export interface RejectionQuery {
  limit: number;
  cursor?: string;
  /** Only mail threaded to this ticket (its id or its reference). */
  ticket?: string;
  /** `receivedAt` bounds, inclusive: an instant or a date (a date `to` takes the whole day). */
  from?: string;
  to?: string;
}

export interface RejectionPage {
  items: RejectionRecord[];
  /** Absent when there is nothing more. */
  cursor?: string;
}

/** Where agents read rejected mail back (`DynamoRejectionLog`: the table). Throws `InvalidCursorError`. */
export interface RejectionReader {
  pageRejections(tenantId: string, query: RejectionQuery): Promise<RejectionPage>;
}

/**
 * Thrown by an `InboundTicketPort` adapter when the ticket service refuses the ticket or comment for
 * good (a validation error, a transition not allowed). The use case records it as a rejection; any other
 * error propagates so the Lambda's retry gets another go (a throttled table, a network blip).
 */
export class TicketRefusedError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TicketRefusedError';
  }
}

/** Where rejected mail is recorded (`DynamoRejectionLog`: the table). */
export interface RejectionSink {
  record(tenantId: string | null, record: RejectionRecord): Promise<void>;
}

export interface InboundTicketPort {
  /** The tenant an address (`tenant@domain`, plus-tag removed, lower-cased) belongs to. */
  findTenantByRecipient(address: string): Promise<InboundTenant | undefined>;
  findTicketByReference(tenantId: string, reference: string): Promise<InboundTicket | undefined>;
  /** The ticket one of these Message-IDs (ours or an earlier inbound mail's) belongs to. */
  findTicketByMessageIds(tenantId: string, messageIds: string[]): Promise<InboundTicket | undefined>;
  hasProcessedMessageId(tenantId: string, messageId: string): Promise<boolean>;
  /**
   * Opens the ticket. Must be idempotent on `origin.messageId` (two concurrent deliveries of one mail
   * make one ticket): `created: false` with the existing ticket when it already exists.
   */
  createTicketFromEmail(input: NewEmailTicket): Promise<{ ticket: InboundTicket; created: boolean }>;
  /** Adds a customer or agent comment (a customer's resumes a `pending_customer` ticket); idempotent on `origin.messageId`. */
  addCommentFromEmail(input: EmailComment): Promise<{ created: boolean }>;
  recordRejection(tenantId: string | null, record: RejectionRecord): Promise<void>;
}

export interface InboundLogger {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** The rejected-mail count (the same counting port every use case emits through). */
export type InboundMetrics = MetricCounter;
