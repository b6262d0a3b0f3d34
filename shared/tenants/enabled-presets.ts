/**
 * The deployment's choice of presets (CDK context `presets` -> `SLA_PRESETS`): a tenant may be put only on an
 * enabled preset. Enforced where tenants are stored, so it runs after the admin check and the engine's own
 * validation of the profile (an unknown preset or a bad plan still gets the engine's message). A tenant that
 * brings its own policy is not on a preset and is not limited; tenants already stored keep working.
 */
import { ENV, getOptionalStringFromEnv } from '../runtime/env.js';
import { PRESET_IDS } from '../sla/presets/index.js';
import { InvalidInputError } from '../tickets/errors.js';
import type { TenantRepository } from './ports.js';
import type { Tenant } from './tenant.js';

/** The enabled preset ids, or undefined when `SLA_PRESETS` is unset (every preset). */
export function enabledPresetsFromEnv(env: NodeJS.ProcessEnv = process.env): ReadonlySet<string> | undefined {
  const raw = getOptionalStringFromEnv(ENV.enabledPresets, env);
  if (raw === undefined) return undefined;
  const ids = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const unknown = ids.filter((id) => !PRESET_IDS.includes(id));
  // The CDK config validates the same list; a hand-edited variable must not silently enable nothing.
  if (ids.length === 0 || unknown.length > 0) {
    throw new Error(
      `${ENV.enabledPresets} must list built-in presets (${PRESET_IDS.join(', ')}); got ${JSON.stringify(raw)}`,
    );
  }
  return new Set(ids);
}

export class EnabledPresetsTenantRepository implements TenantRepository {
  readonly #inner: TenantRepository;
  readonly #enabled: ReadonlySet<string>;

  constructor(inner: TenantRepository, enabled: ReadonlySet<string>) {
    this.#inner = inner;
    this.#enabled = enabled;
  }

  getTenant(tenantId: string): Promise<Tenant | null> {
    return this.#inner.getTenant(tenantId);
  }

  async putTenant(tenant: Tenant): Promise<boolean> {
    if (tenant.customPolicy === undefined && !this.#enabled.has(tenant.policyId)) {
      throw new InvalidInputError(
        'policy',
        `policy ${JSON.stringify(tenant.policyId)} is not enabled in this deployment (enabled: ${[...this.#enabled].join(', ')})`,
      );
    }
    return this.#inner.putTenant(tenant);
  }
}
