/**
 * `GET /tickets/{id}/sla` through the real API and DynamoDB Local: an interzen (Mon-Fri 09:00-13:00 and
 * 14:30-18:30 Europe/Rome) medium ticket answered, paused for the customer, resumed by the customer's reply,
 * raised to high (recomputed from its start), then breached. Every answer is also checked against the route's
 * zod schema by the harness. Hand-worked:
 * - created Mon 2026-11-16 08:00Z (09:00 Rome); resolution medium = 5 working days = 40 h;
 * - agent reply 10:00Z meets firstResponse; pending_customer from 10:00Z (2 h used: 09:00-11:00 Rome);
 * - customer replies Tue 08:00Z (09:00 Rome): resumed;
 * - raised to high (2 days = 16 h) at Tue 08:30Z: 2 h Mon, Tue 09:00-13:00, 14:30-18:30 (10 h), Wed 09:00-13:00
 *   (14 h), Wed 14:30-16:30 (16 h): due Wed 18 15:30Z; before, medium's 40 h were due Mon 23 15:30Z
 *   (2 h Mon 16, 32 h Tue-Fri, 6 h Mon 23: 09:00-13:00, 14:30-16:30 Rome);
 * - at Wed 16:00Z the resolution is breached (since 15:30Z), escalating to level 2, "Service manager".
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiHarness, type Caller, createApiHarness } from '../../support/api-harness.js';

let h: ApiHarness;
const TENANT = 'interzen-receipt';
const customer: Caller = { tenant: TENANT, role: 'customer', email: 'ann@client.example' };
const agent: Caller = { tenant: TENANT, role: 'agent', email: 'bob@support.example' };

beforeAll(async () => {
  h = await createApiHarness('sla-receipt');
  await h.putTenant(TENANT, { policy: 'interzen' });
});
afterAll(async () => h?.close());

// biome-ignore lint/suspicious/noExplicitAny: the receipt is read field by field
const cycle = (receipt: any, name: string) => (receipt.milestones as any[]).find((m) => m.name === name);
// biome-ignore lint/suspicious/noExplicitAny: as above
const minutesOf = (segments: any[]) => segments.reduce((sum, s) => sum + s.minutes, 0);

it('explains a pause, a priority change and a breach; customers get the customer-safe part', async () => {
  h.clock.set(Date.parse('2026-11-16T08:00:00Z'));
  const created = await h.call('POST', '/tickets', {
    as: customer,
    body: { subject: 'Invoices missing', description: 'November invoices are missing.', priority: 'medium' },
  });
  expect(created.status).toBe(201);
  const id = created.body.id;

  h.clock.set(Date.parse('2026-11-16T10:00:00Z'));
  const reply = { body: 'Which account?', visibility: 'public' };
  expect((await h.call('POST', `/tickets/${id}/comments`, { as: agent, body: reply })).status).toBe(201);
  const pause = { status: 'pending_customer' };
  expect((await h.call('PATCH', `/tickets/${id}`, { as: agent, body: pause })).status).toBe(200);

  // While paused: no due instant yet, the walk stops at the pause.
  h.clock.set(Date.parse('2026-11-16T15:00:00Z'));
  const paused = cycle((await h.call('GET', `/tickets/${id}/sla`, { as: agent })).body, 'resolution');
  expect(paused).toMatchObject({ state: 'paused', dueAt: null, upToDue: { dueAt: null } });
  expect(paused.pauses).toEqual([{ from: '2026-11-16T10:00:00Z', to: null, status: 'pending_customer' }]);
  expect(paused.upToNow.usedMinutes).toBe(120);

  h.clock.set(Date.parse('2026-11-17T08:00:00Z'));
  const answer = { body: 'Account 42.' };
  expect((await h.call('POST', `/tickets/${id}/comments`, { as: customer, body: answer })).status).toBe(201);
  h.clock.set(Date.parse('2026-11-17T08:30:00Z'));
  expect((await h.call('PATCH', `/tickets/${id}`, { as: agent, body: { priority: 'high' } })).status).toBe(
    200,
  );

  h.clock.set(Date.parse('2026-11-18T16:00:00Z'));
  const answered = await h.call('GET', `/tickets/${id}/sla`, { as: agent });
  expect(answered.status).toBe(200);
  const receipt = answered.body;
  expect(receipt).toMatchObject({
    ticketId: id,
    asOf: '2026-11-18T16:00:00Z',
    policy: { id: 'interzen', plan: null, region: null },
    priority: 'high',
    escalationLevel: 2,
    escalationLevelName: 'Service manager',
  });

  expect(cycle(receipt, 'firstResponse')).toMatchObject({
    state: 'met',
    metAt: '2026-11-16T10:00:00Z',
    dueAt: '2026-11-16T17:30:00Z',
    target: { priority: 'medium', rule: 'business', calendar: 'interzen-working', within: '8h' },
    upToNow: { usedMinutes: 120 },
  });

  const resolution = cycle(receipt, 'resolution');
  expect(resolution).toMatchObject({
    state: 'breached',
    dueAt: '2026-11-18T15:30:00Z',
    breachedAt: '2026-11-18T15:30:00Z',
    target: { priority: 'high', rule: 'business', within: '2bd', budgetMinutes: 960, pausable: true },
    breach: { at: '2026-11-18T15:30:00Z', escalatedTo: 2, escalatedToName: 'Service manager' },
    upToDue: { dueAt: '2026-11-18T15:30:00Z' },
  });
  expect(resolution.pauses).toEqual([
    { from: '2026-11-16T10:00:00Z', to: '2026-11-17T08:00:00Z', status: 'pending_customer' },
  ]);
  expect(resolution.priorityChanges).toEqual([
    {
      at: '2026-11-17T08:30:00Z',
      from: 'medium',
      to: 'high',
      previousDueAt: '2026-11-23T15:30:00Z',
      dueAt: '2026-11-18T15:30:00Z',
      breached: false,
    },
  ]);
  // The walk: segments add up to the budget and end at the due instant; the pause and the lunch gap are named.
  expect(minutesOf(resolution.upToDue.segments)).toBe(960);
  expect(resolution.upToDue.segments.at(-1).to).toBe('2026-11-18T15:30:00Z');
  expect(resolution.upToDue.segments[0]).toMatchObject({
    from: '2026-11-16T08:00:00Z',
    to: '2026-11-16T10:00:00Z',
    zone: 'Europe/Rome',
    localFrom: 'Mon 2026-11-16 09:00',
    localTo: 'Mon 2026-11-16 11:00',
  });
  expect(resolution.upToDue.gaps[0]).toMatchObject({
    from: '2026-11-16T10:00:00Z',
    to: '2026-11-17T08:00:00Z',
    reasons: expect.arrayContaining([{ kind: 'paused', status: 'pending_customer' }]),
  });
  expect(resolution.upToDue.gaps[1]).toMatchObject({
    from: '2026-11-17T12:00:00Z',
    to: '2026-11-17T13:30:00Z',
    reasons: [{ kind: 'outside-hours', name: 'outside hours' }],
  });
  // Past the due instant, "up to now" is the whole walk: the clock stopped counting at the breach.
  expect(resolution.upToNow.segments).toEqual(resolution.upToDue.segments);

  // The customer: same deadlines and walks, no staff-side names.
  const safe = await h.call('GET', `/tickets/${id}/sla`, { as: customer });
  expect(safe.status).toBe(200);
  expect(safe.body.escalationLevelName).toBeNull();
  expect(cycle(safe.body, 'resolution').breach).toEqual({ ...resolution.breach, escalatedToName: null });
  expect(cycle(safe.body, 'resolution').upToDue).toEqual(resolution.upToDue);
});

it('answers 404 for a ticket of another tenant, and 401 without a token', async () => {
  h.clock.set(Date.parse('2026-11-16T08:00:00Z'));
  const created = await h.call('POST', '/tickets', {
    as: customer,
    body: { subject: 'Login', description: 'Cannot log in.', priority: 'low' },
  });
  const other: Caller = { tenant: 'someone-else', role: 'agent', email: 'eve@other.example' };
  await h.putTenant('someone-else', { policy: 'interzen' });
  expect((await h.call('GET', `/tickets/${created.body.id}/sla`, { as: other })).status).toBe(404);
  expect((await h.call('GET', `/tickets/${created.body.id}/sla`)).status).toBe(401);
});
