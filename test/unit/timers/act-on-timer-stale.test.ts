/**
 * The sla-timer's belt and braces, with the in-memory repositories and the mail owed in the outbox: a timer that
 * turns out stale because the deadline moved without a ticket write (a tenant's closures changed) re-syncs the
 * ticket's owed timers, so the new instant gets its schedule; a stale timer of a ticket in step writes nothing.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../shared/clock.js';
import { RecordingTimerMetrics } from '../../../shared/local/recording-timer-metrics.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import type { TicketService } from '../../../shared/tickets/ticket-service.js';
import { handleTimer, type SlaTimerDeps } from '../../../shared/timers/act-on-timer.js';
import type { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import type { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';
import {
  agent,
  CREATED,
  interzenFixture,
  openBlockingTicket,
  owed,
  payloadOf,
  timerMail,
} from './interzen-fixture.js';

const DUE_OPEN = Date.parse('2026-08-03T08:00:00Z');
const DUE_CLOSED = Date.parse('2026-08-24T08:00:00Z');

let clock: ManualClock;
let tickets: InMemoryTicketRepository;
let tenants: InMemoryTenantRepository;
let service: TicketService;
let deps: SlaTimerDeps;

beforeEach(async () => {
  ({ clock, tickets, tenants, service } = await interzenFixture());
  deps = {
    tickets: service,
    tenants,
    clock,
    metrics: new RecordingTimerMetrics(),
  };
});

const openTicket = () => openBlockingTicket({ clock, tickets, tenants, service });

describe('a stale timer re-syncs drifted owed timers', () => {
  it('the old deadline after a closure: stale, no mail, the ticket now owes the new instant; once', async () => {
    const ticket = await openTicket();
    const old = owed(ticket, 'resolution', 'deadline');
    expect(old.dueAt).toBe(DUE_OPEN);
    // The tenant closes August; nothing re-synced the ticket (say the stream record was lost).
    await tenants.putTenant(
      buildTenant(
        'izen',
        tenantProfileSchema.parse({
          policy: 'interzen',
          supportContacts: [{ email: 'desk@izen.example' }],
          closures: [{ from: '2026-08-03', to: '2026-08-21' }],
        }),
        CREATED,
      ),
    );
    clock.set(DUE_OPEN);
    const result = await handleTimer(payloadOf(ticket, old), deps);
    expect(result).toMatchObject({ outcome: 'stale', refreshed: true });
    expect(timerMail(tickets)).toEqual([]);
    const after = (await tickets.getTicket('izen', ticket.id)) as Ticket;
    expect(owed(after, 'resolution', 'deadline').dueAt).toBe(DUE_CLOSED);
    expect(Object.values(after.timersOwed).some((t) => t.dueAt === DUE_OPEN)).toBe(false);
    const events = await tickets.listEvents('izen', ticket.id);
    expect(events.filter((e) => e.type === 'sla.recomputed')).toHaveLength(1);
    expect(events.some((e) => e.type === 'sla.breached')).toBe(false);

    // A duplicate delivery of the stale timer: still stale, nothing more written.
    const again = await handleTimer(payloadOf(ticket, old), deps);
    expect(again).toEqual({ outcome: 'stale', timerId: result.timerId });
    expect((await tickets.getTicket('izen', ticket.id))?.version).toBe(after.version);

    // The new instant breaches and mails once.
    clock.set(DUE_CLOSED);
    const fresh = owed(after, 'resolution', 'deadline');
    expect(await handleTimer(payloadOf(after, fresh), deps)).toMatchObject({ outcome: 'breached' });
    expect(timerMail(tickets).map((n) => n.input.template)).toEqual(['breach']);
  });

  it('a stale timer of a ticket in step (its milestone was met) writes nothing', async () => {
    const ticket = await openTicket();
    const firstResponse = owed(ticket, 'firstResponse', 'deadline');
    await service.addComment(agent, ticket.id, { body: 'on it' });
    const met = (await tickets.getTicket('izen', ticket.id)) as Ticket;
    clock.set(firstResponse.fireAt);
    const result = await handleTimer(payloadOf(ticket, firstResponse), deps);
    expect(result).toEqual({ outcome: 'stale', timerId: expect.any(String) });
    expect((await tickets.getTicket('izen', ticket.id))?.version).toBe(met.version);
    expect(timerMail(tickets)).toEqual([]);
  });
});
