/**
 * A tenant: one customer organisation, with its SLA policy (a preset id or its own policy JSON), plan, region,
 * time zone, contacts and the people each escalation level reaches. The zod schema is the `PUT /tenants/{id}`
 * body and the type.
 */
import { z } from 'zod';
import type { PolicySpec } from '../sla/policy-schema.js';
import { closuresSchema } from './closures.js';

const policyIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a policy id: lower-case letters, digits, "-" or "_"')
  .max(64);

const domainSchema = z
  .string()
  .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, 'must be a domain name')
  .transform((d) => d.toLowerCase());

export const contactSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    email: z.email(),
    role: z.string().min(1).max(100).optional(),
  })
  .strict();

export const tenantProfileSchema = z
  .object({
    name: z.string().min(1).max(200).optional(),
    /** A preset id (`interzen`) or a whole policy (validated by the engine's `parsePolicySpec`). */
    policy: z.union([policyIdSchema, z.record(z.string(), z.unknown())]),
    plan: z.string().min(1).max(64).optional(),
    region: z.string().min(1).max(64).optional(),
    /**
     * Closures (`2026-12-24` or `{ from, to, note? }`, at most 200, a range at most a year) added to every
     * business calendar of the policy (`always` stays open). Changing them moves open tickets' deadlines (the
     * engine recomputes from the history) and, shortly after, their timers (timer-sync re-syncs them).
     */
    closures: closuresSchema.optional(),
    /** The customer's IANA time zone. */
    timezone: z.string().min(1).max(64).optional(),
    supportContacts: z.array(contactSchema).max(50).default([]),
    /** Escalation level ("1", "2", ...) -> who is told when a ticket reaches it. */
    escalationRecipients: z
      .record(z.string().regex(/^[1-9][0-9]?$/, 'must be a level number'), z.array(z.email()).min(1).max(50))
      .default({}),
    defaultPriority: z.string().min(1).max(64).optional(),
    /**
     * Which tickets a customer of the tenant sees and acts on: `own` (the default) those they requested or take
     * part in (CC), `organisation` every ticket of the tenant. Another customer's ticket answers 404 under `own`.
     */
    customerVisibility: z.enum(['own', 'organisation']).default('own'),
    /**
     * Mail from these domains (and their subdomains) is staff mail: it acts as an agent on an existing ticket,
     * like mail from the support contacts and the escalation recipients.
     */
    staffDomains: z.array(domainSchema).max(20).default([]),
    /**
     * `dmarc` (the default): mail acts as the requester, a participant or staff only when its From domain is
     * authenticated (DMARC pass, or SPF/DKIM pass aligned with the From domain). `none` trusts the From address
     * as written: anyone who can forge it can post as that person (see docs/inbound-email.md).
     */
    mailAuthentication: z.enum(['dmarc', 'none']).default('dmarc'),
    /**
     * A mail on an existing ticket from someone who is neither on it nor staff: `reject` (the default) records it
     * as a rejection; `new-ticket` opens a new ticket for the sender instead (when they may open tickets).
     */
    strangerReplies: z.enum(['reject', 'new-ticket']).default('reject'),
    /** The priorities customers may choose (API and `[P1]` subject tags); default: all of the policy's. */
    customerPriorities: z.array(z.string().min(1).max(64)).min(1).max(20).optional(),
    /** Whether a priority tag in an inbound subject (`[P1]`) is honoured (still limited by customerPriorities). */
    subjectPriorityTags: z.boolean().default(true),
    /** Mail from these domains may open tickets; empty means anyone. */
    allowedRequesterDomains: z.array(domainSchema).max(100).default([]),
    /**
     * An extra address of the form `<tenant id>@<another domain>` that SES also receives for (e.g. a domain the
     * tenant forwards from). Inbound mail always finds the tenant by the part before the `@`
     * (`<tenant id>[+<ref>]@<support domain>`); this only admits that other domain for this tenant.
     */
    inboundAddress: z.email().optional(),
    /** The tenant's default language for mail (ISO 639-1). */
    language: z
      .string()
      .regex(/^[a-z]{2}$/, 'must be an ISO 639-1 code such as en or it')
      .default('en'),
    /** Case-number prefix (`INT` gives `INT-000123`); default: from the tenant id. */
    ticketPrefix: z
      .string()
      .regex(/^[A-Z][A-Z0-9]{1,5}$/, 'must be 2-6 upper-case letters or digits')
      .optional(),
  })
  .strict();

export type TenantProfileInput = z.input<typeof tenantProfileSchema>;
export type TenantProfile = z.output<typeof tenantProfileSchema>;

/**
 * What `GET/PUT /tenants/{id}` answer: the profile as stored, with its id, its policy (the preset id, or the
 * tenant's own policy) and when it last changed. The schema is the response type and its OpenAPI document.
 */
export const tenantViewSchema = tenantProfileSchema.extend({
  tenantId: z.string(),
  /** The preset id, or the id of the tenant's own policy. */
  policyId: z.string(),
  policy: z
    .union([z.string(), z.record(z.string(), z.unknown())])
    .describe('the preset id, or the own policy'),
  updatedAt: z.string().describe('UTC ISO-8601 to the second, e.g. 2026-03-02T09:30:00Z'),
});
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
