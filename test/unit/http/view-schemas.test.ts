/**
 * The views the services return are the zod schemas' types (`z.infer`); here the values themselves are parsed
 * by those schemas, so a field the service adds or renames without its schema fails here as well as in tsc.
 */
import { describe, expect, it } from 'vitest';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { tenantProfileSchema, tenantViewSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant, toTenantView } from '../../../shared/tenants/tenant-service.js';
import { sequentialIds } from '../../../shared/tickets/ids.js';
import { TicketService } from '../../../shared/tickets/ticket-service.js';
import {
  commentViewSchema,
  ticketEventViewSchema,
  ticketViewSchema,
} from '../../../shared/tickets/ticket-views.js';
import * as z from '../../../shared/zod.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';

const T0 = Date.parse('2026-03-02T09:00:00.250Z');
const agent: Principal = { tenantId: 'izen', role: 'agent', sub: 'a1', email: 'bob@support.example' };
const ISO_SECOND = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('views match their schemas', () => {
  it('ticket, comment, history and tenant views parse strictly, with instants to the second', async () => {
    const tenants = new InMemoryTenantRepository();
    const tenant = buildTenant(
      'izen',
      tenantProfileSchema.parse({ policy: 'interzen', closures: ['2026-12-24'], ticketPrefix: 'IZ' }),
      T0,
    );
    await tenants.putTenant(tenant);
    const service = new TicketService({
      tickets: new InMemoryTicketRepository(),
      tenants,
      clock: new ManualClock(T0),
      ids: sequentialIds(),
    });
    const { ticket } = await service.createTicket(agent, {
      subject: 'Export fails',
      description: 'Every CSV export fails.',
      requester: { email: 'ann@client.example', name: 'Ann' },
    });
    const { comment } = await service.addComment(agent, ticket.id, {
      body: 'Looking into it',
      attachments: [
        { name: 'log.txt', key: 'attachments/izen/1/0-log.txt', contentType: 'text/plain', size: 12 },
      ],
    });
    const events = (await service.listEvents(agent, ticket.id)).items;

    expect(z.strictObject(z.built(ticketViewSchema).shape).parse(ticket)).toEqual(ticket);
    expect(z.strictObject(z.built(commentViewSchema).shape).parse(comment)).toEqual(comment);
    for (const event of events)
      expect(z.strictObject(z.built(ticketEventViewSchema).shape).parse(event)).toEqual(event);
    const view = toTenantView(tenant);
    expect(tenantViewSchema.parse(view)).toEqual(view);

    const instants = [
      ticket.createdAt,
      comment.createdAt,
      view.updatedAt,
      ...events.map((e) => e.at),
      ...ticket.sla.milestones.flatMap((m) => [m.startedAt, m.dueAt].filter((x) => x !== null)),
    ];
    for (const at of instants) expect(at).toMatch(ISO_SECOND);
  });
});
