/**
 * What a ticket write keeps from the engine's snapshot besides the timers owed (`owed-timers.ts`): the index
 * hints, the milestone changes it records as `sla.changed` history events, and the listing filter on the
 * recomputed SLA. The engine itself is never re-implemented here.
 */
import { formatInstant } from '../sla/instant.js';
import type { Instant, MilestoneName, MilestoneSnapshot, MilestoneState, SlaSnapshot } from '../sla/types.js';

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

export interface SlaChange {
  milestone: MilestoneName;
  cycle: number;
  from: MilestoneState | null;
  to: MilestoneState | null;
  dueAt: string | null;
  previousDueAt: string | null;
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
