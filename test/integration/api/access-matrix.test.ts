/**
 * The access matrix (issue 10), generated from two tables against DynamoDB Local: every role × every ticket
 * route, and every kind of sender × the mail path, with the expected outcome of each. Each cell works on a fresh
 * ticket of `anna@example.it` (the requester) on which an agent copied `carl@example.it` (a participant), so no
 * cell depends on another. README "Who sees and does what" is the same table in prose.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatOutboundMessageId, INTERNAL_THREAD_EVENT_ID } from '../../../shared/inbound/message-id.js';
import type { InboundOutcome } from '../../../shared/inbound/process-inbound-mail.js';
import type { VerdictStatus } from '../../../shared/inbound/ses-event.js';
import { type ApiHarness, type Caller, createApiHarness, type Json } from '../../support/api-harness.js';
import { createInboundMailHarness, type InboundMailHarness } from '../../support/inbound-mail-harness.js';

const TENANT = 'enterprise-support';
const DOMAIN = 'support.example.com';
const REQUESTER = 'anna@example.it';
const PARTICIPANT = 'carl@example.it';

type Role =
  | 'requester'
  | 'participant'
  | 'other customer'
  | "other tenant's customer"
  | 'agent'
  | 'admin'
  | '* staff';

interface Who {
  caller: Caller;
  headers?: Record<string, string>;
}

const ROLES: Record<Role, Who> = {
  requester: { caller: { tenant: TENANT, role: 'customer', sub: 'anna', email: REQUESTER } },
  participant: { caller: { tenant: TENANT, role: 'customer', sub: 'carl', email: PARTICIPANT } },
  'other customer': { caller: { tenant: TENANT, role: 'customer', sub: 'bob', email: 'bob@other.example' } },
  "other tenant's customer": {
    caller: { tenant: 'standard-support', role: 'customer', sub: 'eve', email: REQUESTER },
  },
  agent: {
    caller: { tenant: TENANT, role: 'agent', sub: 'agent-1', email: 'agent@enterprise-support.example.com' },
  },
  admin: {
    caller: { tenant: TENANT, role: 'admin', sub: 'admin-1', email: 'admin@enterprise-support.example.com' },
  },
  '* staff': {
    caller: { tenant: '*', role: 'agent', sub: 'ops-1', email: 'ops@sla-sentinel.example' },
    headers: { 'X-Tenant-Id': TENANT },
  },
};

interface RouteCase {
  name: string;
  /** The call on a fresh ticket `id`; answers the status and, for listings, whether the ticket was listed. */
  call(h: ApiHarness, who: Who, id: string): Promise<number | 'listed' | 'not listed'>;
}

const ROUTES: RouteCase[] = [
  {
    name: 'GET /tickets/{id}',
    call: async (h, w, id) => (await h.call('GET', `/tickets/${id}`, opts(w))).status,
  },
  {
    name: 'GET /tickets (lists it?)',
    call: async (h, w, id) => {
      const answer = await h.call('GET', '/tickets?limit=100', opts(w));
      expect(answer.status).toBe(200);
      return answer.body.items.some((t: Json) => t.id === id) ? 'listed' : 'not listed';
    },
  },
  {
    name: 'GET /tickets?status=new (lists it?)',
    call: async (h, w, id) => {
      const answer = await h.call('GET', '/tickets?status=new&limit=100', opts(w));
      expect(answer.status).toBe(200);
      return answer.body.items.some((t: Json) => t.id === id) ? 'listed' : 'not listed';
    },
  },
  {
    name: 'GET /tickets/{id}/sla',
    call: async (h, w, id) => (await h.call('GET', `/tickets/${id}/sla`, opts(w))).status,
  },
  {
    name: 'GET /tickets/{id}/comments',
    call: async (h, w, id) => (await h.call('GET', `/tickets/${id}/comments`, opts(w))).status,
  },
  {
    name: 'GET /tickets/{id}/events',
    call: async (h, w, id) => (await h.call('GET', `/tickets/${id}/events`, opts(w))).status,
  },
  {
    name: 'POST /tickets/{id}/comments',
    call: async (h, w, id) =>
      (await h.call('POST', `/tickets/${id}/comments`, opts(w, { body: 'any news?' }))).status,
  },
  {
    name: 'POST /tickets/{id}/escalations',
    call: async (h, w, id) => (await h.call('POST', `/tickets/${id}/escalations`, opts(w, {}))).status,
  },
  {
    name: 'PATCH /tickets/{id} status resolved',
    call: async (h, w, id) =>
      (await h.call('PATCH', `/tickets/${id}`, opts(w, { status: 'resolved' }))).status,
  },
  {
    name: 'POST /tickets/{id}/participants',
    call: async (h, w, id) =>
      (
        await h.call(
          'POST',
          `/tickets/${id}/participants`,
          opts(w, { participants: [{ email: 'dan@example.it' }] }),
        )
      ).status,
  },
  {
    name: 'POST /tickets (a ticket of their own)',
    call: async (h, w) =>
      (await h.call('POST', '/tickets', opts(w, { subject: 'Mine', description: 'x', priority: 'high' })))
        .status,
  },
  {
    name: 'PATCH /tickets/{id} priority',
    call: async (h, w, id) => (await h.call('PATCH', `/tickets/${id}`, opts(w, { priority: 'low' }))).status,
  },
  {
    name: 'GET /tenants/{tenantId}',
    call: async (h, w) => (await h.call('GET', `/tenants/${TENANT}`, opts(w))).status,
  },
  {
    name: 'GET /reports/sla',
    call: async (h, w) => (await h.call('GET', '/reports/sla?from=2026-03-01&to=2026-03-31', opts(w))).status,
  },
  {
    name: 'DELETE /tickets/{id}/participants/{email}',
    call: async (h, w, id) =>
      (await h.call('DELETE', `/tickets/${id}/participants/${encodeURIComponent(PARTICIPANT)}`, opts(w)))
        .status,
  },
  {
    name: 'GET /inbound/rejections',
    call: async (h, w) => (await h.call('GET', '/inbound/rejections', opts(w))).status,
  },
];

/** Expected outcome per route, in the order of the role columns below. */
const COLUMNS: Role[] = [
  'requester',
  'participant',
  'other customer',
  "other tenant's customer",
  'agent',
  'admin',
  '* staff',
];
const EXPECTED: Record<string, (number | 'listed' | 'not listed')[]> = {
  'GET /tickets/{id}': [200, 200, 404, 404, 200, 200, 200],
  'GET /tickets (lists it?)': ['listed', 'listed', 'not listed', 'not listed', 'listed', 'listed', 'listed'],
  'GET /tickets?status=new (lists it?)': [
    'listed',
    'listed',
    'not listed',
    'not listed',
    'listed',
    'listed',
    'listed',
  ],
  'GET /tickets/{id}/sla': [200, 200, 404, 404, 200, 200, 200],
  'GET /tickets/{id}/comments': [200, 200, 404, 404, 200, 200, 200],
  'GET /tickets/{id}/events': [200, 200, 404, 404, 200, 200, 200],
  'POST /tickets/{id}/comments': [201, 201, 404, 404, 201, 201, 201],
  'POST /tickets/{id}/escalations': [201, 201, 404, 404, 201, 201, 201],
  'PATCH /tickets/{id} status resolved': [200, 200, 404, 404, 200, 200, 200],
  'POST /tickets/{id}/participants': [403, 403, 403, 403, 200, 200, 200],
  'POST /tickets (a ticket of their own)': [201, 201, 201, 201, 201, 201, 201],
  // A customer may change only the status: refused by role, before (and whether or not) they may see it.
  'PATCH /tickets/{id} priority': [403, 403, 403, 403, 200, 200, 200],
  'GET /tenants/{tenantId}': [403, 403, 403, 403, 200, 200, 200],
  // Reports: admins of the tenant, and staff serving every tenant.
  'GET /reports/sla': [403, 403, 403, 403, 403, 200, 200],
  'DELETE /tickets/{id}/participants/{email}': [403, 403, 403, 403, 200, 200, 200],
  'GET /inbound/rejections': [403, 403, 403, 403, 200, 200, 200],
};

function opts(who: Who, body?: unknown) {
  return {
    as: who.caller,
    ...(who.headers ? { headers: who.headers } : {}),
    ...(body === undefined ? {} : { body }),
  };
}

let h: ApiHarness;
let mail: InboundMailHarness;
let seq = 0;

beforeAll(async () => {
  h = await createApiHarness('access');
  await h.putTenant(TENANT, {
    policy: 'enterprise-support',
    supportContacts: [{ email: 'agent@enterprise-support.example.com' }],
    staffDomains: ['enterprise-support.example.com'],
  });
  await h.putTenant('standard-support', { policy: 'standard-support' });
  mail = createInboundMailHarness(h, { supportDomain: DOMAIN, idPrefix: 'access' });
});
afterAll(async () => h?.close());

/** Anna's ticket, with Carl copied on it by an agent. */
async function freshTicket(): Promise<{ id: string; reference: string }> {
  const created = await h.call('POST', '/tickets', {
    as: ROLES.requester.caller,
    body: { subject: 'VPN drops', description: 'every hour', priority: 'high' },
  });
  expect(created.status).toBe(201);
  const added = await h.call('POST', `/tickets/${created.body.id}/participants`, {
    as: ROLES.agent.caller,
    body: { participants: [{ email: PARTICIPANT, name: 'Carl' }] },
  });
  expect(added.status).toBe(200);
  return { id: created.body.id, reference: created.body.reference };
}

describe('access matrix: role × API route', () => {
  for (const route of ROUTES) {
    COLUMNS.forEach((role, column) => {
      const expected = EXPECTED[route.name]![column]!;
      it(`${route.name} as ${role} -> ${expected}`, async () => {
        const { id } = await freshTicket();
        expect(await route.call(h, ROLES[role], id)).toBe(expected);
        // Whatever a refused caller tried, the ticket is unchanged (version 2: created, participant added).
        if (typeof expected === 'number' && expected >= 400) {
          expect((await h.call('GET', `/tickets/${id}`, opts(ROLES.agent))).body.version).toBe(2);
        }
      });
    });
  }
});

interface MailCase {
  sender: string;
  from: string;
  /** Envelope sender (SPF is checked against it). */
  source?: string;
  verdicts?: Partial<Record<'spf' | 'dkim' | 'dmarc', VerdictStatus>>;
  /** Answers an internal notification (the References marker a reminder/breach mail carries). */
  internal?: boolean;
  expected:
    | { kind: 'comment-added'; role: 'customer' | 'agent'; visibility: 'public' | 'internal' }
    | { kind: 'rejected'; reason: string };
}

const MAIL: MailCase[] = [
  {
    sender: 'requester',
    from: REQUESTER,
    expected: { kind: 'comment-added', role: 'customer', visibility: 'public' },
  },
  {
    sender: 'participant',
    from: PARTICIPANT,
    expected: { kind: 'comment-added', role: 'customer', visibility: 'public' },
  },
  {
    sender: 'other customer',
    from: 'bob@other.example',
    expected: { kind: 'rejected', reason: 'not-a-participant' },
  },
  {
    sender: 'stranger',
    from: 'eve@stranger.example',
    expected: { kind: 'rejected', reason: 'not-a-participant' },
  },
  {
    sender: 'staff (support contact)',
    from: 'agent@enterprise-support.example.com',
    expected: { kind: 'comment-added', role: 'agent', visibility: 'public' },
  },
  {
    sender: 'staff (staffDomains)',
    from: 'admin@enterprise-support.example.com',
    expected: { kind: 'comment-added', role: 'agent', visibility: 'public' },
  },
  {
    sender: 'staff replying to an internal notification',
    from: 'agent@enterprise-support.example.com',
    internal: true,
    expected: { kind: 'comment-added', role: 'agent', visibility: 'internal' },
  },
  {
    sender: '* staff not named by the tenant',
    from: 'ops@sla-sentinel.example',
    expected: { kind: 'rejected', reason: 'not-a-participant' },
  },
  {
    sender: "the requester's address, SPF pass for another domain, no DMARC",
    from: REQUESTER,
    source: 'bounce@spoofer.example',
    verdicts: { dmarc: 'GRAY', dkim: 'GRAY', spf: 'PASS' },
    expected: { kind: 'rejected', reason: 'unauthenticated-sender' },
  },
  {
    sender: "the requester's address, SPF pass aligned, no DMARC",
    from: REQUESTER,
    source: 'bounce@mail.example.it',
    verdicts: { dmarc: 'GRAY', dkim: 'GRAY', spf: 'PASS' },
    expected: { kind: 'comment-added', role: 'customer', visibility: 'public' },
  },
  {
    sender: 'a staff address, DMARC FAIL',
    from: 'agent@enterprise-support.example.com',
    verdicts: { dmarc: 'FAIL' },
    expected: { kind: 'rejected', reason: 'dmarc' },
  },
];

async function deliver(c: MailCase, reference: string): Promise<InboundOutcome> {
  seq += 1;
  const references = c.internal
    ? formatOutboundMessageId({ ticketRef: reference, eventId: INTERNAL_THREAD_EVENT_ID, domain: DOMAIN })
    : formatOutboundMessageId({ ticketRef: reference, eventId: '0', domain: DOMAIN });
  return mail.deliver({
    headers: [
      `From: ${c.from}`,
      `To: ${TENANT}@${DOMAIN}`,
      `Subject: Re: [${reference}] VPN drops`,
      `Message-ID: <m${seq}@mail.example>`,
      `References: ${references}`,
    ],
    body: 'who owns this? do not tell the customer',
    source: c.source ?? c.from,
    recipient: `${TENANT}@${DOMAIN}`,
    ...(c.verdicts ? { verdicts: c.verdicts } : {}),
  });
}

describe('access matrix: sender × mail on an existing ticket', () => {
  for (const c of MAIL) {
    const outcome =
      c.expected.kind === 'rejected'
        ? `rejected (${c.expected.reason})`
        : `${c.expected.visibility} ${c.expected.role} comment`;
    it(`${c.sender} -> ${outcome}`, async () => {
      const { id, reference } = await freshTicket();
      const result = await deliver(c, reference);
      const comments = (await h.call('GET', `/tickets/${id}/comments`, opts(ROLES.agent))).body
        .items as Json[];
      if (c.expected.kind === 'rejected') {
        const reason = c.expected.reason;
        expect(result).toMatchObject({ kind: 'rejected', reason: c.expected.reason });
        expect(comments).toHaveLength(0);
        // Recorded where agents see it (GET /inbound/rejections), with the reason and, once threaded, the ticket.
        const recorded = (await h.call('GET', `/inbound/rejections?limit=100`, opts(ROLES.agent))).body
          .items as Json[];
        const mine = recorded.find((r) => r.sesMessageId === mail.lastSesMessageId);
        expect(mine).toMatchObject({ reason });
        // SES's verdicts are judged before the mail is read: that record knows neither From nor the ticket.
        if (reason !== 'dmarc') expect(mine).toMatchObject({ from: c.from, ticketId: id });
        return;
      }
      expect(result.kind).toBe('comment-added');
      expect(comments).toHaveLength(1);
      expect(comments[0]).toMatchObject({
        visibility: c.expected.visibility,
        author: { role: c.expected.role },
      });
      const seenByRequester = (await h.call('GET', `/tickets/${id}/comments`, opts(ROLES.requester))).body
        .items as Json[];
      expect(seenByRequester).toHaveLength(c.expected.visibility === 'public' ? 1 : 0);
      if (c.expected.visibility === 'internal') {
        // An internal note meets nothing: first response still running.
        const ticket = (await h.call('GET', `/tickets/${id}`, opts(ROLES.agent))).body;
        const first = ticket.sla.milestones.find((m: Json) => m.name === 'firstResponse');
        expect(first.state).toBe('running');
      }
    });
  }
});
