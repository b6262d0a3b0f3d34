/**
 * The ports the timer use cases (timer-sync, sla-timer, reconcile) talk through. Adapters under
 * `shared/adapters/` implement them.
 */
import type { MetricName } from '../observability/metrics.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import type { SlaSnapshot } from '../sla/types.js';
import type { TicketPage, TicketQuery } from '../tickets/ports.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TimerOutcome } from '../tickets/ticket-commands.js';
import type { TimerRef } from './timer-payload.js';

/** `created`: this call made the schedule; `present`: it existed already (ConflictException). */
export type EnsureOutcome = 'created' | 'present';

/**
 * The port timer-sync drives: one one-off schedule per owed timer. Both operations are idempotent (creating a
 * schedule that exists, or deleting one that is gone, is success), so a replayed stream record is harmless.
 */
export interface TimerScheduler {
  /** Resolves to whether this call made the schedule or it was already there. */
  ensure(timer: TimerRef): Promise<EnsureOutcome>;
  remove(timer: TimerRef): Promise<void>;
}

/** The metrics the timer Lambdas emit, as a port (Powertools EMF in Lambda, a recorder in tests). */
export interface TimerMetrics {
  count(name: MetricName, value: number, dimensions?: Record<string, string>): void;
  milliseconds(name: MetricName, value: number, dimensions?: Record<string, string>): void;
}

/** A ticket item's owed timers as stored (unchecked: a damaged entry is reported, not trusted). */
export interface StoredOwedTimers {
  tenantId: string;
  ticketId: string;
  timersOwed: unknown;
}

/** Every ticket item that owes timers, a page at a time (a table Scan in AWS and locally). */
export interface OwedTimersSource {
  pages(options: { pageSize?: number }): AsyncIterable<StoredOwedTimers[]>;
}

/** The parts of the ticket service the sla-timer needs (the real `TicketService` satisfies it). */
export interface TimerTicketPort {
  loadTicket(tenantId: string, ticketId: string): Promise<Ticket | null>;
  slaOf(ticket: Ticket, now?: number): Promise<{ snapshot: SlaSnapshot; policy: ResolvedPolicy }>;
  /** `recorded` false: nothing written (another delivery acted first, or the re-read ticket no longer owes it). */
  recordTimerOutcome(
    tenantId: string,
    ticketId: string,
    outcome: TimerOutcome,
  ): Promise<{ ticket: Ticket; recorded: boolean }>;
  /** Rewrites the ticket's owed timers if they drifted from its SLA (writes nothing otherwise). */
  refreshTimers(tenantId: string, ticketId: string, reason: string): Promise<{ changed: boolean }>;
}

/** The ticket service's refresh (the real `TicketService` satisfies it). */
export interface TimerRefresher {
  refreshTimers(tenantId: string, ticketId: string, reason: string): Promise<{ changed: boolean }>;
}

/** Lists a tenant's tickets by status (the status index; `DynamoTicketRepository` satisfies it). */
export interface TicketLister {
  listTickets(tenantId: string, query: TicketQuery): Promise<TicketPage>;
}
