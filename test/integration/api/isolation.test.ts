/** Tenant isolation: a customer (or agent) of one tenant can neither read, list, change, comment on nor escalate another's ticket. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiHarness, type Caller, createApiHarness } from '../../support/api-harness.js';

let h: ApiHarness;
const customerA: Caller = { tenant: 'enterprise-support', role: 'customer' };
const agentA: Caller = { tenant: 'enterprise-support', role: 'agent' };
const customerB: Caller = { tenant: 'standard-support', role: 'customer' };
let ticketB: { id: string; reference: string };

beforeAll(async () => {
  h = await createApiHarness('isolation');
  await h.putTenant('enterprise-support', { policy: 'enterprise-support' });
  await h.putTenant('standard-support', { policy: 'standard-support' });
  ticketB = (
    await h.call('POST', '/tickets', { as: customerB, body: { subject: 'B only', description: 'secret' } })
  ).body;
});
afterAll(async () => h?.close());

it("answers 404 to every route on another tenant's ticket", async () => {
  for (const who of [customerA, agentA]) {
    expect((await h.call('GET', `/tickets/${ticketB.id}`, { as: who })).status).toBe(404);
    expect((await h.call('GET', `/tickets/${ticketB.id}/events`, { as: who })).status).toBe(404);
    expect((await h.call('GET', `/tickets/${ticketB.id}/comments`, { as: who })).status).toBe(404);
    const comment = await h.call('POST', `/tickets/${ticketB.id}/comments`, {
      as: who,
      body: { body: 'hi' },
    });
    expect(comment.status).toBe(404);
    const escalate = await h.call('POST', `/tickets/${ticketB.id}/escalations`, { as: who, body: {} });
    expect(escalate.status).toBe(404);
  }
  expect(
    (await h.call('PATCH', `/tickets/${ticketB.id}`, { as: agentA, body: { status: 'open' } })).status,
  ).toBe(404);
});

it("lists none of another tenant's tickets, whatever the filter", async () => {
  await h.call('POST', '/tickets', { as: customerA, body: { subject: 'A', description: 'mine' } });
  for (const query of [
    '',
    '?status=new',
    '?priority=medium',
    '?dueWithinMinutes=100000',
    '?milestoneState=breached',
  ]) {
    const answer = await h.call('GET', `/tickets${query}`, { as: customerA });
    expect(answer.status).toBe(200);
    expect(
      answer.body.items.some((t: { id: string }) => t.id === ticketB.id),
      query,
    ).toBe(false);
    expect(answer.body.items.every((t: { tenantId: string }) => t.tenantId === 'enterprise-support')).toBe(
      true,
    );
  }
  // B's ticket is still untouched by all of the above.
  const own = await h.call('GET', `/tickets/${ticketB.id}`, { as: customerB });
  expect(own.body.version).toBe(1);
});

it("cannot replay another tenant's cursor", async () => {
  await h.call('POST', '/tickets', { as: customerB, body: { subject: 'B2', description: 'x' } });
  const pageB = await h.call('GET', '/tickets?limit=1', { as: customerB });
  expect(pageB.body.cursor).toEqual(expect.any(String));
  const answer = await h.call('GET', `/tickets?limit=1&cursor=${pageB.body.cursor}`, { as: customerA });
  expect(answer.status).toBe(400);
});

it('refuses tenant management across tenants and for non-admins', async () => {
  expect((await h.call('GET', '/tenants/standard-support', { as: agentA })).status).toBe(403);
  expect((await h.call('GET', '/tenants/enterprise-support', { as: customerA })).status).toBe(403);
  const put = await h.call('PUT', '/tenants/standard-support', {
    as: { tenant: 'enterprise-support', role: 'admin' },
    body: { policy: 'interzen' },
  });
  expect(put.status).toBe(403);
});
