/**
 * The parts of a tenant profile an open ticket's deadlines depend on: everything `resolveTenantPolicy` reads
 * (the tenant's own policy, its closures) plus the policy id, plan, region and zone new tickets take. A
 * profile write that changes none of them (contacts, recipients, language, a re-PUT of the same body) needs no
 * timer re-sync; one that changes any of them does.
 */
import type { Tenant } from './tenant.js';

export const TENANT_SLA_FIELDS = [
  'policyId',
  'customPolicy',
  'plan',
  'region',
  'timezone',
  'closures',
] as const satisfies readonly (keyof Tenant)[];

/** JSON with object keys sorted, so two equal profiles compare equal however their maps were ordered. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Which SLA inputs differ between two versions of a tenant (empty: none). No previous version (a new
 * profile) counts as every field changed, so tickets that somehow exist for it are re-synced too.
 */
export function changedSlaInputs(before: object | null | undefined, after: object): string[] {
  const read = (tenant: object, field: string) => (tenant as Record<string, unknown>)[field] ?? null;
  return TENANT_SLA_FIELDS.filter(
    (field) => !before || canonical(read(before, field)) !== canonical(read(after, field)),
  );
}
