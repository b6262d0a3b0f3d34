/**
 * The ticket reads: the API's views (SLA recomputed at request time from the history, with the tenant's current
 * policy and closures), listings filtered by the recomputed SLA, and the lookups inbound mail and the
 * sla-timer Lambda make. Reads never write.
 */
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import type { SlaSnapshot, TicketStatus } from '../sla/types.js';
import type { TenantRepository } from '../tenants/ports.js';
import type { Tenant } from '../tenants/tenant.js';
import { resolveTenantPolicy } from '../tenants/tenant-service.js';
import { TenantNotFoundError, TicketNotFoundError } from './errors.js';
import type { MilestoneFilter, TicketRepository } from './ports.js';
import { matchesMilestoneFilter } from './sla-changes.js';
import { buildSlaReceipt, customerSafeReceipt, type SlaReceipt } from './sla-receipt.js';
import type { Ticket } from './ticket.js';
import {
  type CommentView,
  type TicketEventView,
  type TicketView,
  ticketSla,
  toCommentView,
  toTicketEventView,
  toTicketView,
} from './ticket-views.js';

export interface ListTicketsInput {
  status?: TicketStatus;
  priority?: string;
  milestoneState?: 'breached';
  dueWithinMinutes?: number;
  limit?: number;
  cursor?: string;
}

export interface TicketListResult {
  items: TicketView[];
  cursor: string | null;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
/** Index pages read for one filtered listing page before handing back a cursor. */
const MAX_FILTER_ROUNDS = 10;

export class TicketQueries {
  readonly #tickets: TicketRepository;
  readonly #tenants: TenantRepository;
  readonly #clock: Clock;

  constructor(deps: { tickets: TicketRepository; tenants: TenantRepository; clock: Clock }) {
    this.#tickets = deps.tickets;
    this.#tenants = deps.tenants;
    this.#clock = deps.clock;
  }

  async tenant(tenantId: string): Promise<Tenant> {
    const tenant = await this.#tenants.getTenant(tenantId);
    if (!tenant) throw new TenantNotFoundError(tenantId);
    return tenant;
  }

  async requireTicket(tenantId: string, ticketId: string): Promise<Ticket> {
    const ticket = await this.#tickets.getTicket(tenantId, ticketId);
    if (!ticket) throw new TicketNotFoundError(ticketId);
    return ticket;
  }

  async getTicket(actor: Principal, ticketId: string): Promise<TicketView> {
    const tenant = await this.tenant(actor.tenantId);
    const ticket = await this.requireTicket(actor.tenantId, ticketId);
    return this.#view(ticket, tenant, this.#clock.now());
  }

  /** The ticket's SLA receipt at now (`sla-receipt.ts`); customers get its customer-safe part. */
  async getSlaReceipt(actor: Principal, ticketId: string): Promise<SlaReceipt> {
    const tenant = await this.tenant(actor.tenantId);
    const ticket = await this.requireTicket(actor.tenantId, ticketId);
    const receipt = buildSlaReceipt(
      ticket,
      resolveTenantPolicy(tenant, ticket.slaSubject),
      this.#clock.now(),
    );
    return actor.role === 'customer' ? customerSafeReceipt(receipt) : receipt;
  }

  async listTickets(actor: Principal, input: ListTicketsInput = {}): Promise<TicketListResult> {
    const tenant = await this.tenant(actor.tenantId);
    const limit = Math.min(Math.max(input.limit ?? DEFAULT_LIMIT, 1), MAX_LIMIT);
    const now = this.#clock.now();
    const base = {
      ...(input.status ? { status: input.status } : {}),
      ...(input.priority ? { priority: input.priority } : {}),
    };
    let filter: MilestoneFilter | undefined;
    if (input.milestoneState === 'breached') filter = { kind: 'breached' };
    else if (input.dueWithinMinutes !== undefined) {
      filter = { kind: 'dueBefore', before: now + input.dueWithinMinutes * 60_000 };
    }
    if (!filter) {
      const page = await this.#tickets.listTickets(actor.tenantId, {
        ...base,
        limit,
        ...(input.cursor ? { cursor: input.cursor } : {}),
      });
      return { items: page.items.map((t) => this.#view(t, tenant, now)), cursor: page.cursor ?? null };
    }
    // Candidates from the index, kept only if the SLA recomputed now matches. Asking for no more candidates
    // than slots left means a page never holds a match we would have to drop.
    const items: TicketView[] = [];
    let cursor = input.cursor;
    for (let round = 0; round < MAX_FILTER_ROUNDS && items.length < limit; round++) {
      const page = await this.#tickets.listTickets(actor.tenantId, {
        ...base,
        milestone: { ...filter, now },
        limit: limit - items.length,
        ...(cursor ? { cursor } : {}),
      });
      for (const ticket of page.items) {
        const { snapshot, policy } = ticketSla(ticket, tenant, now);
        if (matchesMilestoneFilter(snapshot, filter)) items.push(toTicketView(ticket, snapshot, policy));
      }
      cursor = page.cursor;
      if (!cursor) break;
    }
    return { items, cursor: cursor ?? null };
  }

  async listEvents(actor: Principal, ticketId: string): Promise<TicketEventView[]> {
    await this.requireTicket(actor.tenantId, ticketId);
    const events = await this.#tickets.listEvents(actor.tenantId, ticketId);
    return events
      .filter((e) => actor.role !== 'customer' || e.visibility === 'public')
      .map(toTicketEventView);
  }

  async listComments(actor: Principal, ticketId: string): Promise<CommentView[]> {
    await this.requireTicket(actor.tenantId, ticketId);
    const comments = await this.#tickets.listComments(actor.tenantId, ticketId);
    return comments.filter((c) => actor.role !== 'customer' || c.visibility === 'public').map(toCommentView);
  }

  /** For inbound mail: a ticket by its case number (`INT-000123`, any case), or null. */
  async findTicketByReference(tenantId: string, reference: string): Promise<Ticket | null> {
    const id = await this.#tickets.findTicketIdByReference(tenantId, reference.trim().toUpperCase());
    return id ? this.#tickets.getTicket(tenantId, id) : null;
  }

  /** For inbound mail: the ticket a mail `Message-ID` belongs to (one we sent, or one that made a ticket). */
  async findTicketByMessageId(tenantId: string, messageId: string): Promise<Ticket | null> {
    const id = await this.#tickets.findTicketIdByMessageId(tenantId, messageId);
    return id ? this.#tickets.getTicket(tenantId, id) : null;
  }

  /** The raw ticket (for the sla-timer Lambda and notifications); null if unknown. */
  async loadTicket(tenantId: string, ticketId: string): Promise<Ticket | null> {
    return this.#tickets.getTicket(tenantId, ticketId);
  }

  /** The ticket's SLA at `now` with its resolved policy (for the sla-timer Lambda). */
  async slaOf(
    ticket: Ticket,
    now: number = this.#clock.now(),
  ): Promise<{ snapshot: SlaSnapshot; policy: ResolvedPolicy }> {
    return ticketSla(ticket, await this.tenant(ticket.tenantId), now);
  }

  /** Renders a ticket as the API shows it (SLA at `now`). */
  async viewOf(ticket: Ticket, now: number = this.#clock.now()): Promise<TicketView> {
    return this.#view(ticket, await this.tenant(ticket.tenantId), now);
  }

  #view(ticket: Ticket, tenant: Tenant, now: number): TicketView {
    const { snapshot, policy } = ticketSla(ticket, tenant, now);
    return toTicketView(ticket, snapshot, policy);
  }
}
