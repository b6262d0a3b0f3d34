import type { TicketStatus } from '../sla/types.js';
import type { Tenant } from '../tenants/tenant.js';
import type { TicketChange, TicketEventsSink } from '../tickets/ports.js';
import type { Ticket, TicketHistoryEvent } from '../tickets/ticket.js';
import type { MailTicket, Notifier } from './notifier.js';
import { requesterMailRecipients } from './recipients.js';

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

const CLOSING: ReadonlySet<TicketStatus> = new Set(['resolved', 'closed']);

/**
 * The requester's mail, from committed ticket changes (the ticket service's `TicketEventsSink`):
 * acknowledgement on creation, each public agent reply, closure (resolved/closed), and a status-change mail
 * where the tenant's policy says "on status change" for the ticket's priority (Harmoni normal/low).
 * Failures propagate to the service, which logs them and keeps the change (mail is never a reason to fail it).
 */
export class TicketMailSink implements TicketEventsSink {
  readonly #notifier: Notifier;
  readonly #notifiesOnStatusChange: (tenant: Tenant, ticket: Ticket) => boolean;

  constructor(deps: {
    notifier: Notifier;
    notifiesOnStatusChange: (tenant: Tenant, ticket: Ticket) => boolean;
  }) {
    this.#notifier = deps.notifier;
    this.#notifiesOnStatusChange = deps.notifiesOnStatusChange;
  }

  async publish(change: TicketChange): Promise<void> {
    const { tenant, ticket } = change;
    const mailTicket = mailTicketOf(ticket);
    const { to, cc } = requesterMailRecipients(ticket);
    const base = {
      reference: ticket.reference,
      subject: ticket.subject,
      ...(tenant.timezone ? { timezone: tenant.timezone } : {}),
    };
    const common = { ticket: mailTicket, to, cc, fallbackLanguage: tenant.language };
    for (const event of change.events) {
      const eventId = historyEventId(event);
      switch (event.type) {
        case 'ticket.created': {
          const firstResponse = Object.values(ticket.timersOwed).find(
            (t) => t.milestone === 'firstResponse' && t.kind === 'deadline',
          );
          await this.#notifier.notify({
            ...common,
            eventId,
            input: {
              ...base,
              template: 'acknowledgement',
              priority: ticket.priority,
              firstResponseDueAt: firstResponse?.dueAt ?? null,
              ...(ticket.requester.name ? { requesterName: ticket.requester.name } : {}),
            },
          });
          break;
        }
        case 'comment.added': {
          const comment = change.comment;
          if (comment?.visibility !== 'public' || comment.author.role === 'customer') break;
          await this.#notifier.notify({
            ...common,
            eventId,
            input: { ...base, template: 'agentReply', body: comment.body },
          });
          break;
        }
        case 'status.changed': {
          const from = event.data.from as TicketStatus;
          const to = event.data.to as TicketStatus;
          if (CLOSING.has(to)) {
            await this.#notifier.notify({
              ...common,
              eventId,
              input: { ...base, template: 'closure', status: to as 'resolved' | 'closed' },
            });
          } else if (this.#notifiesOnStatusChange(tenant, ticket)) {
            await this.#notifier.notify({
              ...common,
              eventId,
              input: { ...base, template: 'statusChange', from, to },
            });
          }
          break;
        }
      }
    }
  }
}
