/**
 * The ticket use cases with in-memory fakes of our own ports (no module mocking): state machine, SLA recomputed
 * from history on every change, timers owed, the retry loop, idempotency, the events sink.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import {
  ConcurrentUpdateError,
  ForbiddenActionError,
  IdempotencyKeyReuseError,
  InvalidTransitionError,
  TicketNotFoundError,
  TicketStateConflictError,
} from '../../../shared/tickets/errors.js';
import { sequentialIds } from '../../../shared/tickets/ids.js';
import type { TicketChange } from '../../../shared/tickets/ports.js';
import { TicketService } from '../../../shared/tickets/ticket-service.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const HOUR = 3_600_000;

const customer: Principal = { tenantId: 'fen', role: 'customer', sub: 'c1', email: 'ann@client.example' };
const agent: Principal = { tenantId: 'fen', role: 'agent', sub: 'a1', email: 'bob@support.example' };
const otherTenantAgent: Principal = { tenantId: 'ent', role: 'agent', sub: 'a2' };

let clock: ManualClock;
let repo: InMemoryTicketRepository;
let published: TicketChange[];
let service: TicketService;

async function setup(sinkFails = false, maxAttempts?: number) {
  clock = new ManualClock(T0);
  repo = new InMemoryTicketRepository();
  const tenants = new InMemoryTenantRepository();
  // fenorri `high` runs on the 24x7 calendar: firstResponse 4 h, escalation 8 h, resolution 48 h.
  await tenants.putTenant(
    buildTenant('fen', tenantProfileSchema.parse({ policy: 'fenorri', timezone: 'Europe/Tallinn' }), T0),
  );
  await tenants.putTenant(
    buildTenant('ent', tenantProfileSchema.parse({ policy: 'enterprise-support' }), T0),
  );
  published = [];
  service = new TicketService({
    tickets: repo,
    tenants,
    clock,
    ids: sequentialIds(),
    sleep: async () => {},
    logger: { warn: () => {} },
    ...(maxAttempts ? { maxAttempts } : {}),
    events: {
      publish: async (change) => {
        published.push(change);
        if (sinkFails) throw new Error('mail is down');
      },
    },
  });
}

const open = async () =>
  (await service.createTicket(customer, { subject: 'VPN down', description: 'since 8:00', priority: 'high' }))
    .ticket;

const milestone = (
  view: { sla: { milestones: { name: string; state: string; dueAt: string | null }[] } },
  name: string,
) => view.sla.milestones.find((m) => m.name === name);

/**
 * Holds every `getTicket` until `parties` callers have read, so concurrent writers all start from the same
 * version (the in-memory repository would otherwise let the first one finish before the second reads).
 */
function readBarrier(repository: InMemoryTicketRepository, parties: number) {
  const original = repository.getTicket.bind(repository);
  const state = { released: false, restore: () => {} };
  let waiting = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  repository.getTicket = async (tenantId, ticketId) => {
    const ticket = await original(tenantId, ticketId);
    if (!state.released) {
      waiting++;
      if (waiting >= parties) {
        state.released = true;
        release();
      }
      await gate;
    }
    return ticket;
  };
  state.restore = () => {
    repository.getTicket = original;
  };
  return state;
}

beforeEach(() => setup());

describe('creating a ticket', () => {
  it('starts every milestone of the policy and owes their timers', async () => {
    const ticket = await open();
    expect(ticket.status).toBe('new');
    expect(ticket.reference).toBe('FEN-000001');
    expect(ticket.requester).toEqual({ email: 'ann@client.example' });
    expect(milestone(ticket, 'firstResponse')).toMatchObject({
      state: 'running',
      dueAt: '2026-03-02T13:00:00Z',
    });
    expect(milestone(ticket, 'escalation')).toMatchObject({
      state: 'running',
      dueAt: '2026-03-02T17:00:00Z',
    });
    expect(milestone(ticket, 'resolution')).toMatchObject({
      state: 'running',
      dueAt: '2026-03-04T09:00:00Z',
    });
    const stored = await repo.getTicket('fen', ticket.id);
    const deadlines = Object.values(stored!.timersOwed).filter((t) => t.kind === 'deadline');
    expect(deadlines.map((t) => t.milestone).sort()).toEqual(['escalation', 'firstResponse', 'resolution']);
    for (const [id, timer] of Object.entries(stored!.timersOwed))
      expect(id).toBe(`${timer.key}@${timer.dueAt}`);
    expect(stored!.nextDueAt).toBe(Date.parse('2026-03-02T13:00:00Z'));
  });

  it('stores instants to the second, so a ticket created at 09:00:00.999 is due as npx sla due says', async () => {
    clock.set(T0 + 999);
    const { ticket } = await service.createTicket(customer, {
      subject: 'VPN down',
      description: 'since 8:00',
      priority: 'high',
    });
    // fenorri high on 24x7: created 09:00:00 (not .999), first response 4 h later, 13:00:00Z.
    expect(ticket.createdAt).toBe('2026-03-02T09:00:00Z');
    expect(milestone(ticket, 'firstResponse')?.dueAt).toBe('2026-03-02T13:00:00Z');
    expect((await repo.getTicket('fen', ticket.id))?.createdAt).toBe(T0);
  });

  it('uses the policy default priority and rejects one the policy lacks', async () => {
    const { ticket } = await service.createTicket(agent, {
      subject: 's',
      description: 'd',
      requester: { email: 'x@y.example' },
    });
    expect(ticket.priority).toBe('medium');
    await expect(
      service.createTicket(agent, {
        subject: 's',
        description: 'd',
        requester: { email: 'x@y.example' },
        priority: 'p1',
      }),
    ).rejects.toMatchObject({ field: 'priority' });
  });

  it('publishes the committed change, and a failing sink never fails the request', async () => {
    await setup(true);
    const ticket = await open();
    expect(published).toHaveLength(1);
    expect(published[0]?.previous).toBeNull();
    expect(published[0]?.events.map((e) => e.type)).toContain('ticket.created');
    expect((await service.getTicket(agent, ticket.id)).id).toBe(ticket.id);
  });
});

describe('replies and status', () => {
  it('a public agent reply meets firstResponse and opens the ticket; an internal note changes no clock', async () => {
    const ticket = await open();
    clock.advance(HOUR);
    const note = await service.addComment(agent, ticket.id, {
      body: 'checking logs',
      visibility: 'internal',
    });
    expect(note.ticket.status).toBe('new');
    expect(milestone(note.ticket, 'firstResponse')?.state).toBe('running');
    const reply = await service.addComment(agent, ticket.id, { body: 'on it' });
    expect(reply.ticket.status).toBe('open');
    expect(reply.ticket.sla.milestones.find((m) => m.name === 'firstResponse')).toMatchObject({
      state: 'met',
      metAt: '2026-03-02T10:00:00Z',
    });
    const events = (await service.listEvents(agent, ticket.id)).items;
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['comment.added', 'status.changed', 'sla.changed']),
    );
    // Customers see neither internal notes nor their events.
    expect((await service.listComments(customer, ticket.id)).items.map((c) => c.body)).toEqual(['on it']);
    expect(
      (await service.listEvents(customer, ticket.id)).items.some((e) => e.visibility === 'internal'),
    ).toBe(false);
  });

  it('pending_customer pauses the clocks; the customer reply resumes them with the time they had left', async () => {
    const ticket = await open();
    clock.advance(2 * HOUR);
    await service.updateTicket(agent, ticket.id, { status: 'pending_customer' });
    clock.advance(10 * HOUR);
    const paused = await service.getTicket(agent, ticket.id);
    expect(milestone(paused, 'resolution')).toMatchObject({ state: 'paused', dueAt: null });
    const resumed = await service.addComment(customer, ticket.id, { body: 'here are the logs' });
    expect(resumed.ticket.status).toBe('open');
    // 48 h budget, 2 h used before the pause: due 46 h after the resume at 21:00.
    expect(milestone(resumed.ticket, 'resolution')).toMatchObject({
      state: 'running',
      dueAt: '2026-03-04T19:00:00Z',
    });
  });

  it('a priority change recomputes the running milestones and records the SLA change', async () => {
    const ticket = await open();
    const changed = await service.updateTicket(agent, ticket.id, { priority: 'medium' });
    expect(changed.priority).toBe('medium');
    expect(milestone(changed, 'firstResponse')?.dueAt).not.toBe(milestone(ticket, 'firstResponse')?.dueAt);
    const slaEvents = (await service.listEvents(agent, ticket.id)).items.filter(
      (e) => e.type === 'sla.changed' && e.version === changed.version,
    );
    expect(slaEvents.length).toBeGreaterThan(0);
  });

  it('refuses bad transitions, closed tickets and customer overreach with named errors', async () => {
    const ticket = await open();
    await expect(service.updateTicket(agent, ticket.id, { status: 'closed' })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    await service.updateTicket(agent, ticket.id, { status: 'resolved' });
    await service.updateTicket(agent, ticket.id, { status: 'closed' });
    await expect(service.updateTicket(agent, ticket.id, { status: 'open' })).rejects.toBeInstanceOf(
      InvalidTransitionError,
    );
    await expect(service.addComment(agent, ticket.id, { body: 'x' })).rejects.toBeInstanceOf(
      TicketStateConflictError,
    );
    await expect(service.updateTicket(customer, ticket.id, { priority: 'low' })).rejects.toBeInstanceOf(
      ForbiddenActionError,
    );
    await expect(
      service.addComment(customer, ticket.id, { body: 'x', visibility: 'internal' }),
    ).rejects.toBeInstanceOf(ForbiddenActionError);
  });

  it('an unchanged PATCH writes nothing', async () => {
    const ticket = await open();
    const same = await service.updateTicket(agent, ticket.id, { status: 'new', priority: 'high' });
    expect(same.version).toBe(ticket.version);
  });
});

describe('escalation', () => {
  it('agents escalate level by level up to the top of the chain; fenorri customers may not', async () => {
    const ticket = await open();
    await expect(service.requestEscalation(customer, ticket.id)).rejects.toBeInstanceOf(ForbiddenActionError);
    const first = await service.requestEscalation(agent, ticket.id, { reason: 'VIP' });
    expect(first.ticket.sla).toMatchObject({ escalationLevel: 1, escalationLevelName: 'Escalation team' });
    const second = await service.requestEscalation(agent, ticket.id);
    expect(second.ticket.sla.escalationLevel).toBe(2);
    await expect(service.requestEscalation(agent, ticket.id)).rejects.toBeInstanceOf(
      TicketStateConflictError,
    );
  });
});

describe('concurrency and idempotency', () => {
  it('re-reads and re-applies after version conflicts', async () => {
    const ticket = await open();
    repo.conflictsToInject = 5;
    const changed = await service.updateTicket(agent, ticket.id, { assignee: 'bob' });
    expect(changed).toMatchObject({ assignee: 'bob', version: 2 });
  });

  it('gives up with ConcurrentUpdateError after the bounded attempts', async () => {
    await setup(false, 3);
    const ticket = await open();
    repo.conflictsToInject = 10;
    await expect(service.updateTicket(agent, ticket.id, { assignee: 'bob' })).rejects.toBeInstanceOf(
      ConcurrentUpdateError,
    );
  });

  it('replays a repeated Idempotency-Key and refuses it for another request', async () => {
    const idem = { idempotency: { key: 'k1', requestHash: 'h1' } };
    const first = await service.createTicket(customer, { subject: 's', description: 'd' }, idem);
    const again = await service.createTicket(customer, { subject: 's', description: 'd' }, idem);
    expect(again.replayed).toBe(true);
    expect(again.ticket.id).toBe(first.ticket.id);
    expect(repo.tickets.size).toBe(1);
    await expect(
      service.createTicket(
        customer,
        { subject: 'other', description: 'd' },
        { idempotency: { key: 'k1', requestHash: 'h2' } },
      ),
    ).rejects.toBeInstanceOf(IdempotencyKeyReuseError);
  });
});

describe('mail-borne changes', () => {
  const receipt = {
    from: 'ann@client.example',
    messageId: '<m1@client.example>',
    sesMessageId: 'ses-1',
    rawMailKey: 'inbound/ses-1',
    receivedAt: '2026-03-02T09:00:00Z',
    verdicts: { spam: 'PASS', virus: 'GRAY', spf: 'FAIL', dkim: 'PASS', dmarc: 'PASS' },
    trustWarnings: ['spf-fail', 'virus-gray'],
  };

  it('keep what the mail told us as an internal mail.received event, in the same write, hidden from customers', async () => {
    await setup();
    const { ticket } = await service.createTicket(customer, {
      subject: 'VPN down',
      description: 'since 8:00',
      priority: 'high',
      channel: 'email',
      messageId: receipt.messageId,
      mail: { ...receipt, followUpOf: 'FEN-000001' },
    });
    await service.addComment(customer, ticket.id, {
      body: 'still down',
      messageId: '<m2@client.example>',
      mail: { ...receipt, messageId: '<m2@client.example>', quotedTextStripped: true },
    });
    const events = (await service.listEvents(agent, ticket.id)).items;
    const received = events.filter((e) => e.type === 'mail.received');
    expect(received.map((e) => ({ version: e.version, visibility: e.visibility, data: e.data }))).toEqual([
      { version: 1, visibility: 'internal', data: { ...receipt, followUpOf: 'FEN-000001' } },
      {
        version: 2,
        visibility: 'internal',
        data: { ...receipt, messageId: '<m2@client.example>', quotedTextStripped: true },
      },
    ]);
    expect((await service.listEvents(customer, ticket.id)).items.map((e) => e.type)).not.toContain(
      'mail.received',
    );
  });
});

describe('tenant isolation and lookups', () => {
  it("another tenant's ticket is not found", async () => {
    const ticket = await open();
    await expect(service.getTicket(otherTenantAgent, ticket.id)).rejects.toBeInstanceOf(TicketNotFoundError);
    expect((await service.listTickets(otherTenantAgent)).items).toEqual([]);
  });

  it('finds a ticket by case number (any case) and by linked Message-ID', async () => {
    const ticket = await open();
    expect((await service.findTicketByReference('fen', 'fen-000001'))?.id).toBe(ticket.id);
    expect(await service.findTicketByReference('ent', 'FEN-000001')).toBeNull();
    await service.linkMessageIds('fen', ticket.id, ['<abc@mail.example>']);
    expect((await service.findTicketByMessageId('fen', 'abc@mail.example'))?.id).toBe(ticket.id);
  });
});

describe('timers and listings', () => {
  it('a timer acted on is no longer owed, and acting twice writes nothing', async () => {
    const ticket = await open();
    const stored = await repo.getTicket('fen', ticket.id);
    const id = Object.keys(stored!.timersOwed).find((k) => k.startsWith('firstResponse#1#deadline'))!;
    clock.set(Date.parse('2026-03-02T13:00:00Z'));
    const acted = await service.recordTimerOutcome('fen', ticket.id, {
      timerIds: [id],
      events: [{ type: 'sla.breached', data: { milestone: 'firstResponse' } }],
    });
    expect(acted.ticket.timersActed).toContain(id);
    expect(acted.ticket.timersOwed[id]).toBeUndefined();
    const again = await service.recordTimerOutcome('fen', ticket.id, { timerIds: [id], events: [] });
    expect(again.ticket.version).toBe(acted.ticket.version);
  });

  it('two concurrent deliveries of one timer append its breach and escalation events once', async () => {
    const ticket = await open();
    const stored = await repo.getTicket('fen', ticket.id);
    const id = Object.keys(stored!.timersOwed).find((k) => k.startsWith('firstResponse#1#deadline'))!;
    clock.set(Date.parse('2026-03-02T13:00:00Z'));
    // Both deliveries read the ticket at the same version before either writes: a real race, not a retry.
    const reads = readBarrier(repo, 2);
    const outcome = {
      timerIds: [id],
      events: [
        { type: 'sla.breached', data: { milestone: 'firstResponse', timerId: id } },
        { type: 'sla.escalated', data: { level: 1, milestone: 'firstResponse', cause: 'breach' } },
      ],
    };
    const [a, b] = await Promise.all([
      service.recordTimerOutcome('fen', ticket.id, outcome),
      service.recordTimerOutcome('fen', ticket.id, outcome),
    ]);
    reads.restore();
    expect(reads.released).toBe(true);
    const types = (await repo.listEvents('fen', ticket.id)).map((e) => e.type);
    expect(types.filter((t) => t === 'sla.breached')).toHaveLength(1);
    expect(types.filter((t) => t === 'sla.escalated')).toHaveLength(1);
    const final = await repo.getTicket('fen', ticket.id);
    expect(final?.timersActed.filter((t) => t === id)).toHaveLength(1);
    expect(final?.version).toBe(stored!.version + 1);
    expect(a.ticket.version).toBe(final?.version);
    expect(b.ticket.version).toBe(final?.version);
  });

  it('a later delivery of timers already acted on writes nothing, even with events to record', async () => {
    const ticket = await open();
    const stored = await repo.getTicket('fen', ticket.id);
    const id = Object.keys(stored!.timersOwed).find((k) => k.startsWith('firstResponse#1#deadline'))!;
    clock.set(Date.parse('2026-03-02T13:00:00Z'));
    const outcome = {
      timerIds: [id],
      events: [{ type: 'sla.breached', data: { milestone: 'firstResponse' } }],
    };
    const first = await service.recordTimerOutcome('fen', ticket.id, outcome);
    const repeat = await service.recordTimerOutcome('fen', ticket.id, outcome);
    expect(repeat.ticket.version).toBe(first.ticket.version);
    const breached = (await repo.listEvents('fen', ticket.id)).filter((e) => e.type === 'sla.breached');
    expect(breached).toHaveLength(1);
  });

  it('lists breached and soon-due tickets from the SLA recomputed at request time', async () => {
    const first = await open();
    clock.advance(HOUR);
    const second = await open();
    await service.addComment(agent, second.id, { body: 'hello' });
    expect((await service.listTickets(agent)).items.map((t) => t.id)).toEqual([second.id, first.id]);
    expect((await service.listTickets(agent, { dueWithinMinutes: 180 })).items.map((t) => t.id)).toEqual([
      first.id,
    ]);
    clock.set(Date.parse('2026-03-02T13:00:01Z'));
    const breached = await service.listTickets(agent, { milestoneState: 'breached' });
    expect(breached.items.map((t) => t.id)).toEqual([first.id]);
    expect(milestone(breached.items[0]!, 'firstResponse')?.state).toBe('breached');
  });
});
