/**
 * Customers see staff by role and display name only (issue 10), against DynamoDB Local: a ticket worked by
 * several staff (an agent of the tenant, an admin, `*` staff) in every way the API offers, then every answer its
 * requester and participant can get (the ticket, the list, every page of comments and events, the SLA receipt,
 * the answers to their own changes) and every mail the ticket owes them (the outbox, rendered as it would be
 * sent) is searched for any staff `sub` or email address. Staff themselves still see who did what.
 */
import { QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import type { OwedNotification } from '../../../shared/notifications/mail-plan.js';
import { Notifier } from '../../../shared/notifications/notifier.js';
import type { Mailer, SendLedger } from '../../../shared/notifications/ports.js';
import { type ApiHarness, type Caller, createApiHarness, type Json } from '../../support/api-harness.js';

const TENANT = 'interzen';
const nina: Caller = {
  tenant: TENANT,
  role: 'agent',
  sub: 'sub-nina-7f3a',
  email: 'nina@interzen.example.com',
};
const otto: Caller = {
  tenant: TENANT,
  role: 'admin',
  sub: 'sub-otto-91c2',
  email: 'otto@interzen.example.com',
};
const ops: Caller = { tenant: '*', role: 'agent', sub: 'sub-ops-5d10', email: 'ops@sla-sentinel.example' };
const anna: Caller = { tenant: TENANT, role: 'customer', sub: 'sub-anna', email: 'anna@example.it' };
const carl: Caller = { tenant: TENANT, role: 'customer', sub: 'sub-carl', email: 'carl@example.it' };
const asOps = { as: ops, headers: { 'X-Tenant-Id': TENANT } };

/** Everything that would name a member of staff. */
const STAFF_IDENTITIES = [nina, otto, ops].flatMap((c) => [c.sub!, c.email!]);

let h: ApiHarness;
let id: string;

/** Every item of a paged listing, following the cursor to the end. */
async function allPages(path: string, who: Caller): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 50; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const url: string = `${path}${sep}limit=5${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await h.call('GET', url, { as: who });
    expect(answer.status, url).toBe(200);
    items.push(...answer.body.items);
    cursor = answer.body.cursor;
    if (!cursor) break;
  }
  return items;
}

function leaks(text: string): string[] {
  const lower = text.toLowerCase();
  return STAFF_IDENTITIES.filter((identity) => lower.includes(identity.toLowerCase()));
}

beforeAll(async () => {
  h = await createApiHarness('staff-identity');
  await h.putTenant(TENANT, {
    policy: 'interzen',
    staffDomains: ['interzen.example.com'],
    supportContacts: [{ email: 'team@interzen.example.com' }],
  });
  // Nina opens it for Anna, copies Carl, assigns it to herself by address, then to Otto by sub.
  const created = await h.call('POST', '/tickets', {
    as: nina,
    body: {
      subject: 'Export fails',
      description: 'Every CSV export fails.',
      requester: { email: anna.email!, name: 'Anna' },
      priority: 'high',
      assignee: nina.email,
    },
  });
  expect(created.status).toBe(201);
  id = created.body.id;
  const steps: [Caller, string, string, unknown, Record<string, string>?][] = [
    [nina, 'POST', `/tickets/${id}/participants`, { participants: [{ email: carl.email, name: 'Carl' }] }],
    [nina, 'POST', `/tickets/${id}/comments`, { body: 'Looking into it.' }],
    [nina, 'POST', `/tickets/${id}/comments`, { body: 'Probably the locale.', visibility: 'internal' }],
    [nina, 'PATCH', `/tickets/${id}`, { assignee: otto.sub }],
    [otto, 'PATCH', `/tickets/${id}`, { priority: 'blocking' }],
    [otto, 'POST', `/tickets/${id}/escalations`, { reason: 'customer blocked' }],
    [ops, 'POST', `/tickets/${id}/comments`, { body: 'Ops here: a fix is rolling out.' }, asOps.headers],
    [ops, 'PATCH', `/tickets/${id}`, { status: 'pending_customer' }, asOps.headers],
    [anna, 'POST', `/tickets/${id}/comments`, { body: 'Still failing.' }],
    [otto, 'POST', `/tickets/${id}/participants`, { participants: [{ email: 'dora@example.it' }] }],
    [otto, 'DELETE', `/tickets/${id}/participants/dora@example.it`, undefined],
  ];
  for (const [who, method, path, body, headers] of steps) {
    h.clock.advance(10 * 60_000);
    const answer = await h.call(method, path, {
      as: who,
      ...(body === undefined ? {} : { body }),
      ...(headers ? { headers } : {}),
    });
    expect(answer.status, `${method} ${path}`).toBeLessThan(300);
  }
  // Time passes: reminders and breaches land in the history as the sla-timer would record them.
  h.clock.advance(3 * 24 * 3_600_000);
});
afterAll(async () => h?.close());

describe('what customers get of a ticket worked by staff', () => {
  for (const [name, who] of [
    ['the requester', anna],
    ['a participant', carl],
  ] as const) {
    it(`${name}: no staff sub or email in any answer`, async () => {
      h.clock.advance(60_000);
      const answers: unknown[] = [
        (await h.call('GET', `/tickets/${id}`, { as: who })).body,
        (await h.call('GET', '/tickets?limit=100', { as: who })).body,
        (await h.call('GET', `/tickets?status=pending_customer`, { as: who })).body,
        await allPages(`/tickets/${id}/comments`, who),
        await allPages(`/tickets/${id}/events`, who),
        (await h.call('GET', `/tickets/${id}/sla`, { as: who })).body,
        (await h.call('POST', `/tickets/${id}/comments`, { as: who, body: { body: 'any news?' } })).body,
        (await h.call('POST', `/tickets/${id}/escalations`, { as: who, body: {} })).body,
      ];
      const text = JSON.stringify(answers);
      expect(leaks(text)).toEqual([]);
      // What they do see: that staff did it, by role (and display name where the token had one).
      const view = answers[0] as Json;
      expect(view.assignee).toBe('agent');
      expect(view.createdBy).toEqual({ role: 'agent' });
      const events = answers[4] as Json[];
      const assigned = events.filter((e) => e.type === 'assignee.changed');
      expect(assigned.map((e) => e.data)).toEqual([{ from: 'agent', to: 'agent' }]);
      expect(events.some((e) => e.visibility === 'internal')).toBe(false);
    });
  }

  it('no staff sub or email in the mail the ticket owes its requester and participants', async () => {
    const { Items } = await h.table.client.send(
      new QueryCommand({
        TableName: h.table.tableName,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :outbox)',
        ExpressionAttributeValues: marshall({ ':pk': keys.ticketPk(TENANT, id), ':outbox': 'OUTBOX#' }),
      }),
    );
    const owed = (Items ?? []).map((item) => JSON.parse(unmarshall(item).mail as string) as OwedNotification);
    const toCustomers = owed.filter((n) => n.audience === 'requester');
    // Acknowledgement, Nina's and ops' public replies, the clarification request at least.
    expect(toCustomers.length).toBeGreaterThanOrEqual(4);
    // The staff-side mail exists too (escalation), and may name staff: it goes to staff only.
    expect(owed.some((n) => n.audience === 'staff')).toBe(true);
    const unused = {} as Mailer & SendLedger;
    const notifier = new Notifier({
      mailer: unused,
      ledger: unused,
      clock: h.clock,
      config: { sender: 'support@support.example.com', supportDomain: 'support.example.com' },
    });
    for (const notification of toCustomers) {
      expect([...notification.to, ...(notification.cc ?? [])].some((a) => leaks(a).length > 0)).toBe(false);
      const mail = notifier.compose(notification);
      expect(leaks(JSON.stringify(mail)), notification.input.template).toEqual([]);
    }
  });

  it("customers get no escalation level names, nor staff's reasons for escalating; staff do", async () => {
    const levelNames = (events: Json[]) =>
      events.filter((e) => e.type === 'escalation.requested').map((e) => e.data.levelName);
    for (const who of [anna, carl]) {
      const view = (await h.call('GET', `/tickets/${id}`, { as: who })).body;
      expect(view.sla.escalationLevel).toBeGreaterThan(0);
      expect(view.sla.escalationLevelName).toBeNull();
      const listed = (await h.call('GET', '/tickets?limit=100', { as: who })).body.items as Json[];
      expect(listed.find((t) => t.id === id)?.sla.escalationLevelName).toBeNull();
      const events = await allPages(`/tickets/${id}/events`, who);
      const requested = events.filter((e) => e.type === 'escalation.requested');
      expect(levelNames(events).length).toBeGreaterThan(0);
      expect(levelNames(events).every((n) => n === null)).toBe(true);
      expect(requested.find((e) => e.actor.role === 'admin')?.data.reason).toBeNull();
      expect(JSON.stringify(events)).not.toContain('customer blocked');
      expect(events.filter((e) => e.type === 'sla.escalated').every((e) => e.data.name === null)).toBe(true);
    }
    // A customer's own reason stays theirs to see (on a policy that lets customers escalate).
    await h.putTenant('escalating', { policy: 'enterprise-support' });
    const eve: Caller = { tenant: 'escalating', role: 'customer', sub: 'sub-eve', email: 'eve@example.it' };
    const mine = await h.call('POST', '/tickets', {
      as: eve,
      body: { subject: 'Payroll', description: 'Payroll export fails.', priority: 'high' },
    });
    const own = await h.call('POST', `/tickets/${mine.body.id}/escalations`, {
      as: eve,
      body: { reason: 'our payroll run is tomorrow' },
    });
    expect(own.status).toBeLessThan(300);
    const ownEvents = await allPages(`/tickets/${mine.body.id}/events`, eve);
    const ownRequest = ownEvents.find((e) => e.type === 'escalation.requested');
    expect(ownRequest?.data).toMatchObject({ reason: 'our payroll run is tomorrow', levelName: null });
    // Staff see the names and every reason.
    const staffView = (await h.call('GET', `/tickets/${id}`, { as: nina })).body;
    expect(typeof staffView.sla.escalationLevelName).toBe('string');
    const staffEvents = await allPages(`/tickets/${id}/events`, nina);
    expect(levelNames(staffEvents).some((n) => typeof n === 'string')).toBe(true);
    expect(JSON.stringify(staffEvents)).toContain('customer blocked');
  });

  it('staff still see who did what', async () => {
    const view = (await h.call('GET', `/tickets/${id}`, { as: nina })).body;
    expect(view.assignee).toBe(otto.sub);
    expect(view.createdBy).toMatchObject({ sub: nina.sub, email: nina.email });
    const events = await allPages(`/tickets/${id}/events`, nina);
    expect(events.find((e) => e.type === 'assignee.changed')?.data).toEqual({
      from: nina.email,
      to: otto.sub,
    });
  });
});
