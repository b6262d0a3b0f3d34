/**
 * Issue 12's fenorri example through the real API and DynamoDB Local, as a user would try it: a priority change
 * made while the ticket is resolved applies at the reopen (spec section 3, "a milestone always runs on the
 * ticket's current priority"). Hand-worked in test/unit/sla/milestones-priority-on-resume.test.ts.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiHarness, type Caller, createApiHarness } from '../../support/api-harness.js';

let h: ApiHarness;
const TENANT = 'fenorri-eu';
const customer: Caller = { tenant: TENANT, role: 'customer', email: 'ann@client.example' };
const agent: Caller = { tenant: TENANT, role: 'agent', email: 'bob@support.example' };

beforeAll(async () => {
  h = await createApiHarness('priority-reopen');
  await h.putTenant(TENANT, { policy: 'fenorri', timezone: 'Europe/London' });
});
afterAll(async () => h?.close());

// biome-ignore lint/suspicious/noExplicitAny: the ticket's answer is read field by field
const milestone = (ticket: any, name: string) =>
  // biome-ignore lint/suspicious/noExplicitAny: as above
  (ticket.sla.milestones as any[]).find((m) => m.name === name && m.cycle === 1);

it('raised to high while resolved: the reopen breaches escalation at once and resumes resolution on high', async () => {
  h.clock.set(Date.parse('2027-03-01T17:43:00Z'));
  const created = await h.call('POST', '/tickets', {
    as: customer,
    body: { subject: 'Export fails', description: 'Since this morning.', priority: 'medium' },
  });
  expect(created.status).toBe(201);
  const id = created.body.id;
  h.clock.set(Date.parse('2027-03-03T03:03:00Z'));
  expect((await h.call('PATCH', `/tickets/${id}`, { as: agent, body: { status: 'resolved' } })).status).toBe(
    200,
  );
  h.clock.set(Date.parse('2027-03-03T03:10:00Z'));
  expect((await h.call('PATCH', `/tickets/${id}`, { as: agent, body: { priority: 'high' } })).status).toBe(
    200,
  );
  h.clock.set(Date.parse('2027-03-04T04:10:00Z'));
  const reopened = await h.call('PATCH', `/tickets/${id}`, { as: customer, body: { status: 'open' } });
  expect(reopened.status).toBe(200);

  const ticket = (await h.call('GET', `/tickets/${id}`, { as: agent })).body;
  expect(milestone(ticket, 'escalation')).toMatchObject({
    state: 'breached',
    dueAt: '2027-03-02T01:43:00Z',
    breachedAt: '2027-03-04T04:10:00Z',
  });
  expect(milestone(ticket, 'resolution')).toMatchObject({ state: 'running', dueAt: '2027-03-04T18:50:00Z' });
});
