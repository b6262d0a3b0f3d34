/**
 * The sla-timer reads the ticket, decides the timer is due, then records it through the ticket service, which
 * re-reads the ticket for its conditional write. A write landing in between (an agent reply meeting the
 * milestone) must win: the timer is stale, nothing is recorded and nothing is mailed. A delivery beaten by a
 * twin delivery still offers the mail (the ledger sends it once) but counts nothing twice.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../shared/clock.js';
import { RecordingTimerMetrics } from '../../../shared/local/recording-timer-metrics.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import type { TicketService } from '../../../shared/tickets/ticket-service.js';
import { handleTimer, type SlaTimerDeps } from '../../../shared/timers/act-on-timer.js';
import type { TimerTicketPort } from '../../../shared/timers/ports.js';
import type { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import type { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';
import {
  agent,
  interzenFixture,
  openBlockingTicket,
  owed,
  payloadOf,
  timerMail,
} from './interzen-fixture.js';

let clock: ManualClock;
let tickets: InMemoryTicketRepository;
let tenants: InMemoryTenantRepository;
let service: TicketService;
let metrics: RecordingTimerMetrics;

beforeEach(async () => {
  ({ clock, tickets, tenants, service } = await interzenFixture());
  metrics = new RecordingTimerMetrics();
});

function depsWith(port: TimerTicketPort): SlaTimerDeps {
  return {
    tickets: port,
    tenants,
    clock,
    metrics,
  };
}

/** The real service, with `before` run between the timer's read and its write (the race window). */
function racing(before: () => Promise<void>): TimerTicketPort {
  return {
    loadTicket: (t, id) => service.loadTicket(t, id),
    slaOf: (ticket, now) => service.slaOf(ticket, now),
    refreshTimers: (t, id, reason) => service.refreshTimers(t, id, reason),
    recordTimerOutcome: async (t, id, outcome) => {
      await before();
      return service.recordTimerOutcome(t, id, outcome);
    },
  };
}

const openTicket = () => openBlockingTicket({ clock, tickets, tenants, service });

describe('a write between the timer read and its record', () => {
  it('a reply meeting the milestone makes the reminder stale: no reminder_sent event, no mail', async () => {
    const ticket = await openTicket();
    const reminder = owed(ticket, 'firstResponse', 'reminder');
    expect(reminder).toBeDefined();
    clock.set(reminder.fireAt);
    const port = racing(async () => {
      await service.addComment(agent, ticket.id, { body: 'on it' });
    });
    const deps = depsWith(port);
    const result = await handleTimer(payloadOf(ticket, reminder), deps);
    expect(result.outcome).toBe('stale');
    expect(timerMail(tickets)).toEqual([]);
    const events = await tickets.listEvents('izen', ticket.id);
    expect(events.some((e) => e.type === 'sla.reminder_sent')).toBe(false);
    const after = (await tickets.getTicket('izen', ticket.id)) as Ticket;
    expect(after.timersActed).not.toContain(result.timerId);
  });

  it('a twin delivery that recorded first: repeat, the mail offered again, lateness counted once', async () => {
    const ticket = await openTicket();
    const reminder = owed(ticket, 'firstResponse', 'reminder');
    clock.set(reminder.fireAt);
    const twin = depsWith(service);
    const port = racing(async () => {
      await handleTimer(payloadOf(ticket, reminder), twin);
    });
    const deps = depsWith(port);
    const result = await handleTimer(payloadOf(ticket, reminder), deps);
    expect(result.outcome).toBe('repeat');
    expect(timerMail(tickets).map((n) => n.input.template)).toEqual(['reminder']);
    const events = await tickets.listEvents('izen', ticket.id);
    expect(events.filter((e) => e.type === 'sla.reminder_sent')).toHaveLength(1);
    expect(metrics.points.filter((p) => p.dimensions.kind === 'reminder')).toHaveLength(1);
  });
});

describe('an agent reply after the deadline but before the late deadline timer runs', () => {
  it('still records the breach and its escalation and mails it, once', async () => {
    const ticket = await openTicket();
    const deadline = owed(ticket, 'firstResponse', 'deadline');
    // The reply comes ten minutes late; the Scheduler's delivery comes later still.
    clock.set(deadline.fireAt + 10 * 60_000);
    await service.addComment(agent, ticket.id, { body: 'sorry, on it now' });
    const replied = (await tickets.getTicket('izen', ticket.id)) as Ticket;
    expect(Object.keys(replied.timersOwed)).toContain(`${deadline.key}@${deadline.dueAt}`);

    clock.set(deadline.fireAt + 20 * 60_000);
    const result = await handleTimer(payloadOf(ticket, deadline), depsWith(service));
    expect(result.outcome).toBe('breached');
    const events = await tickets.listEvents('izen', ticket.id);
    expect(events.filter((e) => e.type === 'sla.breached')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'sla.escalated')).toHaveLength(1);
    expect(timerMail(tickets).map((n) => n.input.template)).toEqual(['breach']);
    const after = (await tickets.getTicket('izen', ticket.id)) as Ticket;
    expect(Object.keys(after.timersOwed)).not.toContain(`${deadline.key}@${deadline.dueAt}`);

    // A repeated delivery changes nothing more.
    expect((await handleTimer(payloadOf(ticket, deadline), depsWith(service))).outcome).toBe('repeat');
    expect(
      (await tickets.listEvents('izen', ticket.id)).filter((e) => e.type === 'sla.breached'),
    ).toHaveLength(1);
  });
});
