/**
 * Every ticket route and its error cases, through the real API function and DynamoDB Local (the run's one
 * emulator, this file's own table), with the claims API Gateway's JWT authorizer would pass.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, type Caller, createApiHarness } from '../../support/api-harness.js';
import { forgedCursors } from '../../support/forged-cursors.js';

let h: ApiHarness;
const TENANT = 'enterprise-support';
const customer: Caller = { tenant: TENANT, role: 'customer', email: 'ann@client.example' };
const agent: Caller = { tenant: TENANT, role: 'agent', email: 'bob@support.example' };
const MINUTE = 60_000;

beforeAll(async () => {
  h = await createApiHarness('tickets');
  // enterprise-support: firstResponse 30 min on the 24x7 calendar; customers may request escalation (levels 1-3).
  await h.putTenant(TENANT, { policy: 'enterprise-support' });
  await h.putTenant('interzen', { policy: 'interzen' });
});
afterAll(async () => h?.close());

const newTicket = async (body: Record<string, unknown> = {}, as: Caller = customer) => {
  const answer = await h.call('POST', '/tickets', {
    as,
    body: { subject: 'Printer on fire', description: 'It is really on fire.', ...body },
  });
  expect(answer.status).toBe(201);
  return answer.body;
};

describe('POST /tickets', () => {
  it('creates a ticket with its case number and live SLA', async () => {
    const ticket = await newTicket({ priority: 'high', channel: 'phone', type: 'incident', language: 'en' });
    expect(ticket).toMatchObject({
      tenantId: TENANT,
      status: 'new',
      priority: 'high',
      channel: 'phone',
      type: 'incident',
      language: 'en',
      requester: { email: 'ann@client.example' },
      version: 1,
    });
    expect(ticket.reference).toMatch(/^ENT-\d{6}$/);
    expect(ticket.sla.milestones).toEqual([
      expect.objectContaining({
        name: 'firstResponse',
        state: 'running',
        elapsedMinutes: 0,
        remainingMinutes: 30,
      }),
    ]);
    expect(Date.parse(ticket.sla.milestones[0].dueAt) - Date.parse(ticket.sla.milestones[0].startedAt)).toBe(
      30 * MINUTE,
    );
  });

  it('answers 400 with the field and the reason for bad bodies, never a 500', async () => {
    const missing = await h.call('POST', '/tickets', { as: customer, body: { description: 'x' } });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('validation_failed');
    expect(missing.body.error.fields).toEqual([expect.objectContaining({ path: 'subject' })]);

    const unknownField = await h.call('POST', '/tickets', {
      as: customer,
      body: { subject: 's', description: 'd', color: 'red' },
    });
    expect(unknownField.status).toBe(400);

    const badEnum = await h.call('POST', '/tickets', {
      as: customer,
      body: { subject: 's', description: 'd', channel: 'fax' },
    });
    expect(badEnum.body.error.fields[0].path).toBe('channel');

    const malformed = await h.call('POST', '/tickets', { as: customer, rawBody: '{"subject": ' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.code).toBe('malformed_json');

    const empty = await h.call('POST', '/tickets', { as: customer, rawBody: '' });
    expect(empty.status).toBe(400);

    const notObject = await h.call('POST', '/tickets', { as: customer, rawBody: '[1,2]' });
    expect(notObject.status).toBe(400);

    const badPriority = await h.call('POST', '/tickets', {
      as: customer,
      body: { subject: 's', description: 'd', priority: 'p1' },
    });
    expect(badPriority.status).toBe(400);
    expect(badPriority.body.error.fields[0].path).toBe('priority');
  });

  it('answers 401 without a token or with claims missing role/tenant, and 404 for an unconfigured tenant', async () => {
    expect((await h.call('POST', '/tickets', { body: { subject: 's', description: 'd' } })).status).toBe(401);
    const noRole = await h.call('GET', '/tickets', {
      as: { tenant: TENANT, role: 'wizard' as never },
    });
    expect(noRole.status).toBe(401);
    const unknownTenant = await h.call('POST', '/tickets', {
      as: { tenant: 'nobody-here', role: 'customer' },
      body: { subject: 's', description: 'd' },
    });
    expect(unknownTenant.status).toBe(404);
    expect(unknownTenant.body.error.code).toBe('tenant_not_found');
  });
});

describe('GET /tickets/{id} and routing', () => {
  it('reads a ticket and answers 404 for unknown ids', async () => {
    const ticket = await newTicket();
    const got = await h.call('GET', `/tickets/${ticket.id}`, { as: agent });
    expect(got.status).toBe(200);
    expect(got.body.id).toBe(ticket.id);
    expect((await h.call('GET', '/tickets/t_doesnotexist', { as: agent })).status).toBe(404);
    expect((await h.call('GET', `/tickets/${encodeURIComponent('a#b')}`, { as: agent })).status).toBe(404);
  });

  it('answers 404 for unknown routes and 405 for wrong methods', async () => {
    expect((await h.call('GET', '/nope', { as: agent })).status).toBe(404);
    expect((await h.call('DELETE', '/tickets', { as: agent })).status).toBe(405);
  });

  it('shows a passed deadline as breached at request time, before any timer fires', async () => {
    const ticket = await newTicket();
    h.clock.advance(31 * MINUTE);
    const got = await h.call('GET', `/tickets/${ticket.id}`, { as: agent });
    expect(got.body.sla.milestones[0]).toMatchObject({
      name: 'firstResponse',
      state: 'breached',
      remainingMinutes: 0,
    });
    expect(got.body.sla.milestones[0].breachedAt).toBe(ticket.sla.milestones[0].dueAt);
  });
});

describe('PATCH /tickets/{id}', () => {
  it('changes status, priority and assignee, and answers 409 for a bad transition', async () => {
    const ticket = await newTicket();
    const changed = await h.call('PATCH', `/tickets/${ticket.id}`, {
      as: agent,
      body: { status: 'open', priority: 'high', assignee: 'bob' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ status: 'open', priority: 'high', assignee: 'bob', version: 2 });
    const bad = await h.call('PATCH', `/tickets/${ticket.id}`, { as: agent, body: { status: 'closed' } });
    expect(bad.status).toBe(409);
    expect(bad.body.error.code).toBe('invalid_transition');
    expect((await h.call('PATCH', `/tickets/${ticket.id}`, { as: agent, body: {} })).status).toBe(400);
    expect(
      (await h.call('PATCH', `/tickets/${ticket.id}`, { as: agent, body: { status: 'done' } })).status,
    ).toBe(400);
  });

  it('answers 403 when a customer changes priority', async () => {
    const ticket = await newTicket();
    const answer = await h.call('PATCH', `/tickets/${ticket.id}`, {
      as: customer,
      body: { priority: 'high' },
    });
    expect(answer.status).toBe(403);
  });

  it('resolve stops the clock, reopen resumes it, closed is final', async () => {
    const ticket = await newTicket();
    await h.call('POST', `/tickets/${ticket.id}/comments`, { as: agent, body: { body: 'fixed?' } });
    const resolved = await h.call('PATCH', `/tickets/${ticket.id}`, {
      as: customer,
      body: { status: 'resolved' },
    });
    expect(resolved.body.status).toBe('resolved');
    const reopened = await h.call('PATCH', `/tickets/${ticket.id}`, {
      as: customer,
      body: { status: 'open' },
    });
    expect(reopened.body.status).toBe('open');
    await h.call('PATCH', `/tickets/${ticket.id}`, { as: agent, body: { status: 'resolved' } });
    expect(
      (await h.call('PATCH', `/tickets/${ticket.id}`, { as: agent, body: { status: 'closed' } })).status,
    ).toBe(200);
    expect(
      (await h.call('PATCH', `/tickets/${ticket.id}`, { as: agent, body: { status: 'open' } })).status,
    ).toBe(409);
    const comment = await h.call('POST', `/tickets/${ticket.id}/comments`, {
      as: customer,
      body: { body: 'hello?' },
    });
    expect(comment.status).toBe(409);
  });
});

describe('POST /tickets/{id}/comments and GET .../comments', () => {
  it('a public agent reply meets firstResponse; internal notes are staff-only', async () => {
    const ticket = await newTicket();
    h.clock.advance(5 * MINUTE);
    const reply = await h.call('POST', `/tickets/${ticket.id}/comments`, {
      as: agent,
      body: { body: 'Looking at it', visibility: 'public' },
    });
    expect(reply.status).toBe(201);
    expect(reply.body.comment).toMatchObject({
      body: 'Looking at it',
      visibility: 'public',
      author: { role: 'agent' },
    });
    expect(reply.body.ticket.status).toBe('open');
    expect(reply.body.ticket.sla.milestones[0]).toMatchObject({ state: 'met', elapsedMinutes: 5 });

    const note = await h.call('POST', `/tickets/${ticket.id}/comments`, {
      as: agent,
      body: { body: 'customer is grumpy', visibility: 'internal' },
    });
    expect(note.status).toBe(201);
    const forbidden = await h.call('POST', `/tickets/${ticket.id}/comments`, {
      as: customer,
      body: { body: 'let me in', visibility: 'internal' },
    });
    expect(forbidden.status).toBe(403);

    const staffView = await h.call('GET', `/tickets/${ticket.id}/comments`, { as: agent });
    expect(staffView.body.items.map((c: { body: string }) => c.body)).toEqual([
      'Looking at it',
      'customer is grumpy',
    ]);
    const customerView = await h.call('GET', `/tickets/${ticket.id}/comments`, { as: customer });
    expect(customerView.body.items.map((c: { body: string }) => c.body)).toEqual(['Looking at it']);
    expect(
      (await h.call('POST', `/tickets/${ticket.id}/comments`, { as: agent, body: { body: '' } })).status,
    ).toBe(400);
  });

  it('a customer reply resumes a pending_customer ticket', async () => {
    const ticket = await newTicket();
    await h.call('PATCH', `/tickets/${ticket.id}`, { as: agent, body: { status: 'pending_customer' } });
    const reply = await h.call('POST', `/tickets/${ticket.id}/comments`, {
      as: customer,
      body: { body: 'answer' },
    });
    expect(reply.body.ticket.status).toBe('open');
  });
});

describe('POST /tickets/{id}/escalations', () => {
  it('customers escalate level by level where the policy allows; past the top is a 409', async () => {
    const ticket = await newTicket();
    for (const level of [1, 2, 3]) {
      const answer = await h.call('POST', `/tickets/${ticket.id}/escalations`, {
        as: customer,
        body: { reason: 'urgent' },
      });
      expect(answer.status).toBe(201);
      expect(answer.body.sla.escalationLevel).toBe(level);
    }
    const beyond = await h.call('POST', `/tickets/${ticket.id}/escalations`, { as: customer });
    expect(beyond.status).toBe(409);
  });

  it('answers 403 to a customer where the policy does not allow it (interzen), and agents may', async () => {
    const izCustomer: Caller = { tenant: 'interzen', role: 'customer' };
    const ticket = await newTicket({}, izCustomer);
    expect((await h.call('POST', `/tickets/${ticket.id}/escalations`, { as: izCustomer })).status).toBe(403);
    const byAgent = await h.call('POST', `/tickets/${ticket.id}/escalations`, {
      as: { tenant: 'interzen', role: 'agent' },
      body: {},
    });
    expect(byAgent.status).toBe(201);
    expect(byAgent.body.sla.escalationLevel).toBe(1);
    expect(byAgent.body.sla.escalationLevelName).toEqual(expect.any(String));
  });
});

describe('GET /tickets/{id}/events', () => {
  it('lists who did what when, including every SLA change; customers do not see internal notes', async () => {
    const ticket = await newTicket();
    await h.call('POST', `/tickets/${ticket.id}/comments`, {
      as: agent,
      body: { body: 'note', visibility: 'internal' },
    });
    await h.call('POST', `/tickets/${ticket.id}/comments`, { as: agent, body: { body: 'reply' } });
    await h.call('PATCH', `/tickets/${ticket.id}`, { as: agent, body: { priority: 'low' } });
    const staff = await h.call('GET', `/tickets/${ticket.id}/events`, { as: agent });
    expect(staff.status).toBe(200);
    const types = staff.body.items.map((e: { type: string }) => e.type);
    expect(types[0]).toBe('ticket.created');
    expect(types).toEqual(
      expect.arrayContaining(['comment.added', 'status.changed', 'priority.changed', 'sla.changed']),
    );
    const met = staff.body.items.find(
      (e: { type: string; data: { to?: string } }) => e.type === 'sla.changed' && e.data.to === 'met',
    );
    expect(met).toMatchObject({
      actor: { role: 'agent', email: 'bob@support.example' },
      data: { milestone: 'firstResponse' },
    });
    const versions = staff.body.items.map((e: { version: number }) => e.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const mine = await h.call('GET', `/tickets/${ticket.id}/events`, { as: customer });
    expect(mine.body.items.length).toBe(staff.body.items.length - 1);
    expect(mine.body.items.every((e: { visibility: string }) => e.visibility === 'public')).toBe(true);
  });
});

describe('GET /tickets', () => {
  it('lists newest first with an opaque cursor, filters by status and priority, refuses a tampered cursor', async () => {
    const local = await createApiHarness('list');
    try {
      await local.putTenant(TENANT, { policy: 'enterprise-support' });
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) {
        local.clock.advance(MINUTE);
        const answer = await local.call('POST', '/tickets', {
          as: customer,
          body: { subject: `t${i}`, description: 'd', priority: i % 2 === 0 ? 'high' : 'low' },
        });
        ids.push(answer.body.id);
      }
      const page1 = await local.call('GET', '/tickets?limit=2', { as: agent });
      expect(page1.body.items.map((t: { id: string }) => t.id)).toEqual([ids[4], ids[3]]);
      expect(page1.body.cursor).toEqual(expect.any(String));
      const page2 = await local.call('GET', `/tickets?limit=2&cursor=${page1.body.cursor}`, { as: agent });
      expect(page2.body.items.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1]]);
      const page3 = await local.call('GET', `/tickets?limit=2&cursor=${page2.body.cursor}`, { as: agent });
      expect(page3.body.items.map((t: { id: string }) => t.id)).toEqual([ids[0]]);

      const high = await local.call('GET', '/tickets?priority=high', { as: agent });
      expect(high.body.items.map((t: { id: string }) => t.id)).toEqual([ids[4], ids[2], ids[0]]);
      await local.call('PATCH', `/tickets/${ids[1]}`, { as: agent, body: { status: 'open' } });
      const open = await local.call('GET', '/tickets?status=open', { as: agent });
      expect(open.body.items.map((t: { id: string }) => t.id)).toEqual([ids[1]]);

      const decoded = JSON.parse(Buffer.from(page1.body.cursor, 'base64url').toString());
      decoded.k.GSI1PK = 'T#interzen#TICKETS';
      const forged = Buffer.from(JSON.stringify(decoded)).toString('base64url');
      const tampered = await local.call('GET', `/tickets?cursor=${forged}`, { as: agent });
      expect(tampered.status).toBe(400);
      expect(tampered.body.error.code).toBe('invalid_cursor');
      expect((await local.call('GET', '/tickets?cursor=%%%', { as: agent })).status).toBe(400);
      expect((await local.call('GET', '/tickets?cursor=bm90LWpzb24', { as: agent })).status).toBe(400);
      // Every key value empty, not a string or oversized: refused before DynamoDB (an empty one was a 500).
      for (const bad of forgedCursors(page1.body.cursor)) {
        const answer = await local.call('GET', `/tickets?cursor=${bad.cursor}`, { as: agent });
        expect(answer.status, bad.label).toBe(400);
        expect(answer.body.error.code, bad.label).toBe('invalid_cursor');
      }

      // A cursor of a wider due window carried into a narrower one: past the query's bound, a 400 (was a 500).
      const wide = await local.call('GET', '/tickets?dueWithinMinutes=525600&limit=2', { as: agent });
      expect(wide.body.cursor).toEqual(expect.any(String));
      const narrow = await local.call('GET', `/tickets?dueWithinMinutes=1&cursor=${wide.body.cursor}`, {
        as: agent,
      });
      expect(narrow.status).toBe(400);
      expect(narrow.body.error.code).toBe('invalid_cursor');
      const same = await local.call('GET', `/tickets?dueWithinMinutes=525600&cursor=${wide.body.cursor}`, {
        as: agent,
      });
      expect(same.status).toBe(200);
    } finally {
      await local.close();
    }
  });

  it('filters by milestone state: breached, and due within N minutes', async () => {
    const local = await createApiHarness('due');
    try {
      await local.putTenant(TENANT, { policy: 'enterprise-support' });
      const early = (
        await local.call('POST', '/tickets', { as: customer, body: { subject: 'a', description: 'd' } })
      ).body;
      local.clock.advance(20 * MINUTE);
      const late = (
        await local.call('POST', '/tickets', { as: customer, body: { subject: 'b', description: 'd' } })
      ).body;
      const answered = (
        await local.call('POST', '/tickets', { as: customer, body: { subject: 'c', description: 'd' } })
      ).body;
      await local.call('POST', `/tickets/${answered.id}/comments`, { as: agent, body: { body: 'hi' } });

      const soon = await local.call('GET', '/tickets?dueWithinMinutes=15', { as: agent });
      expect(soon.body.items.map((t: { id: string }) => t.id)).toEqual([early.id]);
      const within60 = await local.call('GET', '/tickets?dueWithinMinutes=60', { as: agent });
      expect(within60.body.items.map((t: { id: string }) => t.id)).toEqual([early.id, late.id]);
      expect((await local.call('GET', '/tickets?milestoneState=breached', { as: agent })).body.items).toEqual(
        [],
      );

      local.clock.advance(11 * MINUTE); // early is now 31 minutes old: past its 30-minute firstResponse
      const breached = await local.call('GET', '/tickets?milestoneState=breached', { as: agent });
      expect(breached.body.items.map((t: { id: string }) => t.id)).toEqual([early.id]);
      expect(breached.body.items[0].sla.milestones[0].state).toBe('breached');
      const due = await local.call('GET', '/tickets?dueWithinMinutes=60', { as: agent });
      expect(due.body.items.map((t: { id: string }) => t.id)).toEqual([late.id]);
    } finally {
      await local.close();
    }
  });

  it('answers 400 for bad query parameters', async () => {
    for (const query of [
      'limit=0',
      'limit=abc',
      'dueWithinMinutes=-5',
      'status=weird',
      'milestoneState=met',
      'foo=bar',
    ]) {
      const answer = await h.call('GET', `/tickets?${query}`, { as: agent });
      expect(answer.status, query).toBe(400);
    }
    const both = await h.call('GET', '/tickets?milestoneState=breached&dueWithinMinutes=5', { as: agent });
    expect(both.status).toBe(400);
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored answer for the same key and body (one ticket), 422 for another body', async () => {
    const local = await createApiHarness('idem');
    try {
      await local.putTenant(TENANT, { policy: 'enterprise-support' });
      const headers = { 'Idempotency-Key': 'create-42' };
      const body = { subject: 'once', description: 'only once' };
      const first = await local.call('POST', '/tickets', { as: customer, body, headers });
      local.clock.advance(MINUTE);
      const second = await local.call('POST', '/tickets', {
        as: customer,
        body: { description: 'only once', subject: 'once' },
        headers,
      });
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body).toEqual(first.body);
      expect(second.headers['Idempotent-Replayed']).toBe('true');
      const list = await local.call('GET', '/tickets', { as: agent });
      expect(list.body.items).toHaveLength(1);

      const other = await local.call('POST', '/tickets', {
        as: customer,
        body: { ...body, subject: 'twice' },
        headers,
      });
      expect(other.status).toBe(422);
      expect(other.body.error.code).toBe('idempotency_key_reused');

      // Concurrent retries with one key: still one comment.
      const id = first.body.id;
      const tries = await Promise.all(
        Array.from({ length: 5 }, () =>
          local.call('POST', `/tickets/${id}/comments`, {
            as: customer,
            body: { body: 'same comment' },
            headers: { 'Idempotency-Key': 'comment-1' },
          }),
        ),
      );
      expect(tries.map((t) => t.status)).toEqual([201, 201, 201, 201, 201]);
      expect(new Set(tries.map((t) => t.body.comment.id)).size).toBe(1);
      expect((await local.call('GET', `/tickets/${id}/comments`, { as: agent })).body.items).toHaveLength(1);

      const badKey = await local.call('POST', '/tickets', {
        as: customer,
        body,
        headers: { 'Idempotency-Key': 'bad key!' },
      });
      expect(badKey.status).toBe(400);
    } finally {
      await local.close();
    }
  });
});

describe('GET /openapi.json', () => {
  it('serves the OpenAPI 3.1 document without a token, generated from the request schemas', async () => {
    const answer = await h.call('GET', '/openapi.json');
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    const create = answer.body.paths['/tickets'].post;
    const schema = create.requestBody.content['application/json'].schema;
    expect(schema.required).toEqual(expect.arrayContaining(['subject', 'description']));
    expect(schema.properties.channel.enum).toEqual(['web', 'email', 'phone', 'api']);
    expect(Object.keys(answer.body.paths)).toEqual(
      expect.arrayContaining([
        '/tickets/{id}',
        '/tickets/{id}/comments',
        '/tickets/{id}/escalations',
        '/tenants/{tenantId}',
      ]),
    );
    const list = answer.body.paths['/tickets'].get;
    expect(list.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['status', 'priority', 'milestoneState', 'dueWithinMinutes', 'limit', 'cursor']),
    );
  });
});
