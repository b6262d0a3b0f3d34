/** The due instants of a brand-new ticket (what `sla due` prints), without replaying a history. */
import { floorToSecond, toResolved } from './milestones.js';
import { clockFor, type ResolvedPolicy } from './policy.js';
import type { PolicySpec } from './policy-schema.js';
import type { Instant, SlaSubject } from './types.js';

export interface NewTicketDue {
  firstResponse: Instant | null;
  escalation: Instant | null;
  resolution: Instant | null;
}

/** The due instants of a ticket created at `createdAt` (what `sla due` prints); null where the policy has none. */
export function dueForNewTicket(
  subject: SlaSubject,
  priority: string,
  createdAt: Instant,
  custom?: PolicySpec | ResolvedPolicy,
): NewTicketDue {
  const policy = toResolved(subject, custom);
  policy.assertPriority(priority);
  const due = (name: 'firstResponse' | 'escalation' | 'resolution'): Instant | null => {
    const target = policy.targetFor(name, priority);
    if (!target) return null;
    const clock = clockFor(target, createdAt);
    return floorToSecond(clock.add(createdAt, clock.budgetMs));
  };
  return {
    firstResponse: due('firstResponse'),
    escalation: due('escalation'),
    resolution: due('resolution'),
  };
}
