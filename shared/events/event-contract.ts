/**
 * The SLA events contract: what integrators receive on the EventBridge bus, one zod schema per detail-type,
 * defined once. The producer (the stream consumer, through `deriveTransitions`), the local EventBridge endpoint,
 * the JSON Schema in docs/events.md and the CDK rule's event pattern all read it from here.
 *
 * Rules of the contract:
 * - Every detail carries `schemaVersion`. Adding an optional field keeps the version; renaming, removing or
 *   changing the meaning of a field bumps it (integrators match on it in their rules).
 * - Every detail carries `tenantId` (rules route per customer organisation) and `eventId`, the idempotency key:
 *   EventBridge has no de-duplication, so a redelivered stream record publishes the same `eventId` again and
 *   consumers keep the first.
 * - Customer-facing fields only: the case number, subject, priority, status, milestone instants and escalation
 *   level names. Never internal notes, comments, assignees, staff identities or recipient lists.
 * - Instants are ISO-8601 UTC strings; business time left is in minutes, as the API shows it.
 */
import { MILESTONE_NAMES, TICKET_STATUSES } from '../sla/types.js';
import * as z from '../zod.js';

/** The `source` of every event we put on the bus. */
export const EVENT_SOURCE = 'sla-sentinel';
export const EVENT_SCHEMA_VERSION = 1 as const;

const d = z.described;
const isoInstant = z.lazySchema(() => d(z.iso.datetime({ offset: true }), 'ISO-8601 instant (UTC)'));
const nonEmpty = () => z.string().check(z.minLength(1));
const positiveInt = () => z.int().check(z.positive());
const nonNegativeInt = () => z.int().check(z.nonnegative());
const nonNegative = () => z.number().check(z.nonnegative());

const ticketRef = z.lazySchema(() =>
  d(
    z.strictObject({
      id: d(nonEmpty(), 'Ticket id (`t_` + 26 characters)'),
      reference: d(nonEmpty(), 'The case number the customer sees, e.g. `INT-000123`'),
      subject: d(z.string(), 'The subject the customer gave the ticket'),
      priority: d(nonEmpty(), 'The priority in effect after the change'),
      status: d(z.enum(TICKET_STATUSES), 'The status after the change'),
    }),
    'The ticket, customer-facing fields only',
  ),
);

/** The first call's result, kept: the field sets below are built on first use and shared by every event. */
function once<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => {
    built ??= { value: build() };
    return built.value;
  };
}

const envelope = once(() => ({
  schemaVersion: z.literal(EVENT_SCHEMA_VERSION),
  eventId: d(nonEmpty(), 'Deterministic from ticket id, ticket version and transition: the idempotency key'),
  tenantId: d(nonEmpty(), 'The customer organisation (tenant) the ticket belongs to'),
  occurredAt: d(isoInstant, 'When the transition happened (the milestone instant where there is one)'),
  ticketVersion: d(positiveInt(), 'The ticket version whose write recorded the transition'),
  ticket: ticketRef,
}));

const milestone = once(() => ({
  milestone: z.enum(MILESTONE_NAMES),
  cycle: d(positiveInt(), '1, or the n-th cycle of the recurring `update` milestone'),
}));

export const RECOMPUTE_CAUSES = ['priority_changed', 'policy_changed'] as const;
export const ESCALATION_CAUSES = ['breach', 'customer_request', 'agent_request'] as const;

export const ticketCreatedSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    channel: z.enum(['web', 'email', 'phone', 'api']),
  }),
);

export const milestoneStartedSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    ...milestone(),
    startedAt: isoInstant,
    dueAt: d(z.nullable(isoInstant), 'Null when the milestone starts paused'),
  }),
);

export const milestoneWarnedSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    ...milestone(),
    dueAt: isoInstant,
    reminder: d(nonNegativeInt(), 'Which reminder of this milestone (0 = the first)'),
  }),
);

export const milestoneBreachedSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    ...milestone(),
    dueAt: isoInstant,
    breachedAt: isoInstant,
    escalatesTo: d(z.nullable(positiveInt()), 'The escalation level the breach raises to'),
  }),
);

export const milestoneMetSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    ...milestone(),
    metAt: isoInstant,
    dueAt: z.nullable(isoInstant),
    withinTarget: d(z.boolean(), 'False when it was met after it had breached'),
  }),
);

export const milestonePausedSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    ...milestone(),
    previousDueAt: z.nullable(isoInstant),
    remainingMinutes: d(nonNegative(), 'Business minutes left when the clock stopped'),
  }),
);

export const milestoneResumedSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    ...milestone(),
    dueAt: z.nullable(isoInstant),
    remainingMinutes: nonNegative(),
  }),
);

export const milestoneRecomputedSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    ...milestone(),
    cause: z.enum(RECOMPUTE_CAUSES),
    previousDueAt: z.nullable(isoInstant),
    dueAt: d(z.nullable(isoInstant), 'Null when the new target no longer has this milestone (cancelled)'),
    state: z.enum(['running', 'paused', 'breached', 'cancelled']),
  }),
);

export const ticketEscalatedSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    fromLevel: nonNegativeInt(),
    toLevel: positiveInt(),
    levelName: d(z.nullable(z.string()), "The level's name in the tenant's policy"),
    cause: z.enum(ESCALATION_CAUSES),
    milestone: d(z.nullable(z.enum(MILESTONE_NAMES)), 'The breached milestone, for `breach`'),
  }),
);

export const ticketResolvedSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    previousStatus: z.enum(TICKET_STATUSES),
  }),
);

export const ticketReopenedSchema = z.lazySchema(() =>
  z.strictObject({
    ...envelope(),
    previousStatus: z.enum(TICKET_STATUSES),
  }),
);

/** Detail-type (EventBridge's `detail-type`) to its detail schema. */
export const EVENT_DETAIL_SCHEMAS = {
  'Ticket Created': ticketCreatedSchema,
  'SLA Milestone Started': milestoneStartedSchema,
  'SLA Milestone Warned': milestoneWarnedSchema,
  'SLA Milestone Breached': milestoneBreachedSchema,
  'SLA Milestone Met': milestoneMetSchema,
  'SLA Milestone Paused': milestonePausedSchema,
  'SLA Milestone Resumed': milestoneResumedSchema,
  'SLA Milestone Recomputed': milestoneRecomputedSchema,
  'Ticket Escalated': ticketEscalatedSchema,
  'Ticket Resolved': ticketResolvedSchema,
  'Ticket Reopened': ticketReopenedSchema,
} as const;

export type EventDetailType = keyof typeof EVENT_DETAIL_SCHEMAS;
export const EVENT_DETAIL_TYPES = Object.keys(EVENT_DETAIL_SCHEMAS) as EventDetailType[];

export type EventDetail<T extends EventDetailType = EventDetailType> = z.infer<
  (typeof EVENT_DETAIL_SCHEMAS)[T]
>;

/** One event to put on the bus: its detail-type and a detail matching that type's schema. */
export type SlaBusEvent = {
  [T in EventDetailType]: { detailType: T; detail: EventDetail<T> };
}[EventDetailType];

export class InvalidEventDetailError extends Error {
  constructor(
    readonly detailType: string,
    readonly issues: string,
  ) {
    super(`Invalid ${detailType} detail: ${issues}`);
    this.name = 'InvalidEventDetailError';
  }
}

/** Validates a detail against its type's schema (producer self-check, and what a consumer would run). */
export function parseEventDetail(detailType: string, detail: unknown): SlaBusEvent {
  if (!(detailType in EVENT_DETAIL_SCHEMAS)) {
    throw new InvalidEventDetailError(
      detailType,
      `unknown detail-type (known: ${EVENT_DETAIL_TYPES.join(', ')})`,
    );
  }
  const type = detailType as EventDetailType;
  const result = EVENT_DETAIL_SCHEMAS[type].safeParse(detail);
  if (!result.success) {
    const issues = result.error.issues
      .map((i) => `${i.path.join('.') || '(detail)'}: ${i.message}`)
      .join('; ');
    throw new InvalidEventDetailError(type, issues);
  }
  return { detailType: type, detail: result.data } as SlaBusEvent;
}
