/**
 * A tenant: one customer organisation, with its SLA policy (a preset id or its own policy JSON), plan, region,
 * time zone, contacts and the people each escalation level reaches. The zod schema is the `PUT /tenants/{id}`
 * body and the type.
 */

import type { PolicySpec } from '../sla/policy-schema.js';
import * as z from '../zod.js';
import { closuresSchema } from './closures.js';

const policyIdSchema = z
  .string()
  .check(
    z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be a policy id: lower-case letters, digits, "-" or "_"'),
    z.maxLength(64),
  );

/** A string of `min`..`max` characters. */
const sized = (min: number, max: number) => z.string().check(z.minLength(min), z.maxLength(max));

export const contactSchema = z.strictObject({
  name: z.optional(sized(1, 200)),
  email: z.email(),
  role: z.optional(sized(1, 100)),
});

export const tenantProfileSchema = z.strictObject({
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
  /** Escalation level ("1", "2", ...) -> who is told when a ticket reaches it. */
  escalationRecipients: z._default(
    z.record(
      z.string().check(z.regex(/^[1-9][0-9]?$/, 'must be a level number')),
      z.array(z.email()).check(z.minLength(1), z.maxLength(50)),
    ),
    {},
  ),
  defaultPriority: z.optional(sized(1, 64)),
  /** Mail from these domains may open tickets; empty means anyone. */
  allowedRequesterDomains: z._default(
    z
      .array(
        z.pipe(
          z.string().check(z.regex(/^(?=.{1,253}$)([a-z0-9-]+\.)+[a-z]{2,}$/i, 'must be a domain name')),
          z.transform((d: string) => d.toLowerCase()),
        ),
      )
      .check(z.maxLength(100)),
    [],
  ),
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
});

export type TenantProfileInput = z.input<typeof tenantProfileSchema>;
export type TenantProfile = z.output<typeof tenantProfileSchema>;

/**
 * What `GET/PUT /tenants/{id}` answer: the profile as stored, with its id, its policy (the preset id, or the
 * tenant's own policy) and when it last changed. The schema is the response type and its OpenAPI document.
 */
export const tenantViewSchema = z.extend(tenantProfileSchema, {
  tenantId: z.string(),
  /** The preset id, or the id of the tenant's own policy. */
  policyId: z.string(),
  policy: z.described(
    z.union([z.string(), z.record(z.string(), z.unknown())]),
    'the preset id, or the own policy',
  ),
  updatedAt: z.described(z.string(), 'UTC ISO-8601 to the second, e.g. 2026-03-02T09:30:00Z'),
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
