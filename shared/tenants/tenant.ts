/**
 * A tenant: one customer organisation, with its SLA policy (a preset id or its own policy JSON), plan, region,
 * time zone, contacts and the people each escalation level reaches. The zod schema is the `PUT /tenants/{id}`
 * body and the type.
 */

import type { PolicySpec } from '../sla/policy-schema.js';
import * as z from '../zod.js';
import { closuresSchema } from './closures.js';

const policyIdSchema = z.lazySchema(() =>
  z
    .string()
    .check(
      z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a policy id: lower-case letters, digits, "-" or "_"'),
      z.maxLength(64),
    ),
);

/** A string of `min`..`max` characters. */
const sized = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

const domainSchema = z.lazySchema(() =>
  z.pipe(
    z.string().check(z.regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, 'must be a domain name')),
    z.transform((d: string) => d.toLowerCase()),
  ),
);

export const contactSchema = z.lazySchema(() =>
  z.strictObject({
    name: z.optional(sized(1, 200)),
    email: z.email(),
    role: z.optional(sized(1, 100)),
  }),
);

export const tenantProfileSchema = z.lazySchema(() =>
  z.strictObject({
    name: z.optional(sized(1, 200)),
    /** A preset id (`interzen`) or a whole policy (validated by the engine's `parsePolicySpec`). */
    policy: z.union([policyIdSchema, z.record(z.string(), z.unknown())]),
    plan: z.optional(sized(1, 64)),
    region: z.optional(sized(1, 64)),
    /**
     * Closures (`2026-12-24` or `{ from, to, note? }`, at most 200, a range at most a year) added to every
     * business calendar of the policy (`always` stays open). Changing them moves open tickets' deadlines (the
     * engine recomputes from the history) and, shortly after, their timers (timer-sync re-syncs them).
     */
    closures: z.optional(closuresSchema),
    /** The customer's IANA time zone. */
    timezone: z.optional(sized(1, 64)),
    supportContacts: z._default(z.array(contactSchema).check(z.maxLength(50)), []),
    /** Who gets the previous month's SLA compliance report by mail, on the 1st (in `language`, in `timezone`). */
    reportContacts: z._default(z.array(z.email()).check(z.maxLength(50)), []),
    /** Escalation level ("1", "2", ...) -> who is told when a ticket reaches it. */
    escalationRecipients: z._default(
      z.record(
        z.string().check(z.regex(/^[1-9][0-9]?$/, 'must be a level number')),
        z.array(z.email()).check(z.minLength(1), z.maxLength(50)),
      ),
      {},
    ),
    defaultPriority: z.optional(sized(1, 64)),
    /**
     * Which tickets a customer of the tenant sees and acts on: `own` (the default) those they requested or take
     * part in (CC), `organisation` every ticket of the tenant. Another customer's ticket answers 404 under `own`.
     */
    customerVisibility: z._default(z.enum(['own', 'organisation']), 'own'),
    /**
     * Mail from these domains (and their subdomains) is staff mail: it acts as an agent on an existing ticket,
     * like mail from the support contacts and the escalation recipients.
     */
    staffDomains: z._default(z.array(domainSchema).check(z.maxLength(20)), []),
    /**
     * `dmarc` (the default): mail acts as the requester, a participant or staff only when its From domain is
     * authenticated (DMARC pass, or SPF/DKIM pass aligned with the From domain). `none` trusts the From address
     * as written: anyone who can forge it can post as that person (see docs/inbound-email.md).
     */
    mailAuthentication: z._default(z.enum(['dmarc', 'none']), 'dmarc'),
    /**
     * A mail on an existing ticket from someone who is neither on it nor staff: `reject` (the default) records it
     * as a rejection; `new-ticket` opens a new ticket for the sender instead (when they may open tickets).
     */
    strangerReplies: z._default(z.enum(['reject', 'new-ticket']), 'reject'),
    /** The priorities customers may choose (API and `[P1]` subject tags); default: all of the policy's. */
    customerPriorities: z.optional(z.array(sized(1, 64)).check(z.minLength(1), z.maxLength(20))),
    /** Whether a priority tag in an inbound subject (`[P1]`) is honoured (still limited by customerPriorities). */
    subjectPriorityTags: z._default(z.boolean(), true),
    /** Mail from these domains may open tickets; empty means anyone. */
    allowedRequesterDomains: z._default(z.array(domainSchema).check(z.maxLength(100)), []),
    /**
     * An extra address of the form `<tenant id>@<another domain>` that SES also receives for (e.g. a domain the
     * tenant forwards from). Inbound mail always finds the tenant by the part before the `@`
     * (`<tenant id>[+<ref>]@<support domain>`); this only admits that other domain for this tenant.
     */
    inboundAddress: z.optional(z.email()),
    /** The tenant's default language for mail (ISO 639-1). */
    language: z._default(
      z.string().check(z.regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as en or it')),
      'en',
    ),
    /** Case-number prefix (`INT` gives `INT-000123`); default: from the tenant id. */
    ticketPrefix: z.optional(
      z.string().check(z.regex(/^[A-Z][A-Z0-9]{1,5}$/, 'must be 2-6 upper-case letters or digits')),
    ),
  }),
);

export type TenantProfileInput = z.input<typeof tenantProfileSchema>;
export type TenantProfile = z.output<typeof tenantProfileSchema>;

/**
 * What `GET/PUT /tenants/{id}` answer: the profile as stored, with its id, its policy (the preset id, or the
 * tenant's own policy) and when it last changed. The schema is the response type and its OpenAPI document.
 */
export const tenantViewSchema = z.lazySchema(() =>
  z.extend(z.built(tenantProfileSchema), {
    tenantId: z.string(),
    /** The preset id, or the id of the tenant's own policy. */
    policyId: z.string(),
    policy: z.described(
      z.union([z.string(), z.record(z.string(), z.unknown())]),
      'the preset id, or the own policy',
    ),
    updatedAt: z.described(z.string(), 'UTC ISO-8601 to the second, e.g. 2026-03-02T09:30:00Z'),
  }),
);
export type TenantView = z.output<typeof tenantViewSchema>;

export interface Tenant extends Omit<TenantProfile, 'policy'> {
  tenantId: string;
  /** The preset id, or the id of the tenant's own policy. */
  policyId: string;
  /** The tenant's own policy, validated, when it brought one. */
  customPolicy?: PolicySpec;
  updatedAt: number;
}

/** The case-number prefix: the tenant's own, else the first three letters of its id. */
export function ticketPrefix(tenant: Pick<Tenant, 'tenantId' | 'ticketPrefix'>): string {
  if (tenant.ticketPrefix) return tenant.ticketPrefix;
  const letters = tenant.tenantId.replace(/[^a-z0-9]/g, '').toUpperCase();
  return letters.slice(0, 3).padEnd(2, 'X');
}
