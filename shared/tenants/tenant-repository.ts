import type { Tenant } from './tenant.js';

/** The tenant store port (`DynamoTenantRepository` on the single table; an in-memory fake in unit tests). */
export interface TenantRepository {
  getTenant(tenantId: string): Promise<Tenant | null>;
  /** Creates or replaces; returns true when it created. */
  putTenant(tenant: Tenant): Promise<boolean>;
}

export class InMemoryTenantRepository implements TenantRepository {
  readonly #tenants = new Map<string, Tenant>();

  async getTenant(tenantId: string): Promise<Tenant | null> {
    const tenant = this.#tenants.get(tenantId);
    return tenant ? structuredClone(tenant) : null;
  }

  async putTenant(tenant: Tenant): Promise<boolean> {
    const created = !this.#tenants.has(tenant.tenantId);
    this.#tenants.set(tenant.tenantId, structuredClone(tenant));
    return created;
  }
}
