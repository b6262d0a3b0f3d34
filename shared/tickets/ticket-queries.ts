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
import { canSeeTicket, customersSeeAll } from './access.js';
import { TenantNotFoundError, TicketNotFoundError } from './errors.js';
import type { CollectionQuery, MilestoneFilter, TicketRepository } from './ports.js';
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

/** `limit` and `cursor` of a ticket's comments or events. */
export interface PageInput {
  limit?: number;
  cursor?: string;
}

export interface PageResult<T> {
  items: T[];
  cursor: string | null;
}

/** Comments and events: a conversation reads in bigger pages than the ticket list. */
export const COLLECTION_DEFAULT_LIMIT = 50;
export const COLLECTION_MAX_LIMIT = 100;

function collectionQuery(actor: Principal, page: PageInput): CollectionQuery {
  return {
    limit: Math.min(Math.max(page.limit ?? COLLECTION_DEFAULT_LIMIT, 1), COLLECTION_MAX_LIMIT),
    ...(page.cursor ? { cursor: page.cursor } : {}),
    publicOnly: actor.role === 'customer',
  };
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

  /** The ticket if `actor` may see it (access.ts); another customer's ticket is as unknown as a missing one. */
  async requireVisibleTicket(actor: Principal, ticketId: string, tenant?: Tenant): Promise<Ticket> {
    const ticket = await this.requireTicket(actor.tenantId, ticketId);
    if (!canSeeTicket(actor, ticket, tenant ?? (await this.tenant(actor.tenantId)))) {
      throw new TicketNotFoundError(ticketId);
    }
    return ticket;
  }

  async getTicket(actor: Principal, ticketId: string): Promise<TicketView> {
    const tenant = await this.tenant(actor.tenantId);
    const ticket = await this.requireVisibleTicket(actor, ticketId, tenant);
    return this.#view(ticket, tenant, this.#clock.now(), actor);
  }

  /** The ticket's SLA receipt at now (`sla-receipt.ts`); customers get its customer-safe part. */
  async getSlaReceipt(actor: Principal, ticketId: string): Promise<SlaReceipt> {
    const tenant = await this.tenant(actor.tenantId);
    const ticket = await this.requireVisibleTicket(actor, ticketId, tenant);
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
    // A customer under `own` visibility lists only their tickets: the rest of the tenant's are skipped here,
    // before anything of them is rendered, so a page never leaks one (it may come back shorter, with a cursor).
    const visible = (ticket: Ticket) => canSeeTicket(actor, ticket, tenant);
    if (!filter && (actor.role !== 'customer' || customersSeeAll(tenant))) {
      const page = await this.#tickets.listTickets(actor.tenantId, {
        ...base,
        limit,
        ...(input.cursor ? { cursor: input.cursor } : {}),
      });
      return {
        items: page.items.filter(visible).map((t) => this.#view(t, tenant, now, actor)),
        cursor: page.cursor ?? null,
      };
    }
    // Candidates from the index, kept only if visible and the SLA recomputed now matches. Asking for no more
    // candidates than slots left means a page never holds a match we would have to drop.
    const items: TicketView[] = [];
    let cursor = input.cursor;
    for (let round = 0; round < MAX_FILTER_ROUNDS && items.length < limit; round++) {
      const page = await this.#tickets.listTickets(actor.tenantId, {
        ...base,
        ...(filter ? { milestone: { ...filter, now } } : {}),
        limit: limit - items.length,
        ...(cursor ? { cursor } : {}),
      });
      for (const ticket of page.items) {
        if (!visible(ticket)) continue;
        const { snapshot, policy } = ticketSla(ticket, tenant, now);
        if (!filter || matchesMilestoneFilter(snapshot, filter)) {
          items.push(toTicketView(ticket, snapshot, policy, actor));
        }
      }
      cursor = page.cursor;
      if (!cursor) break;
    }
    return { items, cursor: cursor ?? null };
  }

  /** A page of the ticket's history, oldest first (customers: public events only). */
  async listEvents(
    actor: Principal,
    ticketId: string,
    page: PageInput = {},
  ): Promise<PageResult<TicketEventView>> {
    await this.requireVisibleTicket(actor, ticketId);
    const result = await this.#tickets.pageEvents(actor.tenantId, ticketId, collectionQuery(actor, page));
    return { items: result.items.map((e) => toTicketEventView(e, actor)), cursor: result.cursor ?? null };
  }

  /** A page of the ticket's comments, oldest first (customers: public comments only). */
  async listComments(
    actor: Principal,
    ticketId: string,
    page: PageInput = {},
  ): Promise<PageResult<CommentView>> {
    await this.requireVisibleTicket(actor, ticketId);
    const result = await this.#tickets.pageComments(actor.tenantId, ticketId, collectionQuery(actor, page));
    return { items: result.items.map((c) => toCommentView(c, actor)), cursor: result.cursor ?? null };
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

  #view(ticket: Ticket, tenant: Tenant, now: number, viewer?: Principal): TicketView {
    const { snapshot, policy } = ticketSla(ticket, tenant, now);
    return toTicketView(ticket, snapshot, policy, viewer);
  }
}
