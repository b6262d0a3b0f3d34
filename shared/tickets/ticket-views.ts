/**
 * What the API shows of tickets, comments and history, as zod schemas: each schema is both the TypeScript type
 * (`z.infer`) the service returns and the response schema of the OpenAPI document (`shared/http/schemas.ts`),
 * so the document cannot drift from what the API sends. Instants are formatted once, by `formatInstant`
 * (UTC ISO-8601 to the second, `Z`).
 */

import type { Principal } from '../auth/principal.js';
import { formatInstant } from '../sla/instant.js';
import { computeSla } from '../sla/milestones.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import {
  type Instant,
  MILESTONE_NAMES,
  MILESTONE_STATES,
  type MilestoneSnapshot,
  type SlaSnapshot,
  TICKET_STATUSES,
} from '../sla/types.js';
import type { Tenant } from '../tenants/tenant.js';
import { resolveTenantPolicy } from '../tenants/tenant-service.js';
import * as z from '../zod.js';
import { actorFor, assigneeFor, escalationLevelNameFor, escalationReasonFor } from './access.js';
import {
  CHANNELS,
  type Comment,
  requesterSchema,
  TICKET_TYPES,
  type Ticket,
  type TicketHistoryEvent,
} from './ticket.js';

const isoInstant = z.lazySchema(() =>
  z.described(z.string(), 'UTC ISO-8601 to the second, e.g. 2026-03-02T09:30:00Z'),
);
const visibility = z.lazySchema(() => z.enum(['public', 'internal']));

/** Who did it. Customers see staff and system actors by role and display name only (no `sub`, no email). */
export const actorSchema = z.lazySchema(() =>
  z.object({
    sub: z.optional(z.string()),
    role: z.enum(['customer', 'agent', 'admin', 'system']),
    email: z.optional(z.string()),
    name: z.optional(z.string()),
  }),
);

export const milestoneViewSchema = z.lazySchema(() =>
  z.object({
    name: z.enum(MILESTONE_NAMES),
    cycle: z.int(),
    state: z.enum(MILESTONE_STATES),
    startedAt: isoInstant,
    dueAt: z.nullable(isoInstant),
    metAt: z.nullable(isoInstant),
    breachedAt: z.nullable(isoInstant),
    elapsedMinutes: z.number(),
    remainingMinutes: z.number(),
    earlierCycles: z.described(
      z.int(),
      'how many cycles of this milestone came before this one (update: one per earlier public reply)',
    ),
  }),
);
export type MilestoneView = z.infer<typeof milestoneViewSchema>;

export const slaViewSchema = z.lazySchema(() =>
  z.object({
    policyId: z.string(),
    milestones: z.described(z.array(milestoneViewSchema), "each milestone's current cycle"),
    escalationLevel: z.int(),
    /** The name of the level reached (`null` at level 0). */
    escalationLevelName: z.nullable(z.string()),
  }),
);
export type SlaView = z.infer<typeof slaViewSchema>;

export const ticketViewSchema = z.lazySchema(() =>
  z.object({
    id: z.string(),
    reference: z.described(z.string(), 'the case number, e.g. INT-000123'),
    tenantId: z.string(),
    subject: z.string(),
    description: z.string(),
    priority: z.string(),
    status: z.enum(TICKET_STATUSES),
    requester: requesterSchema,
    participants: z.described(z.array(requesterSchema), 'people copied on the ticket (CC)'),
    language: z.nullable(z.string()),
    channel: z.enum(CHANNELS),
    type: z.nullable(z.enum(TICKET_TYPES)),
    assignee: z.described(
      z.nullable(z.string()),
      'who has the ticket (staff); customers see only `agent` when someone does, never who',
    ),
    createdAt: isoInstant,
    updatedAt: isoInstant,
    createdBy: actorSchema,
    version: z.int(),
    sla: slaViewSchema,
  }),
);
export type TicketView = z.infer<typeof ticketViewSchema>;

export const commentViewSchema = z.lazySchema(() =>
  z.object({
    id: z.string(),
    ticketId: z.string(),
    body: z.string(),
    visibility,
    author: actorSchema,
    createdAt: isoInstant,
    attachments: z.array(
      z.object({
        name: z.string(),
        key: z.string(),
        contentType: z.optional(z.string()),
        size: z.optional(z.int()),
      }),
    ),
  }),
);
export type CommentView = z.infer<typeof commentViewSchema>;

export const ticketEventViewSchema = z.lazySchema(() =>
  z.object({
    type: z.string(),
    at: isoInstant,
    actor: actorSchema,
    visibility,
    version: z.int(),
    data: z.record(z.string(), z.unknown()),
  }),
);
export type TicketEventView = z.infer<typeof ticketEventViewSchema>;

export interface TicketResult {
  ticket: TicketView;
  /** True when an `Idempotency-Key` replayed an earlier result. */
  replayed: boolean;
}

export interface CommentResult extends TicketResult {
  comment: CommentView;
}

type Viewer = Pick<Principal, 'role'>;

const iso = (at: Instant | null): string | null => (at === null ? null : formatInstant(at));

/** Minutes to the hundredth: the spec's "fractional where the span has seconds" without float noise. */
function minutes(ms: number): number {
  return Math.round((ms / 60_000) * 100) / 100;
}

export function toMilestoneView(m: MilestoneSnapshot): MilestoneView {
  return {
    name: m.name,
    cycle: m.cycle,
    state: m.state,
    startedAt: formatInstant(m.startedAt),
    dueAt: iso(m.dueAt),
    metAt: iso(m.metAt),
    breachedAt: iso(m.breachedAt),
    elapsedMinutes: minutes(m.elapsedMs),
    remainingMinutes: minutes(m.remainingMs),
    // Cycles are numbered from 1 and keep their numbers when a fold drops the closed ones.
    earlierCycles: m.cycle - 1,
  };
}

/** Each milestone's current (latest) cycle: the full cycle history belongs to the SLA receipt. */
export function currentCycles(milestones: readonly MilestoneSnapshot[]): MilestoneSnapshot[] {
  const latest = new Map<string, MilestoneSnapshot>();
  for (const m of milestones) {
    const seen = latest.get(m.name);
    if (!seen || m.cycle > seen.cycle) latest.set(m.name, m);
  }
  return milestones.filter((m) => latest.get(m.name) === m);
}

export function toSlaView(snapshot: SlaSnapshot, policy: ResolvedPolicy, viewer?: Viewer): SlaView {
  const level = policy.escalationLevels.find((l) => l.level === snapshot.escalationLevel);
  return {
    policyId: policy.id,
    milestones: currentCycles(snapshot.milestones).map(toMilestoneView),
    escalationLevel: snapshot.escalationLevel,
    escalationLevelName: escalationLevelNameFor(viewer, level?.name ?? null),
  };
}

/** The ticket's SLA at `now` under its tenant's current policy and closures, with that policy. */
export function ticketSla(
  ticket: Ticket,
  tenant: Tenant,
  now: number,
): { snapshot: SlaSnapshot; policy: ResolvedPolicy } {
  const policy = resolveTenantPolicy(tenant, ticket.slaSubject);
  return { snapshot: computeSla(ticket.slaSubject, ticket.slaEvents, now, policy), policy };
}

/** `viewer`: who reads it (customers see staff by role and name only); omitted for internal callers. */
export function toTicketView(
  ticket: Ticket,
  snapshot: SlaSnapshot,
  policy: ResolvedPolicy,
  viewer?: Viewer,
): TicketView {
  return {
    id: ticket.id,
    reference: ticket.reference,
    tenantId: ticket.tenantId,
    subject: ticket.subject,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    requester: ticket.requester,
    participants: ticket.participants ?? [],
    language: ticket.language ?? null,
    channel: ticket.channel,
    type: ticket.type ?? null,
    assignee: assigneeFor(viewer, ticket.assignee),
    createdAt: formatInstant(ticket.createdAt),
    updatedAt: formatInstant(ticket.updatedAt),
    createdBy: actorFor(viewer, ticket.createdBy),
    version: ticket.version,
    sla: toSlaView(snapshot, policy, viewer),
  };
}

export function toCommentView(comment: Comment, viewer?: Viewer): CommentView {
  return {
    id: comment.id,
    ticketId: comment.ticketId,
    body: comment.body,
    visibility: comment.visibility,
    author: actorFor(viewer, comment.author),
    createdAt: formatInstant(comment.createdAt),
    attachments: comment.attachments ?? [],
  };
}

/**
 * An event's data as the viewer may see it: an assignee change tells a customer only that staff has it; escalation
 * level names and staff's escalation reasons are staff only (access.ts).
 */
function eventDataFor(viewer: Viewer | undefined, event: TicketHistoryEvent): Record<string, unknown> {
  if (viewer?.role !== 'customer') return event.data;
  switch (event.type) {
    case 'assignee.changed':
      return {
        ...event.data,
        from: assigneeFor(viewer, event.data.from),
        to: assigneeFor(viewer, event.data.to),
      };
    case 'sla.escalated':
      return {
        ...event.data,
        name: escalationLevelNameFor(viewer, typeof event.data.name === 'string' ? event.data.name : null),
      };
    case 'escalation.requested':
      return {
        ...event.data,
        levelName: escalationLevelNameFor(
          viewer,
          typeof event.data.levelName === 'string' ? event.data.levelName : null,
        ),
        reason: escalationReasonFor(viewer, event.actor, event.data.reason),
      };
    default:
      return event.data;
  }
}

export function toTicketEventView(event: TicketHistoryEvent, viewer?: Viewer): TicketEventView {
  return {
    type: event.type,
    at: formatInstant(event.at),
    actor: actorFor(viewer, event.actor),
    visibility: event.visibility,
    version: event.version,
    data: eventDataFor(viewer, event),
  };
}
