/**
 * `GET /tickets/{id}/comments` and `/events` a page at a time, through the real API function and DynamoDB Local:
 * oldest first, every item exactly once across the pages, customers' pages public only, the bounds of `limit`
 * and a cursor that only continues the listing it came from (400 otherwise).
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
  h = await createApiHarness('pages');
  await h.putTenant(TENANT, { policy: 'enterprise-support' });
});
afterAll(async () => h?.close());

async function ticketWithComments(): Promise<{ id: string; bodies: string[] }> {
  const created = await h.call('POST', '/tickets', {
    as: customer,
    body: { subject: 'Long thread', description: 'many replies' },
  });
  expect(created.status).toBe(201);
  const bodies: string[] = [];
  for (let i = 1; i <= 9; i++) {
    h.clock.advance(MINUTE);
    const visibility = i % 3 === 0 ? 'internal' : 'public';
    const as = visibility === 'internal' || i % 2 ? agent : customer;
    const answer = await h.call('POST', `/tickets/${created.body.id}/comments`, {
      as,
      body: { body: `comment ${i}`, visibility },
    });
    expect(answer.status).toBe(201);
    bodies.push(`comment ${i}`);
  }
  return { id: created.body.id, bodies };
}

/** Every page of a listing, following the cursor. */
async function allPages(path: string, as: Caller, limit: number) {
  const pages: { items: Record<string, unknown>[]; cursor: string | null }[] = [];
  let cursor: string | null = null;
  do {
    const url: string = `${path}?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
    const answer = await h.call('GET', url, { as });
    expect(answer.status).toBe(200);
    const page = answer.body as { items: Record<string, unknown>[]; cursor: string | null };
    pages.push(page);
    cursor = page.cursor;
  } while (cursor && pages.length < 50);
  return pages;
}

describe('paged comments and events', () => {
  it('hands out every comment once, oldest first; customers page through public ones only', async () => {
    const { id, bodies } = await ticketWithComments();
    const staff = await allPages(`/tickets/${id}/comments`, agent, 2);
    expect(staff.every((p) => p.items.length <= 2)).toBe(true);
    expect(staff.flatMap((p) => p.items.map((c) => c.body))).toEqual(bodies);
    expect(staff.at(-1)?.cursor).toBeNull();

    const mine = await allPages(`/tickets/${id}/comments`, customer, 2);
    expect(mine.flatMap((p) => p.items.map((c) => c.body))).toEqual(
      bodies.filter((_, i) => (i + 1) % 3 !== 0),
    );
    // The filter reads on to fill a page: only the last page may be short.
    expect(mine.slice(0, -1).every((p) => p.items.length === 2)).toBe(true);

    const defaultPage = await h.call('GET', `/tickets/${id}/comments`, { as: agent });
    expect(defaultPage.body.items).toHaveLength(bodies.length);
    expect(defaultPage.body.cursor).toBeNull();
  });

  it('pages the history the same way, versions ascending, customers without internal events', async () => {
    const { id } = await ticketWithComments();
    const whole = await h.call('GET', `/tickets/${id}/events?limit=100`, { as: agent });
    const staff = await allPages(`/tickets/${id}/events`, agent, 3);
    expect(staff.flatMap((p) => p.items)).toEqual(whole.body.items);
    const versions = whole.body.items.map((e: { version: number }) => e.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const mine = (await allPages(`/tickets/${id}/events`, customer, 3)).flatMap((p) => p.items);
    // Customers see staff by role and name only (the access model), so compare with the staff identities cut.
    type Seen = { visibility: string; actor: { role: string; sub?: string; email?: string } };
    const asCustomerSees = (e: Seen) =>
      e.actor.role === 'customer' ? e : { ...e, actor: { role: e.actor.role } };
    expect(mine).toEqual(whole.body.items.filter((e: Seen) => e.visibility === 'public').map(asCustomerSees));
    expect(mine.length).toBeLessThan(whole.body.items.length);
  });

  it('answers 400 to a limit out of bounds and to a cursor of another listing, ticket or shape', async () => {
    const { id } = await ticketWithComments();
    const other = await ticketWithComments();
    for (const limit of ['0', '101', 'ten', '-1']) {
      const answer = await h.call('GET', `/tickets/${id}/comments?limit=${limit}`, { as: agent });
      expect(answer.status).toBe(400);
      expect(answer.body.error.fields?.[0]?.path).toBe('limit');
    }
    const comments = await h.call('GET', `/tickets/${id}/comments?limit=2`, { as: agent });
    const events = await h.call('GET', `/tickets/${id}/events?limit=2`, { as: agent });
    const otherEvents = await h.call('GET', `/tickets/${other.id}/events?limit=2`, { as: agent });
    const refused = [
      `/tickets/${id}/events?cursor=${comments.body.cursor}`,
      `/tickets/${id}/comments?cursor=${events.body.cursor}`,
      `/tickets/${id}/events?cursor=${otherEvents.body.cursor}`,
      `/tickets/${id}/events?cursor=%%%`,
      `/tickets/${id}/events?cursor=bm90LWpzb24`,
      `/tickets/${id}/comments?extra=1`,
    ];
    for (const path of refused) {
      const answer = await h.call('GET', path, { as: agent });
      expect(answer.status, path).toBe(400);
    }
    const forged = JSON.parse(Buffer.from(events.body.cursor, 'base64url').toString());
    forged.k.PK = forged.k.PK.replace(TENANT, 'interzen');
    const tampered = await h.call(
      'GET',
      `/tickets/${id}/events?cursor=${Buffer.from(JSON.stringify(forged)).toString('base64url')}`,
      { as: agent },
    );
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.code).toBe('invalid_cursor');
    // Every key value empty, not a string or oversized: refused before DynamoDB (an empty one was a 500).
    for (const [listing, page] of [
      ['comments', comments],
      ['events', events],
    ] as const) {
      for (const bad of forgedCursors(page.body.cursor)) {
        const answer = await h.call('GET', `/tickets/${id}/${listing}?cursor=${bad.cursor}`, { as: agent });
        expect(answer.status, `${listing} ${bad.label}`).toBe(400);
        expect(answer.body.error.code, `${listing} ${bad.label}`).toBe('invalid_cursor');
      }
    }
  });
});
