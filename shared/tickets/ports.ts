/**
 * The ports the ticket use cases talk through: the ticket store (`DynamoTicketRepository` on the single table;
 * `test/doubles/in-memory-ticket-repository.ts` in unit tests) and the sink of committed changes.
 */

import type { MilestoneOutcome } from '../reports/milestone-outcome.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import type { TicketStatus } from '../sla/types.js';
import type { Tenant } from '../tenants/tenant.js';
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
  /** The mail this change owes (the outbox): written in the same transaction, sent later from the stream. */
  outbox?: OwedMail[];
  /** The milestone outcomes this change moved (the compliance report's items, `shared/reports/`). */
  outcomes?: MilestoneOutcome[];
}

/**
 * One mail a change owes, decided when the change is written and stored with it (an `outbox` item in the same
 * transaction): the notification Lambda sends it from the table's stream. `key` is unique per ticket
 * (`<event>#<template>#<recipients hash>`, the send ledger's key); `mail` is what the sender needs, JSON.
 */
export interface OwedMail {
  key: string;
  template: string;
  mail: Record<string, unknown>;
}

/** Decides the mail a change owes, before it is written (pure: the change, its tenant and policy). */
export type MailPlanner = (change: TicketChange, policy: ResolvedPolicy) => OwedMail[];

export type MilestoneFilter = { kind: 'breached' } | { kind: 'dueBefore'; before: number };

export interface TicketQuery {
  status?: TicketStatus;
  priority?: string;
  /** Candidates only: the service recomputes the SLA and keeps the tickets that really match. */
  milestone?: MilestoneFilter & { now: number };
  limit: number;
  cursor?: string;
}

/** A page of one of a ticket's collections (events, comments), oldest first. */
export interface CollectionQuery {
  limit: number;
  cursor?: string;
  /** Customers see public items only: filtered in the query, so a page never holds an internal one. */
  publicOnly: boolean;
}

export interface CollectionPage<T> {
  items: T[];
  /** Absent when there is nothing more. */
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
  /**
   * Reserves the tenant's next `count` ticket numbers (1, 2, ... from the first), atomically; resolves to the
   * highest of them. `CaseNumbers` (case-numbers.ts) hands them out.
   */
  reserveTicketNumbers(tenantId: string, count: number): Promise<number>;
  /** Creates the ticket (it must not exist). Throws `IdempotencyRecordExistsError`. */
  createTicket(write: TicketWrite): Promise<void>;
  /**
   * Replaces the ticket if its stored version is still `expectedVersion` (the new ticket carries
   * `expectedVersion + 1`). Throws `VersionConflictError`, `IdempotencyRecordExistsError`.
   */
  updateTicket(write: TicketWrite, expectedVersion: number): Promise<void>;
  /** Newest first, or by next due instant for milestone filters. Throws `InvalidCursorError`. */
  listTickets(tenantId: string, query: TicketQuery): Promise<TicketPage>;
  /** Oldest first, all of them (the API pages with `pageEvents`). */
  listEvents(tenantId: string, ticketId: string): Promise<TicketHistoryEvent[]>;
  /** Oldest first, all of them (the API pages with `pageComments`). */
  listComments(tenantId: string, ticketId: string): Promise<Comment[]>;
  /** One page of the ticket's history events, oldest first. Throws `InvalidCursorError`. */
  pageEvents(
    tenantId: string,
    ticketId: string,
    query: CollectionQuery,
  ): Promise<CollectionPage<TicketHistoryEvent>>;
  /** One page of the ticket's comments, oldest first. Throws `InvalidCursorError`. */
  pageComments(tenantId: string, ticketId: string, query: CollectionQuery): Promise<CollectionPage<Comment>>;
  getIdempotencyRecord(tenantId: string, scope: string): Promise<IdempotencyRecord | null>;
  /** Links mail Message-IDs to a ticket without changing it (outbound mail records the ids it sent). */
  linkMessageIds(tenantId: string, ticketId: string, messageIds: string[]): Promise<void>;
}

/**
 * Where committed ticket changes go after the write (notifications: acknowledgement, replies, status-change
 * mail; metrics). Called only after the write landed; a failure here never undoes or fails the change.
 */
export interface TicketChange {
  tenant: Tenant;
  /** The ticket as committed. */
  ticket: Ticket;
  /** The ticket before the change; null on creation. */
  previous: Ticket | null;
  /** The history events the change committed (domain events). */
  events: TicketHistoryEvent[];
  /** The comment the change added, if any. */
  comment?: Comment;
}

export interface TicketEventsSink {
  publish(change: TicketChange): Promise<void>;
}
