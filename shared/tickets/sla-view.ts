/**
 * From the engine's snapshot to what the ticket stores (timers owed, index hints) and what the API shows
 * (ISO instants, minutes). The engine itself is never re-implemented here.
 */
import { formatInstant } from '../sla/instant.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import type { Instant, MilestoneName, MilestoneSnapshot, MilestoneState, SlaSnapshot } from '../sla/types.js';
import { type OwedTimer, timerId } from './ticket.js';

export interface MilestoneView {
  name: MilestoneName;
  cycle: number;
  state: MilestoneState;
  startedAt: string;
  dueAt: string | null;
  metAt: string | null;
  breachedAt: string | null;
  elapsedMinutes: number;
  remainingMinutes: number;
}

export interface SlaView {
  policyId: string;
  milestones: MilestoneView[];
  escalationLevel: number;
  /** The name of the level reached (`null` at level 0). */
  escalationLevelName: string | null;
}

const iso = (at: Instant | null): string | null => (at === null ? null : formatInstant(at));

/** Minutes to the hundredth: the spec's "fractional where the span has seconds" without float noise. */
function minutes(ms: number): number {
  return Math.round((ms / 60_000) * 100) / 100;
}

export function toMilestoneView(m: MilestoneSnapshot): MilestoneView {
  return {
    name: m.name,
    cycle: m.cycle,
    state: m.state,
    startedAt: formatInstant(m.startedAt),
    dueAt: iso(m.dueAt),
    metAt: iso(m.metAt),
    breachedAt: iso(m.breachedAt),
    elapsedMinutes: minutes(m.elapsedMs),
    remainingMinutes: minutes(m.remainingMs),
  };
}

export function toSlaView(snapshot: SlaSnapshot, policy: ResolvedPolicy): SlaView {
  const level = policy.escalationLevels.find((l) => l.level === snapshot.escalationLevel);
  return {
    policyId: policy.id,
    milestones: snapshot.milestones.map(toMilestoneView),
    escalationLevel: snapshot.escalationLevel,
    escalationLevelName: level?.name ?? null,
  };
}

/** The timers the ticket owes: the engine's, minus those the sla-timer Lambda already acted on. */
export function owedTimers(snapshot: SlaSnapshot, acted: readonly string[]): Record<string, OwedTimer> {
  const done = new Set(acted);
  const owed: Record<string, OwedTimer> = {};
  for (const t of snapshot.timers) {
    const id = timerId(t);
    if (done.has(id)) continue;
    owed[id] = {
      key: t.key,
      milestone: t.milestone,
      cycle: t.cycle,
      kind: t.kind,
      fireAt: t.fireAt,
      dueAt: t.dueAt,
    };
  }
  return owed;
}

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
