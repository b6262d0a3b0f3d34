/**
 * The API's request schemas (one per body, one per query) and its response shapes. They validate every
 * request and are the source of the OpenAPI document (`GET /openapi.json`), so the two cannot drift.
 */
import { z } from 'zod';
import { TICKET_STATUSES } from '../sla/types.js';
import { tenantProfileSchema } from '../tenants/tenant.js';
import { CHANNELS, requesterSchema, TICKET_TYPES } from '../tickets/ticket.js';
import { COLLECTION_DEFAULT_LIMIT, COLLECTION_MAX_LIMIT } from '../tickets/ticket-queries.js';
import { commentViewSchema, ticketEventViewSchema, ticketViewSchema } from '../tickets/ticket-views.js';

const priority = z.string().min(1).max(64).describe("one of the tenant policy's priorities");
/** Free text that must say something: whitespace alone is as empty as "" (kept as written otherwise). */
const text = (max: number) => z.string().min(1).max(max).regex(/\S/, 'must not be blank');
/**
 * A whole number in a query string. `z.coerce.number()` would take "", "0x10", "1e1" and " 5 " (Number()
 * reads them all); only decimal digits are a count.
 */
const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]{1,9}$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    // The document shows what a client sends: an integer in range (the string is only the wire form).
    .meta({ type: 'integer', minimum: min, maximum: max });
const language = z
  .string()
  .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as en or it')
  .describe('ISO 639-1 language of the request');

export const createTicketBodySchema = z
  .object({
    subject: z.string().trim().min(1).max(300),
    description: text(50_000),
    priority: priority.optional().describe("default: the tenant's default priority, else the policy's"),
    requester: requesterSchema
      .optional()
      .describe("default: the caller (the token's email); customers may name only themselves"),
    language: language.optional(),
    channel: z.enum(CHANNELS).optional(),
    type: z.enum(TICKET_TYPES).optional(),
    assignee: z.string().min(1).max(200).nullable().optional(),
  })
  .strict();

export const updateTicketBodySchema = z
  .object({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: priority.optional(),
    assignee: z.string().min(1).max(200).nullable().optional(),
  })
  .strict()
  .refine((b) => b.status !== undefined || b.priority !== undefined || b.assignee !== undefined, {
    message: 'give at least one of status, priority, assignee',
  });

export const addCommentBodySchema = z
  .object({
    body: text(50_000),
    visibility: z.enum(['public', 'internal']).default('public'),
  })
  .strict();

export const escalationBodySchema = z.object({ reason: text(5_000).optional() }).strict();

export const tenantBodySchema = tenantProfileSchema;

export const listTicketsQuerySchema = z
  .object({
    status: z.enum(TICKET_STATUSES).optional(),
    priority: priority.optional(),
    milestoneState: z.enum(['breached']).optional().describe('only tickets with a breached milestone'),
    dueWithinMinutes: queryInt(1, 525_600)
      .optional()
      .describe('only tickets with a running milestone due within N minutes'),
    limit: queryInt(1, 100).default(20).describe('page size, default 20'),
    cursor: z.string().min(1).max(2048).optional().describe('the `cursor` of the previous page'),
  })
  .strict()
  .refine((q) => !(q.milestoneState && q.dueWithinMinutes !== undefined), {
    message: 'give milestoneState or dueWithinMinutes, not both',
    path: ['dueWithinMinutes'],
  });

/** `GET /tickets/{id}/comments` and `/events`: pages oldest first, like `GET /tickets` a `limit` and a `cursor`. */
export const collectionPageQuerySchema = z
  .object({
    limit: queryInt(1, COLLECTION_MAX_LIMIT)
      .default(COLLECTION_DEFAULT_LIMIT)
      .describe(`page size, default ${COLLECTION_DEFAULT_LIMIT}`),
    cursor: z.string().min(1).max(2048).optional().describe('the `cursor` of the previous page'),
  })
  .strict();

// ---- responses: the envelopes around the views the services return (their schemas are their types) ----

export const errorResponseSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    fields: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  }),
});

export const ticketListSchema = z.object({ items: z.array(ticketViewSchema), cursor: z.string().nullable() });

export const commentResultSchema = z.object({ ticket: ticketViewSchema, comment: commentViewSchema });

export const eventListSchema = z.object({
  items: z.array(ticketEventViewSchema),
  cursor: z.string().nullable().describe('the next page, null after the last'),
});

export const commentListSchema = z.object({
  items: z.array(commentViewSchema),
  cursor: z.string().nullable().describe('the next page, null after the last'),
});
