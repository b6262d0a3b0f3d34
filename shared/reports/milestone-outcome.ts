/**
 * A milestone's outcome as the compliance report reads it: one item per ticket, milestone and cycle, written in
 * the same transaction as the ticket change that moved it (ticket-writer.ts), and indexed by tenant and the UTC
 * month the milestone started in (docs/data-model.md, GSI5). Pure: derived from the engine's snapshot.
 */
import type { Instant, MilestoneName, MilestoneSnapshot, MilestoneState, SlaSnapshot } from '../sla/types.js';

export interface MilestoneOutcome {
  tenantId: string;
  ticketId: string;
  reference: string;
  milestone: MilestoneName;
  cycle: number;
  /** The ticket's priority when the outcome was last written (a met or breached milestone keeps its own). */
  priority: string;
  /** As of the write; a `running` one whose `dueAt` has passed since is breached (the timer may lag). */
  state: MilestoneState;
  startedAt: Instant;
  dueAt: Instant | null;
  metAt: Instant | null;
  breachedAt: Instant | null;
  /** Business (or calendar) milliseconds from start to met, pauses excluded; null until met. */
  msToMet: number | null;
  budgetMs: number;
  /** The escalation level a breach of this milestone raises the ticket to. */
  escalatesTo: number | null;
}

/** The UTC month (`2026-11`) an outcome is indexed under: the month its milestone started in. */
export function outcomeMonth(startedAt: Instant): string {
  return new Date(startedAt).toISOString().slice(0, 7);
}

function outcomeOf(
  ticket: { tenantId: string; id: string; reference: string; priority: string },
  m: MilestoneSnapshot,
): MilestoneOutcome {
  return {
    tenantId: ticket.tenantId,
    ticketId: ticket.id,
    reference: ticket.reference,
    milestone: m.name,
    cycle: m.cycle,
    priority: ticket.priority,
    state: m.state,
    startedAt: m.startedAt,
    dueAt: m.dueAt,
    metAt: m.metAt,
    breachedAt: m.breachedAt,
    msToMet: m.metAt === null ? null : m.elapsedMs,
    budgetMs: m.budgetMs,
    escalatesTo: m.escalatesTo,
  };
}

const FINAL: readonly MilestoneState[] = ['met', 'breached', 'cancelled'];

function sameOutcome(a: MilestoneOutcome, b: MilestoneOutcome): boolean {
  return (
    a.state === b.state &&
    a.startedAt === b.startedAt &&
    a.dueAt === b.dueAt &&
    a.metAt === b.metAt &&
    a.breachedAt === b.breachedAt &&
    a.budgetMs === b.budgetMs &&
    a.escalatesTo === b.escalatesTo &&
    // A milestone still open follows the ticket's priority; a finished one keeps the one it finished under.
    (FINAL.includes(a.state) || a.priority === b.priority)
  );
}

/**
 * The outcomes a ticket write must store: every milestone of a new ticket, else those whose outcome differs
 * between the SLA before the change and after it (both at the commit instant), so a write carries only the
 * few milestones it moved, never the whole update history.
 */
export function changedOutcomes(
  ticket: { tenantId: string; id: string; reference: string; priority: string },
  after: SlaSnapshot,
  before: { priority: string; snapshot: SlaSnapshot } | null,
): MilestoneOutcome[] {
  const previous = new Map(
    (before?.snapshot.milestones ?? []).map((m) => [
      `${m.name}#${m.cycle}`,
      outcomeOf({ ...ticket, priority: before?.priority ?? ticket.priority }, m),
    ]),
  );
  const changed: MilestoneOutcome[] = [];
  for (const m of after.milestones) {
    const outcome = outcomeOf(ticket, m);
    const old = previous.get(`${m.name}#${m.cycle}`);
    if (old && sameOutcome(old, outcome)) continue;
    changed.push(outcome);
  }
  return changed;
}
