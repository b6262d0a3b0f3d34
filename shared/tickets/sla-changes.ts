/**
 * What a ticket write keeps from the engine's snapshot besides the timers owed (`owed-timers.ts`): the index
 * hints, the milestone changes it records as `sla.changed` history events, and the listing filter on the
 * recomputed SLA. The engine itself is never re-implemented here.
 */
import { formatInstant } from '../sla/instant.js';
import type {
  Instant,
  MilestoneName,
  MilestoneSnapshot,
  MilestoneState,
  SlaEvent,
  SlaSnapshot,
  TicketStatus,
  TimerSpec,
} from '../sla/types.js';

const iso = (at: Instant | null): string | null => (at === null ? null : formatInstant(at));

/** Index helpers stored on the ticket item (see docs/data-model.md, GSI3 and GSI4). */
export function indexHints(snapshot: SlaSnapshot): {
  nextDueAt: Instant | null;
  attentionAt: Instant | null;
} {
  let nextDueAt: Instant | null = null;
  let firstBreach: Instant | null = null;
  for (const m of snapshot.milestones) {
    if (m.state === 'running' && m.dueAt !== null)
      nextDueAt = nextDueAt === null ? m.dueAt : Math.min(nextDueAt, m.dueAt);
    if (m.state === 'breached' && m.breachedAt !== null) {
      firstBreach = firstBreach === null ? m.breachedAt : Math.min(firstBreach, m.breachedAt);
    }
  }
  const candidates = [nextDueAt, firstBreach].filter((x): x is number => x !== null);
  return { nextDueAt, attentionAt: candidates.length > 0 ? Math.min(...candidates) : null };
}

/**
 * Why an SLA change happened (issue 12 item 3), kept on each `sla.changed` history event: the ticket change that
 * moved the milestone, or the tenant change (closures, own policy) that re-synced it.
 */
export type SlaChangeCause =
  | { kind: 'created'; priority: string }
  | { kind: 'priority-changed'; from: string; to: string }
  | { kind: 'paused'; status: TicketStatus; previousStatus: TicketStatus }
  | { kind: 'resumed'; status: TicketStatus; previousStatus: TicketStatus }
  | { kind: 'resolved'; status: TicketStatus; previousStatus: TicketStatus }
  | { kind: 'reopened'; status: TicketStatus; previousStatus: TicketStatus }
  | { kind: 'status-changed'; status: TicketStatus; previousStatus: TicketStatus }
  | { kind: 'agent-reply' }
  | { kind: 'escalation-requested'; by: 'customer' | 'agent' }
  | { kind: 'tenant-changed'; change: string }
  /** Re-derived for another reason (a stale timer found the stored timers out of step). */
  | { kind: 'recomputed'; reason: string }
  | { kind: 'other'; operation: string };

const TENANT_CHANGE = 'tenant profile changed';

/** The reason timer-sync gives when a tenant's SLA inputs changed: it names the fields that changed. */
export function tenantChangeReason(fields: readonly string[]): string {
  return `${TENANT_CHANGE} (${fields.join(', ')})`;
}

/** The cause of a refresh's SLA changes, from the reason its caller gave. */
export function refreshCause(reason: string): SlaChangeCause {
  return reason.startsWith(TENANT_CHANGE)
    ? { kind: 'tenant-changed', change: reason }
    : { kind: 'recomputed', reason };
}

/**
 * The due instants a refresh moved, from the deadline timers the ticket stored and those computed now (a
 * refresh has no "before" snapshot: the input that changed, the tenant's policy or closures, is gone).
 */
export function deadlineChanges(
  stored: Readonly<Record<string, TimerSpec>>,
  fresh: Readonly<Record<string, TimerSpec>>,
  snapshot: SlaSnapshot,
): SlaChange[] {
  const deadlines = (timers: Readonly<Record<string, TimerSpec>>) =>
    new Map(
      Object.values(timers)
        .filter((t) => t.kind === 'deadline')
        .map((t) => [`${t.milestone}#${t.cycle}`, t.dueAt]),
    );
  const before = deadlines(stored);
  const after = deadlines(fresh);
  const changes: SlaChange[] = [];
  for (const m of snapshot.milestones) {
    const key = `${m.name}#${m.cycle}`;
    const previous = before.get(key) ?? null;
    const due = after.get(key) ?? null;
    if (previous === due) continue;
    changes.push({
      milestone: m.name,
      cycle: m.cycle,
      from: m.state,
      to: m.state,
      dueAt: iso(due),
      previousDueAt: iso(previous),
    });
  }
  return changes;
}

export interface SlaChange {
  milestone: MilestoneName;
  cycle: number;
  from: MilestoneState | null;
  to: MilestoneState | null;
  dueAt: string | null;
  previousDueAt: string | null;
}

const CLOSED: readonly TicketStatus[] = ['resolved', 'closed'];

/**
 * The cause of the SLA changes a ticket write makes, from the engine events it appends (the ticket before it:
 * its priority and status; null on creation). A priority change outweighs the status change of the same
 * write, which outweighs a reply: the strongest reason the clocks moved.
 */
export function slaChangeCause(
  previous: { priority: string; status: TicketStatus } | null,
  next: { priority: string },
  appended: readonly SlaEvent[],
  pauseStatuses: readonly TicketStatus[],
  operation: string,
): SlaChangeCause {
  if (previous === null) return { kind: 'created', priority: next.priority };
  const priority = appended.find((e) => e.type === 'priorityChanged');
  if (priority?.type === 'priorityChanged') {
    return { kind: 'priority-changed', from: previous.priority, to: priority.priority };
  }
  const status = appended.findLast((e) => e.type === 'statusChanged');
  if (status?.type === 'statusChanged') {
    const change = { status: status.status, previousStatus: previous.status };
    const wasClosed = CLOSED.includes(previous.status);
    if (CLOSED.includes(status.status)) return { kind: 'resolved', ...change };
    if (wasClosed) return { kind: 'reopened', ...change };
    if (pauseStatuses.includes(status.status)) return { kind: 'paused', ...change };
    if (pauseStatuses.includes(previous.status)) return { kind: 'resumed', ...change };
    return { kind: 'status-changed', ...change };
  }
  if (appended.some((e) => e.type === 'agentReply')) return { kind: 'agent-reply' };
  const escalation = appended.find((e) => e.type === 'escalationRequested');
  if (escalation?.type === 'escalationRequested') return { kind: 'escalation-requested', by: escalation.by };
  return { kind: 'other', operation };
}

/** Milestones whose state or due instant differ between two snapshots taken at the same `now`. */
export function slaChanges(before: SlaSnapshot | null, after: SlaSnapshot): SlaChange[] {
  const key = (m: MilestoneSnapshot) => `${m.name}#${m.cycle}`;
  const old = new Map((before?.milestones ?? []).map((m) => [key(m), m]));
  const changes: SlaChange[] = [];
  for (const m of after.milestones) {
    const prev = old.get(key(m));
    old.delete(key(m));
    if (prev && prev.state === m.state && prev.dueAt === m.dueAt) continue;
    changes.push({
      milestone: m.name,
      cycle: m.cycle,
      from: prev?.state ?? null,
      to: m.state,
      dueAt: iso(m.dueAt),
      previousDueAt: prev ? iso(prev.dueAt) : null,
    });
  }
  for (const prev of old.values()) {
    changes.push({
      milestone: prev.name,
      cycle: prev.cycle,
      from: prev.state,
      to: null,
      dueAt: null,
      previousDueAt: iso(prev.dueAt),
    });
  }
  return changes;
}

/** Does the recomputed SLA match a listing's milestone filter? */
export function matchesMilestoneFilter(
  snapshot: SlaSnapshot,
  filter: { kind: 'breached' } | { kind: 'dueBefore'; before: Instant },
): boolean {
  if (filter.kind === 'breached') return snapshot.milestones.some((m) => m.state === 'breached');
  return snapshot.milestones.some(
    (m) => m.state === 'running' && m.dueAt !== null && m.dueAt <= filter.before,
  );
}
