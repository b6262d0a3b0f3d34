/**
 * Where committed ticket changes go after the write (notifications: acknowledgement, replies, status-change
 * mail). Called only after the write landed; a failure here never undoes or fails the change.
 */
import type { Tenant } from '../tenants/tenant.js';
import type { Comment, Ticket, TicketHistoryEvent } from './ticket.js';

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

export const noopTicketEventsSink: TicketEventsSink = { publish: async () => {} };

/** Fans one change out to several sinks (the local runtime lets components add theirs). */
export class CompositeTicketEventsSink implements TicketEventsSink {
  readonly #sinks: TicketEventsSink[] = [];

  add(sink: TicketEventsSink): void {
    this.#sinks.push(sink);
  }

  async publish(change: TicketChange): Promise<void> {
    for (const sink of this.#sinks) await sink.publish(change);
  }
}
