/**
 * The ticket use cases behind one entry, for every caller (API, inbound mail, sla-timer and timer-sync): the
 * reads (`ticket-queries.ts`) and the changes (`ticket-commands.ts`, `participant-commands.ts`), which commit through the one sequence in
 * `ticket-writer.ts`. This file only wires them with their defaults.
 */
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { floorToSecond } from '../sla/milestones.js';
import type { SlaSnapshot } from '../sla/types.js';
import type { TenantRepository } from '../tenants/ports.js';
import { type IdGenerator, randomIds } from './ids.js';
import { ParticipantCommands } from './participant-commands.js';
import type { MailPlanner, TicketEventsSink, TicketRepository } from './ports.js';
import type { Requester, Ticket } from './ticket.js';
import {
  type AddCommentInput,
  type CreateTicketInput,
  type EscalationInput,
  TicketCommands,
  type TimerOutcome,
  type UpdateTicketInput,
} from './ticket-commands.js';
import { noopTicketEventsSink } from './ticket-events-sink.js';
import { TicketQueries } from './ticket-queries.js';
import type { CommentResult, TicketResult, TicketView } from './ticket-views.js';
import { type MutationOptions, TicketWriter } from './ticket-writer.js';

export interface TicketServiceDeps {
  tickets: TicketRepository;
  tenants: TenantRepository;
  clock: Clock;
  ids?: IdGenerator;
  events?: TicketEventsSink;
  /** Decides the mail each change owes (the outbox, written with the change); no mail when absent. */
  mail?: MailPlanner;
  /** Attempts of the read-apply-write loop before `ConcurrentUpdateError`. */
  maxAttempts?: number;
  logger?: { warn(message: string, detail?: unknown): void };
  /** Waits between attempts; injectable so unit tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
  /** Our inbound mail domain (`SUPPORT_DOMAIN`), when the caller knows it: its addresses are never participants. */
  supportDomain?: string;
}

export class TicketService extends TicketQueries {
  readonly #commands: TicketCommands;
  readonly #participants: ParticipantCommands;

  constructor(deps: TicketServiceDeps) {
    // Instants are stored and shown to the second (SLA-SPEC section 2): a ticket created at 12:00:00.999 is
    // created at 12:00:00, so its deadlines are exactly what `npx sla due` prints for that instant.
    const clock: Clock = { now: () => floorToSecond(deps.clock.now()) };
    super({ tickets: deps.tickets, tenants: deps.tenants, clock });
    const writer = new TicketWriter({
      tickets: deps.tickets,
      tenant: (tenantId) => this.tenant(tenantId),
      clock,
      sink: deps.events ?? noopTicketEventsSink,
      ...(deps.mail ? { mail: deps.mail } : {}),
      maxAttempts: deps.maxAttempts ?? 80,
      logger: deps.logger ?? { warn: (m, d) => console.warn(m, d) },
      sleep: deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    });
    this.#commands = new TicketCommands({
      tickets: deps.tickets,
      queries: this,
      writer,
      ids: deps.ids ?? randomIds,
      clock,
    });
    this.#participants = new ParticipantCommands({
      writer,
      tenant: (tenantId) => this.tenant(tenantId),
      ...(deps.supportDomain ? { supportDomain: deps.supportDomain } : {}),
    });
  }

  createTicket(actor: Principal, input: CreateTicketInput, options?: MutationOptions): Promise<TicketResult> {
    return this.#commands.createTicket(actor, input, options);
  }

  updateTicket(actor: Principal, ticketId: string, input: UpdateTicketInput): Promise<TicketView> {
    return this.#commands.updateTicket(actor, ticketId, input);
  }

  addComment(
    actor: Principal,
    ticketId: string,
    input: AddCommentInput,
    options?: MutationOptions,
  ): Promise<CommentResult> {
    return this.#commands.addComment(actor, ticketId, input, options);
  }

  addParticipants(
    actor: Principal,
    ticketId: string,
    people: Requester[],
    options?: MutationOptions,
  ): Promise<TicketResult> {
    return this.#participants.addParticipants(actor, ticketId, people, options);
  }

  removeParticipant(actor: Principal, ticketId: string, email: string): Promise<TicketView> {
    return this.#participants.removeParticipant(actor, ticketId, email);
  }

  requestEscalation(
    actor: Principal,
    ticketId: string,
    input?: EscalationInput,
    options?: MutationOptions,
  ): Promise<TicketResult> {
    return this.#commands.requestEscalation(actor, ticketId, input, options);
  }

  recordTimerOutcome(
    tenantId: string,
    ticketId: string,
    outcome: TimerOutcome,
    actor?: Principal,
  ): Promise<{ ticket: Ticket; snapshot: SlaSnapshot; recorded: boolean }> {
    return this.#commands.recordTimerOutcome(tenantId, ticketId, outcome, actor);
  }

  refreshTimers(
    tenantId: string,
    ticketId: string,
    reason: string,
    actor?: Principal,
  ): Promise<{ changed: boolean; ticket: Ticket }> {
    return this.#commands.refreshTimers(tenantId, ticketId, reason, actor);
  }

  linkMessageIds(tenantId: string, ticketId: string, messageIds: string[]): Promise<void> {
    return this.#commands.linkMessageIds(tenantId, ticketId, messageIds);
  }
}
