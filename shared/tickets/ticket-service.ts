/**
 * The ticket use cases: the one entry for every caller (API, inbound mail, sla-timer Lambda). Every change is
 * read -> apply -> recompute the SLA from history -> one conditional write on the ticket's version; on a
 * conflict it re-reads and re-applies (bounded, jittered), so concurrent writers never lose an update.
 */
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { formatInstant } from '../sla/instant.js';
import { computeSla, floorToSecond } from '../sla/milestones.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import type { SlaEvent, SlaSnapshot, SlaSubject, TicketStatus, TimerSpec } from '../sla/types.js';
import type { TenantRepository } from '../tenants/ports.js';
import { type Tenant, ticketPrefix } from '../tenants/tenant.js';
import { resolveTenantPolicy, tenantSubject } from '../tenants/tenant-service.js';
import {
  ConcurrentUpdateError,
  ForbiddenActionError,
  IdempotencyKeyReuseError,
  InvalidInputError,
  TenantNotFoundError,
  TicketNotFoundError,
  TicketStateConflictError,
} from './errors.js';
import { type IdGenerator, randomIds } from './ids.js';
import {
  type IdempotencyRecord,
  IdempotencyRecordExistsError,
  type MilestoneFilter,
  type TicketEventsSink,
  type TicketRepository,
  type TicketWrite,
  VersionConflictError,
} from './ports.js';
import {
  indexHints,
  matchesMilestoneFilter,
  owedTimers,
  type SlaView,
  slaChanges,
  toSlaView,
} from './sla-view.js';
import { assertTransition, statusAfterReply } from './state-machine.js';
import type {
  ActorRef,
  Channel,
  Comment,
  CommentVisibility,
  Requester,
  Ticket,
  TicketHistoryEvent,
  TicketType,
} from './ticket.js';
import { noopTicketEventsSink } from './ticket-events-sink.js';

// ---- inputs and outputs ---------------------------------------------------------------------------------

export interface CreateTicketInput {
  subject: string;
  description: string;
  priority?: string;
  /** Defaults to the caller (the token's email); a customer may name only themselves. */
  requester?: Requester;
  language?: string;
  channel?: Channel;
  type?: TicketType;
  assignee?: string | null;
  /** Mail-borne tickets: the mail's Message-ID, linked for threading and duplicate detection. */
  messageId?: string;
}

export interface UpdateTicketInput {
  status?: TicketStatus;
  priority?: string;
  assignee?: string | null;
}

export interface AddCommentInput {
  body: string;
  visibility?: CommentVisibility;
  messageId?: string;
  attachments?: Comment['attachments'];
}

export interface EscalationInput {
  reason?: string;
}

export interface ListTicketsInput {
  status?: TicketStatus;
  priority?: string;
  milestoneState?: 'breached';
  dueWithinMinutes?: number;
  limit?: number;
  cursor?: string;
}

/** With an `Idempotency-Key`: the key and a hash of the request it came with. */
export interface IdempotencyOptions {
  key: string;
  requestHash: string;
}

export interface MutationOptions {
  idempotency?: IdempotencyOptions;
}

export interface TicketView {
  id: string;
  reference: string;
  tenantId: string;
  subject: string;
  description: string;
  priority: string;
  status: TicketStatus;
  requester: Requester;
  language: string | null;
  channel: Channel;
  type: TicketType | null;
  assignee: string | null;
  createdAt: string;
  updatedAt: string;
  createdBy: ActorRef;
  version: number;
  sla: SlaView;
}

export interface CommentView {
  id: string;
  ticketId: string;
  body: string;
  visibility: CommentVisibility;
  author: ActorRef;
  createdAt: string;
  attachments: NonNullable<Comment['attachments']>;
}

export interface TicketEventView {
  type: string;
  at: string;
  actor: ActorRef;
  visibility: CommentVisibility;
  version: number;
  data: Record<string, unknown>;
}

export interface TicketResult {
  ticket: TicketView;
  /** True when an `Idempotency-Key` replayed an earlier result. */
  replayed: boolean;
}

export interface CommentResult extends TicketResult {
  comment: CommentView;
}

export interface TicketListResult {
  items: TicketView[];
  cursor: string | null;
}

/** What the sla-timer Lambda records when it acts on a timer. */
export interface TimerOutcome {
  /** Ids (`${key}@${dueAt}`) to add to `timersActed`. */
  timerIds: string[];
  /** History events to append (e.g. `sla.breached`, `sla.escalated`, `sla.reminder_sent`). */
  events: { type: string; data: Record<string, unknown>; visibility?: CommentVisibility }[];
  /** Engine events to append, if acting changes the SLA input (rare: breaches are derived from time). */
  slaEvents?: SlaEvent[];
}

export interface TicketServiceDeps {
  tickets: TicketRepository;
  tenants: TenantRepository;
  clock: Clock;
  ids?: IdGenerator;
  events?: TicketEventsSink;
  /** Attempts of the read-apply-write loop before `ConcurrentUpdateError`. */
  maxAttempts?: number;
  logger?: { warn(message: string, detail?: unknown): void };
  /** Waits between attempts; injectable so unit tests do not sleep. */
  sleep?: (ms: number) => Promise<void>;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 100;
/** Index pages read for one filtered listing page before handing back a cursor. */
const MAX_FILTER_ROUNDS = 10;

const SYSTEM_ACTOR: ActorRef = { sub: 'system', role: 'system' };

// ---- the service ----------------------------------------------------------------------------------------

interface Plan {
  /** The engine events this change appends. */
  slaEvents: SlaEvent[];
  /** Changed fields (applied to a copy of the ticket). */
  patch?: Partial<Pick<Ticket, 'status' | 'priority' | 'assignee'>>;
  events: Omit<TicketHistoryEvent, 'tenantId' | 'ticketId' | 'version' | 'seq' | 'at' | 'actor'>[];
  comment?: Comment;
  timersActed?: string[];
  messageIds?: string[];
}

interface Committed {
  ticket: Ticket;
  previous: Ticket;
  comment?: Comment;
  policy: ResolvedPolicy;
  snapshot: SlaSnapshot;
}

export class TicketService {
  readonly #tickets: TicketRepository;
  readonly #tenants: TenantRepository;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #sink: TicketEventsSink;
  readonly #maxAttempts: number;
  readonly #logger: { warn(message: string, detail?: unknown): void };
  readonly #sleep: (ms: number) => Promise<void>;

  constructor(deps: TicketServiceDeps) {
    this.#tickets = deps.tickets;
    this.#tenants = deps.tenants;
    // Instants are stored and shown to the second (SLA-SPEC section 2): a ticket created at 12:00:00.999 is
    // created at 12:00:00, so its deadlines are exactly what `npx sla due` prints for that instant.
    this.#clock = { now: () => floorToSecond(deps.clock.now()) };
    this.#ids = deps.ids ?? randomIds;
    this.#sink = deps.events ?? noopTicketEventsSink;
    this.#maxAttempts = deps.maxAttempts ?? 80;
    this.#logger = deps.logger ?? { warn: (m, d) => console.warn(m, d) };
    this.#sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  // ---- reads ----

  async getTicket(actor: Principal, ticketId: string): Promise<TicketView> {
    const tenant = await this.#tenant(actor.tenantId);
    const ticket = await this.#requireTicket(actor.tenantId, ticketId);
    return this.#view(ticket, tenant, this.#clock.now());
  }

  async listTickets(actor: Principal, input: ListTicketsInput = {}): Promise<TicketListResult> {
    const tenant = await this.#tenant(actor.tenantId);
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
        const { snapshot, policy } = this.#sla(ticket, tenant, now);
        if (matchesMilestoneFilter(snapshot, filter)) items.push(this.#toView(ticket, snapshot, policy));
      }
      cursor = page.cursor;
      if (!cursor) break;
    }
    return { items, cursor: cursor ?? null };
  }

  async listEvents(actor: Principal, ticketId: string): Promise<TicketEventView[]> {
    await this.#requireTicket(actor.tenantId, ticketId);
    const events = await this.#tickets.listEvents(actor.tenantId, ticketId);
    return events
      .filter((e) => actor.role !== 'customer' || e.visibility === 'public')
      .map((e) => ({
        type: e.type,
        at: formatInstant(e.at),
        actor: e.actor,
        visibility: e.visibility,
        version: e.version,
        data: e.data,
      }));
  }

  async listComments(actor: Principal, ticketId: string): Promise<CommentView[]> {
    await this.#requireTicket(actor.tenantId, ticketId);
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

  /** Links mail Message-IDs (e.g. of mail we sent about the ticket) so replies to them find the ticket. */
  async linkMessageIds(tenantId: string, ticketId: string, messageIds: string[]): Promise<void> {
    if (messageIds.length > 0) await this.#tickets.linkMessageIds(tenantId, ticketId, messageIds);
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
    return this.#sla(ticket, await this.#tenant(ticket.tenantId), now);
  }

  /** Renders a ticket as the API shows it (SLA at `now`). */
  async viewOf(ticket: Ticket, now: number = this.#clock.now()): Promise<TicketView> {
    return this.#view(ticket, await this.#tenant(ticket.tenantId), now);
  }

  // ---- changes ----

  async createTicket(
    actor: Principal,
    input: CreateTicketInput,
    options: MutationOptions = {},
  ): Promise<TicketResult> {
    const replay = await this.#replay<TicketResult>(actor, 'createTicket', options);
    if (replay) return replay;
    const tenant = await this.#tenant(actor.tenantId);
    if (actor.role === 'customer' && input.assignee) {
      throw new ForbiddenActionError('a customer may not assign a ticket');
    }
    // A customer opens tickets for themselves: naming someone else would make us mail the acknowledgement
    // (and every reply) to any address a customer types. A token without an email cannot be checked.
    if (
      actor.role === 'customer' &&
      input.requester &&
      actor.email &&
      input.requester.email.toLowerCase() !== actor.email.toLowerCase()
    ) {
      throw new ForbiddenActionError('a customer may only open tickets for themselves (requester.email)');
    }
    const requester = input.requester ?? (actor.email ? { email: actor.email } : undefined);
    if (!requester)
      throw new InvalidInputError('requester', 'requester is required (the token carries no email)');
    const subject = tenantSubject(tenant);
    const policy = resolveTenantPolicy(tenant, subject);
    const priority = input.priority ?? tenant.defaultPriority ?? policy.defaultPriority;
    policy.assertPriority(priority);

    const now = this.#clock.now();
    const number = await this.#tickets.nextTicketNumber(tenant.tenantId);
    const ticketBase: Ticket = {
      tenantId: tenant.tenantId,
      id: this.#ids.next('t'),
      reference: `${ticketPrefix(tenant)}-${String(number).padStart(6, '0')}`,
      version: 1,
      subject: input.subject,
      description: input.description,
      priority,
      status: 'new',
      requester,
      ...(input.language ? { language: input.language } : {}),
      channel: input.channel ?? (actor.role === 'customer' ? 'web' : 'api'),
      ...(input.type ? { type: input.type } : {}),
      assignee: input.assignee ?? null,
      createdAt: now,
      updatedAt: now,
      createdBy: actorRef(actor),
      ...(input.messageId ? { originMessageId: input.messageId } : {}),
      slaSubject: subject,
      slaEvents: [{ type: 'created', at: now, priority }],
      escalationLevel: 0,
      timersOwed: {},
      timersActed: [],
      nextDueAt: null,
      attentionAt: null,
    };
    const snapshot = computeSla(subject, ticketBase.slaEvents, now, policy);
    const ticket = withSla(ticketBase, snapshot);
    const events = this.#numbered(ticket, actor, now, [
      {
        type: 'ticket.created',
        visibility: 'public',
        data: {
          reference: ticket.reference,
          subject: ticket.subject,
          priority,
          channel: ticket.channel,
          requester: requester.email,
        },
      },
      ...slaChanges(null, snapshot).map((change) => slaChangedEvent(change)),
    ]);
    const result: TicketResult = { ticket: this.#toView(ticket, snapshot, policy), replayed: false };
    const write: TicketWrite = {
      ticket,
      events,
      ...(input.messageId ? { messageIds: [input.messageId] } : {}),
      ...this.#idempotencyRecord(actor, 'createTicket', options, result, now),
    };
    try {
      await this.#tickets.createTicket(write);
    } catch (error) {
      if (error instanceof IdempotencyRecordExistsError)
        return this.#replayAfterRace(actor, 'createTicket', options);
      throw error;
    }
    await this.#publish({ tenant, ticket, previous: null, events });
    return result;
  }

  async updateTicket(actor: Principal, ticketId: string, input: UpdateTicketInput): Promise<TicketView> {
    if (actor.role === 'customer' && (input.priority !== undefined || input.assignee !== undefined)) {
      throw new ForbiddenActionError('a customer may only change the status');
    }
    const committed = await this.#mutate(actor, ticketId, 'updateTicket', {}, (ticket, policy) => {
      const plan: Plan = { slaEvents: [], events: [], patch: {} };
      // Each changed field: patched, and one public `<field>.changed` event with from and to.
      const changeField = <F extends 'status' | 'priority' | 'assignee'>(field: F, to: Ticket[F]) => {
        (plan.patch as Partial<Pick<Ticket, F>>)[field] = to;
        plan.events.push({
          type: `${field}.changed`,
          visibility: 'public',
          data: { from: ticket[field], to },
        });
      };
      if (input.status !== undefined && input.status !== ticket.status) {
        assertTransition(ticket.status, input.status, actor.role);
        plan.slaEvents.push({ type: 'statusChanged', at: 0, status: input.status });
        changeField('status', input.status);
      }
      if (input.priority !== undefined && input.priority !== ticket.priority) {
        if (ticket.status === 'closed')
          throw new TicketStateConflictError('a closed ticket cannot change priority');
        policy.assertPriority(input.priority);
        plan.slaEvents.push({ type: 'priorityChanged', at: 0, priority: input.priority });
        changeField('priority', input.priority);
      }
      if (input.assignee !== undefined && input.assignee !== ticket.assignee) {
        changeField('assignee', input.assignee);
      }
      return plan.events.length > 0 ? plan : null;
    });
    return this.#toView(committed.ticket, committed.snapshot, committed.policy);
  }

  async addComment(
    actor: Principal,
    ticketId: string,
    input: AddCommentInput,
    options: MutationOptions = {},
  ): Promise<CommentResult> {
    const visibility = input.visibility ?? 'public';
    if (actor.role === 'customer' && visibility === 'internal') {
      throw new ForbiddenActionError('a customer may not write internal notes');
    }
    const replay = await this.#replay<CommentResult>(actor, 'addComment', options);
    if (replay) return replay;
    const commentId = this.#ids.next('c');
    const committed = await this.#mutate(actor, ticketId, 'addComment', options, (ticket, _policy, now) => {
      if (ticket.status === 'closed') throw new TicketStateConflictError('a closed ticket takes no comments');
      const comment: Comment = {
        tenantId: ticket.tenantId,
        ticketId: ticket.id,
        id: commentId,
        body: input.body,
        visibility,
        author: actorRef(actor),
        createdAt: now,
        ...(input.attachments?.length ? { attachments: input.attachments } : {}),
        ...(input.messageId ? { messageId: input.messageId } : {}),
      };
      const plan: Plan = {
        slaEvents: [],
        patch: {},
        comment,
        events: [
          {
            type: 'comment.added',
            visibility,
            data: { commentId, visibility, by: actor.role === 'customer' ? 'customer' : 'agent' },
          },
        ],
        ...(input.messageId ? { messageIds: [input.messageId] } : {}),
      };
      if (visibility === 'public') {
        const by = actor.role === 'customer' ? 'customer' : 'agent';
        plan.slaEvents.push(
          by === 'agent' ? { type: 'agentReply', at: 0 } : { type: 'customerReply', at: 0 },
        );
        const next = statusAfterReply(ticket.status, by);
        if (next) {
          plan.slaEvents.push({ type: 'statusChanged', at: 0, status: next });
          plan.patch!.status = next;
          plan.events.push({
            type: 'status.changed',
            visibility: 'public',
            data: { from: ticket.status, to: next, cause: `${by} reply` },
          });
        }
      }
      return plan;
    });
    if (committed.replayed) return committed.replayed as CommentResult;
    if (!committed.comment) throw new Error('addComment committed no comment');
    return {
      ticket: this.#toView(committed.ticket, committed.snapshot, committed.policy),
      comment: toCommentView(committed.comment),
      replayed: false,
    };
  }

  async requestEscalation(
    actor: Principal,
    ticketId: string,
    input: EscalationInput = {},
    options: MutationOptions = {},
  ): Promise<TicketResult> {
    const replay = await this.#replay<TicketResult>(actor, 'requestEscalation', options);
    if (replay) return replay;
    const committed = await this.#mutate(
      actor,
      ticketId,
      'requestEscalation',
      options,
      (ticket, policy, now) => {
        if (ticket.status === 'resolved' || ticket.status === 'closed') {
          throw new TicketStateConflictError(`a ${ticket.status} ticket cannot be escalated`);
        }
        if (actor.role === 'customer' && !policy.customerMayRequestEscalation) {
          throw new ForbiddenActionError(`policy ${policy.id} does not let customers request escalation`);
        }
        const levels = policy.escalationLevels.length;
        if (levels === 0) throw new TicketStateConflictError(`policy ${policy.id} has no escalation chain`);
        const current = computeSla(ticket.slaSubject, ticket.slaEvents, now, policy).escalationLevel;
        if (current >= levels)
          throw new TicketStateConflictError('the ticket is already at the highest escalation level');
        const by = actor.role === 'customer' ? 'customer' : 'agent';
        const to = policy.escalationLevels[current];
        return {
          slaEvents: [{ type: 'escalationRequested', at: 0, by }],
          events: [
            {
              type: 'escalation.requested',
              visibility: 'public',
              data: {
                by,
                fromLevel: current,
                toLevel: current + 1,
                levelName: to?.name ?? null,
                reason: input.reason ?? null,
              },
            },
          ],
        };
      },
    );
    if (committed.replayed) return committed.replayed as TicketResult;
    return { ticket: this.#toView(committed.ticket, committed.snapshot, committed.policy), replayed: false };
  }

  /**
   * For the sla-timer Lambda: records that it acted on timers (adds their ids to `timersActed`, so they are no
   * longer owed) and appends its history events, as one conditional write like every other change.
   * `recorded` is false when nothing was written: another delivery acted first (the ids are in `timersActed`),
   * or the ticket as re-read for the write no longer owes them (a reply, pause or recompute landed after the
   * caller read it): the caller must then not report the timer.
   */
  async recordTimerOutcome(
    tenantId: string,
    ticketId: string,
    outcome: TimerOutcome,
    actor: Principal = { tenantId, role: 'system', sub: 'sla-timer' },
  ): Promise<{ ticket: Ticket; snapshot: SlaSnapshot; recorded: boolean }> {
    const committed = await this.#mutate({ ...actor, tenantId }, ticketId, 'timerOutcome', {}, (ticket) => {
      // Only a timer the ticket still owes at write time: the caller's read may predate a write that met it.
      const fresh = outcome.timerIds.filter(
        (id) => !ticket.timersActed.includes(id) && ticket.timersOwed[id] !== undefined,
      );
      // Another delivery of the same timer(s) won the race (we are re-reading after a version conflict, or
      // arrived after it): its breach/escalation events are already in the history; never append them twice.
      // Or the timers are no longer owed: recording a breach of a milestone just met would be false.
      if (outcome.timerIds.length > 0 && fresh.length === 0) return null;
      if (fresh.length === 0 && outcome.events.length === 0 && !outcome.slaEvents?.length) return null;
      return {
        slaEvents: outcome.slaEvents ?? [],
        timersActed: fresh,
        events: outcome.events.map((e) => ({
          type: e.type,
          visibility: e.visibility ?? 'public',
          data: e.data,
        })),
      };
    });
    return {
      ticket: committed.ticket,
      snapshot: committed.snapshot,
      recorded: committed.ticket !== committed.previous,
    };
  }

  /**
   * Re-derives the timers a ticket owes from its history with the tenant's CURRENT policy and closures, for
   * when an input other than the ticket changed (a tenant's closures or own policy): without it an untouched
   * ticket keeps schedules at the old instants and none at the new ones. Writes (conditional on the version,
   * like every change, with an `sla.recomputed` history event saying why) only if `timersOwed` differs, so a
   * repeated call writes nothing: safe for stream redelivery and retries.
   */
  async refreshTimers(
    tenantId: string,
    ticketId: string,
    reason: string,
    actor: Principal = { tenantId, role: 'system', sub: 'timer-sync' },
  ): Promise<{ changed: boolean; ticket: Ticket }> {
    const committed = await this.#mutate(
      { ...actor, tenantId },
      ticketId,
      'refreshTimers',
      {},
      (ticket, policy, now) => {
        const fresh = owedTimers(
          computeSla(ticket.slaSubject, ticket.slaEvents, now, policy),
          ticket.timersActed,
        );
        const change = owedTimersChange(ticket.timersOwed, fresh);
        if (change.added.length === 0 && change.removed.length === 0) return null;
        return {
          slaEvents: [],
          events: [{ type: 'sla.recomputed', visibility: 'internal', data: { reason, ...change } }],
        };
      },
    );
    return { changed: committed.ticket !== committed.previous, ticket: committed.ticket };
  }

  // ---- the write loop ----

  async #mutate(
    actor: Principal,
    ticketId: string,
    operation: string,
    options: MutationOptions,
    apply: (ticket: Ticket, policy: ResolvedPolicy, now: number) => Plan | null,
  ): Promise<Committed & { replayed?: unknown }> {
    const tenant = await this.#tenant(actor.tenantId);
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      const previous = await this.#requireTicket(actor.tenantId, ticketId);
      const now = this.#clock.now();
      const policy = resolveTenantPolicy(tenant, previous.slaSubject);
      const plan = apply(structuredClone(previous), policy, now);
      if (!plan) {
        const snapshot = computeSla(previous.slaSubject, previous.slaEvents, now, policy);
        return { ticket: previous, previous, policy, snapshot };
      }
      const before = computeSla(previous.slaSubject, previous.slaEvents, now, policy);
      const slaEvents = [...previous.slaEvents, ...plan.slaEvents.map((e) => ({ ...e, at: now }))];
      const next: Ticket = {
        ...structuredClone(previous),
        ...plan.patch,
        version: previous.version + 1,
        updatedAt: now,
        slaEvents,
        timersActed: [...previous.timersActed, ...(plan.timersActed ?? [])],
      };
      const snapshot = computeSla(next.slaSubject, slaEvents, now, policy);
      const ticket = withSla(next, snapshot);
      const events = this.#numbered(ticket, actor, now, [
        ...plan.events,
        ...slaChanges(before, snapshot).map((change) => slaChangedEvent(change)),
      ]);
      const view = this.#toView(ticket, snapshot, policy);
      const result =
        plan.comment !== undefined
          ? { ticket: view, comment: toCommentView(plan.comment), replayed: false }
          : { ticket: view, replayed: false };
      const write: TicketWrite = {
        ticket,
        events,
        ...(plan.comment ? { comment: plan.comment } : {}),
        ...(plan.messageIds?.length ? { messageIds: plan.messageIds } : {}),
        ...this.#idempotencyRecord(actor, operation, options, result, now),
      };
      try {
        await this.#tickets.updateTicket(write, previous.version);
      } catch (error) {
        if (error instanceof VersionConflictError) {
          // Full jitter, growing to 100 ms: with 50 writers on one ticket they spread out instead of colliding.
          await this.#sleep(Math.random() * Math.min(100, 5 * 2 ** Math.min(attempt, 5)));
          continue;
        }
        if (error instanceof IdempotencyRecordExistsError) {
          const replayed = await this.#replayAfterRace(actor, operation, options);
          return { ticket: previous, previous, policy, snapshot, replayed };
        }
        throw error;
      }
      await this.#publish({
        tenant,
        ticket,
        previous,
        events,
        ...(plan.comment ? { comment: plan.comment } : {}),
      });
      return { ticket, previous, policy, snapshot, ...(plan.comment ? { comment: plan.comment } : {}) };
    }
    throw new ConcurrentUpdateError(ticketId, this.#maxAttempts);
  }

  // ---- idempotency ----

  async #replay<T>(actor: Principal, operation: string, options: MutationOptions): Promise<T | null> {
    if (!options.idempotency) return null;
    const record = await this.#tickets.getIdempotencyRecord(
      actor.tenantId,
      idempotencyScope(actor, options.idempotency.key),
    );
    if (!record) return null;
    if (record.requestHash !== options.idempotency.requestHash || record.operation !== operation) {
      throw new IdempotencyKeyReuseError();
    }
    return { ...(JSON.parse(record.result) as T), replayed: true };
  }

  async #replayAfterRace<T>(actor: Principal, operation: string, options: MutationOptions): Promise<T> {
    const replayed = await this.#replay<T>(actor, operation, options);
    if (!replayed) throw new Error('idempotency record vanished after a conflict');
    return replayed;
  }

  #idempotencyRecord(
    actor: Principal,
    operation: string,
    options: MutationOptions,
    result: unknown,
    now: number,
  ): { idempotency?: IdempotencyRecord } {
    if (!options.idempotency) return {};
    return {
      idempotency: {
        tenantId: actor.tenantId,
        scope: idempotencyScope(actor, options.idempotency.key),
        requestHash: options.idempotency.requestHash,
        operation,
        result: JSON.stringify(result),
        createdAt: now,
      },
    };
  }

  // ---- helpers ----

  async #tenant(tenantId: string): Promise<Tenant> {
    const tenant = await this.#tenants.getTenant(tenantId);
    if (!tenant) throw new TenantNotFoundError(tenantId);
    return tenant;
  }

  async #requireTicket(tenantId: string, ticketId: string): Promise<Ticket> {
    const ticket = await this.#tickets.getTicket(tenantId, ticketId);
    if (!ticket) throw new TicketNotFoundError(ticketId);
    return ticket;
  }

  #sla(ticket: Ticket, tenant: Tenant, now: number): { snapshot: SlaSnapshot; policy: ResolvedPolicy } {
    const policy = resolveTenantPolicy(tenant, ticket.slaSubject);
    return { snapshot: computeSla(ticket.slaSubject, ticket.slaEvents, now, policy), policy };
  }

  #view(ticket: Ticket, tenant: Tenant, now: number): TicketView {
    const { snapshot, policy } = this.#sla(ticket, tenant, now);
    return this.#toView(ticket, snapshot, policy);
  }

  #toView(ticket: Ticket, snapshot: SlaSnapshot, policy: ResolvedPolicy): TicketView {
    return {
      id: ticket.id,
      reference: ticket.reference,
      tenantId: ticket.tenantId,
      subject: ticket.subject,
      description: ticket.description,
      priority: ticket.priority,
      status: ticket.status,
      requester: ticket.requester,
      language: ticket.language ?? null,
      channel: ticket.channel,
      type: ticket.type ?? null,
      assignee: ticket.assignee,
      createdAt: formatInstant(ticket.createdAt),
      updatedAt: formatInstant(ticket.updatedAt),
      createdBy: ticket.createdBy,
      version: ticket.version,
      sla: toSlaView(snapshot, policy),
    };
  }

  #numbered(ticket: Ticket, actor: Principal, now: number, events: Plan['events']): TicketHistoryEvent[] {
    return events.map((event, seq) => ({
      ...event,
      tenantId: ticket.tenantId,
      ticketId: ticket.id,
      version: ticket.version,
      seq,
      at: now,
      actor: actor.role === 'system' ? { ...SYSTEM_ACTOR, sub: actor.sub } : actorRef(actor),
    }));
  }

  async #publish(change: Parameters<TicketEventsSink['publish']>[0]): Promise<void> {
    try {
      await this.#sink.publish(change);
    } catch (error) {
      // The change is committed; a notification failure must not turn it into an error for the caller.
      this.#logger.warn('ticket events sink failed', { ticketId: change.ticket.id, error: String(error) });
    }
  }
}

function actorRef(actor: Principal): ActorRef {
  return actor.email
    ? { sub: actor.sub, role: actor.role, email: actor.email }
    : { sub: actor.sub, role: actor.role };
}

/** Keys are per caller: two customers picking the same key never see each other's results. */
export function idempotencyScope(actor: Pick<Principal, 'sub'>, key: string): string {
  return `${actor.sub}\u0000${key}`;
}

function withSla(ticket: Ticket, snapshot: SlaSnapshot): Ticket {
  return {
    ...ticket,
    escalationLevel: snapshot.escalationLevel,
    timersOwed: owedTimers(snapshot, ticket.timersActed),
    ...indexHints(snapshot),
  };
}

function slaChangedEvent(change: ReturnType<typeof slaChanges>[number]): Plan['events'][number] {
  return { type: 'sla.changed', visibility: 'public', data: { ...change } };
}

function toCommentView(comment: Comment): CommentView {
  return {
    id: comment.id,
    ticketId: comment.ticketId,
    body: comment.body,
    visibility: comment.visibility,
    author: comment.author,
    createdAt: formatInstant(comment.createdAt),
    attachments: comment.attachments ?? [],
  };
}

/**
 * How a ticket's stored owed timers differ from freshly computed ones, by timer id (`${key}@${dueAt}`): an id
 * in both whose entry differs (another fire instant) counts as removed and added, since its schedule must be
 * replaced. Empty lists: nothing to reschedule.
 */
export function owedTimersChange(
  stored: Readonly<Record<string, TimerSpec>>,
  fresh: Readonly<Record<string, TimerSpec>>,
): { added: string[]; removed: string[] } {
  const same = (a: TimerSpec, b: TimerSpec) =>
    a.key === b.key &&
    a.milestone === b.milestone &&
    a.cycle === b.cycle &&
    a.kind === b.kind &&
    a.fireAt === b.fireAt &&
    a.dueAt === b.dueAt;
  const added = Object.keys(fresh).filter((id) => !stored[id] || !same(stored[id], fresh[id] as TimerSpec));
  const removed = Object.keys(stored).filter((id) => !fresh[id] || !same(stored[id] as TimerSpec, fresh[id]));
  return { added: added.sort(), removed: removed.sort() };
}

export type { SlaSubject };
