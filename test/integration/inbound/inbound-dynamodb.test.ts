/**
 * The inbound-email handler's plain function over the real ticket service on DynamoDB Local: the mail
 * opens tickets, threads replies, records rejections, and never doubles a delivery.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoRejectionLog } from '../../../shared/adapters/dynamodb/rejection-log.js';
import { ManualClock } from '../../../shared/clock.js';
import { createInboundMailHandler } from '../../../shared/composition/inbound-mail.js';
import { createTicketServices, type TicketServices } from '../../../shared/composition/ticket-services.js';
import { formatOutboundMessageId } from '../../../shared/inbound/message-id.js';
import type { InboundOutcome } from '../../../shared/inbound/process-inbound-mail.js';
import { buildSesRecord, rawMailKey, type VerdictStatus } from '../../../shared/inbound/ses-event.js';
import { TicketServiceInboundPort } from '../../../shared/inbound/ticket-service-port.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';
import { InMemoryMailStore, RecordingMetrics, silentLogger } from '../../unit/inbound/fakes.js';
import { fixture } from '../../unit/inbound/harness.js';

const DOMAIN = 'support.example.com';
const AGENT = {
  tenantId: 'interzen',
  role: 'agent' as const,
  sub: 'agent-1',
  email: 'agent@interzen.example',
};

let table: TestTable;
let services: TicketServices;
let rejections: DynamoRejectionLog;
const store = new InMemoryMailStore();
const clock = new ManualClock(Date.parse('2026-03-04T09:00:00Z'));
let handle: ReturnType<typeof createInboundMailHandler>;
let seq = 0;

beforeAll(async () => {
  table = await createTestTable('inbound');
  services = createTicketServices({ client: table.client, tableName: table.tableName, clock });
  rejections = new DynamoRejectionLog(table.client, table.tableName);
  for (const [tenantId, profile] of [
    ['interzen', { policy: 'interzen' }],
    ['managry', { policy: 'managry', plan: 'premier', allowedRequesterDomains: ['brnosoft.cz'] }],
  ] as const) {
    await services.tenantRepository.putTenant(
      buildTenant(tenantId, tenantProfileSchema.parse(profile), clock.now()),
    );
  }
  handle = createInboundMailHandler({
    store,
    tickets: new TicketServiceInboundPort({
      tickets: services.tickets,
      tenants: services.tenantRepository,
      rejections,
      supportDomain: DOMAIN,
    }),
    clock,
    logger: silentLogger,
    metrics: new RecordingMetrics(),
  });
});

afterAll(async () => {
  await table?.drop();
});

async function deliver(
  raw: Buffer,
  to = `interzen@${DOMAIN}`,
  verdicts?: Partial<Record<'dmarc' | 'virus', VerdictStatus>>,
): Promise<InboundOutcome> {
  seq += 1;
  const sesMessageId = `int-ses-${seq}`;
  store.objects.set(rawMailKey(sesMessageId), { body: raw, contentType: 'message/rfc822' });
  const event = {
    Records: [
      buildSesRecord({
        sesMessageId,
        source: 'someone@acme-industrie.it',
        recipients: [to],
        timestamp: new Date(clock.now()).toISOString(),
        ...(verdicts ? { verdicts } : {}),
      }),
    ],
  };
  const [outcome] = await handle(event);
  return outcome!;
}

function mail(headers: Record<string, string>, body: string): Buffer {
  const lines = Object.entries({
    From: 'Marco Bianchi <marco.bianchi@acme-industrie.it>',
    To: `interzen@${DOMAIN}`,
    ...headers,
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return Buffer.from(`${lines}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n${body}\r\n`);
}

describe('inbound mail on the ticket service (DynamoDB Local)', () => {
  let reference: string;
  let ticketId: string;

  it('a new mail opens a ticket: channel email, the policy default priority, language, requester', async () => {
    const outcome = await deliver(fixture('iso-8859-1.eml'));
    expect(outcome.kind).toBe('ticket-created');
    if (outcome.kind !== 'ticket-created') return;
    ({ reference, ticketId } = outcome.ticket);
    expect(reference).toMatch(/^INT-\d{6}$/);
    const view = await services.tickets.getTicket(AGENT, ticketId);
    expect(view).toMatchObject({
      channel: 'email',
      subject: 'Impossibile accedere al portale (perché?)',
      language: 'it',
      requester: { email: 'giulia.esposito@ferramenta-rossi.it', name: 'Giulia Esposito' },
      status: 'new',
    });
    expect(view.sla.milestones.length).toBeGreaterThan(0);
    // The mail's Message-ID is linked: the ticket can be found by it.
    expect(
      (await services.tickets.findTicketByMessageId('interzen', '<20260303.0900.giulia@ferramenta-rossi.it>'))
        ?.id,
    ).toBe(ticketId);
  });

  it('the same mail delivered again, sequentially or concurrently, makes no second ticket', async () => {
    expect((await deliver(fixture('iso-8859-1.eml'))).kind).toBe('duplicate');
    const raw = fixture('plain.eml');
    const outcomes = await Promise.all([deliver(raw), deliver(raw), deliver(raw)]);
    expect(outcomes.filter((o) => o.kind === 'ticket-created')).toHaveLength(1);
    const page = await services.tickets.listTickets(AGENT, { limit: 100 });
    expect(page.items.filter((t) => t.subject === 'Export to CSV fails with error 500')).toHaveLength(1);
  });

  it('[P1] in the subject sets the priority (interzen: blocking)', async () => {
    const outcome = await deliver(fixture('encoded-word-subject.eml'));
    if (outcome.kind !== 'ticket-created') throw new Error(outcome.kind);
    const view = await services.tickets.getTicket(AGENT, outcome.ticket.ticketId);
    expect(view).toMatchObject({
      priority: 'blocking',
      subject: 'Produzione ferma: ordini non sincronizzati',
    });
  });

  it('a reply threaded by headers alone resumes a pending_customer ticket, quotes stripped, attachments listed', async () => {
    clock.advance(60 * 60_000);
    await services.tickets.updateTicket(AGENT, ticketId, { status: 'pending_customer' });
    const ourAck = formatOutboundMessageId({ ticketRef: reference, eventId: 'v1-0', domain: DOMAIN });
    const raw = Buffer.from(
      [
        'From: Giulia Esposito <giulia.esposito@ferramenta-rossi.it>',
        `To: interzen@${DOMAIN}`,
        'Subject: Re: la vostra richiesta',
        'Message-ID: <reply-1@ferramenta-rossi.it>',
        `In-Reply-To: ${ourAck}`,
        `References: ${ourAck}`,
        'Content-Type: multipart/mixed; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Ecco il log richiesto.',
        '',
        'Il giorno mer 4 mar 2026 alle ore 10:00 Supporto <interzen@support.example.com> ha scritto:',
        '> Ci può mandare il log?',
        '--b1',
        'Content-Type: text/plain; name="login.log"',
        'Content-Disposition: attachment; filename="login.log"',
        '',
        'ERROR invalid credentials',
        '--b1--',
        '',
      ].join('\r\n'),
    );
    const outcome = await deliver(raw);
    expect(outcome).toMatchObject({ kind: 'comment-added', threadedBy: 'headers', ticket: { ticketId } });
    const view = await services.tickets.getTicket(AGENT, ticketId);
    expect(view.status).toBe('open');
    const comments = (await services.tickets.listComments(AGENT, ticketId)).items;
    expect(comments).toHaveLength(1);
    expect(comments[0]).toMatchObject({
      body: 'Ecco il log richiesto.',
      visibility: 'public',
      author: { role: 'customer', email: 'giulia.esposito@ferramenta-rossi.it' },
      attachments: [
        {
          name: 'login.log',
          contentType: 'text/plain',
          size: 25,
          key: expect.stringMatching(/^attachments\/interzen\//),
        },
      ],
    });
    // Redelivered: still one comment.
    expect((await deliver(raw)).kind).toBe('duplicate');
    expect((await services.tickets.listComments(AGENT, ticketId)).items).toHaveLength(1);
  });

  it('a reply threaded by the subject reference alone', async () => {
    const outcome = await deliver(
      // From the requester: a mail from anyone else on the ticket is not posted (access-matrix.test.ts).
      mail(
        {
          From: 'Giulia Esposito <giulia.esposito@ferramenta-rossi.it>',
          Subject: `RE: [${reference}] accesso`,
          'Message-ID': '<reply-2@x.it>',
        },
        'Ancora bloccati.',
      ),
    );
    expect(outcome).toMatchObject({ kind: 'comment-added', threadedBy: 'subject' });
    expect((await services.tickets.listComments(AGENT, ticketId)).items.at(-1)!.body).toBe(
      'Ancora bloccati.',
    );
  });

  it('rejections are recorded in the table with their reason', async () => {
    expect(
      await deliver(fixture('spoofed-dmarc-fail.eml'), `interzen@${DOMAIN}`, { dmarc: 'FAIL' }),
    ).toMatchObject({
      kind: 'rejected',
      reason: 'dmarc',
    });
    expect(await deliver(fixture('auto-reply.eml'))).toMatchObject({
      kind: 'rejected',
      reason: 'auto-reply',
    });
    expect(await deliver(fixture('plain.eml'), `nobody@${DOMAIN}`)).toMatchObject({
      reason: 'unknown-recipient',
    });
    expect(await deliver(fixture('plain.eml'), `managry@${DOMAIN}`)).toMatchObject({
      reason: 'domain-not-allowed',
    });
    const recorded = await rejections.list('interzen');
    expect(recorded.map((r) => r.reason).sort()).toEqual(['auto-reply', 'dmarc']);
    // Verdicts are judged before the body is read: the record names the delivery, the recipient and why.
    expect(recorded.find((r) => r.reason === 'dmarc')).toMatchObject({
      details: expect.stringContaining('DMARC verdict FAIL'),
      recipients: [`interzen@${DOMAIN}`],
      sesMessageId: expect.stringMatching(/^int-ses-/),
    });
    expect(recorded.find((r) => r.reason === 'auto-reply')).toMatchObject({
      from: 'marco.bianchi@acme-industrie.it',
      messageId: '<oof.20260309080001@acme-industrie.it>',
    });
    expect((await rejections.list(null)).map((r) => r.reason)).toEqual(['unknown-recipient']);
    expect((await rejections.list('managry')).map((r) => r.reason)).toEqual(['domain-not-allowed']);
  });

  it('an allowed domain opens a ticket at the restricted tenant', async () => {
    expect((await deliver(fixture('html-only.eml'), `managry@${DOMAIN}`)).kind).toBe('ticket-created');
  });
});
