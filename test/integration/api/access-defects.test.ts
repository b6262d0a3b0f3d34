/**
 * The defects of issue 10 not covered cell by cell in access-matrix.test.ts, each against DynamoDB Local:
 * staff identities shown to customers, tokens that cannot vouch for their email, customer priorities,
 * organisation-wide visibility, the opening mail's Cc, and hostile mail headers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundOutcome } from '../../../shared/inbound/process-inbound-mail.js';
import { requesterMailRecipients } from '../../../shared/notifications/recipients.js';
import { type ApiHarness, type Caller, createApiHarness, type Json } from '../../support/api-harness.js';
import { createInboundMailHarness, type InboundMailHarness } from '../../support/inbound-mail-harness.js';

const DOMAIN = 'support.example.com';
const anna: Caller = { tenant: 'interzen', role: 'customer', sub: 'anna', email: 'anna@example.it' };
const bob: Caller = { tenant: 'interzen', role: 'customer', sub: 'bob', email: 'bob@other.example' };
const agent: Caller = {
  tenant: 'interzen',
  role: 'agent',
  sub: 'agent-sub-1',
  email: 'agent@interzen.example.com',
};

let h: ApiHarness;
let mail: InboundMailHarness;

beforeAll(async () => {
  h = await createApiHarness('access-defects');
  await h.putTenant('interzen', {
    policy: 'interzen',
    customerPriorities: ['medium', 'low'],
    staffDomains: ['interzen.example.com'],
  });
  await h.putTenant('managry', { policy: 'managry', plan: 'premier', customerVisibility: 'organisation' });
  mail = createInboundMailHarness(h, { supportDomain: DOMAIN, idPrefix: 'defects' });
});
afterAll(async () => h?.close());

async function deliver(lines: string[], body = 'Every export fails.'): Promise<InboundOutcome> {
  return mail.deliver({ headers: lines, body, source: 'anna@example.it', recipient: `interzen@${DOMAIN}` });
}

describe('customers see staff by role and display name only', () => {
  it('no sub and no email of staff in createdBy, comment authors or event actors', async () => {
    const staffName: Caller = { ...agent };
    const created = await h.call('POST', '/tickets', {
      as: staffName,
      body: {
        subject: 'On behalf',
        description: 'x',
        requester: { email: 'anna@example.it' },
        priority: 'medium',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id;
    await h.call('POST', `/tickets/${id}/comments`, { as: agent, body: { body: 'We are on it.' } });
    const seen = JSON.stringify([
      (await h.call('GET', `/tickets/${id}`, { as: anna })).body,
      (await h.call('GET', `/tickets/${id}/comments`, { as: anna })).body,
      (await h.call('GET', `/tickets/${id}/events`, { as: anna })).body,
    ]);
    expect(seen).not.toContain('agent-sub-1');
    expect(seen).not.toContain('agent@interzen.example.com');
    const comments = (await h.call('GET', `/tickets/${id}/comments`, { as: anna })).body.items as Json[];
    expect(comments[0].author).toEqual({ role: 'agent' });
    // Staff still see who it was.
    const staffView = (await h.call('GET', `/tickets/${id}/comments`, { as: agent })).body.items as Json[];
    expect(staffView[0].author).toMatchObject({ sub: 'agent-sub-1', role: 'agent' });
  });
});

describe('tokens', () => {
  it('a customer token without an email can neither open a ticket nor name a requester: 403 with the reason', async () => {
    const noEmail = { tenant: 'interzen', role: 'customer' as const, sub: 'ghost', email: '' };
    for (const body of [
      { subject: 'x', description: 'y' },
      { subject: 'x', description: 'y', requester: { email: 'anna@example.it' } },
    ]) {
      const answer = await h.call('POST', '/tickets', { as: noEmail, body });
      expect(answer.status).toBe(403);
      expect(answer.body.error.message).toContain('verified email');
    }
  });

  it('an email the issuer says is unverified does not count (email_verified: false)', async () => {
    const mine = await h.call('POST', '/tickets', { as: anna, body: { subject: 'mine', description: 'x' } });
    const answer = await h.services.tickets
      .getTicket(
        { tenantId: 'interzen', role: 'customer', sub: 'mallory' }, // what principalFromClaims leaves of it
        mine.body.id,
      )
      .catch((error: Error) => error.name);
    expect(answer).toBe('TicketNotFoundError');
    const { principalFromClaims } = await import('../../../shared/auth/principal.js');
    const principal = principalFromClaims({
      sub: 'mallory',
      'custom:tenant': 'interzen',
      'custom:role': 'customer',
      email: 'anna@example.it',
      email_verified: 'false',
    });
    expect(principal.email).toBeUndefined();
  });
});

describe('customer priorities', () => {
  it('a customer may choose only the priorities the tenant allows them; staff any', async () => {
    const refused = await h.call('POST', '/tickets', {
      as: anna,
      body: { subject: 'x', description: 'y', priority: 'blocking' },
    });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('customerPriorities');
    const allowed = await h.call('POST', '/tickets', {
      as: anna,
      body: { subject: 'x', description: 'y', priority: 'low' },
    });
    expect(allowed.status).toBe(201);
    const staff = await h.call('POST', '/tickets', {
      as: agent,
      body: { subject: 'x', description: 'y', priority: 'blocking', requester: { email: 'anna@example.it' } },
    });
    expect(staff.status).toBe(201);
  });

  it('a [P1] subject tag outside customerPriorities is not honoured', async () => {
    const outcome = await deliver([
      'From: Anna <anna@example.it>',
      `To: interzen@${DOMAIN}`,
      'Subject: [P1] Export fails',
      'Message-ID: <p1@example.it>',
    ]);
    expect(outcome.kind).toBe('ticket-created');
    if (outcome.kind !== 'ticket-created') return;
    const view = (await h.call('GET', `/tickets/${outcome.ticket.ticketId}`, { as: agent })).body;
    expect(view.priority).not.toBe('blocking');
  });
});

describe('visibility', () => {
  it('under customerVisibility "organisation" every customer of the tenant sees the ticket', async () => {
    const a: Caller = { tenant: 'managry', role: 'customer', sub: 'a', email: 'a@brnosoft.cz' };
    const b: Caller = { tenant: 'managry', role: 'customer', sub: 'b', email: 'b@brnosoft.cz' };
    const ticket = await h.call('POST', '/tickets', { as: a, body: { subject: 'x', description: 'y' } });
    expect((await h.call('GET', `/tickets/${ticket.body.id}`, { as: b })).status).toBe(200);
    const listed = (await h.call('GET', '/tickets', { as: b })).body.items as Json[];
    expect(listed.some((t) => t.id === ticket.body.id)).toBe(true);
  });

  it('under "own" another customer neither reads nor lists it', async () => {
    const ticket = await h.call('POST', '/tickets', { as: anna, body: { subject: 'x', description: 'y' } });
    expect((await h.call('GET', `/tickets/${ticket.body.id}`, { as: bob })).status).toBe(404);
    const listed = (await h.call('GET', '/tickets?limit=100', { as: bob })).body.items as Json[];
    expect(listed.some((t) => t.id === ticket.body.id)).toBe(false);
  });
});

describe('participants from the opening mail', () => {
  it("the Cc the tenant's rules allow are copied on the ticket and get the requester's mail", async () => {
    const outcome = await deliver([
      'From: Anna <anna@example.it>',
      `To: interzen@${DOMAIN}`,
      `Cc: Carl <carl@example.it>, interzen@${DOMAIN}, agent@interzen.example.com`,
      'Subject: Export fails',
      'Message-ID: <cc@example.it>',
    ]);
    expect(outcome.kind).toBe('ticket-created');
    if (outcome.kind !== 'ticket-created') return;
    const ticket = await h.services.tickets.loadTicket('interzen', outcome.ticket.ticketId);
    expect(ticket?.participants).toEqual([{ email: 'carl@example.it', name: 'Carl' }]);
    expect(requesterMailRecipients(ticket!)).toEqual({ to: ['anna@example.it'], cc: ['carl@example.it'] });
  });
});

describe('hostile mail headers never fail the handler', () => {
  it('a 3,000-character In-Reply-To and Message-ID: processed, keyed by a hash', async () => {
    const long = `<${'x'.repeat(3000)}@example.it>`;
    const outcome = await deliver([
      'From: Anna <anna@example.it>',
      `To: interzen@${DOMAIN}`,
      'Subject: long ids',
      `Message-ID: ${long}`,
      `In-Reply-To: ${long}`,
    ]);
    expect(outcome.kind).toBe('ticket-created');
  });

  it('thousands of References and an oversized subject and display name', async () => {
    const references = Array.from({ length: 5000 }, (_, i) => `<r${i}@example.it>`).join(' ');
    const outcome = await deliver([
      `From: ${'N'.repeat(5000)} <anna@example.it>`,
      `To: interzen@${DOMAIN}`,
      `Subject: ${'s'.repeat(20_000)}`,
      'Message-ID: <refs@example.it>',
      `References: ${references}`,
    ]);
    expect(outcome.kind).toBe('ticket-created');
    if (outcome.kind !== 'ticket-created') return;
    const view = (await h.call('GET', `/tickets/${outcome.ticket.ticketId}`, { as: agent })).body;
    expect(view.subject.length).toBeLessThanOrEqual(300);
    expect(view.requester.name.length).toBeLessThanOrEqual(200);
  });

  it('hundreds of attachments: kept up to the bound, the rest counted', async () => {
    const parts = Array.from(
      { length: 300 },
      (_, i) =>
        `--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename="f${i}.txt"\r\n\r\nfile ${i}\r\n`,
    ).join('');
    const raw = Buffer.from(
      `From: anna@example.it\r\nTo: interzen@${DOMAIN}\r\nSubject: many files\r\nMessage-ID: <files@example.it>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n${parts}--b--\r\n`,
    );
    const outcome = await mail.deliverRaw(raw, {
      source: 'anna@example.it',
      recipient: `interzen@${DOMAIN}`,
    });
    expect(outcome?.kind).toBe('ticket-created');
    if (outcome?.kind !== 'ticket-created') return;
    expect(outcome.attachments).toHaveLength(100);
    const view = (await h.call('GET', `/tickets/${outcome.ticket.ticketId}`, { as: agent })).body;
    expect(view.description).toContain('200 more attachments not kept');
  });
});
