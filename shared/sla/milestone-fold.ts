/**
 * Folding a ticket's SLA history into a checkpoint, so what a ticket carries stays bounded however long it
 * lives. A checkpoint is the replay's state after the folded events (`SlaCheckpoint`), minus what can no longer
 * change any snapshot:
 *
 * - closed `update` cycles before the latest (met or cancelled, their timers settled): their number lives on
 *   in `updateCycles`, so later cycles keep their numbers; what they were is in the ticket's `sla.changed`
 *   history events;
 * - spans no milestone can measure again. A milestone whose clock can no longer change (breached: never
 *   retargeted; or ended for good) carries its clock time up to the fold (`carriedMs`, clock time is additive),
 *   so it needs no span before the fold. Every other milestone, and every milestone a later priority change
 *   could create, keeps the spans from its start.
 *
 * `computeSla` over `[checkpoint, ...later events]` gives exactly the snapshot of the unfolded history at any
 * `now` at or after the checkpoint, without the dropped cycles (test/unit/sla/milestone-fold*.test.ts). The
 * targets are found again in the policy at each computation, so a tenant's policy change reaches every kept
 * milestone; carried clock time and frozen breaches stay what they were under the policy of their day.
 */
import { Replay, type Track } from './milestone-replay.js';
import { clockFor, type ResolvedPolicy } from './policy.js';
import {
  type CheckpointTrack,
  type Instant,
  MILESTONE_NAMES,
  type MilestoneName,
  type SlaCheckpoint,
  type SlaEvent,
  type SpanSetState,
  type TimerSpec,
} from './types.js';

/** A ticket write folds its history once this many events have piled up after the last checkpoint. */
export const FOLD_AFTER_EVENTS = 32;

/** How many history events `events` stands for (a checkpoint counts the events it folded). */
export function slaEventCount(events: readonly SlaEvent[]): number {
  let count = 0;
  for (const event of events) count += event.type === 'checkpoint' ? event.state.events : 1;
  return count;
}

/** Events after the leading checkpoint, if any: what a fold would take in. */
export function unfoldedEventCount(events: readonly SlaEvent[]): number {
  return events[0]?.type === 'checkpoint' ? events.length - 1 : events.length;
}

/**
 * The replay of `events` up to `now` (no breach check at `now` itself: the caller advances). The history starts
 * with `created`, or with a checkpoint, which is then restored and the rest applied after it.
 */
export function replayHistory(policy: ResolvedPolicy, events: readonly SlaEvent[], now: Instant): Replay {
  const head = events[0];
  const fromCheckpoint = head?.type === 'checkpoint';
  if (fromCheckpoint && head.at > now) {
    throw new RangeError('computeSla: the history must start with a `created` event at or before now');
  }
  const history = (fromCheckpoint ? events.slice(1) : events)
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => event.at <= now)
    .sort((a, b) => a.event.at - b.event.at || a.index - b.index)
    .map(({ event }) => event);
  const first = history[0];
  if (!fromCheckpoint && first?.type !== 'created') {
    throw new RangeError('computeSla: the history must start with a `created` event at or before now');
  }
  const replay = fromCheckpoint ? restoreReplay(policy, head.state) : new Replay(policy);
  for (const event of history) {
    if (event.type === 'checkpoint') continue;
    if (event.type === 'created' && (fromCheckpoint || event !== first)) continue;
    replay.advance(event.at);
    replay.apply(event);
  }
  return replay;
}

/**
 * `events` as one checkpoint at the instant of its last event. `settled` says whether a timer the folded
 * history owes has been acted on: a closed cycle that still owes an unsettled timer (a breach whose timer has
 * not fired yet) is kept, so its breach is still recorded.
 */
export function foldSlaEvents(
  policy: ResolvedPolicy,
  events: readonly SlaEvent[],
  settled: (timer: TimerSpec) => boolean,
): SlaEvent[] {
  if (events.length === 0) return [];
  const at = events.reduce((max, e) => Math.max(max, e.at), Number.NEGATIVE_INFINITY);
  const replay = replayHistory(policy, events, at);
  const unsettled = new Set(
    replay
      .snapshot(at)
      .timers.filter((t) => !settled(t))
      .map((t) => `${t.milestone}#${t.cycle}`),
  );
  const latestUpdate = replay.tracks.reduce(
    (max, t) => (t.name === 'update' ? Math.max(max, t.cycle) : max),
    0,
  );
  const kept = replay.tracks.filter(
    (t) =>
      t.name !== 'update' ||
      t.outcome === null ||
      t.cycle === latestUpdate ||
      t.startedAt === replay.lastReplyAt ||
      unsettled.has(`${t.name}#${t.cycle}`),
  );
  return [{ type: 'checkpoint', at, state: saveCheckpoint(replay, kept, at, slaEventCount(events)) }];
}

/** Ended for good: only a priority change (cancelled by it) or a reopen (escalation, resolution) revives one. */
function isFinal(track: Track): boolean {
  return (
    track.outcome !== null &&
    !track.cancelledByPriority &&
    (track.name === 'firstResponse' || track.name === 'update')
  );
}

function saveCheckpoint(replay: Replay, kept: Track[], at: Instant, events: number): SlaCheckpoint {
  const { policy } = replay;
  let horizon = Number.POSITIVE_INFINITY;
  const tracks = kept.map((track): CheckpointTrack => {
    const carry = track.breachedAt !== null || isFinal(track);
    if (!carry) horizon = Math.min(horizon, track.startedAt);
    else if (!isFinal(track)) horizon = Math.min(horizon, at);
    return {
      name: track.name,
      cycle: track.cycle,
      priority: track.target.priority,
      startedAt: track.startedAt,
      outcome: track.outcome,
      cancelledByPriority: track.cancelledByPriority,
      endedAt: track.endedAt,
      metAt: track.metAt,
      breachedAt: track.breachedAt,
      frozenDue: track.frozenDue,
      recomputedAt: track.recomputedAt,
      carriedFrom: carry ? at : track.carriedFrom,
      carriedMs: carry ? replay.elapsed(track, at) : track.carriedMs,
      recomputations: track.recomputations.map((r) => ({ ...r })),
    };
  });
  // Milestones a later priority change could create start at creation (or the last reply, for `update`).
  const definedSomewhere = (name: MilestoneName) =>
    policy.priorities.some((p) => policy.targetFor(name, p) !== null);
  for (const name of MILESTONE_NAMES) {
    const start = name === 'update' ? replay.lastReplyAt : replay.createdAt;
    if (start === null || !definedSomewhere(name)) continue;
    if (!kept.some((t) => t.name === name && t.startedAt === start)) horizon = Math.min(horizon, start);
  }
  const spans = (set: Replay['open']): SpanSetState => ({
    closed: set.closed.filter(([, to]) => to > horizon).map(([from, to]) => [from, to]),
    since: set.since,
    // The receipt's stops of the kept cycles (a stop ending before every kept start shows in none of them).
    stops: set.stops.filter((stop) => stop.to === null || stop.to > horizon).map((stop) => ({ ...stop })),
  });
  return {
    events,
    status: replay.status,
    priority: replay.priority,
    createdAt: replay.createdAt,
    firstReplyAt: replay.firstReplyAt,
    lastReplyAt: replay.lastReplyAt,
    resolvedAt: replay.resolvedAt,
    escalationLevel: replay.escalationLevel,
    updateCycles: replay.updateCycles,
    open: spans(replay.open),
    run: spans(replay.run),
    tracks,
  };
}

/** A replay in the state a checkpoint saved (a milestone whose target the policy no longer has is left out). */
export function restoreReplay(policy: ResolvedPolicy, state: SlaCheckpoint): Replay {
  const replay = new Replay(policy);
  replay.status = state.status;
  replay.priority = state.priority;
  replay.createdAt = state.createdAt;
  replay.firstReplyAt = state.firstReplyAt;
  replay.lastReplyAt = state.lastReplyAt;
  replay.resolvedAt = state.resolvedAt;
  replay.escalationLevel = state.escalationLevel;
  replay.updateCycles = state.updateCycles;
  for (const [set, saved] of [
    [replay.open, state.open],
    [replay.run, state.run],
  ] as const) {
    for (const [from, to] of saved.closed) set.closed.push([from, to]);
    set.since = saved.since;
    for (const stop of saved.stops ?? []) set.stops.push({ ...stop });
  }
  for (const saved of state.tracks) {
    const target = policy.targetFor(saved.name, saved.priority);
    if (!target) continue;
    const { priority: _priority, ...rest } = saved;
    replay.tracks.push({
      ...rest,
      recomputations: (saved.recomputations ?? []).map((r) => ({ ...r })),
      target,
      clock: clockFor(target, saved.startedAt),
    });
  }
  return replay;
}
