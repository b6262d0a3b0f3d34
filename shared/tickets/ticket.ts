/**
 * The ticket as the service and the repository see it. Engine instants (SLA history, timers) are epoch ms;
 * display instants (`createdAt`, `updatedAt`) too, formatted to ISO only at the edges.
 */
import type { Instant, SlaEvent, SlaSubject, TicketStatus } from '../sla/types.js';
import * as z from '../zod.js';
import type { OwedTimer } from './owed-timers.js';

export const CHANNELS = ['web', 'email', 'phone', 'api'] as const;
export type Channel = (typeof CHANNELS)[number];

export const TICKET_TYPES = [
  'question',
  'how_to',
  'bug',
  'incident',
  'change_request',
  'vulnerability',
] as const;
export type TicketType = (typeof TICKET_TYPES)[number];

export type ActorRole = 'customer' | 'agent' | 'admin' | 'system';

export interface ActorRef {
  sub: string;
  role: ActorRole;
  email?: string;
  /** The display name customers see for staff (the token's `name`, or the mail's display name). */
  name?: string;
}

/** Who a ticket is for: the request field (`POST /tickets`) and the response field are this one schema. */
export const requesterSchema = z.lazySchema(() =>
  z.strictObject({
    email: z.email(),
    name: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
  }),
);
export type Requester = z.infer<typeof requesterSchema>;

export interface Ticket {
  tenantId: string;
  id: string;
  /** The per-tenant case number customers see, e.g. `INT-000123`. */
  reference: string;
  /** Starts at 1; every committed change increments it (the optimistic-concurrency token). */
  version: number;
  subject: string;
  description: string;
  priority: string;
  status: TicketStatus;
  requester: Requester;
  /** People copied on the ticket (CC): they see it, get the requester's mail and may reply by mail. */
  participants?: Requester[];
  language?: string;
  channel: Channel;
  type?: TicketType;
  assignee: string | null;
  createdAt: Instant;
  updatedAt: Instant;
  createdBy: ActorRef;
  /** For a ticket opened by mail: that mail's Message-ID (the acknowledgement replies to it, so it threads). */
  originMessageId?: string;
  slaSubject: SlaSubject;
  /** The engine's input, oldest first: the SLA is always recomputed from it. */
  slaEvents: SlaEvent[];
  /** The engine's escalation level at the last write (the API recomputes it at request time). */
  escalationLevel: number;
  /** Keyed by `timerId(timer)`. */
  timersOwed: Record<string, OwedTimer>;
  /** Ids of timers the sla-timer Lambda has acted on. */
  timersActed: string[];
  /** Earliest dueAt of a running milestone at the last write (index helper). */
  nextDueAt: Instant | null;
  /** The earlier of `nextDueAt` and the earliest breachedAt of a breached milestone, at the last write (index helper). */
  attentionAt: Instant | null;
}

export type CommentVisibility = 'public' | 'internal';

export interface Comment {
  tenantId: string;
  ticketId: string;
  id: string;
  body: string;
  visibility: CommentVisibility;
  author: ActorRef;
  createdAt: Instant;
  /** For mail-borne comments: the attachments' storage keys and names (inbound mail fills them). */
  attachments?: { name: string; key: string; contentType?: string; size?: number }[];
  /** For mail-borne comments: the mail's Message-ID. */
  messageId?: string;
}

/**
 * What an inbound mail told us about itself, kept on the ticket as the internal `mail.received` history event
 * of the change it made (the ticket it opened, the comment it added): who sent it, its Message-ID, SES's
 * verdicts and the trust warnings they raised, and where the raw message is kept.
 */
export interface MailReceipt {
  /** The sender (`From`). */
  from: string;
  messageId: string;
  sesMessageId: string;
  /** The raw MIME's key in the mail bucket (or under the local mail folder). */
  rawMailKey: string;
  /** When SES (or the local listener) received it. */
  receivedAt: string;
  /** SES's verdicts as received: spam, virus, spf, dkim, dmarc -> PASS | FAIL | GRAY | PROCESSING_FAILED | DISABLED. */
  verdicts: Record<string, string>;
  /** SPF/DKIM failures and scans that could not decide (accepted, see shared/inbound/trust.ts). */
  trustWarnings: string[];
  /** A mail answering a closed ticket opens a new one: the closed ticket's reference. */
  followUpOf?: string;
  /** A reply: whether quoted history or a signature was cut from the comment. */
  quotedTextStripped?: boolean;
}

/**
 * One line of the ticket's history (`GET /tickets/{id}/events`): who did what, when, and every SLA change.
 * Types used by the ticket service: `ticket.created`, `comment.added`, `status.changed`, `priority.changed`,
 * `assignee.changed`, `participants.added`, `participants.removed`, `escalation.requested`, `sla.changed`,
 * `sla.recomputed`, `mail.received` (internal: a `MailReceipt`). The sla-timer Lambda adds its own
 * (`sla.reminder_sent`, `sla.breached`, `sla.escalated`, `notification.sent`, ...).
 */
export interface TicketHistoryEvent {
  tenantId: string;
  ticketId: string;
  /** The ticket version this event was committed with, and its index within that write: the sort order. */
  version: number;
  seq: number;
  type: string;
  at: Instant;
  actor: ActorRef;
  /** `internal` events (internal notes) are hidden from customers. */
  visibility: CommentVisibility;
  data: Record<string, unknown>;
}

/** The id a timer has in `timersOwed` / `timersActed`. */
export function timerId(timer: { key: string; dueAt: Instant }): string {
  return `${timer.key}@${timer.dueAt}`;
}
