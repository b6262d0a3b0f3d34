/**
 * From one write of a ticket (the stream record's old image -> new image) to the SLA facts it brings about, as
 * bus events. Pure: the policy comes in resolved, and "now" is read from the images themselves.
 *
 * How a transition is attributed to exactly one write: the old image's SLA is evaluated at its own
 * `updatedAt`, the new image's at its `updatedAt`. A change of state between those two instants belongs to
 * this write and to no other, because the next write evaluates its old image (this new one) at the same
 * instant this write evaluated it. Breaches are derived from the clock (the engine says `breached` the moment
 * the deadline passes), so a breach is reported by the first write after its deadline: usually the sla-timer's
 * own, sometimes a reply that came in first. Either way once.
 *
 * The event id is `<ticket id>/v<version>/<transition>`: a redelivered stream record derives the same ids, so
 * the consumer (or a ledger) keeps the first and nothing new is published.
 *
 * Sources of each fact:
 * - Started / Met / Breached / Paused / Resumed / Recomputed: the engine's milestones, before vs after. A reopen
 *   takes the milestones the resolve had met back to running: Resumed. A first response the resolve cancelled
 *   is no event of its own (Ticket Resolved says it); one a new priority cancels or revives is Recomputed.
 *   A recompute compares with the due instant the old image's deadline timer stored (computed under the policy
 *   of its day), so a tenant policy or closure change is reported too (`policy_changed`).
 * - Warned: a reminder timer the sla-timer acted on in this write (`timersActed`).
 * - Escalated: the engine's escalation level went up (a breach, or a requested escalation).
 * - Created / Resolved / Reopened: the ticket's own version and status.
 */
import { formatInstant } from '../sla/instant.js';
import { slaEventCount } from '../sla/milestone-fold.js';
import { computeSla } from '../sla/milestones.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import type { Instant, MilestoneName, MilestoneSnapshot, TicketStatus } from '../sla/types.js';
import type { Ticket } from '../tickets/ticket.js';
import {
  EVENT_SCHEMA_VERSION,
  type EventDetail,
  type EventDetailType,
  type SlaBusEvent,
} from './event-contract.js';

export interface TicketWriteImages {
  /** The ticket before the write (the stream record's old image); null for the write that created it. */
  before: Ticket | null;
  after: Ticket;
  /** The tenant's policy as the ticket service resolves it (`resolveTenantPolicy(tenant, after.slaSubject)`). */
  policy: ResolvedPolicy;
}

export interface Transition {
  /** The idempotency key, also `detail.eventId`. */
  eventId: string;
  /** When it happened (epoch ms): the bus entry's `Time`. */
  time: Instant;
  event: SlaBusEvent;
}

const RESOLVED_STATUSES: readonly TicketStatus[] = ['resolved', 'closed'];
const REMINDER_ID = /^([A-Za-z]+)#(\d+)#reminder#(\d+)@(\d+)$/;

type EnvelopeKeys = 'schemaVersion' | 'eventId' | 'tenantId' | 'occurredAt' | 'ticketVersion' | 'ticket';
type Fields<T extends EventDetailType> = Omit<EventDetail<T>, EnvelopeKeys>;

const iso = (at: Instant | null): string | null => (at === null ? null : formatInstant(at));
const minutes = (ms: number): number => Math.round((ms / 60_000) * 100) / 100;
const milestoneKey = (m: { name: string; cycle: number }) => `${m.name}#${m.cycle}`;

/** The due instant the old image's deadline timer was computed for, if it still owed one. */
function storedDue(ticket: Ticket, m: MilestoneSnapshot): Instant | null {
  for (const timer of Object.values(ticket.timersOwed)) {
    if (timer.kind === 'deadline' && timer.milestone === m.name && timer.cycle === m.cycle)
      return timer.dueAt;
  }
  return null;
}

export function deriveTransitions({ before, after, policy }: TicketWriteImages): Transition[] {
  if (before && after.version <= before.version) return [];
  const afterAt = Math.max(after.updatedAt, before?.updatedAt ?? after.updatedAt);
  const prevSnap = before ? computeSla(before.slaSubject, before.slaEvents, before.updatedAt, policy) : null;
  const nextSnap = computeSla(after.slaSubject, after.slaEvents, afterAt, policy);
  // Counted, not positioned: a write may fold the history it builds on into a checkpoint.
  const added = before
    ? after.slaEvents.slice(
        after.slaEvents.length - (slaEventCount(after.slaEvents) - slaEventCount(before.slaEvents)),
      )
    : after.slaEvents;

  const out: Transition[] = [];
  const push = <T extends EventDetailType>(detailType: T, slug: string, time: Instant, fields: Fields<T>) => {
    const eventId = `${after.id}/v${after.version}/${slug}`;
    const detail = {
      schemaVersion: EVENT_SCHEMA_VERSION,
      eventId,
      tenantId: after.tenantId,
      occurredAt: formatInstant(time),
      ticketVersion: after.version,
      ticket: {
        id: after.id,
        reference: after.reference,
        subject: after.subject,
        priority: after.priority,
        status: after.status,
      },
      ...fields,
    };
    out.push({ eventId, time, event: { detailType, detail } as unknown as SlaBusEvent });
  };

  if (!before) push('Ticket Created', 'ticket-created', after.createdAt, { channel: after.channel });

  const prevByKey = new Map((prevSnap?.milestones ?? []).map((m) => [milestoneKey(m), m]));
  const priorityChanged = added.some((e) => e.type === 'priorityChanged');
  const recomputeCause = priorityChanged ? 'priority_changed' : 'policy_changed';
  for (const m of nextSnap.milestones) {
    const prev = prevByKey.get(milestoneKey(m));
    const slug = `${m.name}/${m.cycle}`;
    const ids = { milestone: m.name, cycle: m.cycle };
    if (!prev && m.state !== 'cancelled') {
      push('SLA Milestone Started', `milestone-started/${slug}`, m.startedAt, {
        ...ids,
        startedAt: formatInstant(m.startedAt),
        dueAt: iso(m.dueAt),
      });
    }
    if (prev && before) {
      const prevDue = storedDue(before, prev) ?? prev.dueAt;
      const retargeted =
        (prev.state === 'running' &&
          (m.state === 'running' || m.state === 'breached') &&
          m.dueAt !== prevDue) ||
        // Resolving cancels an unanswered first response too: only a new priority's target does it here.
        (priorityChanged && (prev.state === 'cancelled') !== (m.state === 'cancelled'));
      if (retargeted && m.state !== 'met') {
        push('SLA Milestone Recomputed', `milestone-recomputed/${slug}`, afterAt, {
          ...ids,
          cause: recomputeCause,
          previousDueAt: iso(prev.state === 'cancelled' ? null : prevDue),
          dueAt: iso(m.state === 'cancelled' ? null : m.dueAt),
          state: m.state,
        });
      }
      if (prev.state === 'running' && m.state === 'paused') {
        push('SLA Milestone Paused', `milestone-paused/${slug}`, afterAt, {
          ...ids,
          previousDueAt: iso(prev.dueAt),
          remainingMinutes: minutes(m.remainingMs),
        });
      }
      // A reopen takes `met` (stopped by the resolve) back to running with the time it had left.
      if (
        (prev.state === 'paused' || prev.state === 'met') &&
        (m.state === 'running' || m.state === 'breached')
      ) {
        push('SLA Milestone Resumed', `milestone-resumed/${slug}`, afterAt, {
          ...ids,
          dueAt: iso(m.dueAt),
          remainingMinutes: minutes(m.remainingMs),
        });
      }
    }
    if (m.breachedAt !== null && (prev?.breachedAt ?? null) === null) {
      push('SLA Milestone Breached', `milestone-breached/${slug}`, m.breachedAt, {
        ...ids,
        dueAt: formatInstant(m.dueAt ?? m.breachedAt),
        breachedAt: formatInstant(m.breachedAt),
        escalatesTo: m.escalatesTo,
      });
    }
    if (m.metAt !== null && (prev?.metAt ?? null) === null) {
      push('SLA Milestone Met', `milestone-met/${slug}`, m.metAt, {
        ...ids,
        metAt: formatInstant(m.metAt),
        dueAt: iso(m.dueAt),
        withinTarget: m.state === 'met',
      });
    }
  }

  const actedBefore = new Set(before?.timersActed ?? []);
  for (const id of after.timersActed) {
    if (actedBefore.has(id)) continue;
    const match = REMINDER_ID.exec(id);
    if (!match) continue;
    const [, name = '', cycle = '1', index = '0', dueAt = '0'] = match;
    const owed = before?.timersOwed[id];
    push('SLA Milestone Warned', `milestone-warned/${name}/${cycle}/${index}`, owed?.fireAt ?? afterAt, {
      milestone: name as MilestoneName,
      cycle: Number(cycle),
      dueAt: formatInstant(Number(dueAt)),
      reminder: Number(index),
    });
  }

  const fromLevel = prevSnap?.escalationLevel ?? 0;
  const toLevel = nextSnap.escalationLevel;
  if (toLevel > fromLevel) {
    const request = [...added].reverse().find((e) => e.type === 'escalationRequested');
    const breached = nextSnap.milestones.find(
      (m) =>
        m.breachedAt !== null &&
        (prevByKey.get(milestoneKey(m))?.breachedAt ?? null) === null &&
        m.escalatesTo === toLevel,
    );
    const cause = request?.type === 'escalationRequested' && !breached ? `${request.by}_request` : 'breach';
    push('Ticket Escalated', `ticket-escalated/${toLevel}`, breached?.breachedAt ?? afterAt, {
      fromLevel,
      toLevel,
      levelName: policy.escalationLevels.find((l) => l.level === toLevel)?.name ?? null,
      cause: cause as EventDetail<'Ticket Escalated'>['cause'],
      milestone: breached?.name ?? null,
    });
  }

  if (before && before.status !== after.status) {
    const wasResolved = RESOLVED_STATUSES.includes(before.status);
    const isResolved = RESOLVED_STATUSES.includes(after.status);
    if (!wasResolved && isResolved) {
      push('Ticket Resolved', 'ticket-resolved', afterAt, { previousStatus: before.status });
    } else if (wasResolved && !isResolved) {
      push('Ticket Reopened', 'ticket-reopened', afterAt, { previousStatus: before.status });
    }
  }

  // Stable by instant: a breach at its deadline reads before the reply that came after it.
  return out
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.time - b.t.time || a.i - b.i)
    .map(({ t }) => t);
}
