/**
 * `GET /inbound/rejections` (issue 10: refused mail "is recorded as rejected, with the reason, where agents can
 * see it"), against DynamoDB Local: mail refused by the real inbound use case, read back through the API by
 * agents, admins and `*` staff, newest first, a page at a time, by ticket and by period; customers get 403.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundOutcome } from '../../../shared/inbound/process-inbound-mail.js';
import { type ApiHarness, type Caller, createApiHarness, type Json } from '../../support/api-harness.js';
import { forgedCursors } from '../../support/forged-cursors.js';
import { createInboundMailHarness, type InboundMailHarness } from '../../support/inbound-mail-harness.js';

const TENANT = 'interzen';
const DOMAIN = 'support.example.com';
const anna: Caller = { tenant: TENANT, role: 'customer', sub: 'anna', email: 'anna@example.it' };
const agent: Caller = { tenant: TENANT, role: 'agent', sub: 'agent-1', email: 'agent@interzen.example.com' };
const admin: Caller = { tenant: TENANT, role: 'admin', sub: 'admin-1', email: 'admin@interzen.example.com' };
const otherAgent: Caller = { tenant: 'managry', role: 'agent', sub: 'm-agent', email: 'a@managry.example' };
const ops: Caller = { tenant: '*', role: 'agent', sub: 'ops-1', email: 'ops@sla-sentinel.example' };

let h: ApiHarness;
let mail: InboundMailHarness;
let seq = 0;
let ticket: { id: string; reference: string };
let other: { id: string; reference: string };
/** The instant the second batch of mail arrived (the first came an hour before). */
let later: number;

async function deliver(from: string, subject: string): Promise<InboundOutcome> {
  seq += 1;
  return mail.deliver({
    headers: [
      `From: ${from}`,
      `To: ${TENANT}@${DOMAIN}`,
      `Subject: ${subject}`,
      `Message-ID: <r${seq}@mail.example>`,
    ],
    body: 'let me in',
    source: from,
    recipient: `${TENANT}@${DOMAIN}`,
  });
}

async function open(subject: string): Promise<{ id: string; reference: string }> {
  const created = await h.call('POST', '/tickets', { as: anna, body: { subject, description: 'x' } });
  expect(created.status).toBe(201);
  return { id: created.body.id, reference: created.body.reference };
}

beforeAll(async () => {
  h = await createApiHarness('rejections');
  await h.putTenant(TENANT, { policy: 'interzen', staffDomains: ['interzen.example.com'] });
  await h.putTenant('managry', { policy: 'managry', plan: 'premier' });
  mail = createInboundMailHarness(h, { supportDomain: DOMAIN, idPrefix: 'rejections' });
  ticket = await open('Export fails');
  other = await open('Login slow');
  // An hour apart: three strangers on Anna's ticket, one on the other, an auto-reply; then two more.
  for (const from of ['eve@stranger.example', 'mallory@stranger.example', 'trent@stranger.example']) {
    h.clock.advance(60_000);
    expect(await deliver(from, `Re: [${ticket.reference}] Export fails`)).toMatchObject({
      kind: 'rejected',
      reason: 'not-a-participant',
    });
  }
  h.clock.advance(60_000);
  await deliver('eve@stranger.example', `Re: [${other.reference}] Login slow`);
  h.clock.advance(60_000);
  await deliver('mailer-daemon@mail.example', 'Undelivered Mail Returned to Sender');
  h.clock.advance(3_600_000);
  later = h.clock.now();
  await deliver('oscar@stranger.example', `Re: [${ticket.reference}] Export fails`);
  h.clock.advance(60_000);
  await deliver('peggy@stranger.example', `Re: [${other.reference}] Login slow`);
});
afterAll(async () => h?.close());

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const instant = (ms: number) => `${new Date(ms).toISOString().slice(0, 19)}Z`;

describe('GET /inbound/rejections', () => {
  it('shows agents every refused mail of the tenant, newest first, with the reason and the ticket', async () => {
    const answer = await h.call('GET', '/inbound/rejections', { as: agent });
    expect(answer.status).toBe(200);
    const items = answer.body.items as Json[];
    expect(items).toHaveLength(7);
    expect(items.map((r) => r.from)).toEqual([
      'peggy@stranger.example',
      'oscar@stranger.example',
      'mailer-daemon@mail.example',
      'eve@stranger.example',
      'trent@stranger.example',
      'mallory@stranger.example',
      'eve@stranger.example',
    ]);
    expect(items[1]).toMatchObject({
      reason: 'not-a-participant',
      ticketId: ticket.id,
      ticketReference: ticket.reference,
      recipients: [`${TENANT}@${DOMAIN}`],
      subject: `Re: [${ticket.reference}] Export fails`,
    });
    expect(items[1].details).toContain('nothing was posted');
    expect(items[2]).toMatchObject({ reason: 'bounce' });
    expect(items[2].ticketId).toBeUndefined();
    expect(answer.body.cursor).toBeNull();
    // Admins too.
    expect((await h.call('GET', '/inbound/rejections', { as: admin })).body.items).toHaveLength(7);
  });

  it('pages with an opaque cursor, like GET /tickets', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/inbound/rejections?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await h.call('GET', url, { as: agent });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.body.items.map((r: Json) => r.sesMessageId));
      cursor = page.body.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    expect(seen).toEqual([...seen].sort().reverse());

    const tampered = await h.call('GET', '/inbound/rejections?cursor=eyJpIjoiSU5CT1VORCJ9', { as: agent });
    expect(tampered.status).toBe(400);
    // A cursor of another listing (GET /tickets) is no key into this one.
    const tickets = await h.call('GET', '/tickets?limit=1', { as: agent });
    const foreign = await h.call('GET', `/inbound/rejections?cursor=${tickets.body.cursor}`, { as: agent });
    expect(foreign.status).toBe(400);
  });

  it('filters by ticket (id or reference) and by period', async () => {
    const byId = await h.call('GET', `/inbound/rejections?ticket=${ticket.id}&limit=2`, { as: agent });
    expect(byId.body.items.map((r: Json) => r.from)).toEqual([
      'oscar@stranger.example',
      'trent@stranger.example',
    ]);
    const rest = await h.call(
      'GET',
      `/inbound/rejections?ticket=${ticket.id}&limit=2&cursor=${encodeURIComponent(byId.body.cursor)}`,
      { as: agent },
    );
    expect(rest.body.items.map((r: Json) => r.from)).toEqual([
      'mallory@stranger.example',
      'eve@stranger.example',
    ]);
    const byReference = await h.call('GET', `/inbound/rejections?ticket=${other.reference}`, { as: agent });
    expect(byReference.body.items.map((r: Json) => r.from)).toEqual([
      'peggy@stranger.example',
      'eve@stranger.example',
    ]);
    // A reference in any case, as in mail (lower case found nothing).
    const lower = await h.call('GET', `/inbound/rejections?ticket=${other.reference.toLowerCase()}`, {
      as: agent,
    });
    expect(lower.body.items).toEqual(byReference.body.items);
    // An id is taken as given (ids are lower case).
    const upperId = await h.call('GET', `/inbound/rejections?ticket=${ticket.id.toUpperCase()}`, {
      as: agent,
    });
    expect(upperId.body.items).toEqual([]);

    const since = await h.call('GET', `/inbound/rejections?from=${instant(later)}`, { as: agent });
    expect(since.body.items.map((r: Json) => r.from)).toEqual([
      'peggy@stranger.example',
      'oscar@stranger.example',
    ]);
    const before = await h.call('GET', `/inbound/rejections?to=${instant(later - 1_000)}`, { as: agent });
    expect(before.body.items).toHaveLength(5);
    const wholeDay = await h.call('GET', `/inbound/rejections?from=${day(later)}&to=${day(later)}`, {
      as: agent,
    });
    expect(wholeDay.body.items).toHaveLength(7);

    // A cursor carries on only in the period it came from: elsewhere it is a bad cursor, not a failed query.
    const first = await h.call('GET', `/inbound/rejections?from=${instant(later)}&limit=1`, { as: agent });
    expect(first.body.cursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(first.body.cursor);
    const next = await h.call('GET', `/inbound/rejections?from=${instant(later)}&limit=1&cursor=${cursor}`, {
      as: agent,
    });
    expect(next.body.items.map((r: Json) => r.from)).toEqual(['oscar@stranger.example']);
    const elsewhere = await h.call(
      'GET',
      `/inbound/rejections?to=${instant(later - 1_000)}&limit=1&cursor=${cursor}`,
      { as: agent },
    );
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.code).toBe('invalid_cursor');

    // The audit's cursor: the listing's own partition with an empty sort key (was a 500 from DynamoDB).
    const emptySk = Buffer.from(
      JSON.stringify({ i: 'INBOUND_REJECTED', k: { PK: `T#${TENANT}#INBOUND_REJECTED`, SK: '' } }),
    ).toString('base64url');
    const audit = await h.call('GET', `/inbound/rejections?cursor=${emptySk}`, { as: agent });
    expect(audit.status).toBe(400);
    expect(audit.body.error.code).toBe('invalid_cursor');
    for (const bad of forgedCursors(first.body.cursor)) {
      const answer = await h.call('GET', `/inbound/rejections?cursor=${bad.cursor}`, { as: agent });
      expect(answer.status, bad.label).toBe(400);
      expect(answer.body.error.code, bad.label).toBe('invalid_cursor');
    }
  });

  it('answers 400 naming the field for a bad period or filter', async () => {
    for (const [query, field] of [
      ['from=yesterday', 'from'],
      ['to=2026-03-02T09:00', 'to'],
      ['limit=0', 'limit'],
      ['ticket=', 'ticket'],
      ['colour=red', 'colour'],
      // The right shape, but no such day or time (each answered 200 before).
      ['from=2026-13-01', 'from'],
      ['from=2026-02-30', 'from'],
      ['from=2026-00-00', 'from'],
      ['from=9999-99-99', 'from'],
      ['from=2026-11-30T99:99:99Z', 'from'],
      ['to=0000-00-00', 'to'],
      ['to=2026-11-31T25:00:00Z', 'to'],
      ['to=2026-11-30T24:00:00Z', 'to'],
    ] as const) {
      const answer = await h.call('GET', `/inbound/rejections?${query}`, { as: agent });
      expect(answer.status, query).toBe(400);
      expect(JSON.stringify(answer.body.error.fields), query).toContain(field);
      expect(answer.body.error.fields.length, query).toBeGreaterThan(0);
    }
    const impossible = await h.call('GET', '/inbound/rejections?from=2026-02-30', { as: agent });
    expect(impossible.body.error.fields).toEqual([
      { path: 'from', reason: 'must be a real calendar date/instant' },
    ]);
    // A leap day and the last second of a day are real.
    const leap = await h.call('GET', '/inbound/rejections?from=2024-02-29&to=2026-11-30T23:59:59Z', {
      as: agent,
    });
    expect(leap.status).toBe(200);
    const reversed = await h.call(
      'GET',
      `/inbound/rejections?from=${instant(later)}&to=${instant(later - 60_000)}`,
      { as: agent },
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.fields).toEqual([expect.objectContaining({ path: 'to' })]);
  });

  it('is staff-only and tenant-bound: customers 403, another tenant sees its own (none), `*` staff name one', async () => {
    const customer = await h.call('GET', '/inbound/rejections', { as: anna });
    expect(customer.status).toBe(403);
    expect(customer.body.error.message).toContain('customer');

    const elsewhere = await h.call('GET', '/inbound/rejections', { as: otherAgent });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.items).toEqual([]);
    expect((await h.call('GET', `/inbound/rejections?tenant=${TENANT}`, { as: otherAgent })).status).toBe(
      403,
    );

    const byQuery = await h.call('GET', `/inbound/rejections?tenant=${TENANT}`, { as: ops });
    expect(byQuery.status).toBe(200);
    expect(byQuery.body.items).toHaveLength(7);
    const byHeader = await h.call('GET', '/inbound/rejections', {
      as: ops,
      headers: { 'X-Tenant-Id': TENANT },
    });
    expect(byHeader.body.items).toHaveLength(7);
    const agreeing = await h.call('GET', `/inbound/rejections?tenant=${TENANT}`, {
      as: ops,
      headers: { 'X-Tenant-Id': TENANT },
    });
    expect(agreeing.body.items).toHaveLength(7);
    // Two different tenants named: a 400 on `tenant` (the query used to win silently).
    const disagreeing = await h.call('GET', '/inbound/rejections?tenant=managry', {
      as: ops,
      headers: { 'X-Tenant-Id': TENANT },
    });
    expect(disagreeing.status).toBe(400);
    expect(disagreeing.body.error.fields).toEqual([expect.objectContaining({ path: 'tenant' })]);
    const unnamed = await h.call('GET', '/inbound/rejections', { as: ops });
    expect(unnamed.status).toBe(400);
    expect(unnamed.body.error.fields).toEqual([expect.objectContaining({ path: 'tenant' })]);
    expect((await h.call('GET', '/inbound/rejections?tenant=nobody-here', { as: ops })).status).toBe(404);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await h.call('GET', '/openapi.json')).body;
    const operation = doc.paths['/inbound/rejections'].get;
    expect(operation.operationId).toBe('listInboundRejections');
    expect(Object.keys(operation.responses)).toEqual(['200', '400', '401', '403', '404']);
    expect(operation.parameters.map((p: Json) => p.name)).toEqual(
      expect.arrayContaining(['limit', 'cursor', 'ticket', 'from', 'to', 'tenant']),
    );
  });
});
