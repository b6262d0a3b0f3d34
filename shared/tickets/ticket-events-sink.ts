/** Ticket events sinks of our own: none, and a fan-out to several (the port is in ports.ts). */
import type { TicketChange, TicketEventsSink } from './ports.js';

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
