/**
 * Keeps the ticket item bounded however long the ticket lives: once enough SLA events have piled up since the
 * last checkpoint, the next write folds them (`shared/sla/milestone-fold.ts`) and forgets the acted-on timers of
 * the cycles the fold dropped. What each dropped cycle was stays in the ticket's `sla.changed` history events.
 */
import { FOLD_AFTER_EVENTS, foldSlaEvents, unfoldedEventCount } from '../sla/milestone-fold.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import { type Ticket, timerId } from './ticket.js';

/** The ticket's SLA history and acted-on timers, folded when due (unchanged otherwise). */
export function foldTicketHistory(
  ticket: Pick<Ticket, 'slaEvents' | 'timersActed'>,
  policy: ResolvedPolicy,
): Pick<Ticket, 'slaEvents' | 'timersActed'> {
  if (unfoldedEventCount(ticket.slaEvents) < FOLD_AFTER_EVENTS) return ticket;
  const acted = new Set(ticket.timersActed);
  // A dropped cycle must owe nothing: a breach whose timer has not run yet keeps its cycle.
  const slaEvents = foldSlaEvents(policy, ticket.slaEvents, (timer) => acted.has(timerId(timer)));
  const head = slaEvents[0];
  if (head?.type !== 'checkpoint') return ticket;
  const cycles = new Set(head.state.tracks.map((t) => `${t.name}#${t.cycle}`));
  // Timer ids are `<milestone>#<cycle>#<kind>#<index>@<dueAt>`.
  const timersActed = ticket.timersActed.filter((id) => cycles.has(id.split('#', 2).join('#')));
  return { slaEvents, timersActed };
}
