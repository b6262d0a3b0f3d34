/**
 * Participants (CC) added and removed by staff, against DynamoDB Local: `POST /tickets/{id}/participants` and
 * `DELETE /tickets/{id}/participants/{email}`. Removing someone is a public history event, and from then on
 * they neither see the ticket, nor get its mail, nor post on it by mail (recorded as a rejection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundOutcome } from '../../../shared/inbound/process-inbound-mail.js';
import { requesterMailRecipients } from '../../../shared/notifications/recipients.js';
import { type ApiHarness, type Caller, createApiHarness, type Json } from '../../support/api-harness.js';
import { createInboundMailHarness, type InboundMailHarness } from '../../support/inbound-mail-harness.js';

const TENANT = 'enterprise-support';
const DOMAIN = 'support.example.com';
const anna: Caller = { tenant: TENANT, role: 'customer', sub: 'anna', email: 'anna@example.it' };
const carl: Caller = { tenant: TENANT, role: 'customer', sub: 'carl', email: 'carl@example.it' };
const agent: Caller = { tenant: TENANT, role: 'agent', sub: 'agent-1', email: 'agent@es.example.com' };
const foreignAgent: Caller = { tenant: 'standard-support', role: 'agent', sub: 'x', email: 'x@ss.example' };

let h: ApiHarness;
let mail: InboundMailHarness;
let seq = 0;

beforeAll(async () => {
  h = await createApiHarness('participants');
  await h.putTenant(TENANT, { policy: 'enterprise-support' });
  await h.putTenant('standard-support', { policy: 'standard-support' });
  mail = createInboundMailHarness(h, { supportDomain: DOMAIN, idPrefix: 'participants' });
});
afterAll(async () => h?.close());

async function ticketWithCarl(): Promise<{ id: string; reference: string }> {
  const created = await h.call('POST', '/tickets', {
    as: anna,
    body: { subject: 'VPN drops', description: 'hourly', priority: 'high' },
  });
  const added = await h.call('POST', `/tickets/${created.body.id}/participants`, {
    as: agent,
    body: { participants: [{ email: 'carl@example.it', name: 'Carl' }, { email: 'dora@example.it' }] },
  });
  expect(added.status).toBe(200);
  return { id: created.body.id, reference: created.body.reference };
}

async function mailFrom(from: string, reference: string): Promise<InboundOutcome> {
  seq += 1;
  return mail.deliver({
    headers: [
      `From: ${from}`,
      `To: ${TENANT}@${DOMAIN}`,
      `Subject: Re: [${reference}] VPN drops`,
      `Message-ID: <p${seq}@example.it>`,
    ],
    body: 'still dropping here',
    source: from,
    recipient: `${TENANT}@${DOMAIN}`,
  });
}

describe('POST /tickets/{id}/participants', () => {
  it('refuses staff and support addresses with 400 on the field, so customers never see them', async () => {
    await h.putTenant('copy-rules', {
      policy: 'enterprise-support',
      supportContacts: [{ name: 'Support', email: 'support@copy.example.com' }],
      staffDomains: ['staff.example.com'],
      inboundAddress: 'copy-rules@inbound.example.net',
    });
    const customer: Caller = { tenant: 'copy-rules', role: 'customer', sub: 'c1', email: 'c1@example.it' };
    const staff: Caller = { tenant: 'copy-rules', role: 'agent', sub: 'a1', email: 'a1@staff.example.com' };
    const created = await h.call('POST', '/tickets', {
      as: customer,
      body: { subject: 'Printer', description: 'jams', priority: 'high' },
    });
    const refused: [string, RegExp][] = [
      ['agent@staff.example.com', /is staff/],
      ['Agent@EU.Staff.example.com', /is staff/],
      ['support@copy.example.com', /is staff/],
      ['copy-rules@support.example.com', /support address/],
      ['x@support.example.com', /support address/],
      ['anyone@inbound.example.net', /support address/],
    ];
    for (const [email, reason] of refused) {
      const answer = await h.call('POST', `/tickets/${created.body.id}/participants`, {
        as: staff,
        body: { participants: [{ email: 'ok@example.it' }, { email }] },
      });
      expect(answer.status, email).toBe(400);
      expect(JSON.stringify(answer.body), email).toContain('participants.1.email');
      expect(JSON.stringify(answer.body), email).toMatch(reason);
    }
    const seen = await h.call('GET', `/tickets/${created.body.id}`, { as: customer });
    expect(seen.body.participants ?? []).toEqual([]);
  });

  it('refuses a name with control characters (it would end up in a mail header), on participants and requesters', async () => {
    const created = await h.call('POST', '/tickets', {
      as: anna,
      body: { subject: 'Names', description: 'in headers', priority: 'high' },
    });
    const crlf = await h.call('POST', `/tickets/${created.body.id}/participants`, {
      as: agent,
      body: { participants: [{ email: 'evil@example.it', name: 'Evil\r\nBcc: x@y.z' }] },
    });
    expect(crlf.status).toBe(400);
    expect(crlf.body.error.fields).toEqual([
      { path: 'participants.0.name', reason: expect.stringMatching(/control characters/) },
    ]);
    const requester = await h.call('POST', '/tickets', {
      as: agent,
      body: { subject: 'x', description: 'y', requester: { email: 'z@example.it', name: 'Z\u0000' } },
    });
    expect(requester.status).toBe(400);
    expect(requester.body.error.fields).toEqual([
      { path: 'requester.name', reason: expect.stringMatching(/control characters/) },
    ]);
    const accented = await h.call('POST', `/tickets/${created.body.id}/participants`, {
      as: agent,
      body: { participants: [{ email: 'dora@example.it', name: 'Dóra Ñ. O’Brien' }] },
    });
    expect(accented.status).toBe(200);
  });
});

describe('DELETE /tickets/{id}/participants/{email}', () => {
  it('takes a participant off: history event, no more access, no more mail, their mail refused', async () => {
    const { id, reference } = await ticketWithCarl();
    expect((await h.call('GET', `/tickets/${id}`, { as: carl })).status).toBe(200);
    expect((await mailFrom('carl@example.it', reference)).kind).toBe('comment-added');

    // Percent-encoded and in another case: the address is the same participant.
    const removed = await h.call('DELETE', `/tickets/${id}/participants/Carl%40Example.IT`, { as: agent });
    expect(removed.status).toBe(200);
    expect(removed.body.participants).toEqual([{ email: 'dora@example.it' }]);

    const events = (await h.call('GET', `/tickets/${id}/events?limit=100`, { as: agent })).body
      .items as Json[];
    const event = events.find((e) => e.type === 'participants.removed');
    expect(event).toMatchObject({
      visibility: 'public',
      data: { emails: ['carl@example.it'] },
      actor: { role: 'agent', sub: 'agent-1' },
    });
    // The requester sees that it happened, not who on the staff did it.
    const seenByAnna = (await h.call('GET', `/tickets/${id}/events?limit=100`, { as: anna })).body
      .items as Json[];
    expect(seenByAnna.find((e) => e.type === 'participants.removed')?.actor).toEqual({ role: 'agent' });

    // Carl no longer sees it (404 as an unknown ticket), nor finds it in his list.
    expect((await h.call('GET', `/tickets/${id}`, { as: carl })).status).toBe(404);
    const listed = (await h.call('GET', '/tickets?limit=100', { as: carl })).body.items as Json[];
    expect(listed.some((t) => t.id === id)).toBe(false);
    // He gets none of its mail any more (the requester's mail goes to Anna, Cc Dora)...
    const stored = await h.services.tickets.loadTicket(TENANT, id);
    expect(requesterMailRecipients(stored!)).toEqual({ to: ['anna@example.it'], cc: ['dora@example.it'] });
    // ...and his mail on it is a stranger's now.
    expect(await mailFrom('carl@example.it', reference)).toMatchObject({
      kind: 'rejected',
      reason: 'not-a-participant',
    });
    const comments = (await h.call('GET', `/tickets/${id}/comments`, { as: agent })).body.items as Json[];
    expect(comments).toHaveLength(1);
  });

  it('refuses clearly, changing nothing: unknown participant 404, the requester or a non-address 400', async () => {
    const { id } = await ticketWithCarl();
    const version = (await h.call('GET', `/tickets/${id}`, { as: agent })).body.version;

    const unknown = await h.call('DELETE', `/tickets/${id}/participants/zed@example.it`, { as: agent });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatchObject({ code: 'participant_not_found' });
    expect(unknown.body.error.message).toContain('zed@example.it');

    const requester = await h.call('DELETE', `/tickets/${id}/participants/anna@example.it`, { as: agent });
    expect(requester.status).toBe(400);
    expect(requester.body.error.fields).toEqual([expect.objectContaining({ path: 'email' })]);

    const garbage = await h.call('DELETE', `/tickets/${id}/participants/not-an-address`, { as: agent });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.fields).toEqual([{ path: 'email', reason: 'must be an email address' }]);

    // Customers may not, whoever they are on it; another tenant's staff do not find the ticket.
    expect((await h.call('DELETE', `/tickets/${id}/participants/carl@example.it`, { as: anna })).status).toBe(
      403,
    );
    expect(
      (await h.call('DELETE', `/tickets/${id}/participants/carl@example.it`, { as: foreignAgent })).status,
    ).toBe(404);
    expect((await h.call('GET', `/tickets/${id}`, { as: agent })).body.version).toBe(version);

    // Removing twice: the second is the unknown participant's 404.
    expect(
      (await h.call('DELETE', `/tickets/${id}/participants/dora@example.it`, { as: agent })).status,
    ).toBe(200);
    expect(
      (await h.call('DELETE', `/tickets/${id}/participants/dora@example.it`, { as: agent })).status,
    ).toBe(404);
  });
});

describe('POST /tickets/{id}/participants with an Idempotency-Key', () => {
  it('replays the first answer for the same body, 422 for another body (which was applied before)', async () => {
    const created = await h.call('POST', '/tickets', {
      as: anna,
      body: { subject: 'Printer jam', description: 'again' },
    });
    const path = `/tickets/${created.body.id}/participants`;
    const headers = { 'Idempotency-Key': 'cc-erin-1' };
    const body = { participants: [{ email: 'erin@example.it' }] };
    const first = await h.call('POST', path, { as: agent, body, headers });
    expect(first.status).toBe(200);
    expect(first.headers['Idempotent-Replayed']).toBeUndefined();
    const again = await h.call('POST', path, { as: agent, body, headers });
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers['Idempotent-Replayed']).toBe('true');

    const other = await h.call('POST', path, {
      as: agent,
      body: { participants: [{ email: 'frank@example.it' }] },
      headers,
    });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    const ticket = await h.call('GET', `/tickets/${created.body.id}`, { as: agent });
    expect(ticket.body.participants.map((p: Json) => p.email)).toEqual(['erin@example.it']);
    const events = await h.call('GET', `/tickets/${created.body.id}/events`, { as: agent });
    expect(events.body.items.filter((e: Json) => e.type === 'participants.added')).toHaveLength(1);
  });
});
