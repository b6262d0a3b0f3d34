/**
 * A long-lived ticket through the ticket service (in-memory fakes of our ports): the writer folds the SLA history
 * so the item stays bounded, the view shows each milestone's current cycle with the count of earlier ones, and
 * the events derivation still attributes every transition of a folding write (it counts the events a write
 * adds, it does not position them).
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { deriveTransitions } from '../../../shared/events/derive-transitions.js';
import { FOLD_AFTER_EVENTS, foldSlaEvents, slaEventCount } from '../../../shared/sla/milestone-fold.js';
import type { SlaEvent } from '../../../shared/sla/types.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant, resolveTenantPolicy } from '../../../shared/tenants/tenant-service.js';
import { sequentialIds } from '../../../shared/tickets/ids.js';
import type { TicketChange } from '../../../shared/tickets/ports.js';
import { TicketService } from '../../../shared/tickets/ticket-service.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';
import { FENORRI, fenorri, image } from '../events/ticket-images.js';

const T0 = Date.parse('2026-03-02T08:00:00Z'); // Monday 09:00 Prague
const MINUTE = 60_000;
const customer: Principal = { tenantId: 'man', role: 'customer', sub: 'c1', email: 'ann@client.example' };
const agent: Principal = { tenantId: 'man', role: 'agent', sub: 'a1', email: 'bob@support.example' };

describe('a ticket with a long history', () => {
  it('folds its SLA history, keeps the current cycles in view and every transition on the bus', async () => {
    const clock = new ManualClock(T0);
    const repo = new InMemoryTicketRepository();
    const tenants = new InMemoryTenantRepository();
    const tenant = buildTenant('man', tenantProfileSchema.parse({ policy: 'managry', plan: 'premier' }), T0);
    await tenants.putTenant(tenant);
    const published: TicketChange[] = [];
    const service = new TicketService({
      tickets: repo,
      tenants,
      clock,
      ids: sequentialIds(),
      sleep: async () => {},
      logger: { warn: () => {} },
      events: { publish: async (change) => void published.push(change) },
    });
    const { ticket } = await service.createTicket(customer, {
      subject: 'Orders stuck',
      description: 'since 8:00',
      priority: 'critical',
    });
    const replies = 120;
    for (let i = 1; i <= replies; i++) {
      clock.advance(10 * MINUTE);
      await service.addComment(i % 2 ? agent : customer, ticket.id, { body: `reply ${i}` });
    }
    const stored = await repo.getTicket('man', ticket.id);
    expect(stored?.slaEvents[0]?.type).toBe('checkpoint');
    expect(stored?.slaEvents.length).toBeLessThanOrEqual(FOLD_AFTER_EVENTS + 2);
    // Every reply adds an engine event, every customer reply also reopens (pending -> open is the status rule).
    expect(slaEventCount(stored?.slaEvents ?? [])).toBeGreaterThanOrEqual(1 + replies);

    const view = await service.getTicket(agent, ticket.id);
    const names = view.sla.milestones.map((m) => m.name);
    expect(new Set(names).size).toBe(names.length);
    const update = view.sla.milestones.find((m) => m.name === 'update');
    expect(update).toMatchObject({ cycle: replies / 2, earlierCycles: replies / 2 - 1 });

    // Each write, folding or not, reports the met update cycle and the next one started.
    const policy = resolveTenantPolicy(tenant, stored!.slaSubject);
    let agentReplies = 0;
    for (const change of published) {
      if (!change.previous || !change.comment || change.comment.author.role !== 'agent') continue;
      agentReplies++;
      const types = deriveTransitions({ before: change.previous, after: change.ticket, policy }).map((t) => {
        const detail = t.event.detail as { milestone?: string | null; cycle?: number };
        return `${t.event.detailType} ${detail.milestone ?? ''}#${detail.cycle ?? ''}`;
      });
      expect(types).toContain(`SLA Milestone Started update#${agentReplies}`);
      if (agentReplies > 1) expect(types).toContain(`SLA Milestone Met update#${agentReplies - 1}`);
    }
    expect(agentReplies).toBe(replies / 2);
  });

  it('a write that folds the history still names what it added (a priority change)', () => {
    const t = Date.parse('2026-03-02T09:00:00Z');
    const history: SlaEvent[] = [{ type: 'created', at: t, priority: 'high' }];
    for (let i = 1; i <= 40; i++) history.push({ type: 'customerReply', at: t + i * MINUTE });
    const before = image(41, t + 40 * MINUTE, history, { subject: FENORRI });
    const folded = foldSlaEvents(fenorri, history, () => true);
    const after = image(
      42,
      t + 41 * MINUTE,
      [...folded, { type: 'priorityChanged', at: t + 41 * MINUTE, priority: 'medium' }],
      { subject: FENORRI, priority: 'medium' },
    );
    const recomputed = deriveTransitions({ before, after, policy: fenorri }).filter(
      (x) => x.event.detailType === 'SLA Milestone Recomputed',
    );
    expect(recomputed.length).toBeGreaterThan(0);
    for (const x of recomputed) expect(x.event.detail).toMatchObject({ cause: 'priority_changed' });
  });
});
