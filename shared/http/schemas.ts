/**
 * The API's request schemas (one per body, one per query) and its response shapes. They validate every
 * request and are the source of the OpenAPI document (`GET /openapi.json`), so the two cannot drift.
 */

import { MILESTONE_NAMES, MILESTONE_STATES, TICKET_STATUSES } from '../sla/types.js';
import { tenantProfileSchema } from '../tenants/tenant.js';
import { CHANNELS, TICKET_TYPES } from '../tickets/ticket.js';
import * as z from '../zod.js';

/** A string of `min`..`max` characters. */
const sized = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const priority = z.described(sized(1, 64), "one of the tenant policy's priorities");
/** Free text that must say something: whitespace alone is as empty as "" (kept as written otherwise). */
const text = (max: number) =>
  z.string().check(z.minLength(1), z.maxLength(max), z.regex(/\S/, 'must not be blank'));
/**
 * A whole number in a query string. `z.coerce.number()` would take "", "0x10", "1e1" and " 5 " (Number()
 * reads them all); only decimal digits are a count.
 */
const queryInt = (min: number, max: number) =>
  // The document shows what a client sends: an integer in range (the string is only the wire form).
  z.withMeta(
    z.pipe(
      z.pipe(z.string().check(z.regex(/^[0-9]{1,9}$/, 'must be a whole number')), z.transform(Number)),
      z.int().check(z.gte(min), z.lte(max)),
    ),
    { type: 'integer', minimum: min, maximum: max },
  );
const language = z.described(
  z.string().check(z.regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as en or it')),
  'ISO 639-1 language of the request',
);

export const requesterSchema = z.strictObject({ email: z.email(), name: z.optional(sized(1, 200)) });

export const createTicketBodySchema = z.strictObject({
  subject: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
  description: text(50_000),
  priority: z.described(z.optional(priority), "default: the tenant's default priority, else the policy's"),
  requester: z.described(
    z.optional(requesterSchema),
    "default: the caller (the token's email); customers may name only themselves",
  ),
  language: z.optional(language),
  channel: z.optional(z.enum(CHANNELS)),
  type: z.optional(z.enum(TICKET_TYPES)),
  assignee: z.optional(z.nullable(sized(1, 200))),
});

export const updateTicketBodySchema = z
  .strictObject({
    status: z.optional(z.enum(TICKET_STATUSES)),
    priority: z.optional(priority),
    assignee: z.optional(z.nullable(sized(1, 200))),
  })
  .check(
    z.refine((b) => b.status !== undefined || b.priority !== undefined || b.assignee !== undefined, {
      message: 'give at least one of status, priority, assignee',
    }),
  );

export const addCommentBodySchema = z.strictObject({
  body: text(50_000),
  visibility: z._default(z.enum(['public', 'internal']), 'public'),
});

export const escalationBodySchema = z.strictObject({ reason: z.optional(text(5_000)) });

export const tenantBodySchema = tenantProfileSchema;

export const listTicketsQuerySchema = z
  .strictObject({
    status: z.optional(z.enum(TICKET_STATUSES)),
    priority: z.optional(priority),
    milestoneState: z.described(z.optional(z.enum(['breached'])), 'only tickets with a breached milestone'),
    dueWithinMinutes: z.described(
      z.optional(queryInt(1, 525_600)),
      'only tickets with a running milestone due within N minutes',
    ),
    limit: z.described(z._default(queryInt(1, 100), 20), 'page size, default 20'),
    cursor: z.described(z.optional(sized(1, 2048)), 'the `cursor` of the previous page'),
  })
  .check(
    z.refine((q) => !(q.milestoneState && q.dueWithinMinutes !== undefined), {
      message: 'give milestoneState or dueWithinMinutes, not both',
      path: ['dueWithinMinutes'],
    }),
  );

// ---- responses (documentation only: the service builds them) ----

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.optional(z.array(z.object({ path: z.string(), reason: z.string() }))),
  }),
});

const isoInstant = z.described(z.string(), 'UTC ISO-8601');
const actorSchema = z.object({
  sub: z.string(),
  role: z.enum(['customer', 'agent', 'admin', 'system']),
  email: z.optional(z.string()),
});

export const milestoneViewSchema = z.object({
  name: z.enum(MILESTONE_NAMES),
  cycle: z.int(),
  state: z.enum(MILESTONE_STATES),
  startedAt: isoInstant,
  dueAt: z.nullable(isoInstant),
  metAt: z.nullable(isoInstant),
  breachedAt: z.nullable(isoInstant),
  elapsedMinutes: z.number(),
  remainingMinutes: z.number(),
});

export const ticketViewSchema = z.object({
  id: z.string(),
  reference: z.described(z.string(), 'the case number, e.g. INT-000123'),
  tenantId: z.string(),
  subject: z.string(),
  description: z.string(),
  priority: z.string(),
  status: z.enum(TICKET_STATUSES),
  requester: requesterSchema,
  language: z.nullable(z.string()),
  channel: z.enum(CHANNELS),
  type: z.nullable(z.enum(TICKET_TYPES)),
  assignee: z.nullable(z.string()),
  createdAt: isoInstant,
  updatedAt: isoInstant,
  createdBy: actorSchema,
  version: z.int(),
  sla: z.object({
    policyId: z.string(),
    milestones: z.array(milestoneViewSchema),
    escalationLevel: z.int(),
    escalationLevelName: z.nullable(z.string()),
  }),
});

export const commentViewSchema = z.object({
  id: z.string(),
  ticketId: z.string(),
  body: z.string(),
  visibility: z.enum(['public', 'internal']),
  author: actorSchema,
  createdAt: isoInstant,
  attachments: z.array(z.looseObject({ name: z.string(), key: z.string() })),
});

export const ticketListSchema = z.object({
  items: z.array(ticketViewSchema),
  cursor: z.nullable(z.string()),
});

export const commentResultSchema = z.object({ ticket: ticketViewSchema, comment: commentViewSchema });

export const eventListSchema = z.object({
  items: z.array(
    z.object({
      type: z.string(),
      at: isoInstant,
      actor: actorSchema,
      visibility: z.enum(['public', 'internal']),
      version: z.int(),
      data: z.record(z.string(), z.unknown()),
    }),
  ),
});

export const commentListSchema = z.object({ items: z.array(commentViewSchema) });

export const tenantViewSchema = z.looseObject({
  tenantId: z.string(),
  policyId: z.string(),
  updatedAt: isoInstant,
});
