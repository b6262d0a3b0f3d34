/**
 * Tenant closures and policies with their own calendars, through the API against DynamoDB Local: a closure
 * moves a ticket's deadlines, a bad closure or calendar is a 400 naming the field, and the OpenAPI document
 * carries the field.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, type Caller, createApiHarness, type Json } from '../../support/api-harness.js';

let h: ApiHarness;
const admin = (tenant: string): Caller => ({ tenant, role: 'admin' });
const customer = (tenant: string): Caller => ({ tenant, role: 'customer', email: `ann@${tenant}.example` });
const SUMMER = { from: '2026-08-03', to: '2026-08-21', note: 'summer closing' };
// Fri 31 July 2026 10:00 Rome: Interzen blocking has 7 working hours that day, so its resolution (1 working
// day, 8 h) needs one more: Mon 3 Aug 10:00 Rome without closures, Mon 24 Aug 10:00 with the summer closing.
const CREATED = Date.parse('2026-07-31T08:00:00Z');

beforeAll(async () => {
  h = await createApiHarness('tenantcal');
});
afterAll(async () => h?.close());

const dueOf = (ticket: Json, name: string): string | undefined =>
  ticket.sla.milestones.find((m: { name: string }) => m.name === name)?.dueAt;

async function openTicket(tenant: string): Promise<Json> {
  const answer = await h.call('POST', '/tickets', {
    as: customer(tenant),
    body: { subject: 'Server down', description: 'Nothing answers', priority: 'blocking' },
  });
  expect(answer.status).toBe(201);
  return answer.body;
}

describe('tenant closures', () => {
  it('PUT /tenants/interzen with an August closure: a ticket of 31 July is due after it', async () => {
    h.clock.set(CREATED);
    const put = await h.call('PUT', '/tenants/interzen', {
      as: admin('interzen'),
      body: { policy: 'interzen', closures: [SUMMER, '2026-12-24'] },
    });
    expect(put.status).toBe(201);
    expect(put.body.closures).toEqual([SUMMER, '2026-12-24']);
    const got = await h.call('GET', '/tenants/interzen', { as: admin('interzen') });
    expect(got.body.closures).toEqual([SUMMER, '2026-12-24']);

    const ticket = await openTicket('interzen');
    expect(dueOf(ticket, 'firstResponse')).toBe('2026-07-31T09:00:00Z');
    expect(dueOf(ticket, 'resolution')).toBe('2026-08-24T08:00:00Z');
  });

  it("changing a tenant's closures moves an open ticket's deadlines (recomputed from its history)", async () => {
    h.clock.set(CREATED);
    await h.putTenant('interzen-late', { policy: 'interzen' });
    const ticket = await openTicket('interzen-late');
    expect(dueOf(ticket, 'resolution')).toBe('2026-08-03T08:00:00Z');

    const put = await h.call('PUT', '/tenants/interzen-late', {
      as: admin('interzen-late'),
      body: { policy: 'interzen', closures: [SUMMER] },
    });
    expect(put.status).toBe(200);
    const after = await h.call('PATCH', `/tickets/${ticket.id}`, {
      as: { tenant: 'interzen-late', role: 'agent' },
      body: { assignee: 'marco' },
    });
    expect(after.status).toBe(200);
    expect(dueOf(after.body, 'resolution')).toBe('2026-08-24T08:00:00Z');
  });

  it('answers 400 naming the closure field', async () => {
    const cases: [unknown, string][] = [
      [['2026-01-01', { from: '2026-08-21', to: '2026-08-03' }], 'closures.1.to'],
      [['2026-02-30'], 'closures.0'],
      [[{ from: '2026-01-01', to: '2027-06-01' }], 'closures.0.to'],
      [[{ from: '2026-01-01', to: '2026-01-02', reason: 'x' }], 'closures.0'],
      [Array.from({ length: 201 }, () => '2026-01-01'), 'closures'],
    ];
    for (const [closures, field] of cases) {
      const answer = await h.call('PUT', '/tenants/badclosures', {
        as: admin('badclosures'),
        body: { policy: 'interzen', closures },
      });
      expect(answer.status, field).toBe(400);
      expect(
        answer.body.error.fields.map((f: { path: string }) => f.path),
        field,
      ).toContain(field);
    }
  });
});

describe("a tenant's own policy with its own calendar", () => {
  const example = JSON.parse(
    readFileSync(new URL('../../../docs/examples/policy-custom-calendar.json', import.meta.url), 'utf8'),
  );

  it('computes with the calendar and the tenant closures on top of it', async () => {
    // Mon 3 Aug 2026 16:00 Madrid: normal firstResponse 4 h = 16-18 (2 h) + Tue 08:00-10:00 Madrid, unless
    // the tenant closes Tuesday 4 August: then Wednesday 08:00-10:00.
    h.clock.set(Date.parse('2026-08-03T14:00:00Z'));
    await h.putTenant('acme', { policy: example, closures: ['2026-08-04'] });
    const answer = await h.call('POST', '/tickets', {
      as: customer('acme'),
      body: { subject: 's', description: 'd', priority: 'normal' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.sla.policyId).toBe('acme-split');
    expect(dueOf(answer.body, 'firstResponse')).toBe('2026-08-05T08:00:00Z');
  });

  it('answers 400 naming the bad field of its calendar', async () => {
    const broken = structuredClone(example);
    broken.calendars[0].windows[1].zone = 'Mars/Base';
    const answer = await h.call('PUT', '/tenants/acme2', { as: admin('acme2'), body: { policy: broken } });
    expect(answer.status).toBe(400);
    expect(answer.body.error.fields.map((f: { path: string }) => f.path)).toContain(
      'policy.calendars[0].windows[1].zone',
    );
  });
});

describe('OpenAPI', () => {
  it('documents closures on the tenant body (from the zod schema)', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body;
    const text = JSON.stringify(doc);
    expect(text).toContain('"closures"');
    expect(text).toContain('last closed date (inclusive), YYYY-MM-DD');
  });
});
