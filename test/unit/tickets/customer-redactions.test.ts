/**
 * What customers read of escalations (README "Who sees and does what"): level names are the tenant's internal
 * organisation and staff's reasons for escalating are staff's; a customer's own reason stays visible to them.
 */
import { describe, expect, it } from 'vitest';
import type { TicketHistoryEvent } from '../../../shared/tickets/ticket.js';
import { toTicketEventView } from '../../../shared/tickets/ticket-views.js';

function event(
  type: string,
  role: 'customer' | 'agent' | 'system',
  data: Record<string, unknown>,
): TicketHistoryEvent {
  return {
    tenantId: 't',
    ticketId: 'tk',
    version: 2,
    seq: 0,
    type,
    at: Date.parse('2026-03-02T09:00:00Z'),
    actor: { role, sub: `${role}-1` },
    visibility: 'public',
    data,
  };
}

const customer = { role: 'customer' } as const;
const agent = { role: 'agent' } as const;

describe('escalation events as customers and staff read them', () => {
  it('sla.escalated: the level name is null for customers, kept for staff', () => {
    const escalated = event('sla.escalated', 'system', {
      level: 1,
      name: 'Support team lead',
      cause: 'breach',
    });
    expect(toTicketEventView(escalated, customer).data).toEqual({ level: 1, name: null, cause: 'breach' });
    expect(toTicketEventView(escalated, agent).data.name).toBe('Support team lead');
    expect(toTicketEventView(escalated).data.name).toBe('Support team lead');
  });

  it("escalation.requested: no level name for customers, no staff's reason; a customer's reason stays", () => {
    const data = { by: 'agent', fromLevel: 0, toLevel: 1, levelName: 'Support team lead', reason: 'VIP' };
    const byStaff = event('escalation.requested', 'agent', data);
    expect(toTicketEventView(byStaff, customer).data).toEqual({ ...data, levelName: null, reason: null });
    expect(toTicketEventView(byStaff, agent).data).toEqual(data);
    const byCustomer = event('escalation.requested', 'customer', {
      ...data,
      by: 'customer',
      reason: 'urgent',
    });
    expect(toTicketEventView(byCustomer, customer).data).toMatchObject({ levelName: null, reason: 'urgent' });
  });
});
