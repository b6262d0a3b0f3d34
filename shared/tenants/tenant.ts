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
    /** Who gets the previous month's SLA compliance report by mail, on the 1st (in `language`, in `timezone`). */
    reportContacts: z.array(z.email()).max(50).default([]),
    /** Escalation level ("1", "2", ...) -> who is told when a ticket reaches it. */
    escalationRecipients: z
      .record(z.string().regex(/^[1-9][0-9]?$/, 'must be a level number'), z.array(z.email()).min(1).max(50))
      .default({}),
    defaultPriority: z.string().min(1).max(64).optional(),
    /** Mail from these domains may open tickets; empty means anyone. */
    allowedRequesterDomains: z
      .array(
        z
          .string()
          .regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, 'must be a domain name')
          .transform((d) => d.toLowerCase()),
      )
      .max(100)
      .default([]),
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
