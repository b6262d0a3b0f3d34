/**
 * Who receives the requester's mail (acknowledgement, public replies, status changes, closure): the requester,
 * and the ticket's participants in Cc. The one answer for every sender of that mail (the outbox's mail planner,
 * `mail-plan.ts`, whose mail the notification Lambda sends), so a participant is never forgotten by one of them.
 */
import type { Ticket } from '../tickets/ticket.js';

export function requesterMailRecipients(ticket: Pick<Ticket, 'requester' | 'participants'>): {
  to: string[];
  cc: string[];
} {
  const requester = ticket.requester.email;
  const cc = (ticket.participants ?? [])
    .map((p) => p.email)
    .filter((email) => email.toLowerCase() !== requester.toLowerCase());
  return { to: [requester], cc };
}
