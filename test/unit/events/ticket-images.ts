/**
 * Hand-made ticket images for the derivation tests: a ticket as the ticket service would have stored it after
 * a given history at a given instant (its owed timers and escalation level computed the way the service does,
 * through the engine), so each test states only the history and the write's instant.
 */
import { computeSla } from '../../../shared/sla/milestones.js';
import { type ResolvedPolicy, resolvePolicy } from '../../../shared/sla/policy.js';
import type { SlaEvent, SlaSubject, TicketStatus } from '../../../shared/sla/types.js';
import { owedTimers } from '../../../shared/tickets/owed-timers.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';

export const T0 = Date.parse('2026-03-02T09:00:00Z');
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const at = (hh: number, mm = 0) => T0 + (hh - 9) * HOUR + mm * MINUTE;

// fenorri `high` runs on the 24x7 calendar: firstResponse 4 h, escalation 8 h, resolution 48 h; a breach of
// firstResponse or escalation raises level 1 "Escalation team", of resolution level 2.
export const FENORRI: SlaSubject = { policyId: 'fenorri', timezone: 'Europe/Tallinn' };
export const fenorri: ResolvedPolicy = resolvePolicy(FENORRI);
export const ENTERPRISE: SlaSubject = { policyId: 'enterprise-support' };
export const enterprise: ResolvedPolicy = resolvePolicy(ENTERPRISE);

export interface ImageOptions {
  subject?: SlaSubject;
  policy?: ResolvedPolicy;
  status?: TicketStatus;
  priority?: string;
  timersActed?: string[];
}

/** The ticket item after `version` writes, the last at `updatedAt`, with this SLA history. */
export function image(
  version: number,
  updatedAt: number,
  slaEvents: SlaEvent[],
  options: ImageOptions = {},
): Ticket {
  const subject = options.subject ?? FENORRI;
  const policy = options.policy ?? fenorri;
  const snapshot = computeSla(subject, slaEvents, updatedAt, policy);
  const timersActed = options.timersActed ?? [];
  return {
    tenantId: 'fen',
    id: 't_01',
    reference: 'FEN-000001',
    version,
    subject: 'VPN drops every hour',
    description: 'an internal-looking description that never leaves',
    priority: options.priority ?? 'high',
    status: options.status ?? 'new',
    requester: { email: 'ann@client.example' },
    channel: 'web',
    assignee: 'bob@support.example',
    createdAt: T0,
    updatedAt,
    createdBy: { sub: 'c1', role: 'customer', email: 'ann@client.example' },
    slaSubject: subject,
    slaEvents,
    escalationLevel: snapshot.escalationLevel,
    timersOwed: owedTimers(snapshot, timersActed),
    timersActed,
    nextDueAt: null,
    attentionAt: null,
  };
}
