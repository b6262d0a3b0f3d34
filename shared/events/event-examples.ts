/**
 * One example detail per detail-type, for docs/events.md. Typed against the contract, and the docs test
 * validates each against its zod schema, so an example can never show a field the contract lacks. They tell
 * one ticket's story: opened Monday 09:00, the first response breached at 13:00 and answered late, paused
 * waiting for the customer, the priority lowered, resolved and reopened (instants as the engine computes them
 * for fenorri `high`, then `medium`).
 */
import type { EventDetail, EventDetailType } from './event-contract.js';

const ticket = {
  id: 't_01JDQ5ZB6X8N3K2M4P7R9S0T1V',
  reference: 'FEN-000042',
  subject: 'VPN drops every hour',
  priority: 'high',
  status: 'new',
} as const;

const envelope = (version: number, slug: string, occurredAt: string, status = ticket.status as string) => ({
  schemaVersion: 1 as const,
  eventId: `${ticket.id}/v${version}/${slug}`,
  tenantId: 'fenorri',
  occurredAt,
  ticketVersion: version,
  ticket: { ...ticket, status: status as 'new' },
});

export const EVENT_EXAMPLES: { [T in EventDetailType]: EventDetail<T> } = {
  'Ticket Created': { ...envelope(1, 'ticket-created', '2026-03-02T09:00:00Z'), channel: 'web' },
  'SLA Milestone Started': {
    ...envelope(1, 'milestone-started/firstResponse/1', '2026-03-02T09:00:00Z'),
    milestone: 'firstResponse',
    cycle: 1,
    startedAt: '2026-03-02T09:00:00Z',
    dueAt: '2026-03-02T13:00:00Z',
  },
  'SLA Milestone Warned': {
    ...envelope(2, 'milestone-warned/firstResponse/1/0', '2026-03-02T12:00:00Z'),
    milestone: 'firstResponse',
    cycle: 1,
    dueAt: '2026-03-02T13:00:00Z',
    reminder: 0,
  },
  'SLA Milestone Breached': {
    ...envelope(3, 'milestone-breached/firstResponse/1', '2026-03-02T13:00:00Z'),
    milestone: 'firstResponse',
    cycle: 1,
    dueAt: '2026-03-02T13:00:00Z',
    breachedAt: '2026-03-02T13:00:00Z',
    escalatesTo: 1,
  },
  'Ticket Escalated': {
    ...envelope(3, 'ticket-escalated/1', '2026-03-02T13:00:00Z'),
    fromLevel: 0,
    toLevel: 1,
    levelName: 'Escalation team',
    cause: 'breach',
    milestone: 'firstResponse',
  },
  'SLA Milestone Met': {
    ...envelope(4, 'milestone-met/firstResponse/1', '2026-03-02T13:10:00Z', 'open'),
    milestone: 'firstResponse',
    cycle: 1,
    metAt: '2026-03-02T13:10:00Z',
    dueAt: '2026-03-02T13:00:00Z',
    withinTarget: false,
  },
  'SLA Milestone Paused': {
    ...envelope(5, 'milestone-paused/resolution/1', '2026-03-02T14:00:00Z', 'pending_customer'),
    milestone: 'resolution',
    cycle: 1,
    previousDueAt: '2026-03-04T09:00:00Z',
    remainingMinutes: 2580,
  },
  'SLA Milestone Resumed': {
    ...envelope(6, 'milestone-resumed/resolution/1', '2026-03-02T16:00:00Z', 'open'),
    milestone: 'resolution',
    cycle: 1,
    dueAt: '2026-03-04T11:00:00Z',
    remainingMinutes: 2580,
  },
  'SLA Milestone Recomputed': {
    ...envelope(7, 'milestone-recomputed/resolution/1', '2026-03-02T16:30:00Z', 'open'),
    ticket: { ...ticket, priority: 'medium', status: 'open' },
    milestone: 'resolution',
    cycle: 1,
    cause: 'priority_changed',
    previousDueAt: '2026-03-04T11:00:00Z',
    dueAt: '2026-03-09T11:00:00Z',
    state: 'running',
  },
  'Ticket Resolved': {
    ...envelope(8, 'ticket-resolved', '2026-03-03T10:00:00Z', 'resolved'),
    previousStatus: 'open',
  },
  'Ticket Reopened': {
    ...envelope(9, 'ticket-reopened', '2026-03-03T15:00:00Z', 'open'),
    previousStatus: 'resolved',
  },
};
