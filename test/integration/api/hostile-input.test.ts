/**
 * Regressions from probing the API as an attacker would: every answer to bad input is a 4xx naming the field
 * and the reason, never a 500. Through the real API function on DynamoDB Local, and (oversized bodies) through
 * the local HTTP server `npm start` runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signLocalToken } from '../../../shared/auth/local-token.js';
import { createApiHandler } from '../../../shared/http/api.js';
import { openApiDocument } from '../../../shared/http/openapi.js';
import { type LocalHttpServer, startLocalHttpServer } from '../../../shared/local/http-server.js';
import { type ApiHarness, type Caller, createApiHarness } from '../../support/api-harness.js';

let h: ApiHarness;
const TENANT = 'enterprise-support';
const customer: Caller = { tenant: TENANT, role: 'customer', email: 'ann@client.example' };
const agent: Caller = { tenant: TENANT, role: 'agent' };
const starAdmin = { tenant: '*', role: 'admin' } as const;
let ticketId: string;

beforeAll(async () => {
  h = await createApiHarness('hostile');
  await h.putTenant(TENANT, { policy: 'enterprise-support' });
  const created = await h.call('POST', '/tickets', {
    as: customer,
    body: { subject: 'Printer on fire', description: 'It is really on fire.' },
  });
  expect(created.status).toBe(201);
  ticketId = created.body.id;
});
afterAll(async () => h?.close());

const fieldsOf = (answer: { body: { error: { fields?: { path: string }[] } } }) =>
  (answer.body.error.fields ?? []).map((f) => f.path);

describe('paths', () => {
  it('answers 404, not 500, to a malformed percent-encoded id', async () => {
    for (const path of [
      '/tickets/%E0%A4%A',
      '/tickets/%',
      '/tickets/%ZZ/events',
      '/tickets/%E0%A4%A/comments',
    ]) {
      const answer = await h.call('GET', path, { as: agent });
      expect(answer.status, path).toBe(404);
      expect(answer.body.error.code).toBe('ticket_not_found');
    }
  });

  it('answers 400 on the field for a malformed tenant in the path or X-Tenant-Id, not a 401 blaming the token', async () => {
    const badPath = await h.call('PUT', '/tenants/Bad_Id', {
      as: starAdmin as never,
      body: { policy: 'interzen' },
    });
    expect(badPath.status).toBe(400);
    expect(fieldsOf(badPath)).toEqual(['tenantId']);
    const undecodable = await h.call('GET', '/tenants/%E0%A4%A', { as: agent });
    expect(undecodable.status).toBe(400);

    const badHeader = await h.call('GET', '/tickets', {
      as: { tenant: '*', role: 'agent' } as never,
      headers: { 'x-tenant-id': '../interzen' },
    });
    expect(badHeader.status).toBe(400);
    expect(fieldsOf(badHeader)).toEqual(['X-Tenant-Id']);
    // Without the header a valid star token names no tenant: a 400 on the missing header on every route that
    // acts on one tenant (DELETE participants answered 401, blaming the token), not a 401.
    const star = { tenant: '*', role: 'agent' } as never;
    const id = 't_01m8q4dk2sr459t5jnx6mnd3wh';
    for (const [method, path] of [
      ['GET', '/tickets'],
      ['GET', `/tickets/${id}`],
      ['POST', `/tickets/${id}/participants`],
      ['DELETE', `/tickets/${id}/participants/z%40y.example`],
      ['POST', `/tickets/${id}/comments`],
    ] as const) {
      const none = await h.call(method, path, {
        as: star,
        ...(method === 'POST' ? { body: { participants: [{ email: 'z@y.example' }], body: 'x' } } : {}),
      });
      expect(none.status, `${method} ${path}`).toBe(400);
      expect(fieldsOf(none), `${method} ${path}`).toEqual(['X-Tenant-Id']);
    }
    // A customer token for every tenant is still a bad token (401).
    const customer = await h.call('GET', '/tickets', { as: { tenant: '*', role: 'customer' } as never });
    expect(customer.status).toBe(401);
  });
});

describe('bodies', () => {
  it('refuses a body declared as something other than JSON with 415; no Content-Type is read as JSON', async () => {
    const body = JSON.stringify({ subject: 's', description: 'd' });
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]) {
      const answer = await h.call('POST', '/tickets', {
        as: customer,
        rawBody: body,
        headers: { 'content-type': type },
      });
      expect(answer.status, type).toBe(415);
      expect(answer.body.error.code).toBe('unsupported_media_type');
      expect(fieldsOf(answer)).toEqual(['Content-Type']);
    }
    for (const type of [
      'application/json; charset=utf-8',
      'APPLICATION/JSON',
      'application/merge-patch+json',
      '',
    ]) {
      const answer = await h.call('POST', '/tickets', {
        as: customer,
        rawBody: body,
        headers: { 'content-type': type },
      });
      expect(answer.status, type).toBe(201);
    }
  });

  it('answers 413 (not 400) to a body over the limit, e.g. a 1 MB subject', async () => {
    const answer = await h.call('POST', '/tickets', {
      as: customer,
      body: { subject: 'x'.repeat(1024 * 1024), description: 'd' },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.error.code).toBe('payload_too_large');
  });

  it('names the reason of malformed JSON', async () => {
    const answer = await h.call('POST', '/tickets', { as: customer, rawBody: '{"subject":' });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('malformed_json');
    expect(fieldsOf(answer)).toEqual(['body']);
  });

  it('refuses blank (whitespace-only) description, comment and escalation reason', async () => {
    const description = await h.call('POST', '/tickets', {
      as: customer,
      body: { subject: 's', description: ' \n\t ' },
    });
    expect(description.status).toBe(400);
    expect(fieldsOf(description)).toEqual(['description']);
    const comment = await h.call('POST', `/tickets/${ticketId}/comments`, {
      as: agent,
      body: { body: '   ' },
    });
    expect(comment.status).toBe(400);
    expect(fieldsOf(comment)).toEqual(['body']);
    const reason = await h.call('POST', `/tickets/${ticketId}/escalations`, {
      as: customer,
      body: { reason: '  ' },
    });
    expect(reason.status).toBe(400);
    expect(fieldsOf(reason)).toEqual(['reason']);
    // The ticket took none of them.
    const events = await h.call('GET', `/tickets/${ticketId}/events`, { as: agent });
    expect(events.body.items.map((e: { type: string }) => e.type)).not.toContain('comment.added');
  });

  it('lets a customer open tickets only for themselves (no acknowledgement mail to any address they type)', async () => {
    const other = await h.call('POST', '/tickets', {
      as: customer,
      body: { subject: 's', description: 'd', requester: { email: 'victim@elsewhere.example' } },
    });
    expect(other.status).toBe(403);
    expect(other.body.error.code).toBe('forbidden');
    const self = await h.call('POST', '/tickets', {
      as: customer,
      body: { subject: 's', description: 'd', requester: { email: 'Ann@Client.example', name: 'Ann' } },
    });
    expect(self.status).toBe(201);
    expect(self.body.requester).toEqual({ email: 'Ann@Client.example', name: 'Ann' });
    // Staff open tickets on behalf of anyone.
    const onBehalf = await h.call('POST', '/tickets', {
      as: agent,
      body: { subject: 's', description: 'd', requester: { email: 'victim@elsewhere.example' } },
    });
    expect(onBehalf.status).toBe(201);
  });
});

describe('listing query', () => {
  it('takes only decimal whole numbers for limit and dueWithinMinutes', async () => {
    for (const query of [
      'limit=0x10',
      'limit=',
      'limit=1e1',
      'limit=%205',
      'limit=1&limit=2',
      'dueWithinMinutes=0x1',
      'dueWithinMinutes=',
      'dueWithinMinutes=-5',
      'dueWithinMinutes=1.5',
    ]) {
      const answer = await h.call('GET', `/tickets?${query}`, { as: agent });
      expect(answer.status, query).toBe(400);
      expect(fieldsOf(answer), query).toEqual([query.split('=')[0]]);
    }
    const ok = await h.call('GET', '/tickets?limit=1&dueWithinMinutes=600', { as: agent });
    expect(ok.status).toBe(200);
    expect(ok.body.items.length).toBeLessThanOrEqual(1);
  });
});

describe('OpenAPI document', () => {
  it('documents the integer query parameters, X-Tenant-Id and the 413/415 answers of body routes', () => {
    // biome-ignore lint/suspicious/noExplicitAny: the document is plain JSON
    const doc = openApiDocument() as any;
    const list = doc.paths['/tickets'].get;
    const limit = list.parameters.find((p: { name: string }) => p.name === 'limit');
    expect(limit.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 100 });
    expect(list.parameters.map((p: { name: string }) => p.name)).toContain('X-Tenant-Id');
    expect(Object.keys(doc.paths['/tickets'].post.responses)).toEqual(
      expect.arrayContaining(['201', '400', '413', '415']),
    );
  });
});

describe('local HTTP server (npm start)', () => {
  let server: LocalHttpServer;
  let dataDir: string;
  let token: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hostile-local-'));
    server = await startLocalHttpServer({
      api: createApiHandler(h.services, { error: () => {} }),
      localDataDir: dataDir,
      routes: () => [],
      port: 0,
    });
    token = await signLocalToken({ tenant: TENANT, role: 'customer', email: 'ann@client.example' }, dataDir);
  });
  afterAll(async () => {
    await server?.close();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  });

  it('answers a body over its limit with 413 instead of resetting the connection', async () => {
    const answer = await fetch(`${server.url}/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 's', description: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(answer.status).toBe(413);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('payload_too_large');
    // The server is still serving.
    const next = await fetch(`${server.url}/tickets/%E0%A4%A`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(next.status).toBe(404);
  });
});
