import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import { CachedTenantRepository } from '../../../shared/tenants/cached-tenants.js';
import type { Tenant } from '../../../shared/tenants/tenant.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';

const tenant = (name: string) => ({ tenantId: 'acme', name }) as unknown as Tenant;

describe('the tenant profile cache', () => {
  it('serves a profile for its TTL; forget() makes the next read go to the store (a re-sync after a change)', async () => {
    const store = new InMemoryTenantRepository();
    const clock = new ManualClock(0);
    const cached = new CachedTenantRepository(store, clock, 5_000);
    await store.putTenant(tenant('Acme'));
    expect((await cached.getTenant('acme'))?.name).toBe('Acme');
    // Written elsewhere (another Lambda instance): this one still serves what it cached...
    await store.putTenant(tenant('Acme support'));
    expect((await cached.getTenant('acme'))?.name).toBe('Acme');
    // ...until it forgets it, or the TTL runs out.
    cached.forget('acme');
    expect((await cached.getTenant('acme'))?.name).toBe('Acme support');
    await store.putTenant(tenant('Acme help'));
    clock.advance(5_001);
    expect((await cached.getTenant('acme'))?.name).toBe('Acme help');
  });
});
