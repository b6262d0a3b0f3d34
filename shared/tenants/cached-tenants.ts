/**
 * The tenant profile, cached briefly in a warm Lambda: every ticket change reads its tenant (policy, closures,
 * zone), and that read was a round trip on every request. A profile written through this instance is seen at
 * once; one written elsewhere (another Lambda instance) at most `ttlMs` later. Deadlines then catch up as they do
 * for any tenant change (timer-sync re-syncs open tickets from the profile's stream record).
 */
import type { Clock } from '../clock.js';
import type { TenantRepository } from './ports.js';
import type { Tenant } from './tenant.js';

export const TENANT_CACHE_TTL_MS = 5_000;

export class CachedTenantRepository implements TenantRepository {
  readonly #inner: TenantRepository;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #cache = new Map<string, { tenant: Tenant | null; until: number }>();

  constructor(inner: TenantRepository, clock: Clock, ttlMs = TENANT_CACHE_TTL_MS) {
    this.#inner = inner;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  async getTenant(tenantId: string): Promise<Tenant | null> {
    const now = this.#clock.now();
    const hit = this.#cache.get(tenantId);
    if (hit && hit.until > now) return hit.tenant === null ? null : structuredClone(hit.tenant);
    const tenant = await this.#inner.getTenant(tenantId);
    // An unknown tenant is not cached: a tenant put a moment later must be usable at once.
    if (tenant) this.#cache.set(tenantId, { tenant, until: now + this.#ttlMs });
    return tenant === null ? null : structuredClone(tenant);
  }

  /** Drops the cached profile: the next read goes to the repository (a re-sync after the profile changed). */
  forget(tenantId: string): void {
    this.#cache.delete(tenantId);
  }

  async putTenant(tenant: Tenant): Promise<boolean> {
    this.#cache.delete(tenant.tenantId);
    return this.#inner.putTenant(tenant);
  }
}
