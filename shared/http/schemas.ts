/**
 * The API's request schemas (one per body, one per query) and its response shapes. They validate every
 * request and are the source of the OpenAPI document (`GET /openapi.json`), so the two cannot drift.
 */
import { dayNumber } from '../reports/sla-report.js';
import { TICKET_STATUSES } from '../sla/types.js';
import { tenantProfileSchema } from '../tenants/tenant.js';
import { CHANNELS, requesterSchema, TICKET_TYPES } from '../tickets/ticket.js';
import { COLLECTION_DEFAULT_LIMIT, COLLECTION_MAX_LIMIT } from '../tickets/ticket-queries.js';
import { commentViewSchema, ticketEventViewSchema, ticketViewSchema } from '../tickets/ticket-views.js';
import * as z from '../zod.js';

/** A string of `min`..`max` characters. */
const sized = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));
const priority = z.lazySchema(() => z.described(sized(1, 64), "one of the tenant policy's priorities"));
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
const language = z.lazySchema(() =>
  z.described(
    z.string().check(z.regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as en or it')),
    'ISO 639-1 language of the request',
  ),
);

/**
 * A person as a client names them (requester, participant): the stored shape, and a name without control
 * characters, since names end up in mail headers (`"Name" <address>`), where a CR/LF would start a new header.
 */
const personIn = z.lazySchema(() =>
  z.extend(z.built(requesterSchema), {
    name: z.optional(
      z
        .string()
        .check(
          z.minLength(1),
          z.maxLength(200),
          z.regex(/^[^\p{Cc}]*$/u, 'must not contain control characters (line breaks, tabs, NUL)'),
        ),
    ),
  }),
);

export const createTicketBodySchema = z.lazySchema(() =>
  z.strictObject({
    subject: z.string().check(z.trim(), z.minLength(1), z.maxLength(300)),
    description: text(50_000),
    priority: z.described(z.optional(priority), "default: the tenant's default priority, else the policy's"),
    requester: z.described(
      z.optional(personIn),
      "default: the caller (the token's email); customers may name only themselves",
    ),
    language: z.optional(language),
    channel: z.optional(z.enum(CHANNELS)),
    type: z.optional(z.enum(TICKET_TYPES)),
    assignee: z.optional(z.nullable(sized(1, 200))),
  }),
);

export const updateTicketBodySchema = z.lazySchema(() =>
  z
    .strictObject({
      status: z.optional(z.enum(TICKET_STATUSES)),
      priority: z.optional(priority),
      assignee: z.optional(z.nullable(sized(1, 200))),
    })
    .check(
      z.refine((b) => b.status !== undefined || b.priority !== undefined || b.assignee !== undefined, {
        message: 'give at least one of status, priority, assignee',
      }),
    ),
);

export const addCommentBodySchema = z.lazySchema(() =>
  z.strictObject({
    body: text(50_000),
    visibility: z._default(z.enum(['public', 'internal']), 'public'),
  }),
);

export const addParticipantsBodySchema = z.lazySchema(() =>
  z.strictObject({
    participants: z.described(
      z.array(personIn).check(z.minLength(1), z.maxLength(20)),
      'people to copy on the ticket (CC): they see it, get its mail and may reply by mail',
    ),
  }),
);

export const escalationBodySchema = z.lazySchema(() => z.strictObject({ reason: z.optional(text(5_000)) }));

export const tenantBodySchema = tenantProfileSchema;

export const listTicketsQuerySchema = z.lazySchema(() =>
  z
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
    ),
);

/** `GET /tickets/{id}/comments` and `/events`: pages oldest first, like `GET /tickets` a `limit` and a `cursor`. */
export const collectionPageQuerySchema = z.lazySchema(() =>
  z.strictObject({
    limit: z.described(
      z._default(queryInt(1, COLLECTION_MAX_LIMIT), COLLECTION_DEFAULT_LIMIT),
      `page size, default ${COLLECTION_DEFAULT_LIMIT}`,
    ),
    cursor: z.described(z.optional(sized(1, 2048)), 'the `cursor` of the previous page'),
  }),
);

const INSTANT_OR_DAY = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?$/;

/**
 * Whether a string of the right shape names a real day (the report's `dayNumber`: no month 13, no 30 February)
 * and, for an instant, a real time of day (no 25:00, no 99:99:99). A wrong shape is the regex's to report.
 */
function isRealDayOrInstant(value: string): boolean {
  if (!INSTANT_OR_DAY.test(value)) return true;
  if (dayNumber(value.slice(0, 10)) === null) return false;
  if (value.length === 10) return true;
  const [hours, minutes, seconds] = value.slice(11, 19).split(':').map(Number);
  return (hours as number) <= 23 && (minutes as number) <= 59 && (seconds as number) <= 59;
}

/** An instant to the second (`2026-03-02T09:00:00Z`) or a day (`2026-03-02`), UTC, that exists. */
const instantOrDay = z.lazySchema(() =>
  z
    .string()
    .check(
      z.regex(INSTANT_OR_DAY, 'must be a UTC day (2026-03-02) or instant (2026-03-02T09:00:00Z)'),
      z.refine(isRealDayOrInstant, 'must be a real calendar date/instant'),
    ),
);

/** `GET /inbound/rejections`: newest first, a page at a time, optionally one ticket's or a period's. */
export const rejectionsQuerySchema = z.lazySchema(() =>
  z.strictObject({
    limit: z.described(z._default(queryInt(1, 100), 20), 'page size, default 20'),
    cursor: z.described(z.optional(sized(1, 2048)), 'the `cursor` of the previous page'),
    ticket: z.described(
      z.optional(sized(1, 64)),
      'only mail threaded to this ticket (its id, or its reference in any case, e.g. INT-000123)',
    ),
    from: z.described(z.optional(instantOrDay), 'received at or after (a UTC day or instant)'),
    to: z.described(z.optional(instantOrDay), 'received at or before (a UTC day: the whole day)'),
    tenant: z.described(
      z.optional(z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be a tenant id'))),
      'the tenant, for staff whose token serves every tenant (`*`), or X-Tenant-Id (both: the same one); else only their own',
    ),
  }),
);

// ---- responses: the envelopes around the views the services return (their schemas are their types) ----

export const errorResponseSchema = z.lazySchema(() =>
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      fields: z.optional(z.array(z.object({ path: z.string(), reason: z.string() }))),
    }),
  }),
);

export const ticketListSchema = z.lazySchema(() =>
  z.object({
    items: z.array(ticketViewSchema),
    cursor: z.nullable(z.string()),
  }),
);

export const commentResultSchema = z.lazySchema(() =>
  z.object({ ticket: ticketViewSchema, comment: commentViewSchema }),
);

export const eventListSchema = z.lazySchema(() =>
  z.object({
    items: z.array(ticketEventViewSchema),
    cursor: z.described(z.nullable(z.string()), 'the next page, null after the last'),
  }),
);

export const commentListSchema = z.lazySchema(() =>
  z.object({
    items: z.array(commentViewSchema),
    cursor: z.described(z.nullable(z.string()), 'the next page, null after the last'),
  }),
);
