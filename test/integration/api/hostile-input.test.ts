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
