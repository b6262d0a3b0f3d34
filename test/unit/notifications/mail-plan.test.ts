/**
 * The mail each change owes, decided in its own write (the outbox) and sent by the notification handler:
 * through the real ticket service (in-memory ports), the real planner, notifier and handler, a recording
 * mailer. Who gets what, in which zone and language, signed with the tenant's name; and the threading of the
 * acknowledgement (a ticket opened by mail replies to the customer's own Message-ID).
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { mailTicketOf, planMail } from '../../../shared/notifications/mail-plan.js';
import { readerTime } from '../../../shared/notifications/mail-words.js';
import { Notifier } from '../../../shared/notifications/notifier.js';
import type { Mailer, OutboundMail } from '../../../shared/notifications/ports.js';
import { sendOwedMail } from '../../../shared/notifications/send-owed-mail.js';
import { type TenantProfileInput, tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { sequentialIds } from '../../../shared/tickets/ids.js';
import { TicketService } from '../../../shared/tickets/ticket-service.js';
import { InMemorySendLedger } from '../../doubles/in-memory-send-ledger.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';

const T0 = Date.parse('2026-12-01T14:41:00Z');
const DOMAIN = 'support.example';
const CUSTOMER_MESSAGE_ID = '<20260302085959.42@mail.client.example>';
const who = (tenantId: string, role: Principal['role'], email: string): Principal => ({
  tenantId,
  role,
  sub: `${role}-1`,
  email,
});

async function setup(tenantId: string, profile: TenantProfileInput) {
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
  await tenants.putTenant(buildTenant(tenantId, tenantProfileSchema.parse(profile), T0));
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
    mail: planMail,
  });
  let delivered = 0;
  /** What the notification Lambda would send now: the outbox items not yet handed over. */
  const flush = async () => {
    const changes = tickets.outboxChanges(delivered);
    delivered += changes.length;
    const outcome = await sendOwedMail(changes, {
      notifier,
      clock,
      metrics: { count: () => {}, milliseconds: () => {} },
    });
    expect(outcome.batchItemFailures).toEqual([]);
    return sent.splice(0);
  };
  const header = (mail: OutboundMail | undefined, name: string) =>
    mail?.headers.find((h) => h.name === name)?.value;
  return { service, tickets, flush, header, clock };
}

const fenorri = { policy: 'fenorri', timezone: 'Europe/Tallinn' } as const;

describe('the acknowledgement', () => {
  it('of a ticket opened by mail replies to the mail it was opened from', async () => {
    const { service, tickets, flush, header } = await setup('fen', fenorri);
    const { ticket: view } = await service.createTicket(who('fen', 'customer', 'ann@client.example'), {
      subject: 'VPN down',
      description: 'since 8:00',
      priority: 'high',
      channel: 'email',
      messageId: CUSTOMER_MESSAGE_ID,
    });
    const ticket = await tickets.getTicket('fen', view.id);
    expect(mailTicketOf(ticket!).originMessageId).toBe(CUSTOMER_MESSAGE_ID);
    // Owed in the ticket's own write, sent only by the handler.
    expect(tickets.owedMail().map((n) => n.input.template)).toEqual(['acknowledgement']);
    const sent = await flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]?.subject).toContain(view.reference);
    expect(header(sent[0], 'In-Reply-To')).toBe(CUSTOMER_MESSAGE_ID);
    expect(header(sent[0], 'References')).toBe(CUSTOMER_MESSAGE_ID);
    const ours = header(sent[0], 'Message-ID');
    expect(ours).toBe(`<${view.reference}.v1-0@${DOMAIN}>`);
    expect(await tickets.findTicketIdByMessageId('fen', ours!)).toBe(view.id);
  });

  it('of a ticket opened on the web opens the thread itself', async () => {
    const { service, flush, header } = await setup('fen', fenorri);
    const { ticket: view } = await service.createTicket(who('fen', 'customer', 'ann@client.example'), {
      subject: 'VPN down',
      description: 'since 8:00',
      priority: 'high',
    });
    const sent = await flush();
    expect(header(sent[0], 'Message-ID')).toBe(`<${view.reference}.0@${DOMAIN}>`);
    expect(header(sent[0], 'In-Reply-To')).toBeUndefined();
  });
});

describe('written for the reader', () => {
  const interzen: TenantProfileInput = {
    name: 'Interzen',
    policy: 'interzen',
    language: 'it',
    supportContacts: [{ email: 'desk@interzen.example' }],
  };

  it('an Italian customer of interzen reads Rome time, named, the priority in Italian, the tenant signing', async () => {
    const { service, flush } = await setup('izen', interzen);
    await service.createTicket(who('izen', 'customer', 'giulia@cliente.example'), {
      subject: 'Stampante bloccata',
      description: 'La stampante del secondo piano non stampa più da stamattina, nessuno riesce a stampare.',
      priority: 'blocking',
    });
    const [ack] = await flush();
    expect(ack?.from).toBe('"Assistenza Interzen" <support@support.example>');
    // Created Tue 1 Dec 15:41 Rome; blocking: first response within an hour of business time.
    expect(ack?.text).toContain(
      'Riceverete una prima risposta entro martedì 1 dicembre 2026, 16:41 (ora di Roma).',
    );
    expect(ack?.text).toContain('(priorità: bloccante)');
    expect(ack?.text).toContain('Assistenza Interzen.');
    expect(ack?.text).not.toContain('SLA Sentinel');
  });

  it('an English reader of the same tenant reads the zone abbreviation and "Interzen support"', async () => {
    const { service, flush } = await setup('izen', { ...interzen, language: 'en' });
    await service.createTicket(who('izen', 'customer', 'joe@client.example'), {
      subject: 'Printer jammed',
      description: 'The second floor printer has not printed anything since this morning at all.',
      priority: 'medium',
      language: 'en',
    });
    const [ack] = await flush();
    expect(ack?.from).toBe('"Interzen support" <support@support.example>');
    expect(ack?.text).toMatch(/You will hear from us by \w+day \d+ \w+ 2026, \d\d:\d\d CET\./);
    expect(ack?.text).toContain('(priority: medium)');
  });

  it('staff get the tenant zone: a fenorri breach mail in Tallinn time', () => {
    expect(readerTime(Date.parse('2026-12-01T14:41:00Z'), 'en', 'Europe/Tallinn')).toBe(
      'Tuesday 1 December 2026, 16:41 EET',
    );
    expect(readerTime(Date.parse('2026-12-01T14:41:00Z'), 'en', 'America/Chicago')).toBe(
      'Tuesday 1 December 2026, 08:41 GMT-6 (Chicago time)',
    );
    expect(readerTime(Date.parse('2026-07-01T14:41:00Z'), 'it', 'Europe/London')).toBe(
      'mercoledì 1 luglio 2026, 15:41 (ora di Londra)',
    );
  });
});

describe('what each change owes', () => {
  it('harmoni normal: every status change is mailed; a clarification request asks the customer', async () => {
    const { service, flush } = await setup('har', {
      policy: 'harmoni',
      region: 'emea',
      supportContacts: [{ email: 'desk@harmoni.example' }],
    });
    const customer = who('har', 'customer', 'kim@client.example');
    const agent = who('har', 'agent', 'bo@harmoni.example');
    const { ticket } = await service.createTicket(customer, {
      subject: 'Slow login',
      description: 'Logging in takes a minute.',
      priority: 'normal',
    });
    await flush();
    await service.updateTicket(agent, ticket.id, { status: 'open' });
    expect((await flush()).map((m) => m.subject)).toEqual([`[${ticket.reference}] Status changed: open`]);
    await service.updateTicket(agent, ticket.id, { status: 'pending_customer' });
    const [clarification] = await flush();
    expect(clarification?.subject).toBe(`[${ticket.reference}] We need more information: Slow login`);
    await service.updateTicket(agent, ticket.id, { status: 'resolved' });
    expect((await flush()).map((m) => m.subject)).toEqual([
      `[${ticket.reference}] Case resolved: Slow login`,
    ]);
  });

  it('harmoni urgent: no plain status-change mail; a public agent reply is mailed, an internal note is not', async () => {
    const { service, flush } = await setup('har', { policy: 'harmoni', region: 'emea' });
    const { ticket } = await service.createTicket(who('har', 'customer', 'kim@client.example'), {
      subject: 'Outage',
      description: 'Everything is down.',
      priority: 'urgent',
    });
    await flush();
    const agent = who('har', 'agent', 'bo@harmoni.example');
    await service.updateTicket(agent, ticket.id, { status: 'open' });
    expect(await flush()).toEqual([]);
    await service.addComment(agent, ticket.id, { body: 'Looking into it.', visibility: 'internal' });
    expect(await flush()).toEqual([]);
    await service.addComment(agent, ticket.id, { body: 'Fixed a router.', visibility: 'public' });
    const [reply] = await flush();
    expect(reply?.to).toEqual(['kim@client.example']);
    expect(reply?.text).toContain('Fixed a router.');
  });

  it('a requested escalation tells the team and the level', async () => {
    const { service, flush, header } = await setup('ent', {
      policy: 'enterprise-support',
      supportContacts: [{ email: 'desk@ent.example' }],
      escalationRecipients: { '1': ['lead@ent.example'] },
    });
    const agent = who('ent', 'agent', 'bo@ent.example');
    const { ticket } = await service.createTicket(who('ent', 'customer', 'kim@client.example'), {
      subject: 'Data loss',
      description: 'Rows vanish.',
      priority: 'high',
    });
    await flush();
    await service.requestEscalation(agent, ticket.id, { reason: 'VIP customer' });
    const [mail] = await flush();
    expect(mail?.to).toEqual(['desk@ent.example', 'lead@ent.example']);
    expect(mail?.subject).toContain('Escalated to level 1');
    expect(mail?.text).toContain('Reason: VIP customer');
    // Staff-only mail: the internal-thread marker, so a staff reply to it becomes an internal note.
    expect(header(mail, 'References')).toContain('.internal@support.example>');
  });

  it("the requester's mail Cc's the ticket's participants and carries no internal marker", async () => {
    const { service, flush, header } = await setup('har', { policy: 'harmoni', region: 'emea' });
    const { ticket } = await service.createTicket(who('har', 'customer', 'kim@client.example'), {
      subject: 'Outage',
      description: 'Everything is down.',
      priority: 'urgent',
    });
    await flush();
    const agent = who('har', 'agent', 'bo@harmoni.example');
    await service.addParticipants(agent, ticket.id, [{ email: 'ana@client.example', name: 'Ana' }]);
    await flush();
    await service.addComment(agent, ticket.id, { body: 'Fixed a router.', visibility: 'public' });
    const [reply] = await flush();
    expect(reply?.to).toEqual(['kim@client.example']);
    expect(reply?.cc).toEqual(['ana@client.example']);
    expect(header(reply, 'References')).not.toContain('.internal@');
  });
});
