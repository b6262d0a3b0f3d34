/**
 * The contract check that every API call in the tests goes through (test/support/api-contract.ts) catches a
 * body that drifted from the OpenAPI document: real answers of the real API, then the same answers changed
 * the way a drift would change them, each checked by the checker itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../shared/http/openapi.js';
import { assertApiContract, contractViolations } from '../../support/api-contract.js';
import { type ApiHarness, type Caller, createApiHarness, type Json } from '../../support/api-harness.js';

let h: ApiHarness;
let ticket: Json;
let comment: Json;
const agent: Caller = { tenant: 'interzen', role: 'agent' };

beforeAll(async () => {
  h = await createApiHarness('contract');
  await h.putTenant('interzen', { name: 'Interzen', policy: 'interzen', timezone: 'Europe/Rome' });
  ticket = (
    await h.call('POST', '/tickets', {
      as: agent,
      body: {
        subject: 'Export fails',
        description: 'Every CSV export fails.',
        requester: { email: 'a@b.example' },
      },
    })
  ).body;
  comment = (
    await h.call('POST', `/tickets/${ticket.id}/comments`, { as: agent, body: { body: 'Looking into it.' } })
  ).body;
});
afterAll(async () => h?.close());

const drifted = (body: Json, change: (copy: Json) => void): Json => {
  const copy = structuredClone(body);
  change(copy);
  return copy;
};

describe('the API contract check', () => {
  it('passes the real answers', () => {
    expect(contractViolations({ method: 'POST', url: '/tickets', status: 201, body: ticket })).toEqual([]);
    expect(
      contractViolations({
        method: 'POST',
        url: `/tickets/${ticket.id}/comments`,
        status: 201,
        body: comment,
      }),
    ).toEqual([]);
    expect(ticket.sla.milestones.length).toBeGreaterThan(0);
  });

  it('names the route, the status and the issue path of a missing or mistyped field', () => {
    const missing = drifted(ticket, (t) => {
      delete t.reference;
    });
    expect(contractViolations({ method: 'POST', url: '/tickets', status: 201, body: missing })).toEqual([
      'createTicket (POST /tickets) answered 201: reference: Invalid input: expected string, received undefined',
    ]);
    const mistyped = drifted(ticket, (t) => {
      t.sla.milestones[0].dueAt = Date.parse(t.sla.milestones[0].dueAt);
    });
    expect(
      contractViolations({ method: 'GET', url: `/tickets/${ticket.id}`, status: 200, body: mistyped }),
    ).toEqual([
      'getTicket (GET /tickets/{id}) answered 200: sla.milestones.0.dueAt: Invalid input: expected string, received number',
    ]);
    const nested = drifted(comment, (c) => {
      c.comment.visibility = 'private';
    });
    expect(
      contractViolations({
        method: 'POST',
        url: `/tickets/${ticket.id}/comments`,
        status: 201,
        body: nested,
      }),
    ).toEqual([
      'addComment (POST /tickets/{id}/comments) answered 201: comment.visibility: Invalid option: expected one of "public"|"internal"',
    ]);
  });

  it('fails a field the document does not name (it says additionalProperties: false)', () => {
    const extra = drifted(ticket, (t) => {
      t.internalScore = 3;
      t.sla.milestones[0].timerId = 'x';
    });
    expect(
      contractViolations({
        method: 'GET',
        url: `/tickets?limit=1`,
        status: 200,
        body: { items: [extra], cursor: null },
      }),
    ).toEqual([
      'listTickets (GET /tickets) answered 200: items.0.sla.milestones.0.timerId: not in the response schema',
      'listTickets (GET /tickets) answered 200: items.0.internalScore: not in the response schema',
    ]);
  });

  it('fails an undocumented status, success or error, and an error body of another shape', () => {
    expect(contractViolations({ method: 'POST', url: '/tickets', status: 200, body: ticket })).toEqual([
      'createTicket (POST /tickets) answered 200, but the document lists only 201, 400, 401, 403, 404, 413, 415, 422',
    ]);
    expect(
      contractViolations({
        method: 'GET',
        url: '/tickets/t_nope',
        status: 404,
        body: { message: 'not found' },
      }),
    ).toEqual([
      'getTicket (GET /tickets/{id}) answered 404: error body error: Invalid input: expected object, received undefined',
    ]);
    expect(
      contractViolations({
        method: 'GET',
        url: `/tickets/${ticket.id}`,
        status: 409,
        body: { error: { code: 'conflict', message: 'no' } },
      }),
    ).toEqual(['getTicket (GET /tickets/{id}) answered 409, but the document lists only 200, 400, 401, 404']);
    expect(contractViolations({ method: 'GET', url: '/nowhere', status: 200, body: {} })).toEqual([
      'GET /nowhere answered 200, but no route in the table matches it',
    ]);
  });

  it('throws with every violation, so a harness call fails the test that made it', () => {
    const bad = drifted(ticket, (t) => {
      t.status = 'lost';
    });
    expect(() =>
      assertApiContract({ method: 'PATCH', url: `/tickets/${ticket.id}`, status: 200, body: bad }),
    ).toThrow(/updateTicket \(PATCH \/tickets\/\{id\}\) answered 200: status: Invalid option/);
  });

  it('documents both statuses PUT /tenants/{tenantId} answers', async () => {
    const created = await h.call('PUT', '/tenants/acme', {
      as: { tenant: 'acme', role: 'admin' },
      body: { name: 'Acme', policy: 'standard-support', timezone: 'Europe/Rome' },
    });
    expect(created.status).toBe(201);
    const document = openApiDocument() as Json;
    expect(Object.keys(document.paths['/tenants/{tenantId}'].put.responses)).toEqual(
      expect.arrayContaining(['200', '201']),
    );
  });
});
