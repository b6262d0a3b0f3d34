/**
 * The ticket changes: create, update, comment, escalate, and the two system changes (the sla-timer Lambda's
 * outcome, timer-sync's refresh). Each decides what the change is (a `Plan`) and checks who may make it; the
 * writer (`ticket-writer.ts`) commits it, through the one commit sequence every change shares.
 */
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { computeSla } from '../sla/milestones.js';
import type { SlaEvent, SlaSnapshot, TicketStatus } from '../sla/types.js';
import { ticketPrefix } from '../tenants/tenant.js';
import { resolveTenantPolicy, tenantSubject } from '../tenants/tenant-service.js';
import { assertCustomerPriority, withoutDuplicates } from './access.js';
import { CaseNumbers } from './case-numbers.js';
import { ForbiddenActionError, InvalidInputError, TicketStateConflictError } from './errors.js';
import type { IdGenerator } from './ids.js';
import { owedTimers, owedTimersChange } from './owed-timers.js';
import type { TicketRepository } from './ports.js';
import { deadlineChanges, refreshCause } from './sla-changes.js';
import { assertTransition, statusAfterReply } from './state-machine.js';
import type {
  Channel,
  Comment,
  CommentVisibility,
  MailReceipt,
  Requester,
  Ticket,
  TicketType,
} from './ticket.js';
import type { TicketQueries } from './ticket-queries.js';
import {
  type CommentResult,
  type TicketResult,
  type TicketView,
  toCommentView,
  toTicketView,
} from './ticket-views.js';
import { actorRef, type MutationOptions, type Plan, type TicketWriter } from './ticket-writer.js';

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
  /** People copied on it (inbound mail: the opening mail's allowed Cc). */
  participants?: Requester[];
  /** Mail-borne tickets: the mail's Message-ID, linked for threading and duplicate detection. */
  messageId?: string;
  /** Mail-borne tickets: what the mail told us, recorded as an internal `mail.received` event. */
  mail?: MailReceipt;
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
  /** Mail-borne comments: what the mail told us, recorded as an internal `mail.received` event. */
  mail?: MailReceipt;
}

export interface EscalationInput {
  reason?: string;
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

/** The internal history event that keeps what a mail told us (none for changes that came another way). */
function mailReceived(mail: MailReceipt | undefined): Plan['events'] {
  return mail ? [{ type: 'mail.received', visibility: 'internal', data: { ...mail } }] : [];
}

export class TicketCommands {
  readonly #tickets: TicketRepository;
  readonly #queries: TicketQueries;
  readonly #writer: TicketWriter;
  readonly #ids: IdGenerator;
  readonly #clock: Clock;
  readonly #caseNumbers: CaseNumbers;

  constructor(deps: {
    tickets: TicketRepository;
    queries: TicketQueries;
    writer: TicketWriter;
    ids: IdGenerator;
    clock: Clock;
    /** Case numbers reserved per block (default `CASE_NUMBER_BLOCK`). */
    caseNumberBlock?: number;
  }) {
    this.#tickets = deps.tickets;
    this.#queries = deps.queries;
    this.#writer = deps.writer;
    this.#ids = deps.ids;
    this.#clock = deps.clock;
    this.#caseNumbers = new CaseNumbers(deps.tickets, deps.caseNumberBlock);
  }

  async createTicket(
    actor: Principal,
    input: CreateTicketInput,
    options: MutationOptions = {},
  ): Promise<TicketResult> {
    const replay = await this.#writer.replay<TicketResult>(actor, 'createTicket', options);
    if (replay) return replay;
    const tenant = await this.#queries.tenant(actor.tenantId);
    if (actor.role === 'customer' && input.assignee) {
      throw new ForbiddenActionError('a customer may not assign a ticket');
    }
    // A customer opens tickets for themselves: naming someone else would make us mail the acknowledgement
    // (and every reply) to any address a customer types. A token without a (verified) email cannot be checked,
    // and its ticket would be nobody's (access.ts): it may not open one.
    if (actor.role === 'customer' && !actor.email) {
      throw new ForbiddenActionError(
        'a customer token without a verified email may neither open a ticket nor name a requester',
      );
    }
    if (
      actor.role === 'customer' &&
      input.requester &&
      input.requester.email.toLowerCase() !== actor.email?.toLowerCase()
    ) {
      throw new ForbiddenActionError('a customer may only open tickets for themselves (requester.email)');
    }
    const requester = input.requester ?? (actor.email ? { email: actor.email } : undefined);
    if (!requester)
      throw new InvalidInputError('requester', 'requester is required (the token carries no email)');
    const participants = withoutDuplicates(input.participants ?? [], [requester]);
    const subject = tenantSubject(tenant);
    const policy = resolveTenantPolicy(tenant, subject);
    const priority = input.priority ?? tenant.defaultPriority ?? policy.defaultPriority;
    policy.assertPriority(priority);
    if (actor.role === 'customer' && input.priority !== undefined) {
      assertCustomerPriority(tenant.customerPriorities, input.priority);
    }

    const now = this.#clock.now();
    const number = await this.#caseNumbers.next(tenant.tenantId);
    const ticket: Ticket = {
      tenantId: tenant.tenantId,
      id: this.#ids.next('t'),
      reference: `${ticketPrefix(tenant)}-${String(number).padStart(6, '0')}`,
      version: 1,
      subject: input.subject,
      description: input.description,
      priority,
      status: 'new',
      requester,
      ...(participants.length > 0 ? { participants } : {}),
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
    // The next block of case numbers (when this one took the last) is reserved while the ticket is written.
    const [created] = await Promise.all([
      this.#writer.create(
        actor,
        tenant,
        ticket,
        policy,
        {
          slaEvents: [],
          events: [
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
            ...mailReceived(input.mail),
          ],
          ...(input.messageId ? { messageIds: [input.messageId] } : {}),
        },
        options,
      ),
      this.#caseNumbers.settle(),
    ]);
    return created;
  }

  async updateTicket(actor: Principal, ticketId: string, input: UpdateTicketInput): Promise<TicketView> {
    if (actor.role === 'customer' && (input.priority !== undefined || input.assignee !== undefined)) {
      throw new ForbiddenActionError('a customer may only change the status');
    }
    const committed = await this.#writer.mutate(actor, ticketId, 'updateTicket', {}, (ticket, policy) => {
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
    return toTicketView(committed.ticket, committed.snapshot, committed.policy, actor);
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
    const replay = await this.#writer.replay<CommentResult>(actor, 'addComment', options);
    if (replay) return replay;
    const commentId = this.#ids.next('c');
    const committed = await this.#writer.mutate(
      actor,
      ticketId,
      'addComment',
      options,
      (ticket, _policy, now) => {
        if (ticket.status === 'closed')
          throw new TicketStateConflictError('a closed ticket takes no comments');
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
            ...mailReceived(input.mail),
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
      },
    );
    if (committed.replayed) return committed.replayed as CommentResult;
    if (!committed.comment) throw new Error('addComment committed no comment');
    return {
      ticket: toTicketView(committed.ticket, committed.snapshot, committed.policy, actor),
      comment: toCommentView(committed.comment, actor),
      replayed: false,
    };
  }

  async requestEscalation(
    actor: Principal,
    ticketId: string,
    input: EscalationInput = {},
    options: MutationOptions = {},
  ): Promise<TicketResult> {
    const replay = await this.#writer.replay<TicketResult>(actor, 'requestEscalation', options);
    if (replay) return replay;
    const committed = await this.#writer.mutate(
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
    return {
      ticket: toTicketView(committed.ticket, committed.snapshot, committed.policy, actor),
      replayed: false,
    };
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
    const committed = await this.#writer.mutate(
      { ...actor, tenantId },
      ticketId,
      'timerOutcome',
      {},
      (ticket) => {
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
      },
    );
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
    const committed = await this.#writer.mutate(
      { ...actor, tenantId },
      ticketId,
      'refreshTimers',
      {},
      (ticket, policy, now) => {
        const snapshot = computeSla(ticket.slaSubject, ticket.slaEvents, now, policy);
        const fresh = owedTimers(snapshot, ticket.timersActed);
        const change = owedTimersChange(ticket.timersOwed, fresh);
        if (change.added.length === 0 && change.removed.length === 0) return null;
        // The due instants the refresh moved, each saying why (the tenant change, or the stale timer).
        const cause = refreshCause(reason);
        const moved = deadlineChanges(ticket.timersOwed, fresh, snapshot).map((c) => ({
          type: 'sla.changed',
          visibility: 'public' as const,
          data: { ...c, cause },
        }));
        return {
          slaEvents: [],
          events: [{ type: 'sla.recomputed', visibility: 'internal', data: { reason, ...change } }, ...moved],
        };
      },
    );
    return { changed: committed.ticket !== committed.previous, ticket: committed.ticket };
  }

  /** Links mail Message-IDs (e.g. of mail we sent about the ticket) so replies to them find the ticket. */
  async linkMessageIds(tenantId: string, ticketId: string, messageIds: string[]): Promise<void> {
    if (messageIds.length > 0) await this.#tickets.linkMessageIds(tenantId, ticketId, messageIds);
  }
}
