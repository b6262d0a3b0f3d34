/** PUT/GET /tenants/{tenantId}: admins manage their tenant; plan, region and zone validated by the engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPreset } from '../../../shared/sla/presets/index.js';
import { type ApiHarness, type Caller, createApiHarness } from '../../support/api-harness.js';

let h: ApiHarness;
const admin = (tenant: string): Caller => ({ tenant, role: 'admin' });

beforeAll(async () => {
  h = await createApiHarness('tenants');
});
afterAll(async () => h?.close());

describe('PUT /tenants/{tenantId}', () => {
  it('creates (201) then replaces (200) a tenant, and GET returns it', async () => {
    const profile = {
      name: 'Managry customer',
      policy: 'managry',
      plan: 'premier',
      timezone: 'Europe/Prague',
      supportContacts: [{ name: 'Desk', email: 'desk@acme.example' }],
      escalationRecipients: { '1': ['lead@acme.example'] },
      defaultPriority: 'high',
      allowedRequesterDomains: ['ACME.example'],
      inboundAddress: 'acme@support.localhost',
      language: 'it',
      ticketPrefix: 'ACM',
    };
    const created = await h.call('PUT', '/tenants/acme', { as: admin('acme'), body: profile });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      tenantId: 'acme',
      policy: 'managry',
      plan: 'premier',
      allowedRequesterDomains: ['acme.example'],
    });
    const replaced = await h.call('PUT', '/tenants/acme', {
      as: admin('acme'),
      body: { ...profile, plan: 'standard' },
    });
    expect(replaced.status).toBe(200);
    const got = await h.call('GET', '/tenants/acme', { as: { tenant: 'acme', role: 'agent' } });
    expect(got.body).toMatchObject({ plan: 'standard', language: 'it', defaultPriority: 'high' });

    const ticket = await h.call('POST', '/tickets', {
      as: { tenant: 'acme', role: 'customer', email: 'x@acme.example' },
      body: { subject: 's', description: 'd' },
    });
    expect(ticket.body).toMatchObject({ reference: 'ACM-000001', priority: 'high' });
  });

  it('answers 400 naming the field for what the engine refuses', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ policy: 'no-such-policy' }, 'policy'],
      [{ policy: 'managry' }, 'plan'],
      [{ policy: 'managry', plan: 'gold' }, 'plan'],
      [{ policy: 'harmoni', region: 'mars' }, 'region'],
      [{ policy: 'fenorri' }, 'timezone'],
      [{ policy: 'fenorri', timezone: 'Mars/Olympus' }, 'timezone'],
      [{ policy: 'interzen', defaultPriority: 'p1' }, 'defaultPriority'],
      [{ policy: 'interzen', escalationRecipients: { '9': ['a@b.example'] } }, 'escalationRecipients.9'],
      [{ policy: 'interzen', supportContacts: [{ email: 'not-an-email' }] }, 'supportContacts.0.email'],
      [{ policy: { id: 'mine', priorities: [] } }, 'policy.priorities'],
    ];
    for (const [body, field] of cases) {
      const answer = await h.call('PUT', '/tenants/broken', { as: admin('broken'), body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(
        answer.body.error.fields.map((f: { path: string }) => f.path),
        JSON.stringify(body),
      ).toContain(field);
    }
    expect(
      (await h.call('PUT', '/tenants/Bad_Id', { as: admin('Bad_Id'), body: { policy: 'interzen' } })).status,
    ).toBe(401);
    expect((await h.call('GET', '/tenants/broken', { as: admin('broken') })).status).toBe(404);
  });

  it("accepts a tenant's own policy JSON and computes tickets with it", async () => {
    const preset = getPreset('enterprise-support')!;
    const own = { ...JSON.parse(JSON.stringify(preset)), id: 'own-policy', name: 'Own policy' };
    const put = await h.call('PUT', '/tenants/own', { as: admin('own'), body: { policy: own } });
    expect(put.status).toBe(201);
    expect(put.body.policyId).toBe('own-policy');
    const ticket = await h.call('POST', '/tickets', {
      as: { tenant: 'own', role: 'customer' },
      body: { subject: 's', description: 'd' },
    });
    expect(ticket.status).toBe(201);
    expect(ticket.body.sla.policyId).toBe('own-policy');
    expect(ticket.body.sla.milestones[0]).toMatchObject({ name: 'firstResponse', remainingMinutes: 30 });
  });

  it('answers 403 to agents and customers', async () => {
    for (const role of ['agent', 'customer'] as const) {
      const answer = await h.call('PUT', '/tenants/x1', {
        as: { tenant: 'x1', role },
        body: { policy: 'interzen' },
      });
      expect(answer.status).toBe(403);
    }
  });
});
