/**
 * End to end: mail sent over SMTP to the local inbound listener opens a ticket on DynamoDB Local, the
 * acknowledgement goes out through aws-ses-v2-local, and a reply to that acknowledgement (its Message-ID,
 * its reply address) lands as a comment on the same ticket. An out-of-office answer to it changes nothing.
 */
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/auth/principal.js';
import { ManualClock } from '../../shared/clock.js';
import { createRejectionQueries } from '../../shared/composition/rejections.js';
import { createTicketServices, type TicketServices } from '../../shared/composition/ticket-services.js';
import type { InboundOutcome } from '../../shared/inbound/process-inbound-mail.js';
import { startTimersComponent, type TimersComponent } from '../../shared/local/scheduler-component.js';
import { clearSentMail, fetchSentMail, headerOf, type StoredMail } from '../../shared/local/ses-server.js';
import { type LocalInboundMail, startLocalInboundMail } from '../../shared/local/smtp-component.js';
import { tenantProfileSchema } from '../../shared/tenants/tenant.js';
import { CompositeTicketEventsSink } from '../../shared/tickets/ticket-events-sink.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';

const AGENT: Principal = {
  tenantId: 'interzen',
  role: 'agent',
  sub: 'agent-1',
  email: 'agent@interzen.example',
};
const CUSTOMER = 'marco.bianchi@acme.example';

describe('inbound mail end to end (SMTP -> inbound handler -> DynamoDB Local -> aws-ses-v2-local)', () => {
  let table: TestTable;
  let services: TicketServices;
  let timers: TimersComponent;
  let inbound: LocalInboundMail;
  const outcomes: InboundOutcome[] = [];
  const clock = new ManualClock(Date.parse('2026-03-04T09:30:00Z'));

  beforeAll(async () => {
    table = await createTestTable('inbound-e2e');
    const sink = new CompositeTicketEventsSink();
    services = createTicketServices({
      client: table.client,
      tableName: table.tableName,
      clock,
      events: sink,
    });
    await services.tenants.putTenant(
      { tenantId: 'interzen', role: 'system', sub: 'test' },
      'interzen',
      tenantProfileSchema.parse({
        policy: 'interzen',
        supportContacts: [{ email: 'team@interzen.example' }],
      }),
    );
    timers = await startTimersComponent({
      clock,
      dynamo: table.client,
      dynamoEndpoint: table.endpoint,
      tableName: table.tableName,
      services,
      sesPort: 0,
      pollIntervalMs: 0,
    });
    inbound = await startLocalInboundMail({
      services,
      client: table.client,
      tableName: table.tableName,
      clock,
      port: 0,
      logger: { info() {}, warn() {}, error() {} },
      onOutcome: (outcome) => outcomes.push(outcome),
    });
  });

  afterAll(async () => {
    await inbound?.stop();
    await timers?.stop();
    await table?.drop();
  });

  const smtp = () =>
    createTransport({ host: inbound.host, port: inbound.port, secure: false, ignoreTLS: true });

  it('a mail opens a ticket, is acknowledged, and the reply to the acknowledgement threads onto it', async () => {
    await clearSentMail(timers.sesEndpoint);
    const sent = await smtp().sendMail({
      from: `Marco Bianchi <${CUSTOMER}>`,
      to: 'interzen@support.localhost',
      subject: '[P2] Export to CSV fails with error 500',
      text: 'Since this morning every export to CSV fails with an HTTP 500 error.',
    });
    expect(sent.accepted).toEqual(['interzen@support.localhost']);
    const opened = outcomes.at(-1)!;
    expect(opened.kind).toBe('ticket-created');
    if (opened.kind !== 'ticket-created') return;

    const view = await services.tickets.getTicket(AGENT, opened.ticket.ticketId);
    expect(view).toMatchObject({
      channel: 'email',
      priority: 'high',
      subject: 'Export to CSV fails with error 500',
      requester: { email: CUSTOMER, name: 'Marco Bianchi' },
    });

    // The acknowledgement is owed in the ticket's write; the notification handler sends it off the stream.
    await timers.settleMail();
    const mail = await fetchSentMail(timers.sesEndpoint);
    const ack = mail.find((m: StoredMail) => m.destination.to.some((to) => to.includes(CUSTOMER)));
    expect(ack, JSON.stringify(mail.map((m) => m.subject))).toBeDefined();
    expect(ack!.subject).toContain(view.reference);

    // Reply as a mail client would: to the Reply-To address, In-Reply-To the acknowledgement's Message-ID.
    const ackMessageId = headerOf(ack!, 'Message-ID');
    const replyTo = ack!.replyTo[0];
    expect(replyTo).toBe(`interzen+${view.reference.toLowerCase()}@support.localhost`);
    await smtp().sendMail({
      from: CUSTOMER,
      to: replyTo,
      subject: `Re: ${ack!.subject}`,
      text: `It also fails for XLSX.\n\nOn Wed, 4 Mar 2026 at 10:30, Interzen Support wrote:\n> ${view.reference}`,
      ...(ackMessageId ? { inReplyTo: ackMessageId, references: [ackMessageId] } : {}),
    });
    expect(outcomes.at(-1)).toMatchObject({ kind: 'comment-added', ticket: { ticketId: view.id } });
    const comments = (await services.tickets.listComments(AGENT, view.id)).items;
    expect(comments.map((c) => c.body)).toEqual(['It also fails for XLSX.']);

    // An out-of-office answer to our mail: rejected, no comment, no mail back.
    await timers.settleMail();
    const before = (await fetchSentMail(timers.sesEndpoint)).length;
    await smtp().sendMail({
      from: CUSTOMER,
      to: replyTo,
      subject: `Out of office: ${ack!.subject}`,
      text: 'I am out of the office until Monday.',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    expect(outcomes.at(-1)).toMatchObject({ kind: 'rejected', reason: 'auto-reply' });
    expect((await services.tickets.listComments(AGENT, view.id)).items).toHaveLength(1);
    await timers.settleMail();
    expect(await fetchSentMail(timers.sesEndpoint)).toHaveLength(before);

    // A stranger's reply (docs/local-walkthrough.md section 7): nothing posted, refused with the reason and the
    // ticket, and the tenant's agents read it back.
    await smtp().sendMail({
      from: 'eve@stranger.example',
      to: 'interzen@support.localhost',
      subject: `Re: [${view.reference}] Export fails`,
      text: 'Close it, please.',
    });
    expect(outcomes.at(-1)).toMatchObject({ kind: 'rejected', reason: 'not-a-participant' });
    expect((await services.tickets.listComments(AGENT, view.id)).items).toHaveLength(1);
    const refused = await createRejectionQueries({
      client: table.client,
      tableName: table.tableName,
      tenants: services.tenantCache,
    }).listRejections({ principal: AGENT, allTenants: false, tenantNamed: false }, { limit: 20 });
    // The clock stood still: both refusals share a second, so newest first does not order them.
    expect(refused.items.map((r) => [r.reason, r.from, r.ticketReference]).sort()).toEqual([
      ['auto-reply', CUSTOMER, undefined],
      ['not-a-participant', 'eve@stranger.example', view.reference],
    ]);
  });
});
