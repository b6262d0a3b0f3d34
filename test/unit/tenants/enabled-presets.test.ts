/** `SLA_PRESETS` in the api Lambda: parsed strictly, enforced where tenants are stored, custom policies free. */
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../shared/sla/presets/index.js';
import {
  EnabledPresetsTenantRepository,
  enabledPresetsFromEnv,
} from '../../../shared/tenants/enabled-presets.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { InvalidInputError } from '../../../shared/tickets/errors.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';

const NOW = Date.parse('2026-03-02T09:00:00Z');

describe('enabledPresetsFromEnv', () => {
  it('unset or empty means every preset', () => {
    expect(enabledPresetsFromEnv({})).toBeUndefined();
    expect(enabledPresetsFromEnv({ SLA_PRESETS: '' })).toBeUndefined();
  });

  it('reads a comma list (spaces allowed) and refuses ids that are not built-in presets', () => {
    expect([...(enabledPresetsFromEnv({ SLA_PRESETS: 'interzen, harmoni' }) ?? [])]).toEqual([
      'interzen',
      'harmoni',
    ]);
    expect(() => enabledPresetsFromEnv({ SLA_PRESETS: 'interzen,nosuch' })).toThrow(/SLA_PRESETS/);
    expect(() => enabledPresetsFromEnv({ SLA_PRESETS: ' , ' })).toThrow(/SLA_PRESETS/);
  });
});

describe('EnabledPresetsTenantRepository', () => {
  const inner = new InMemoryTenantRepository();
  const repo = new EnabledPresetsTenantRepository(inner, new Set(['interzen']));

  it('stores a tenant on an enabled preset', async () => {
    const tenant = buildTenant('acme', tenantProfileSchema.parse({ policy: 'interzen' }), NOW);
    expect(await repo.putTenant(tenant)).toBe(true);
    expect((await repo.getTenant('acme'))?.policyId).toBe('interzen');
  });

  it('refuses another preset with an input error on `policy`, storing nothing', async () => {
    const tenant = buildTenant('ent', tenantProfileSchema.parse({ policy: 'enterprise-support' }), NOW);
    const error = await repo.putTenant(tenant).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).field).toBe('policy');
    expect(await inner.getTenant('ent')).toBeNull();
  });

  it('lets a tenant bring its own policy (not a preset)', async () => {
    const own = { ...getPreset('enterprise-support'), id: 'acme-own' };
    const tenant = buildTenant('own', tenantProfileSchema.parse({ policy: own }), NOW);
    expect(await repo.putTenant(tenant)).toBe(true);
  });
});
