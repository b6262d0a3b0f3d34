/**
 * History says why (issue 12 item 3): every `sla.changed` event names its cause and gives the previous and the
 * new due instant. Through the ticket service with the in-memory repositories, on interzen (Mon-Fri
 * 09:00-13:00 and 14:30-18:30 Europe/Rome). Created Fri 31 July 2026 10:00 Rome as blocking: firstResponse 1 h
 * (due 11:00 Rome = 09:00Z), resolution 1 working day (due Mon 3 Aug 10:00 Rome = 08:00Z).
 */
import { beforeEach, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { sequentialIds } from '../../../shared/tickets/ids.js';
import { slaChangeCause, tenantChangeReason } from '../../../shared/tickets/sla-changes.js';
import type { TicketHistoryEvent } from '../../../shared/tickets/ticket.js';
import { TicketService } from '../../../shared/tickets/ticket-service.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';

const CREATED = Date.parse('2026-07-31T08:00:00Z');
const HOUR = 3_600_000;
const customer: Principal = { tenantId: 'izen', role: 'customer', sub: 'c1', email: 'ann@client.example' };
const agent: Principal = { tenantId: 'izen', role: 'agent', sub: 'a1', email: 'bob@support.example' };

let clock: ManualClock;
let tickets: InMemoryTicketRepository;
let tenants: InMemoryTenantRepository;
let service: TicketService;

async function putTenant(profile: Record<string, unknown>) {
  await tenants.putTenant(buildTenant('izen', tenantProfileSchema.parse(profile), clock.now()));
}

beforeEach(async () => {
  clock = new ManualClock(CREATED);
  tickets = new InMemoryTicketRepository();
  tenants = new InMemoryTenantRepository();
  service = new TicketService({ tickets, tenants, clock, ids: sequentialIds(), sleep: async () => {} });
  await putTenant({ policy: 'interzen' });
});

async function slaChanged(ticketId: string, version: number): Promise<TicketHistoryEvent['data'][]> {
  const events = await tickets.listEvents('izen', ticketId);
  return events.filter((e) => e.type === 'sla.changed' && e.version === version).map((e) => e.data);
}

it('names creation, a priority change, a pause, a resume, a resolve and a reopen, with both due instants', async () => {
  const { ticket } = await service.createTicket(customer, {
    subject: 'Server down',
    description: 'Nothing answers',
    priority: 'blocking',
  });
  expect(await slaChanged(ticket.id, 1)).toEqual([
    expect.objectContaining({
      milestone: 'firstResponse',
      to: 'running',
      previousDueAt: null,
      dueAt: '2026-07-31T09:00:00Z',
      cause: { kind: 'created', priority: 'blocking' },
    }),
    expect.objectContaining({
      milestone: 'resolution',
      dueAt: '2026-08-03T08:00:00Z',
      cause: { kind: 'created', priority: 'blocking' },
    }),
  ]);

  // high, at 10:30 Rome: firstResponse 4 h from 10:00 Rome (10:00-13:00, 14:30-15:30: due 13:30Z), resolution 2 days.
  clock.set(CREATED + HOUR / 2);
  const high = await service.updateTicket(agent, ticket.id, { priority: 'high' });
  expect(await slaChanged(ticket.id, high.version)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        milestone: 'firstResponse',
        from: 'running',
        to: 'running',
        previousDueAt: '2026-07-31T09:00:00Z',
        dueAt: '2026-07-31T13:30:00Z',
        cause: { kind: 'priority-changed', from: 'blocking', to: 'high' },
      }),
      expect.objectContaining({
        milestone: 'resolution',
        previousDueAt: '2026-08-03T08:00:00Z',
        dueAt: '2026-08-04T08:00:00Z',
        cause: { kind: 'priority-changed', from: 'blocking', to: 'high' },
      }),
    ]),
  );

  clock.set(CREATED + HOUR);
  const paused = await service.updateTicket(agent, ticket.id, { status: 'pending_customer' });
  const pause = { kind: 'paused', status: 'pending_customer', previousStatus: 'new' };
  expect(await slaChanged(ticket.id, paused.version)).toEqual([
    expect.objectContaining({
      milestone: 'resolution',
      from: 'running',
      to: 'paused',
      previousDueAt: '2026-08-04T08:00:00Z',
      dueAt: null,
      cause: pause,
    }),
  ]);

  // The customer answers two hours later: resolution resumes with the time it had left (due 2 h later).
  clock.set(CREATED + 3 * HOUR);
  await service.addComment(customer, ticket.id, { body: 'Still down.' });
  const resumed = await tickets.getTicket('izen', ticket.id);
  expect(await slaChanged(ticket.id, resumed?.version ?? 0)).toEqual([
    expect.objectContaining({
      milestone: 'resolution',
      from: 'paused',
      to: 'running',
      previousDueAt: null,
      dueAt: '2026-08-04T10:00:00Z',
      cause: { kind: 'resumed', status: 'open', previousStatus: 'pending_customer' },
    }),
  ]);

  clock.set(CREATED + 4 * HOUR);
  const resolved = await service.updateTicket(agent, ticket.id, { status: 'resolved' });
  const resolvedData = await slaChanged(ticket.id, resolved.version);
  expect(resolvedData.every((d) => (d.cause as { kind: string }).kind === 'resolved')).toBe(true);
  expect(resolvedData.length).toBeGreaterThan(0);

  clock.set(CREATED + 5 * HOUR);
  const reopened = await service.updateTicket(customer, ticket.id, { status: 'open' });
  expect(await slaChanged(ticket.id, reopened.version)).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        milestone: 'resolution',
        from: 'met',
        to: 'running',
        cause: { kind: 'reopened', status: 'open', previousStatus: 'resolved' },
      }),
    ]),
  );
});

it('a tenant closure that moves a deadline says so, naming the tenant change and both due instants', async () => {
  const { ticket } = await service.createTicket(customer, {
    subject: 'Server down',
    description: 'Nothing answers',
    priority: 'blocking',
  });
  clock.set(CREATED + HOUR / 2);
  await putTenant({
    policy: 'interzen',
    closures: [{ from: '2026-08-03', to: '2026-08-21', note: 'summer closing' }],
  });
  const reason = tenantChangeReason(['closures']);
  await service.refreshTimers('izen', ticket.id, reason);
  expect(await slaChanged(ticket.id, 2)).toEqual([
    expect.objectContaining({
      milestone: 'resolution',
      previousDueAt: '2026-08-03T08:00:00Z',
      dueAt: '2026-08-24T08:00:00Z',
      cause: { kind: 'tenant-changed', change: 'tenant profile changed (closures)' },
    }),
  ]);
});

it('picks the strongest cause of a write: a priority change over a status change, then a reply', () => {
  const previous = { priority: 'low', status: 'open' as const };
  const next = { priority: 'high' };
  const pauses = ['pending_customer'] as const;
  expect(
    slaChangeCause(
      previous,
      next,
      [
        { type: 'statusChanged', at: 0, status: 'pending_customer' },
        { type: 'priorityChanged', at: 0, priority: 'high' },
      ],
      pauses,
      'updateTicket',
    ),
  ).toEqual({ kind: 'priority-changed', from: 'low', to: 'high' });
  expect(slaChangeCause(previous, next, [{ type: 'agentReply', at: 0 }], pauses, 'addComment')).toEqual({
    kind: 'agent-reply',
  });
  expect(slaChangeCause(previous, next, [], pauses, 'recordTimerOutcome')).toEqual({
    kind: 'other',
    operation: 'recordTimerOutcome',
  });
});
