/**
 * An in-memory `TicketRepository` for unit tests of the ticket logic (and of callers such as the timer
 * Lambda): same contract as the DynamoDB one, version checks included. Listing ignores cursors' tamper checks
 * beyond "must be one we issued".
 */
import type { Notification } from '../../shared/notifications/notifier.js';
import type { ItemChange } from '../../shared/runtime/table-changes.js';
import { InvalidCursorError } from '../../shared/tickets/errors.js';
import {
  type CollectionPage,
  type CollectionQuery,
  type IdempotencyRecord,
  IdempotencyRecordExistsError,
  type OwedMail,
  type TicketPage,
  type TicketQuery,
  type TicketRepository,
  type TicketWrite,
  VersionConflictError,
} from '../../shared/tickets/ports.js';
import type { Comment, Ticket, TicketHistoryEvent } from '../../shared/tickets/ticket.js';

export class InMemoryTicketRepository implements TicketRepository {
  readonly tickets = new Map<string, Ticket>();
  readonly events: TicketHistoryEvent[] = [];
  readonly comments: Comment[] = [];
  readonly #refs = new Map<string, string>();
  readonly #messageIds = new Map<string, string>();
  readonly #counters = new Map<string, number>();
  readonly #idempotency = new Map<string, IdempotencyRecord>();
  /** Make the next N `updateTicket` calls fail with a version conflict (to exercise the retry loop). */
  conflictsToInject = 0;

  #key(tenantId: string, id: string): string {
    return `${tenantId}\u0000${id}`;
  }

  async getTicket(tenantId: string, ticketId: string): Promise<Ticket | null> {
    const ticket = this.tickets.get(this.#key(tenantId, ticketId));
    return ticket ? structuredClone(ticket) : null;
  }

  async findTicketIdByReference(tenantId: string, reference: string): Promise<string | null> {
    return this.#refs.get(this.#key(tenantId, reference)) ?? null;
  }

  async findTicketIdByMessageId(tenantId: string, messageId: string): Promise<string | null> {
    return this.#messageIds.get(this.#key(tenantId, messageId.replace(/^<|>$/g, ''))) ?? null;
  }

  async reserveTicketNumbers(tenantId: string, count: number): Promise<number> {
    const n = (this.#counters.get(tenantId) ?? 0) + count;
    this.#counters.set(tenantId, n);
    return n;
  }

  async createTicket(write: TicketWrite): Promise<void> {
    const key = this.#key(write.ticket.tenantId, write.ticket.id);
    if (this.tickets.has(key)) throw new VersionConflictError();
    this.#checkIdempotency(write);
    this.#refs.set(this.#key(write.ticket.tenantId, write.ticket.reference), write.ticket.id);
    this.#apply(write);
  }

  async updateTicket(write: TicketWrite, expectedVersion: number): Promise<void> {
    const stored = this.tickets.get(this.#key(write.ticket.tenantId, write.ticket.id));
    if (this.conflictsToInject > 0) {
      this.conflictsToInject--;
      throw new VersionConflictError();
    }
    if (!stored || stored.version !== expectedVersion) throw new VersionConflictError();
    this.#checkIdempotency(write);
    this.#apply(write);
  }

  async listTickets(tenantId: string, query: TicketQuery): Promise<TicketPage> {
    let all = [...this.tickets.values()].filter((t) => t.tenantId === tenantId);
    if (query.status) all = all.filter((t) => t.status === query.status);
    if (query.priority) all = all.filter((t) => t.priority === query.priority);
    const milestone = query.milestone;
    if (milestone) {
      const bound = milestone.kind === 'breached' ? milestone.now : milestone.before;
      const field = milestone.kind === 'breached' ? 'attentionAt' : 'nextDueAt';
      all = all.filter((t) => t[field] !== null && (t[field] as number) <= bound);
      all.sort((a, b) => (a[field] as number) - (b[field] as number) || a.id.localeCompare(b.id));
    } else {
      all.sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id));
    }
    let start = 0;
    if (query.cursor) {
      const match = /^mem:(\d+)$/.exec(query.cursor);
      if (!match) throw new InvalidCursorError();
      start = Number(match[1]);
    }
    const items = all.slice(start, start + query.limit).map((t) => structuredClone(t));
    const next = start + query.limit;
    return next < all.length ? { items, cursor: `mem:${next}` } : { items };
  }

  async listEvents(tenantId: string, ticketId: string): Promise<TicketHistoryEvent[]> {
    return this.events
      .filter((e) => e.tenantId === tenantId && e.ticketId === ticketId)
      .sort((a, b) => a.version - b.version || a.seq - b.seq)
      .map((e) => structuredClone(e));
  }

  async listComments(tenantId: string, ticketId: string): Promise<Comment[]> {
    return this.comments
      .filter((c) => c.tenantId === tenantId && c.ticketId === ticketId)
      .map((c) => structuredClone(c));
  }

  async pageEvents(tenantId: string, ticketId: string, query: CollectionQuery) {
    return pageOf(await this.listEvents(tenantId, ticketId), query);
  }

  async pageComments(tenantId: string, ticketId: string, query: CollectionQuery) {
    return pageOf(await this.listComments(tenantId, ticketId), query);
  }

  async getIdempotencyRecord(tenantId: string, scope: string): Promise<IdempotencyRecord | null> {
    return this.#idempotency.get(this.#key(tenantId, scope)) ?? null;
  }

  async linkMessageIds(tenantId: string, ticketId: string, messageIds: string[]): Promise<void> {
    for (const id of messageIds)
      this.#messageIds.set(this.#key(tenantId, id.replace(/^<|>$/g, '')), ticketId);
  }

  #checkIdempotency(write: TicketWrite): void {
    const record = write.idempotency;
    if (record && this.#idempotency.has(this.#key(record.tenantId, record.scope))) {
      throw new IdempotencyRecordExistsError();
    }
  }

  /** The outbox items written, in order, as the stream would bring them (see `outboxChanges`). */
  readonly outbox: { tenantId: string; ticketId: string; createdAt: number; owed: OwedMail }[] = [];

  /** The outbox items as the notification Lambda reads them off the stream (INSERTs, `mail` as JSON). */
  outboxChanges(from = 0): ItemChange[] {
    return this.outbox.slice(from).map((o, i) => ({
      eventName: 'INSERT',
      sequenceNumber: String(from + i + 1),
      oldImage: undefined,
      newImage: {
        PK: `T#${o.tenantId}#TICKET#${o.ticketId}`,
        SK: `OUTBOX#${o.owed.key}`,
        entity: 'outbox',
        template: o.owed.template,
        createdAt: o.createdAt,
        mail: JSON.stringify(o.owed.mail),
      },
    }));
  }

  /** The mail owed so far, as notifications. */
  owedMail(): Notification[] {
    return this.outbox.map((o) => o.owed.mail as unknown as Notification);
  }

  #apply(write: TicketWrite): void {
    const { ticket } = write;
    this.tickets.set(this.#key(ticket.tenantId, ticket.id), structuredClone(ticket));
    for (const owed of write.outbox ?? []) {
      this.outbox.push({
        tenantId: ticket.tenantId,
        ticketId: ticket.id,
        createdAt: ticket.updatedAt,
        owed: structuredClone(owed),
      });
    }
    this.events.push(...structuredClone(write.events));
    if (write.comment) this.comments.push(structuredClone(write.comment));
    for (const id of write.messageIds ?? []) {
      this.#messageIds.set(this.#key(ticket.tenantId, id.replace(/^<|>$/g, '')), ticket.id);
    }
    if (write.idempotency) {
      this.#idempotency.set(
        this.#key(write.idempotency.tenantId, write.idempotency.scope),
        write.idempotency,
      );
    }
  }
}

/** Offsets as cursors (`mem:<n>`), public items only where asked: the DynamoDB adapter's contract in memory. */
function pageOf<T extends { visibility: string }>(all: T[], query: CollectionQuery): CollectionPage<T> {
  const visible = query.publicOnly ? all.filter((x) => x.visibility === 'public') : all;
  let start = 0;
  if (query.cursor) {
    const match = /^mem:(\d+)$/.exec(query.cursor);
    if (!match) throw new InvalidCursorError();
    start = Number(match[1]);
  }
  const items = visible.slice(start, start + query.limit);
  const next = start + query.limit;
  return next < visible.length ? { items, cursor: `mem:${next}` } : { items };
}
