/** The ticket counts the dashboard graphs, from the ticket service's committed changes (in-memory fakes). */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { METRIC, type MetricCounter, type MetricName } from '../../../shared/observability/metrics.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { sequentialIds } from '../../../shared/tickets/ids.js';
import { TicketMetricsSink } from '../../../shared/tickets/ticket-metrics-sink.js';
import { TicketService } from '../../../shared/tickets/ticket-service.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const customer: Principal = { tenantId: 'fen', role: 'customer', sub: 'c1', email: 'ann@client.example' };
const agent: Principal = { tenantId: 'fen', role: 'agent', sub: 'a1', email: 'bob@support.example' };

class RecordingCounter implements MetricCounter {
  readonly counts: { name: MetricName; dimensions: Record<string, string>; value: number }[] = [];
  count(name: MetricName, dimensions: Record<string, string>, value = 1): void {
    this.counts.push({ name, dimensions, value });
  }
  sum(name: MetricName): number {
    return this.counts.filter((c) => c.name === name).reduce((n, c) => n + c.value, 0);
  }
}

let counter: RecordingCounter;
let service: TicketService;

beforeEach(async () => {
  const clock = new ManualClock(T0);
  const tenants = new InMemoryTenantRepository();
  await tenants.putTenant(
    buildTenant('fen', tenantProfileSchema.parse({ policy: 'fenorri', timezone: 'Europe/Tallinn' }), T0),
  );
  counter = new RecordingCounter();
  service = new TicketService({
    tickets: new InMemoryTicketRepository(),
    tenants,
    clock,
    ids: sequentialIds(),
    sleep: async () => {},
    logger: { warn: () => {} },
    events: new TicketMetricsSink(counter),
  });
});

describe('TicketMetricsSink', () => {
  it('counts a created ticket by channel and priority, a met milestone by milestone and priority', async () => {
    const { ticket } = await service.createTicket(customer, {
      subject: 'VPN down',
      description: 'since 8:00',
      priority: 'high',
    });
    expect(counter.counts).toEqual([
      { name: METRIC.ticketsCreated, dimensions: { channel: ticket.channel, priority: 'high' }, value: 1 },
    ]);
    await service.addComment(agent, ticket.id, { body: 'Looking into it.' });
    expect(counter.counts.filter((c) => c.name === METRIC.milestonesMet)).toEqual([
      { name: METRIC.milestonesMet, dimensions: { milestone: 'firstResponse', priority: 'high' }, value: 1 },
    ]);
  });

  it('open tickets (created - resolved) stay right through a resolution, a reopening and a closure', async () => {
    const { ticket } = await service.createTicket(customer, {
      subject: 'A',
      description: 'a',
      priority: 'high',
    });
    await service.createTicket(customer, { subject: 'B', description: 'b', priority: 'high' });
    const open = () => counter.sum(METRIC.ticketsCreated) - counter.sum(METRIC.ticketsResolved);
    expect(open()).toBe(2);
    await service.updateTicket(agent, ticket.id, { status: 'resolved' });
    expect(open()).toBe(1);
    // The customer answers the resolution mail: the ticket reopens.
    await service.addComment(customer, ticket.id, { body: 'Still broken.' });
    expect(open()).toBe(2);
    await service.updateTicket(agent, ticket.id, { status: 'resolved' });
    await service.updateTicket(agent, ticket.id, { status: 'closed' });
    expect(open()).toBe(1);
  });
});
