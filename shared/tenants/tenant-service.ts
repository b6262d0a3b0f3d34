/**
 * Tenant management (admins) and the tenant lookup every ticket use case starts with. Plan, region and time
 * zone are validated against the policy by the engine itself (`resolvePolicy`), so a tenant the engine cannot
 * compute for is never stored.
 */
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import { SlaInputError } from '../sla/errors.js';
import { formatInstant } from '../sla/instant.js';
import {
  type CalendarResolver,
  calendarResolver,
  type ResolvedPolicy,
  resolvePolicy,
} from '../sla/policy.js';
import { type PolicySpec, parsePolicySpec } from '../sla/policy-schema.js';
import type { SlaSubject } from '../sla/types.js';
import { ForbiddenActionError, InvalidInputError, TenantNotFoundError } from '../tickets/errors.js';
import { toClosedDates } from './closures.js';
import type { TenantRepository } from './ports.js';
import type { Tenant, TenantProfile, TenantView } from './tenant.js';

export function tenantSubject(tenant: Tenant): SlaSubject {
  const subject: SlaSubject = { policyId: tenant.policyId };
  if (tenant.plan !== undefined) subject.plan = tenant.plan;
  if (tenant.region !== undefined) subject.region = tenant.region;
  if (tenant.timezone !== undefined) subject.timezone = tenant.timezone;
  return subject;
}

/** Resolvers by the tenant closures' JSON: a warm Lambda hashes and compiles each tenant's calendars once. */
const resolvers = new Map<string, CalendarResolver>();
const RESOLVER_CACHE_LIMIT = 256;

/**
 * The calendars of a tenant: built-in and the policy's own, each with the tenant's closures added (not to
 * `always`). Compiled calendars are cached by the hash of the resulting spec (closures, id and zone in it).
 */
export function tenantCalendarResolver(tenant: Pick<Tenant, 'closures'>): CalendarResolver {
  const closedDates = toClosedDates(tenant.closures);
  const key = JSON.stringify(closedDates);
  let resolver = resolvers.get(key);
  if (!resolver) {
    if (resolvers.size >= RESOLVER_CACHE_LIMIT) resolvers.clear();
    resolver = calendarResolver(closedDates);
    resolvers.set(key, resolver);
  }
  return resolver;
}

/**
 * The tenant's policy resolved for a ticket's subject (its own policy when the subject names it), on its
 * calendars with its closures. A ticket's deadlines are recomputed from its history with it at every read and
 * write, so new closures move an open ticket's deadlines at once; its timers follow when timer-sync re-syncs
 * the tenant's open tickets from the profile's stream record (`shared/timers/tenant-resync.ts`).
 */
export function resolveTenantPolicy(
  tenant: Tenant,
  subject: SlaSubject = tenantSubject(tenant),
): ResolvedPolicy {
  const custom =
    tenant.customPolicy && tenant.customPolicy.id === subject.policyId ? tenant.customPolicy : undefined;
  return resolvePolicy(subject, custom, tenantCalendarResolver(tenant));
}

export function toTenantView(tenant: Tenant): TenantView {
  const { customPolicy, updatedAt, ...rest } = tenant;
  return { ...rest, policy: customPolicy ?? tenant.policyId, updatedAt: formatInstant(updatedAt) };
}

export class TenantService {
  readonly #tenants: TenantRepository;
  readonly #clock: Clock;

  constructor(deps: { tenants: TenantRepository; clock: Clock }) {
    this.#tenants = deps.tenants;
    this.#clock = deps.clock;
  }

  /** Admins of the tenant itself (or staff tokens for every tenant, see `principalFromClaims`). */
  async putTenant(
    actor: Principal,
    tenantId: string,
    profile: TenantProfile,
  ): Promise<{ tenant: TenantView; created: boolean }> {
    this.#assertAdmin(actor, tenantId);
    const tenant = buildTenant(tenantId, profile, this.#clock.now());
    const created = await this.#tenants.putTenant(tenant);
    return { tenant: toTenantView(tenant), created };
  }

  async getTenant(actor: Principal, tenantId: string): Promise<TenantView> {
    if (actor.role === 'customer') throw new ForbiddenActionError('only agents and admins may read a tenant');
    if (actor.tenantId !== tenantId && actor.role !== 'system') {
      throw new ForbiddenActionError('a token of another tenant');
    }
    return toTenantView(await this.requireTenant(tenantId));
  }

  /** For the ticket use cases. Throws `TenantNotFoundError`. */
  async requireTenant(tenantId: string): Promise<Tenant> {
    const tenant = await this.#tenants.getTenant(tenantId);
    if (!tenant) throw new TenantNotFoundError(tenantId);
    return tenant;
  }

  #assertAdmin(actor: Principal, tenantId: string): void {
    if (actor.role === 'system') return;
    if (actor.role !== 'admin') throw new ForbiddenActionError('only admins manage tenants');
    if (actor.tenantId !== tenantId) throw new ForbiddenActionError('an admin token of another tenant');
  }
}

/** Validates a profile against its policy and builds the stored tenant. Throws named input errors (400). */
export function buildTenant(tenantId: string, profile: TenantProfile, now: number): Tenant {
  const { policy, ...rest } = profile;
  let customPolicy: PolicySpec | undefined;
  if (typeof policy !== 'string') {
    try {
      customPolicy = parsePolicySpec(policy);
    } catch (error) {
      if (error instanceof SlaInputError) throw new InvalidInputError(`policy.${error.field}`, error.message);
      throw error;
    }
  }
  const tenant: Tenant = {
    ...rest,
    tenantId,
    policyId: customPolicy?.id ?? (policy as string),
    ...(customPolicy ? { customPolicy } : {}),
    updatedAt: now,
  };
  // The engine names the bad field (policy, plan, region, timezone); its errors map to 400 as they are.
  const resolved = resolveTenantPolicy(tenant);
  if (tenant.defaultPriority !== undefined && !resolved.priorities.includes(tenant.defaultPriority)) {
    throw new InvalidInputError(
      'defaultPriority',
      `defaultPriority must be one of the policy's priorities: ${resolved.priorities.join(', ')}`,
    );
  }
  // A plan or region the policy does not have would be stored and silently ignored: say so instead.
  if (tenant.plan !== undefined && !resolved.spec.plans) {
    throw new InvalidInputError('plan', `policy ${resolved.id} has no plans`);
  }
  if (tenant.region !== undefined && !resolved.spec.regions) {
    throw new InvalidInputError('region', `policy ${resolved.id} has no regions`);
  }
  for (const [index, priority] of (tenant.customerPriorities ?? []).entries()) {
    if (!resolved.priorities.includes(priority)) {
      throw new InvalidInputError(
        `customerPriorities.${index}`,
        `customerPriorities must be among the policy's priorities: ${resolved.priorities.join(', ')}`,
      );
    }
  }
  const levels = resolved.escalationLevels.map((l) => String(l.level));
  for (const level of Object.keys(tenant.escalationRecipients)) {
    if (!levels.includes(level)) {
      throw new InvalidInputError(
        `escalationRecipients.${level}`,
        levels.length > 0
          ? `policy ${resolved.id} has escalation levels ${levels.join(', ')}`
          : `policy ${resolved.id} has no escalation chain`,
      );
    }
  }
  return tenant;
}
