/**
 * Rejected inbound mail as agents see it (`GET /inbound/rejections`): issue 10's "recorded as rejected, with the
 * reason, where agents can see it". Staff of the tenant read it (agents, admins, and `*` staff naming the tenant
 * by `X-Tenant-Id` or `?tenant=`); customers never do (403, as for the tenant profile): a rejection names
 * strangers' addresses and why their mail was refused.
 */
import { type AcrossTenantsCaller, tenantNamedByStaff } from '../auth/staff-tenant.js';
import type { TenantRepository } from '../tenants/ports.js';
import { ForbiddenActionError, InvalidInputError, TenantNotFoundError } from '../tickets/errors.js';
import * as z from '../zod.js';
import { canonicalTicketReference, isTicketReference } from './message-id.js';
import type { RejectionQuery, RejectionReader, RejectionRecord } from './ports.js';
import { REJECTION_REASONS } from './rejection.js';

export const rejectionViewSchema = z.lazySchema(() =>
  z.object({
    receivedAt: z.described(z.string(), 'when the mail arrived (UTC ISO-8601 to the second)'),
    reason: z.enum(REJECTION_REASONS),
    details: z.described(z.string(), 'why, in a sentence'),
    from: z.optional(z.string()),
    recipients: z.array(z.string()),
    subject: z.optional(z.string()),
    messageId: z.optional(z.string()),
    sesMessageId: z.described(z.string(), "SES's id of the mail: the raw message is kept under it"),
    ticketId: z.described(
      z.optional(z.string()),
      'the ticket the mail answered, when it was threaded to one',
    ),
    ticketReference: z.optional(z.string()),
  }),
);
export type RejectionView = z.infer<typeof rejectionViewSchema>;

export const rejectionListSchema = z.lazySchema(() =>
  z.object({
    items: z.array(rejectionViewSchema),
    cursor: z.described(z.nullable(z.string()), 'the next page, null after the last'),
  }),
);
export type RejectionList = z.infer<typeof rejectionListSchema>;

/** Who asks: their principal, and whether a `*` token named the tenant by header. */
export type RejectionCaller = AcrossTenantsCaller;

/** The page asked for, and the tenant `*` staff may name in the query. */
export type RejectionListQuery = RejectionQuery & { tenant?: string };

function toView(record: RejectionRecord): RejectionView {
  return {
    receivedAt: record.receivedAt,
    reason: record.reason,
    details: record.details,
    ...(record.from !== undefined ? { from: record.from } : {}),
    recipients: record.recipients ?? [],
    ...(record.subject !== undefined ? { subject: record.subject } : {}),
    ...(record.messageId !== undefined ? { messageId: record.messageId } : {}),
    sesMessageId: record.sesMessageId,
    ...(record.ticketId !== undefined ? { ticketId: record.ticketId } : {}),
    ...(record.ticketReference !== undefined ? { ticketReference: record.ticketReference } : {}),
  };
}

export class RejectionQueries {
  readonly #rejections: RejectionReader;
  readonly #tenants: TenantRepository;

  constructor(deps: { rejections: RejectionReader; tenants: TenantRepository }) {
    this.#rejections = deps.rejections;
    this.#tenants = deps.tenants;
  }

  async listRejections(caller: RejectionCaller, query: RejectionListQuery): Promise<RejectionList> {
    const { principal } = caller;
    if (principal.role === 'customer' || principal.role === 'system') {
      throw new ForbiddenActionError('only agents and admins of the tenant read rejected mail');
    }
    const tenantId = this.#tenantOf(caller, query.tenant);
    // A day `to` is the whole day: compare with what the key condition will use as the upper bound.
    if (query.from !== undefined && query.to !== undefined && query.from > `${query.to}~`) {
      throw new InvalidInputError('to', 'to must not be before from');
    }
    if (!(await this.#tenants.getTenant(tenantId))) throw new TenantNotFoundError(tenantId);
    const { tenant: _tenant, ...rest } = query;
    // A reference is compared case-insensitively, as in mail (`ent-000001` is `ENT-000001`); an id as given.
    if (rest.ticket !== undefined && isTicketReference(rest.ticket)) {
      rest.ticket = canonicalTicketReference(rest.ticket);
    }
    const page = await this.#rejections.pageRejections(tenantId, rest);
    return { items: page.items.map(toView), cursor: page.cursor ?? null };
  }

  /** The tenant read: the caller's own; `*` staff name it by `X-Tenant-Id` or `?tenant=` (both: the same one). */
  #tenantOf(caller: RejectionCaller, named: string | undefined): string {
    if (caller.allTenants) {
      const tenantId = tenantNamedByStaff(caller, named);
      if (tenantId !== undefined) return tenantId;
      throw new InvalidInputError('tenant', 'staff serving every tenant name one (?tenant= or X-Tenant-Id)');
    }
    if (named !== undefined && named !== caller.principal.tenantId) {
      throw new ForbiddenActionError("staff read their own tenant's rejected mail only");
    }
    return caller.principal.tenantId;
  }
}
