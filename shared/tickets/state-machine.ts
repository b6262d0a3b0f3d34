/**
 * Ticket status transitions. `closed` is final; `resolved` may reopen; a ticket is resolved before it closes,
 * so every closed ticket has stopped its clocks through `resolved` first.
 */
import type { TicketStatus } from '../sla/types.js';
import { ForbiddenActionError, InvalidTransitionError } from './errors.js';

const TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  new: ['open', 'pending_customer', 'resolved'],
  open: ['pending_customer', 'resolved'],
  pending_customer: ['open', 'resolved'],
  resolved: ['open', 'closed'],
  closed: [],
};

/** What a customer may do to their own tenant's ticket: mark it solved, or reopen it. */
const CUSTOMER_TARGETS: readonly TicketStatus[] = ['resolved', 'open'];

export function canTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function allowedTransitions(from: TicketStatus): readonly TicketStatus[] {
  return TRANSITIONS[from];
}

/** Throws `InvalidTransitionError` (409) or `ForbiddenActionError` (403). Same status is not a transition. */
export function assertTransition(from: TicketStatus, to: TicketStatus, role: string): void {
  if (role === 'customer' && !CUSTOMER_TARGETS.includes(to)) {
    throw new ForbiddenActionError(`a customer may only set status to ${CUSTOMER_TARGETS.join(' or ')}`);
  }
  if (!canTransition(from, to)) {
    const allowed = TRANSITIONS[from];
    throw new InvalidTransitionError(
      from,
      to,
      allowed.length > 0 ? `allowed from ${from}: ${allowed.join(', ')}` : `${from} is final`,
    );
  }
}

/** The status a reply moves the ticket to, if any. */
export function statusAfterReply(status: TicketStatus, by: 'agent' | 'customer'): TicketStatus | null {
  if (by === 'agent') return status === 'new' ? 'open' : null;
  // The customer answered: a paused ticket resumes, a resolved one reopens.
  return status === 'pending_customer' || status === 'resolved' ? 'open' : null;
}
