/**
 * The requester's acknowledgement through the real ticket service, mail sink and notifier (in-memory ports, a
 * recording mailer): a ticket opened by mail replies to the customer's own Message-ID; any other opens the thread.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { createRequesterMailSink } from '../../../shared/composition/notifications.js';
import { Notifier } from '../../../shared/notifications/notifier.js';
import type { Mailer, OutboundMail } from '../../../shared/notifications/ports.js';
import { mailTicketOf } from '../../../shared/notifications/ticket-mail-sink.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { sequentialIds } from '../../../shared/tickets/ids.js';
import { TicketService } from '../../../shared/tickets/ticket-service.js';
import { InMemorySendLedger } from '../../doubles/in-memory-send-ledger.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const DOMAIN = 'support.example';
const customer: Principal = { tenantId: 'fen', role: 'customer', sub: 'c1', email: 'ann@client.example' };
const CUSTOMER_MESSAGE_ID = '<20260302085959.42@mail.client.example>';

async function setup() {
  const clock = new ManualClock(T0);
  const sent: OutboundMail[] = [];
  const mailer: Mailer = {
    send: async (mail) => {
      sent.push(mail);
      return { providerMessageId: `ses-${sent.length}` };
    },
  };
  const tickets = new InMemoryTicketRepository();
  const tenants = new InMemoryTenantRepository();
  await tenants.putTenant(
    buildTenant('fen', tenantProfileSchema.parse({ policy: 'fenorri', timezone: 'Europe/Tallinn' }), T0),
  );
  const notifier = new Notifier({
    mailer,
    ledger: new InMemorySendLedger(),
    clock,
    config: { sender: `support@${DOMAIN}`, supportDomain: DOMAIN },
    threads: tickets,
  });
  const service = new TicketService({
    tickets,
    tenants,
    clock,
    ids: sequentialIds(),
    sleep: async () => {},
    logger: { warn: (message, extra) => expect.fail(`${message} ${JSON.stringify(extra)}`) },
    events: createRequesterMailSink(notifier),
  });
  const header = (mail: OutboundMail | undefined, name: string) =>
    mail?.headers.find((h) => h.name === name)?.value;
  return { service, tickets, sent, header };
}

describe('the acknowledgement', () => {
  it('of a ticket opened by mail replies to the mail it was opened from', async () => {
    const { service, tickets, sent, header } = await setup();
    const { ticket: view } = await service.createTicket(customer, {
      subject: 'VPN down',
      description: 'since 8:00',
      priority: 'high',
      channel: 'email',
      messageId: CUSTOMER_MESSAGE_ID,
    });
    const ticket = await tickets.getTicket('fen', view.id);
    expect(ticket?.originMessageId).toBe(CUSTOMER_MESSAGE_ID);
    expect(mailTicketOf(ticket!).originMessageId).toBe(CUSTOMER_MESSAGE_ID);

    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toContain(view.reference);
    expect(header(sent[0], 'In-Reply-To')).toBe(CUSTOMER_MESSAGE_ID);
    expect(header(sent[0], 'References')).toBe(CUSTOMER_MESSAGE_ID);
    // Its own Message-ID is ours (not the customer's), and is linked so a reply to it finds the ticket.
    const ours = header(sent[0], 'Message-ID');
    expect(ours).toBe(`<${view.reference}.v1-0@${DOMAIN}>`);
    expect(await tickets.findTicketIdByMessageId('fen', ours!)).toBe(view.id);
  });

  it('of a ticket opened on the web opens the thread itself', async () => {
    const { service, tickets, sent, header } = await setup();
    const { ticket: view } = await service.createTicket(customer, {
      subject: 'VPN down',
      description: 'since 8:00',
      priority: 'high',
    });
    expect((await tickets.getTicket('fen', view.id))?.originMessageId).toBeUndefined();
    expect(sent).toHaveLength(1);
    expect(header(sent[0], 'Message-ID')).toBe(`<${view.reference}.0@${DOMAIN}>`);
    expect(header(sent[0], 'In-Reply-To')).toBeUndefined();
    expect(header(sent[0], 'References')).toBeUndefined();
  });
});
