import type { Tenant } from './tenant.js';

/** The tenant store port (`DynamoTenantRepository` on the single table; `test/doubles/` in unit tests). */
export interface TenantRepository {
  getTenant(tenantId: string): Promise<Tenant | null>;
  /** Creates or replaces; returns true when it created. */
  putTenant(tenant: Tenant): Promise<boolean>;
}
