/**
 * The sla-timer unit tests' common ground: the real ticket service on the in-memory repositories, one interzen
 * tenant with a support desk, a clock at 2026-07-31 08:00Z, and helpers to open a blocking ticket and turn one
 * of its owed timers into the payload Scheduler would deliver.
 */
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { planMail } from '../../../shared/notifications/mail-plan.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { sequentialIds } from '../../../shared/tickets/ids.js';
import type { OwedTimer } from '../../../shared/tickets/owed-timers.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import { TicketService } from '../../../shared/tickets/ticket-service.js';
import { toTimerPayload } from '../../../shared/timers/timer-payload.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';

export const CREATED = Date.parse('2026-07-31T08:00:00Z');
export const customer: Principal = {
  tenantId: 'izen',
  role: 'customer',
  sub: 'c1',
  email: 'ann@client.example',
};
export const agent: Principal = { tenantId: 'izen', role: 'agent', sub: 'a1', email: 'bob@support.example' };

export interface InterzenFixture {
  clock: ManualClock;
  tickets: InMemoryTicketRepository;
  tenants: InMemoryTenantRepository;
  service: TicketService;
}

export async function interzenFixture(): Promise<InterzenFixture> {
  const clock = new ManualClock(CREATED);
  const tickets = new InMemoryTicketRepository();
  const tenants = new InMemoryTenantRepository();
  const service = new TicketService({
    tickets,
    tenants,
    clock,
    ids: sequentialIds(),
    sleep: async () => {},
    mail: planMail,
  });
  await tenants.putTenant(
    buildTenant(
      'izen',
      tenantProfileSchema.parse({ policy: 'interzen', supportContacts: [{ email: 'desk@izen.example' }] }),
      CREATED,
    ),
  );
  return { clock, tickets, tenants, service };
}

/** A blocking ticket opened by the customer, as stored (with its owed timers). */
export async function openBlockingTicket({ service, tickets }: InterzenFixture): Promise<Ticket> {
  const { ticket } = await service.createTicket(customer, {
    subject: 's',
    description: 'd',
    priority: 'blocking',
  });
  return (await tickets.getTicket('izen', ticket.id)) as Ticket;
}

export const owed = (t: Ticket, milestone: string, kind: string) =>
  Object.values(t.timersOwed).find((x) => x.milestone === milestone && x.kind === kind) as OwedTimer;

export const payloadOf = (t: Ticket, timer: OwedTimer) =>
  toTimerPayload({ tenantId: t.tenantId, ticketId: t.id, timer });

/** The timer mail owed so far (reminders and breaches in the outbox; the acknowledgement left out). */
export const timerMail = (tickets: InMemoryTicketRepository) =>
  tickets.owedMail().filter((n) => n.input.template === 'reminder' || n.input.template === 'breach');
