/** No lost update: 50 concurrent writers on one ticket all land (conditional writes on the version + retry). */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type ApiHarness, type Caller, createApiHarness } from '../../support/api-harness.js';

let h: ApiHarness;
const TENANT = 'interzen';
const agent: Caller = { tenant: TENANT, role: 'agent' };

beforeAll(async () => {
  h = await createApiHarness('concurrency');
  await h.putTenant(TENANT, { policy: 'interzen' });
});
afterAll(async () => h?.close());

const openTicket = async () =>
  (
    await h.call('POST', '/tickets', {
      as: agent,
      body: { subject: 's', description: 'd', requester: { email: 'a@b.example' } },
    })
  ).body;

/** Fifty writers started at once. */
const fiftyAtOnce = <T>(write: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: 50 }, (_, i) => write(i)));

/** What the fifty writers wrote, in the order `sort()` gives. */
const fifty = (label: (i: number) => string) => Array.from({ length: 50 }, (_, i) => label(i)).sort();

it('50 concurrent comments on one ticket: 50 comments, 50 events, version 51', async () => {
  const ticket = await openTicket();
  const answers = await fiftyAtOnce((i) =>
    h.call('POST', `/tickets/${ticket.id}/comments`, {
      as: agent,
      body: { body: `note ${i}`, visibility: 'internal' },
    }),
  );
  expect(answers.filter((a) => a.status !== 201).map((a) => a.body)).toEqual([]);
  const after = await h.call('GET', `/tickets/${ticket.id}`, { as: agent });
  expect(after.body.version).toBe(51);
  const comments = await h.call('GET', `/tickets/${ticket.id}/comments?limit=100`, { as: agent });
  expect(comments.body.items.map((c: { body: string }) => c.body).sort()).toEqual(fifty((i) => `note ${i}`));
  const events = await h.call('GET', `/tickets/${ticket.id}/events?limit=100`, { as: agent });
  const added = events.body.items.filter((e: { type: string }) => e.type === 'comment.added');
  expect(added).toHaveLength(50);
  expect(new Set(added.map((e: { version: number }) => e.version)).size).toBe(50);
});

it('50 concurrent PATCHes of one ticket: every assignee change is recorded, none lost', async () => {
  const ticket = await openTicket();
  const answers = await fiftyAtOnce((i) =>
    h.call('PATCH', `/tickets/${ticket.id}`, { as: agent, body: { assignee: `agent-${i}` } }),
  );
  expect(answers.filter((a) => a.status !== 200).map((a) => a.body)).toEqual([]);
  const after = await h.call('GET', `/tickets/${ticket.id}`, { as: agent });
  expect(after.body.version).toBe(51);
  const events = await h.call('GET', `/tickets/${ticket.id}/events?limit=100`, { as: agent });
  const changes = events.body.items.filter((e: { type: string }) => e.type === 'assignee.changed');
  expect(changes.map((e: { data: { to: string } }) => e.data.to).sort()).toEqual(fifty((i) => `agent-${i}`));
  // The chain of changes is unbroken: each change starts from the assignee the previous one set.
  for (let i = 1; i < changes.length; i++) expect(changes[i].data.from).toBe(changes[i - 1].data.to);
  expect(after.body.assignee).toBe(changes.at(-1).data.to);
});
