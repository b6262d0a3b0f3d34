/**
 * Which mail a ticket change owes, decided from the change itself before it is written (the ticket writer's
 * `MailPlanner`): the mail goes into the same transaction as the change (the outbox), and the notification
 * Lambda sends it from the table's stream. Pure: the change, its tenant and the tenant's policy.
 *
 * - requester side: acknowledgement, each public agent reply, a clarification request (status to
 *   `pending_customer`), closure (resolved/closed), and a status-change mail where the policy says "on status
 *   change" for the ticket's priority (Harmoni normal/low). Instants in the customer's zone.
 * - staff side: reminders (`sla.reminder_sent`), breaches with the escalation they caused (`sla.breached`,
 *   `sla.escalated`), a requested escalation (`escalation.requested`). Instants in the tenant's zone.
 */
import type { ResolvedPolicy } from '../sla/policy.js';
import type { MilestoneName, TicketStatus } from '../sla/types.js';
import { MILESTONE_NAMES } from '../sla/types.js';
import type { Tenant } from '../tenants/tenant.js';
import type { MailPlanner, OwedMail, TicketChange } from '../tickets/ports.js';
import { explainCycle } from '../tickets/sla-receipt.js';
import type { Ticket, TicketHistoryEvent } from '../tickets/ticket.js';
import { type DeadlineWhy, deadlineWhyOf } from './deadline-why.js';
import type { MailTicket, Notification } from './notifier.js';
import { recipientsHash } from './notifier.js';
import { requesterMailRecipients } from './recipients.js';
import type { TemplateInput } from './templates.js';

export type Audience = 'requester' | 'staff';

/** The id a mail about a history event carries (Message-ID local part, ledger key): `v<version>-<seq>`. */
export function historyEventId(event: Pick<TicketHistoryEvent, 'version' | 'seq'>): string {
  return `v${event.version}-${event.seq}`;
}

export function mailTicketOf(ticket: Ticket): MailTicket {
  return {
    tenantId: ticket.tenantId,
    id: ticket.id,
    reference: ticket.reference,
    subject: ticket.subject,
    description: ticket.description,
    language: ticket.language ?? null,
    ...(ticket.originMessageId ? { originMessageId: ticket.originMessageId } : {}),
  };
}

/** What the outbox item holds: the notification, and whom it is for (docs, metrics). */
export interface OwedNotification extends Notification {
  audience: Audience;
}

/** Who gets the requester's mail: the requester, the ticket's participants in Cc (`./recipients.ts`). */
export function requesterSideRecipients(ticket: Ticket): { to: string[]; cc: string[] } {
  return requesterMailRecipients(ticket);
}

const looksLikeEmail = (value: string | null | undefined): value is string =>
  typeof value === 'string' && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value);

/** The assignee, else the tenant's support team: who hears of reminders. */
export function staffRecipients(ticket: Ticket, tenant: Tenant): string[] {
  return looksLikeEmail(ticket.assignee) ? [ticket.assignee] : tenant.supportContacts.map((c) => c.email);
}

/** Staff plus the escalation level's recipients (tenant config, then the policy's addresses). */
export function escalationRecipients(
  ticket: Ticket,
  tenant: Tenant,
  policy: ResolvedPolicy,
  level: number | null,
): string[] {
  const levelRecipients =
    level === null
      ? []
      : [
          ...(tenant.escalationRecipients[String(level)] ?? []),
          ...(policy.escalationLevels.find((l) => l.level === level)?.recipients.filter(looksLikeEmail) ??
            []),
        ];
  return [...new Set([...staffRecipients(ticket, tenant), ...levelRecipients])];
}

/** The zone of the policy's calendar for the ticket's priority (Europe/Rome for interzen), else UTC. */
function calendarZone(policy: ResolvedPolicy, ticket: Ticket, at: number): string {
  for (const milestone of MILESTONE_NAMES) {
    const target = policy.targetFor(milestone, ticket.priority);
    if (target) return target.calendar.zoneAt(at);
  }
  return 'UTC';
}

/** The customer's zone: the tenant's `timezone`, else the ticket's own (Fenorri), else the policy calendar's. */
export function customerZone(tenant: Tenant, ticket: Ticket, policy: ResolvedPolicy): string {
  return tenant.timezone ?? ticket.slaSubject.timezone ?? calendarZone(policy, ticket, ticket.createdAt);
}

/** The staff's zone: the tenant's `timezone`, else the policy calendar's. */
export function staffZone(tenant: Tenant, ticket: Ticket, policy: ResolvedPolicy): string {
  return tenant.timezone ?? calendarZone(policy, ticket, ticket.createdAt);
}

/** The staff mail's "why this deadline": the engine's explanation of the cycle, cut down; none if it cannot say. */
function whyOf(ticket: Ticket, policy: ResolvedPolicy, event: TicketHistoryEvent): DeadlineWhy | null {
  const name = event.data.milestone as MilestoneName;
  const cycle = typeof event.data.cycle === 'number' ? event.data.cycle : 1;
  const explanation = explainCycle(ticket, policy, ticket.updatedAt, { name, cycle });
  return explanation ? deadlineWhyOf(explanation) : null;
}

const CLOSING: ReadonlySet<TicketStatus> = new Set(['resolved', 'closed']);

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** The mail a change owes, as notifications (pure). */
export function owedNotifications(change: TicketChange, policy: ResolvedPolicy): OwedNotification[] {
  const { tenant, ticket } = change;
  const owed: OwedNotification[] = [];
  const about = {
    ticket: mailTicketOf(ticket),
    fallbackLanguage: tenant.language,
  };
  const common = {
    reference: ticket.reference,
    subject: ticket.subject,
    ...(tenant.name ? { organisation: tenant.name } : {}),
  };
  const requester = requesterSideRecipients(ticket);
  const toRequester = (eventId: string, input: TemplateInput): void => {
    owed.push({ ...about, audience: 'requester', eventId, ...requester, input });
  };
  const toStaff = (eventId: string, to: string[], input: TemplateInput): void => {
    owed.push({ ...about, audience: 'staff', eventId, to, input });
  };
  const customer = { ...common, timezone: customerZone(tenant, ticket, policy) };
  const staff = { ...common, timezone: staffZone(tenant, ticket, policy) };
  const escalation = change.events.find((e) => e.type === 'sla.escalated' && e.data.cause === 'breach');

  for (const event of change.events) {
    const eventId = historyEventId(event);
    switch (event.type) {
      case 'ticket.created': {
        const firstResponse = Object.values(ticket.timersOwed).find(
          (t) => t.milestone === 'firstResponse' && t.kind === 'deadline',
        );
        toRequester(eventId, {
          ...customer,
          template: 'acknowledgement',
          priority: ticket.priority,
          firstResponseDueAt: firstResponse?.dueAt ?? null,
          ...(ticket.requester.name ? { requesterName: ticket.requester.name } : {}),
        });
        break;
      }
      case 'comment.added': {
        const comment = change.comment;
        if (comment?.visibility !== 'public' || comment.author.role === 'customer') break;
        toRequester(eventId, { ...customer, template: 'agentReply', body: comment.body });
        break;
      }
      case 'status.changed':
        statusMail(change, event, policy, (input) => toRequester(eventId, { ...customer, ...input }));
        break;
      case 'sla.reminder_sent': {
        // Keyed by the timer id, as the timer's mail always was, so a ledger record from before the outbox holds.
        const timerId = str(event.data.timerId) ?? eventId;
        toStaff(timerId, staffRecipients(ticket, tenant), {
          ...staff,
          template: 'reminder',
          milestone: event.data.milestone as MilestoneName,
          priority: ticket.priority,
          dueAt: Date.parse(str(event.data.dueAt) ?? ''),
          assignee: ticket.assignee,
          why: whyOf(ticket, policy, event),
        });
        break;
      }
      case 'sla.breached': {
        const timerId = str(event.data.timerId) ?? eventId;
        const level = typeof escalation?.data.level === 'number' ? escalation.data.level : null;
        toStaff(timerId, escalationRecipients(ticket, tenant, policy, level), {
          ...staff,
          template: 'breach',
          milestone: event.data.milestone as MilestoneName,
          priority: str(event.data.priority) ?? ticket.priority,
          dueAt: Date.parse(str(event.data.dueAt) ?? ''),
          assignee: ticket.assignee,
          escalation: level === null ? null : { level, name: str(escalation?.data.name) ?? `level ${level}` },
          why: whyOf(ticket, policy, event),
        });
        break;
      }
      case 'escalation.requested': {
        const level = Number(event.data.toLevel);
        if (!Number.isInteger(level)) break;
        toStaff(eventId, escalationRecipients(ticket, tenant, policy, level), {
          ...staff,
          template: 'escalation',
          priority: ticket.priority,
          level,
          levelName: str(event.data.levelName) ?? `level ${level}`,
          by: event.data.by === 'customer' ? 'customer' : 'agent',
          reason: str(event.data.reason) ?? null,
          assignee: ticket.assignee,
        });
        break;
      }
    }
  }
  return owed;
}

type StatusInput =
  | { template: 'closure'; status: 'resolved' | 'closed' }
  | { template: 'clarification'; body?: string | null }
  | { template: 'statusChange'; from: TicketStatus; to: TicketStatus };

/** Closure, a clarification request, or (where the policy asks) a plain status change. */
function statusMail(
  change: TicketChange,
  event: TicketHistoryEvent,
  policy: ResolvedPolicy,
  send: (input: StatusInput) => void,
): void {
  const from = event.data.from as TicketStatus;
  const to = event.data.to as TicketStatus;
  if (CLOSING.has(to)) send({ template: 'closure', status: to as 'resolved' | 'closed' });
  else if (to === 'pending_customer') {
    // The question itself, when the agent asked it in the same change (a public reply that waits for them).
    const question =
      change.comment?.visibility === 'public' && change.comment.author.role !== 'customer'
        ? change.comment.body
        : null;
    if (!question) send({ template: 'clarification', body: null });
    else if (policy.notifiesOnStatusChange(change.ticket.priority))
      send({ template: 'statusChange', from, to });
  } else if (policy.notifiesOnStatusChange(change.ticket.priority))
    send({ template: 'statusChange', from, to });
}

/** The outbox items of a change: each notification keyed like its send-ledger record. */
export const planMail: MailPlanner = (change, policy): OwedMail[] =>
  owedNotifications(change, policy)
    .filter((n) => n.to.length + (n.cc?.length ?? 0) > 0)
    .map((n) => ({
      key: `${n.eventId}#${n.input.template}#${recipientsHash(n.to, n.cc)}`,
      template: n.input.template,
      mail: n as unknown as Record<string, unknown>,
    }));
