/**
 * TicketService.refreshTimers with the in-memory repositories: a tenant's closures (or its own policy) change
 * under an open ticket, and the refresh rewrites the ticket's owed timers at the new instants, once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { TicketNotFoundError } from '../../../shared/tickets/errors.js';
import { sequentialIds } from '../../../shared/tickets/ids.js';
import { owedTimersChange } from '../../../shared/tickets/owed-timers.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import { TicketService } from '../../../shared/tickets/ticket-service.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';

// Fri 31 July 2026 10:00 Rome: an Interzen blocking ticket's resolution (1 working day) is due Mon 3 Aug
// 10:00 Rome, or Mon 24 Aug 10:00 Rome once the tenant closes 3-21 August.
const CREATED = Date.parse('2026-07-31T08:00:00Z');
const DUE_OPEN = Date.parse('2026-08-03T08:00:00Z');
const DUE_CLOSED = Date.parse('2026-08-24T08:00:00Z');
const SUMMER = { from: '2026-08-03', to: '2026-08-21', note: 'summer closing' };
const customer: Principal = { tenantId: 'izen', role: 'customer', sub: 'c1', email: 'ann@client.example' };

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

async function open(): Promise<Ticket> {
  const { ticket } = await service.createTicket(customer, {
    subject: 'Server down',
    description: 'Nothing answers',
    priority: 'blocking',
  });
  return (await tickets.getTicket('izen', ticket.id)) as Ticket;
}

const resolutionDeadline = (t: Ticket) =>
  Object.values(t.timersOwed).find((x) => x.milestone === 'resolution' && x.kind === 'deadline');

describe('TicketService.refreshTimers', () => {
  it('moves the owed timers to the instants the tenant closures give, with one sla.recomputed event', async () => {
    const before = await open();
    expect(resolutionDeadline(before)?.dueAt).toBe(DUE_OPEN);
    clock.set(CREATED + 3_600_000);
    await putTenant({ policy: 'interzen', closures: [SUMMER] });

    const result = await service.refreshTimers('izen', before.id, 'tenant profile changed (closures)');
    expect(result.changed).toBe(true);
    const after = (await tickets.getTicket('izen', before.id)) as Ticket;
    expect(after.version).toBe(before.version + 1);
    expect(resolutionDeadline(after)?.dueAt).toBe(DUE_CLOSED);
    const oldId = Object.keys(before.timersOwed).find((id) => id.endsWith(`@${DUE_OPEN}`)) as string;
    expect(oldId).toBeDefined();
    expect(after.timersOwed[oldId]).toBeUndefined();
    // Nothing else about the ticket changed: same history input, same status.
    expect(after.slaEvents).toEqual(before.slaEvents);
    expect(after.status).toBe(before.status);

    const events = await tickets.listEvents('izen', before.id);
    const recomputed = events.filter((e) => e.type === 'sla.recomputed');
    expect(recomputed).toHaveLength(1);
    expect(recomputed[0]).toMatchObject({
      version: after.version,
      visibility: 'internal',
      actor: { sub: 'timer-sync', role: 'system' },
      data: { reason: 'tenant profile changed (closures)' },
    });
    const data = recomputed[0]?.data as { added: string[]; removed: string[] };
    expect(data.removed).toContain(oldId);
    expect(data.added.some((id) => id.endsWith(`@${DUE_CLOSED}`))).toBe(true);
  });

  it('is idempotent: a second refresh (a redelivered stream record) writes nothing', async () => {
    const ticket = await open();
    await putTenant({ policy: 'interzen', closures: [SUMMER] });
    expect((await service.refreshTimers('izen', ticket.id, 'x')).changed).toBe(true);
    const once = (await tickets.getTicket('izen', ticket.id)) as Ticket;
    const again = await service.refreshTimers('izen', ticket.id, 'x');
    expect(again.changed).toBe(false);
    expect(again.ticket.version).toBe(once.version);
    expect(await tickets.getTicket('izen', ticket.id)).toEqual(once);
    expect(
      (await tickets.listEvents('izen', ticket.id)).filter((e) => e.type === 'sla.recomputed'),
    ).toHaveLength(1);
  });

  it('writes nothing when the tenant change does not move the ticket (contacts, or the same closures)', async () => {
    const ticket = await open();
    await putTenant({ policy: 'interzen', supportContacts: [{ email: 'desk@izen.example' }] });
    const result = await service.refreshTimers('izen', ticket.id, 'x');
    expect(result.changed).toBe(false);
    expect((await tickets.getTicket('izen', ticket.id))?.version).toBe(ticket.version);
  });

  it("an earlier deadline: the tenant's own policy shortens the target, the refresh owes the earlier timer", async () => {
    const policy = {
      id: 'izen-own',
      name: 'Own',
      priorities: ['normal'],
      defaultPriority: 'normal',
      calendar: 'interzen-working',
      targets: { normal: { resolution: { within: '3bd' } } },
    };
    await putTenant({ policy });
    const ticket = await open2();
    const before = resolutionDeadline(ticket)?.dueAt as number;
    await putTenant({ policy: { ...policy, targets: { normal: { resolution: { within: '1bd' } } } } });
    expect((await service.refreshTimers('izen', ticket.id, 'own policy changed')).changed).toBe(true);
    const after = resolutionDeadline((await tickets.getTicket('izen', ticket.id)) as Ticket)?.dueAt as number;
    expect(after).toBe(DUE_OPEN);
    expect(after).toBeLessThan(before);
  });

  it('keeps timers already acted on out of what is owed', async () => {
    const ticket = await open();
    const first = Object.keys(ticket.timersOwed).find((id) => id.startsWith('firstResponse#1#deadline'));
    clock.set(Date.parse('2026-07-31T09:30:00Z'));
    await service.recordTimerOutcome('izen', ticket.id, { timerIds: [first as string], events: [] });
    await putTenant({ policy: 'interzen', closures: [SUMMER] });
    await service.refreshTimers('izen', ticket.id, 'x');
    const after = (await tickets.getTicket('izen', ticket.id)) as Ticket;
    expect(after.timersActed).toContain(first);
    expect(after.timersOwed[first as string]).toBeUndefined();
    expect(resolutionDeadline(after)?.dueAt).toBe(DUE_CLOSED);
  });

  it('an unknown ticket is TicketNotFoundError', async () => {
    await expect(service.refreshTimers('izen', 't_nope', 'x')).rejects.toBeInstanceOf(TicketNotFoundError);
  });

  async function open2(): Promise<Ticket> {
    const { ticket } = await service.createTicket(customer, { subject: 's', description: 'd' });
    return (await tickets.getTicket('izen', ticket.id)) as Ticket;
  }
});

describe('owedTimersChange', () => {
  const timer = (dueAt: number, fireAt = dueAt) => ({
    key: 'resolution#1#deadline#0',
    milestone: 'resolution' as const,
    cycle: 1,
    kind: 'deadline' as const,
    fireAt,
    dueAt,
  });
  it('lists ids only in the fresh map as added, only in the stored one as removed, a changed entry as both', () => {
    const a = timer(1000);
    const b = timer(2000);
    expect(owedTimersChange({ x: a }, { x: a })).toEqual({ added: [], removed: [] });
    expect(owedTimersChange({ x: a }, { y: b })).toEqual({ added: ['y'], removed: ['x'] });
    expect(owedTimersChange({ x: a }, { x: timer(1000, 900) })).toEqual({ added: ['x'], removed: ['x'] });
    expect(owedTimersChange({}, {})).toEqual({ added: [], removed: [] });
  });
});
