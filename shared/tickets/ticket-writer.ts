/**
 * The one commit sequence of every ticket change, creation included: recompute the SLA from the history, store
 * the timers owed and the index hints it implies, number the history events (one `sla.changed` per milestone
 * that moved), store the outcomes of the milestones it moved (the compliance report's items), keep the
 * idempotent result, write conditionally, then tell the events sink. Changes to an existing ticket run it
 * inside a read -> apply -> commit loop: on a version conflict they re-read and re-apply (bounded, jittered),
 * so concurrent writers never lose an update.
 */
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { changedOutcomes } from '../reports/milestone-outcome.js';
import { computeSla } from '../sla/milestones.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import type { SlaEvent, SlaSnapshot } from '../sla/types.js';
import type { Tenant } from '../tenants/tenant.js';
import { resolveTenantPolicy } from '../tenants/tenant-service.js';
import { canSeeTicket } from './access.js';
import { ConcurrentUpdateError, IdempotencyKeyReuseError, TicketNotFoundError } from './errors.js';
import { foldTicketHistory } from './history-fold.js';
import { owedTimers } from './owed-timers.js';
import {
  type IdempotencyRecord,
  IdempotencyRecordExistsError,
  type MailPlanner,
  type TicketChange,
  type TicketEventsSink,
  type TicketRepository,
  type TicketWrite,
  VersionConflictError,
} from './ports.js';
import { indexHints, slaChangeCause, slaChanges } from './sla-changes.js';
import type { ActorRef, Comment, Ticket, TicketHistoryEvent } from './ticket.js';
import { type CommentResult, type TicketResult, toCommentView, toTicketView } from './ticket-views.js';

/** With an `Idempotency-Key`: the key and a hash of the request it came with. */
export interface IdempotencyOptions {
  key: string;
  requestHash: string;
}

export interface MutationOptions {
  idempotency?: IdempotencyOptions;
}

/** What a change does to the ticket: the writer turns it into the committed ticket, events and result. */
export interface Plan {
  /** The engine events this change appends (their `at` is the commit instant). */
  slaEvents: SlaEvent[];
  /** Changed fields (applied to a copy of the ticket). */
  patch?: Partial<Pick<Ticket, 'status' | 'priority' | 'assignee' | 'participants'>>;
  events: Omit<TicketHistoryEvent, 'tenantId' | 'ticketId' | 'version' | 'seq' | 'at' | 'actor'>[];
  comment?: Comment;
  timersActed?: string[];
  messageIds?: string[];
}

export interface Committed {
  ticket: Ticket;
  /** The ticket before the change: `ticket` itself when nothing was written. */
  previous: Ticket;
  comment?: Comment;
  policy: ResolvedPolicy;
  snapshot: SlaSnapshot;
  /** Set when an `Idempotency-Key` lost a race: the winner's result. */
  replayed?: unknown;
}

export interface TicketWriterDeps {
  tickets: TicketRepository;
  tenant: (tenantId: string) => Promise<Tenant>;
  /** Already floored to the second. */
  clock: Clock;
  sink: TicketEventsSink;
  /** The mail each change owes, written with it (none when absent). */
  mail?: MailPlanner;
  maxAttempts: number;
  logger: { warn(message: string, detail?: unknown): void };
  sleep: (ms: number) => Promise<void>;
}

const SYSTEM_ACTOR: ActorRef = { sub: 'system', role: 'system' };

export function actorRef(actor: Principal): ActorRef {
  return {
    sub: actor.sub,
    role: actor.role,
    ...(actor.email ? { email: actor.email } : {}),
    ...(actor.name ? { name: actor.name } : {}),
  };
}

/** Keys are per caller: two customers picking the same key never see each other's results. */
export function idempotencyScope(actor: Pick<Principal, 'sub'>, key: string): string {
  return `${actor.sub}\u0000${key}`;
}

export class TicketWriter {
  readonly #deps: TicketWriterDeps;

  constructor(deps: TicketWriterDeps) {
    this.#deps = deps;
  }

  /** The earlier result of the same request (same `Idempotency-Key`), or null. */
  async replay<T>(actor: Principal, operation: string, options: MutationOptions): Promise<T | null> {
    if (!options.idempotency) return null;
    const record = await this.#deps.tickets.getIdempotencyRecord(
      actor.tenantId,
      idempotencyScope(actor, options.idempotency.key),
    );
    if (!record) return null;
    if (record.requestHash !== options.idempotency.requestHash || record.operation !== operation) {
      throw new IdempotencyKeyReuseError();
    }
    return { ...(JSON.parse(record.result) as T), replayed: true };
  }

  /** Commits a new ticket (version 1, built by the caller at `ticket.createdAt`). */
  async create(
    actor: Principal,
    tenant: Tenant,
    ticket: Ticket,
    policy: ResolvedPolicy,
    plan: Plan,
    options: MutationOptions,
  ): Promise<TicketResult> {
    const outcome = await this.#commit({
      actor,
      tenant,
      previous: null,
      next: ticket,
      before: null,
      policy,
      plan,
      now: ticket.createdAt,
      operation: 'createTicket',
      options,
    });
    return outcome.kind === 'replayed' ? (outcome.replayed as TicketResult) : outcome.result;
  }

  /**
   * Read -> apply -> commit on the ticket's version, re-read and re-applied on a conflict. `apply` gets a copy
   * of the ticket, the tenant's policy for it and the commit instant; null means nothing to write.
   */
  async mutate(
    actor: Principal,
    ticketId: string,
    operation: string,
    options: MutationOptions,
    apply: (ticket: Ticket, policy: ResolvedPolicy, now: number) => Plan | null,
  ): Promise<Committed> {
    const tenant = await this.#deps.tenant(actor.tenantId);
    for (let attempt = 1; attempt <= this.#deps.maxAttempts; attempt++) {
      const previous = await this.#deps.tickets.getTicket(actor.tenantId, ticketId);
      // A customer acts only on a ticket they may see; any other answers as an unknown one (access.ts).
      if (!previous || !canSeeTicket(actor, previous, tenant)) throw new TicketNotFoundError(ticketId);
      const now = this.#deps.clock.now();
      const policy = resolveTenantPolicy(tenant, previous.slaSubject);
      const plan = apply(structuredClone(previous), policy, now);
      if (!plan) {
        const snapshot = computeSla(previous.slaSubject, previous.slaEvents, now, policy);
        return { ticket: previous, previous, policy, snapshot };
      }
      // The history this write builds on, folded when long (the same SLA, bounded): `before` is taken from it
      // too, so the cycles a fold drops never look like changes.
      const base = foldTicketHistory(previous, policy);
      const before = computeSla(previous.slaSubject, base.slaEvents, now, policy);
      const next: Ticket = {
        ...structuredClone(previous),
        ...plan.patch,
        version: previous.version + 1,
        updatedAt: now,
        slaEvents: [...base.slaEvents, ...plan.slaEvents.map((e) => ({ ...e, at: now }))],
        timersActed: [...base.timersActed, ...(plan.timersActed ?? [])],
      };
      try {
        const outcome = await this.#commit({
          actor,
          tenant,
          previous,
          next,
          before,
          policy,
          plan,
          now,
          operation,
          options,
        });
        if (outcome.kind === 'replayed') {
          return { ticket: previous, previous, policy, snapshot: before, replayed: outcome.replayed };
        }
        return {
          ticket: outcome.ticket,
          previous,
          policy,
          snapshot: outcome.snapshot,
          ...(plan.comment ? { comment: plan.comment } : {}),
        };
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        // Full jitter, growing to 100 ms: with 50 writers on one ticket they spread out instead of colliding.
        await this.#deps.sleep(Math.random() * Math.min(100, 5 * 2 ** Math.min(attempt, 5)));
      }
    }
    throw new ConcurrentUpdateError(ticketId, this.#deps.maxAttempts);
  }

  async #commit(change: {
    actor: Principal;
    tenant: Tenant;
    previous: Ticket | null;
    /** The ticket after the change, before its SLA-derived fields are set. */
    next: Ticket;
    /** The SLA before the change, at the same instant (null on creation). */
    before: SlaSnapshot | null;
    policy: ResolvedPolicy;
    plan: Plan;
    now: number;
    operation: string;
    options: MutationOptions;
  }): Promise<
    | { kind: 'committed'; ticket: Ticket; snapshot: SlaSnapshot; result: TicketResult | CommentResult }
    | { kind: 'replayed'; replayed: unknown }
  > {
    const { actor, tenant, previous, policy, plan, now, operation, options } = change;
    const snapshot = computeSla(change.next.slaSubject, change.next.slaEvents, now, policy);
    const ticket: Ticket = {
      ...change.next,
      escalationLevel: snapshot.escalationLevel,
      timersOwed: owedTimers(snapshot, change.next.timersActed),
      ...indexHints(snapshot),
    };
    const cause = slaChangeCause(previous, change.next, plan.slaEvents, policy.pauseStatuses, operation);
    const events = this.#numbered(ticket, actor, now, [
      ...plan.events,
      ...slaChanges(change.before, snapshot).map((c): Plan['events'][number] => ({
        type: 'sla.changed',
        visibility: 'public',
        data: { ...c, cause },
      })),
    ]);
    const view = toTicketView(ticket, snapshot, policy, actor);
    const result: TicketResult | CommentResult = plan.comment
      ? { ticket: view, comment: toCommentView(plan.comment, actor), replayed: false }
      : { ticket: view, replayed: false };
    const committed: TicketChange = {
      tenant,
      ticket,
      previous,
      events,
      ...(plan.comment ? { comment: plan.comment } : {}),
    };
    // The mail is decided here, from the very change being written, and stored in the same transaction: a
    // committed change always has its mail owed, whatever happens to SES afterwards.
    const outbox = this.#deps.mail?.(committed, policy) ?? [];
    const outcomes = changedOutcomes(
      ticket,
      snapshot,
      previous && change.before ? { priority: previous.priority, snapshot: change.before } : null,
    );
    const write: TicketWrite = {
      ticket,
      events,
      ...(outcomes.length > 0 ? { outcomes } : {}),
      ...(plan.comment ? { comment: plan.comment } : {}),
      ...(plan.messageIds?.length ? { messageIds: plan.messageIds } : {}),
      ...(outbox.length ? { outbox } : {}),
      ...this.#idempotencyRecord(actor, operation, options, result, now),
    };
    try {
      if (previous) await this.#deps.tickets.updateTicket(write, previous.version);
      else await this.#deps.tickets.createTicket(write);
    } catch (error) {
      if (error instanceof IdempotencyRecordExistsError) {
        const replayed = await this.replay(actor, operation, options);
        if (!replayed) throw new Error('idempotency record vanished after a conflict');
        return { kind: 'replayed', replayed };
      }
      throw error;
    }
    await this.#publish(committed);
    return { kind: 'committed', ticket, snapshot, result };
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

  async #publish(change: TicketChange): Promise<void> {
    try {
      await this.#deps.sink.publish(change);
    } catch (error) {
      // The change is committed; a notification failure must not turn it into an error for the caller.
      this.#deps.logger.warn('ticket events sink failed', {
        ticketId: change.ticket.id,
        error: String(error),
      });
    }
  }
}
