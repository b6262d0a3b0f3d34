/** Tenant profiles are validated against their policy before anything is stored. */
import { describe, expect, it } from 'vitest';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { InvalidInputError } from '../../../shared/tickets/errors.js';

const NOW = Date.parse('2026-03-02T09:00:00Z');
const build = (profile: Record<string, unknown>) =>
  buildTenant('acme', tenantProfileSchema.parse(profile), NOW);

function fieldOf(profile: Record<string, unknown>): string | undefined {
  try {
    build(profile);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidInputError) return error.field;
    throw error;
  }
}

describe('buildTenant', () => {
  it('accepts a plan and a region where the policy has them', () => {
    expect(build({ policy: 'managry', plan: 'premier' }).plan).toBe('premier');
    expect(build({ policy: 'harmoni', region: 'emea' }).region).toBe('emea');
  });

  it('refuses a plan or a region the policy does not have, naming the field', () => {
    expect(fieldOf({ policy: 'interzen', plan: 'gold' })).toBe('plan');
    expect(fieldOf({ policy: 'managry', plan: 'premier', region: 'emea' })).toBe('region');
  });
});
