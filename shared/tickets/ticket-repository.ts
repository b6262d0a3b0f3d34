/**
 * The ticket store port. The ticket service depends on this interface only; `DynamoTicketRepository`
 * implements it on the single table, the unit tests with an in-memory fake.
 */
import type { TicketStatus } from '../sla/types.js';
import type { Comment, Ticket, TicketHistoryEvent } from './ticket.js';

/** The stored outcome of a request made with an `Idempotency-Key`. */
export interface IdempotencyRecord {
  tenantId: string;
  /** Hash of the caller's subject and the key (keys are per caller). */
  scope: string;
  requestHash: string;
  operation: string;
  /** The service's result, JSON. */
  result: string;
  createdAt: number;
}

/** One atomic write: the ticket (new or changed), the events and comment it adds, the idempotency record. */
export interface TicketWrite {
  ticket: Ticket;
  events: TicketHistoryEvent[];
  comment?: Comment;
  idempotency?: IdempotencyRecord;
  /** Mail Message-IDs to link to the ticket in the same write (inbound/outbound mail threading). */
  messageIds?: string[];
}

export type MilestoneFilter = { kind: 'breached' } | { kind: 'dueBefore'; before: number };

export interface TicketQuery {
  status?: TicketStatus;
  priority?: string;
  /** Candidates only: the service recomputes the SLA and keeps the tickets that really match. */
  milestone?: MilestoneFilter & { now: number };
  limit: number;
  cursor?: string;
}

export interface TicketPage {
  items: Ticket[];
  /** Absent when there is nothing more. */
  cursor?: string;
}

/** The ticket's version moved on since it was read. */
export class VersionConflictError extends Error {
  constructor() {
    super('ticket version changed');
    this.name = 'VersionConflictError';
  }
}

/** An idempotency record with this key already exists (a concurrent request with the same key won). */
export class IdempotencyRecordExistsError extends Error {
  constructor() {
    super('idempotency record exists');
    this.name = 'IdempotencyRecordExistsError';
  }
}

export interface TicketRepository {
  getTicket(tenantId: string, ticketId: string): Promise<Ticket | null>;
  findTicketIdByReference(tenantId: string, reference: string): Promise<string | null>;
  findTicketIdByMessageId(tenantId: string, messageId: string): Promise<string | null>;
  /** The next ticket number of the tenant (1, 2, ...), atomically. */
  nextTicketNumber(tenantId: string): Promise<number>;
  /** Creates the ticket (it must not exist). Throws `IdempotencyRecordExistsError`. */
  createTicket(write: TicketWrite): Promise<void>;
  /**
   * Replaces the ticket if its stored version is still `expectedVersion` (the new ticket carries
   * `expectedVersion + 1`). Throws `VersionConflictError`, `IdempotencyRecordExistsError`.
   */
  updateTicket(write: TicketWrite, expectedVersion: number): Promise<void>;
  /** Newest first, or by next due instant for milestone filters. Throws `InvalidCursorError`. */
  listTickets(tenantId: string, query: TicketQuery): Promise<TicketPage>;
  /** Oldest first. */
  listEvents(tenantId: string, ticketId: string): Promise<TicketHistoryEvent[]>;
  /** Oldest first. */
  listComments(tenantId: string, ticketId: string): Promise<Comment[]>;
  getIdempotencyRecord(tenantId: string, scope: string): Promise<IdempotencyRecord | null>;
  /** Links mail Message-IDs to a ticket without changing it (outbound mail records the ids it sent). */
  linkMessageIds(tenantId: string, ticketId: string, messageIds: string[]): Promise<void>;
}
