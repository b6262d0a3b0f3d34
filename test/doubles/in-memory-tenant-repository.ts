import type { TenantRepository } from '../../shared/tenants/ports.js';
import type { Tenant } from '../../shared/tenants/tenant.js';

/** The tenant store in memory (unit tests). */
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
