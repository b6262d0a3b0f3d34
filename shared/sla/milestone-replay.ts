/**
 * The replay behind `computeSla` (the model is described in `milestones.ts`): the ticket's span sets, one track
 * per milestone cycle, and what each history event does to them. `milestone-fold.ts` saves and restores its
 * state as a checkpoint.
 */
import { clockFor, type MilestoneClock, type MilestoneTarget, type ResolvedPolicy } from './policy.js';
import { type ClockStop, type MilestoneTrace, type Recomputation, SpanSet } from './spans.js';
import {
  type Instant,
  MILESTONE_NAMES,
  type MilestoneName,
  type MilestoneSnapshot,
  type SlaEvent,
  type SlaSnapshot,
  type TicketStatus,
  type TimerSpec,
} from './types.js';

/** Floors to the second: instants are shown and compared to the second (spec section 2). */
export function floorToSecond(t: Instant): Instant {
  return Math.floor(t / 1000) * 1000;
}

export interface Track {
  name: MilestoneName;
  cycle: number;
  startedAt: Instant;
  target: MilestoneTarget;
  clock: MilestoneClock;
  /** null while the milestone is live (running or paused, breached or not). */
  outcome: 'met' | 'cancelled' | null;
  /** Set when a priority change cancelled it, so a later change back can revive it. */
  cancelledByPriority: boolean;
  endedAt: Instant | null;
  metAt: Instant | null;
  breachedAt: Instant | null;
  /** The due instant at the breach, or when the milestone ended. */
  frozenDue: Instant | null;
  /** Start, or the last priority change that retargeted it: reminders before it are not owed. */
  recomputedAt: Instant;
  /** Each priority change that moved it (the receipt's "retroactive recomputation"). */
  recomputations: Recomputation[];
  /**
   * Set by a fold (`milestone-fold.ts`) on a milestone whose clock can no longer change (breached, or ended for
   * good): its clock time before `carriedFrom` is `carriedMs`, so the spans before it can be dropped.
   */
  carriedFrom: Instant | null;
  carriedMs: number;
}

const RESOLVED: readonly TicketStatus[] = ['resolved', 'closed'];

export class Replay {
  readonly open = new SpanSet();
  readonly run = new SpanSet();
  readonly tracks: Track[] = [];
  status: TicketStatus = 'new';
  priority = '';
  createdAt: Instant = 0;
  firstReplyAt: Instant | null = null;
  lastReplyAt: Instant | null = null;
  resolvedAt: Instant | null = null;
  escalationLevel = 0;
  /** Update cycles started so far (folded ones included): the next cycle's number is this + 1. */
  updateCycles = 0;

  constructor(readonly policy: ResolvedPolicy) {}

  spansOf(track: Track): SpanSet {
    return track.target.pausable ? this.run : this.open;
  }

  private isResolved(): boolean {
    return RESOLVED.includes(this.status);
  }

  /** The live tracks' clock is running (not paused). */
  isRunning(track: Track): boolean {
    return track.outcome === null && this.spansOf(track).since !== null;
  }

  /**
   * The instant the milestone has used `amount` of its clock (floored to the second), or null if that has not
   * happened and its clock is not running (paused, or ended first).
   */
  instantFor(track: Track, amount: number): Instant | null {
    // Never asked of a carried milestone: it is breached or ended for good, so its due instant is frozen.
    const spans = this.spansOf(track);
    const limit = track.endedAt ?? Number.POSITIVE_INFINITY;
    const { measure, add } = track.clock;
    let used = 0;
    for (const [from, to] of spans.closed) {
      const a = Math.max(from, track.startedAt);
      const b = Math.min(to, limit);
      if (b <= a) continue;
      const m = measure(a, b);
      if (used + m >= amount) return floorToSecond(add(a, amount - used));
      used += m;
    }
    if (spans.since !== null) {
      const a = Math.max(spans.since, track.startedAt);
      if (limit === Number.POSITIVE_INFINITY) return floorToSecond(add(a, amount - used));
      if (limit > a && used + measure(a, limit) >= amount) return floorToSecond(add(a, amount - used));
    }
    return null;
  }

  elapsed(track: Track, now: Instant): number {
    const spans = this.spansOf(track);
    const limit = Math.min(track.endedAt ?? now, now);
    // Clock time is additive: what a fold carried, plus the spans after it.
    const start = Math.max(track.startedAt, track.carriedFrom ?? track.startedAt);
    let used = track.carriedMs;
    for (const [from, to] of spans.closed) {
      const a = Math.max(from, start);
      const b = Math.min(to, limit);
      if (b > a) used += track.clock.measure(a, b);
    }
    if (spans.since !== null) {
      const a = Math.max(spans.since, start);
      if (limit > a) used += track.clock.measure(a, limit);
    }
    return used;
  }

  dueOf(track: Track): Instant | null {
    if (track.breachedAt !== null || track.outcome !== null) return track.frozenDue;
    return this.instantFor(track, track.clock.budgetMs);
  }

  private breach(track: Track, due: Instant, at: Instant): void {
    track.breachedAt = floorToSecond(Math.max(due, at));
    track.frozenDue = due;
    if (track.target.escalatesTo !== null) {
      this.escalationLevel = Math.max(this.escalationLevel, track.target.escalatesTo);
    }
  }

  /** Breaches every live milestone whose due instant is at or before `t`. */
  advance(t: Instant): void {
    for (const track of this.tracks) {
      if (track.outcome !== null || track.breachedAt !== null) continue;
      const due = this.instantFor(track, track.clock.budgetMs);
      if (due !== null && due <= t) this.breach(track, due, due);
    }
  }

  private end(track: Track, outcome: 'met' | 'cancelled', at: Instant): void {
    if (track.breachedAt === null) track.frozenDue = this.instantFor(track, track.clock.budgetMs);
    track.outcome = outcome;
    track.endedAt = at;
    if (outcome === 'met') track.metAt = floorToSecond(at);
  }

  private newTrack(name: MilestoneName, target: MilestoneTarget, startedAt: Instant, at: Instant): Track {
    const cycle = name === 'update' ? ++this.updateCycles : 1;
    const track: Track = {
      name,
      cycle,
      startedAt,
      target,
      clock: clockFor(target, startedAt),
      outcome: null,
      cancelledByPriority: false,
      endedAt: null,
      metAt: null,
      breachedAt: null,
      frozenDue: null,
      recomputedAt: at,
      recomputations: [],
      carriedFrom: null,
      carriedMs: 0,
    };
    this.tracks.push(track);
    return track;
  }

  private live(name: MilestoneName): Track[] {
    return this.tracks.filter((t) => t.name === name && t.outcome === null);
  }

  apply(event: SlaEvent): void {
    switch (event.type) {
      case 'created':
        this.onCreated(event.at, event.priority);
        return;
      case 'agentReply':
        this.onAgentReply(event.at);
        return;
      case 'customerReply':
        // The ticket service records the status change a customer reply causes; the reply itself moves no clock.
        return;
      case 'statusChanged':
        this.onStatus(event.at, event.status);
        return;
      case 'priorityChanged':
        this.onPriority(event.at, event.priority);
        return;
      case 'checkpoint':
        // Only the first event of a history is a checkpoint (replayHistory restores from it).
        return;
      case 'escalationRequested':
        if (event.by === 'agent' || this.policy.customerMayRequestEscalation) {
          this.escalationLevel = Math.min(this.escalationLevel + 1, this.policy.escalationLevels.length);
        }
        return;
    }
  }

  private onCreated(at: Instant, priority: string): void {
    this.policy.assertPriority(priority);
    this.priority = priority;
    this.createdAt = at;
    this.open.open(at);
    this.run.open(at);
    for (const name of ['firstResponse', 'escalation', 'resolution'] as const) {
      const target = this.policy.targetFor(name, priority);
      if (target) this.newTrack(name, target, at, at);
    }
  }

  private onAgentReply(at: Instant): void {
    for (const track of [...this.live('firstResponse'), ...this.live('update')]) this.end(track, 'met', at);
    this.firstReplyAt ??= at;
    this.lastReplyAt = at;
    if (this.isResolved()) return;
    const target = this.policy.targetFor('update', this.priority);
    if (target) this.newTrack('update', target, at, at);
  }

  private onStatus(at: Instant, status: TicketStatus): void {
    const wasResolved = this.isResolved();
    this.status = status;
    const resolved = this.isResolved();
    const paused = this.policy.pauseStatuses.includes(status);
    if (resolved && !wasResolved) {
      // Ended before the spans close, so a met milestone keeps the due instant it had.
      this.resolvedAt = at;
      for (const track of this.live('firstResponse')) this.end(track, 'cancelled', at);
      for (const track of this.live('update')) this.end(track, 'cancelled', at);
      for (const track of [...this.live('escalation'), ...this.live('resolution')])
        this.end(track, 'met', at);
    }
    if (resolved) this.open.close(at, status);
    else this.open.open(at);
    if (resolved || paused) this.run.close(at, status);
    else this.run.open(at);

    if (!resolved && wasResolved) {
      // Reopen: escalation and resolution resume with what they had left (their spans skip the resolved time).
      for (const track of this.tracks) {
        if ((track.name === 'escalation' || track.name === 'resolution') && track.outcome === 'met') {
          track.outcome = null;
          track.endedAt = null;
          track.metAt = null;
          if (track.breachedAt === null) track.frozenDue = null;
        }
      }
      // A milestone always runs on the ticket's current priority: a change made while resolved applies now,
      // recomputed from its start, and breaches at once if that due instant has passed.
      this.followPriority(at, ['escalation', 'resolution']);
    }
  }

  private onPriority(at: Instant, priority: string): void {
    this.policy.assertPriority(priority);
    if (priority === this.priority) return;
    this.priority = priority;
    this.followPriority(at, MILESTONE_NAMES);
  }

  /**
   * Moves the named milestones onto the current priority's targets. While the ticket is resolved nothing is
   * live, so a change then waits for the reopen, which calls this again for the milestones it resumes.
   */
  private followPriority(at: Instant, names: readonly MilestoneName[]): void {
    const priority = this.priority;
    for (const name of names) {
      const target = this.policy.targetFor(name, priority);
      const tracks = this.tracks.filter((t) => t.name === name);
      // Live, unbreached milestones take the new target as if it had applied from their start.
      for (const track of tracks) {
        if (track.outcome !== null || track.breachedAt !== null) continue;
        if (track.target.priority === priority) continue;
        if (!target) {
          track.recomputations.push({
            at,
            fromPriority: track.target.priority,
            toPriority: priority,
            previousDue: this.instantFor(track, track.clock.budgetMs),
            due: null,
            breached: false,
          });
          this.end(track, 'cancelled', at);
          track.cancelledByPriority = true;
          continue;
        }
        this.retarget(track, target, at);
      }
      if (!target || this.isResolved()) continue;
      // Milestones the new priority defines and the old did not: from their original start.
      const start = name === 'update' ? this.lastReplyAt : this.createdAt;
      if (start === null) continue;
      const existing = tracks.find((t) => t.startedAt === start);
      if (existing?.cancelledByPriority) {
        existing.outcome = null;
        existing.endedAt = null;
        existing.cancelledByPriority = false;
        existing.frozenDue = null;
        this.retarget(existing, target, at);
      } else if (!existing) {
        const track = this.newTrack(name, target, start, at);
        if (name === 'firstResponse' && this.firstReplyAt !== null) {
          // Already answered before this milestone existed: met, never breached.
          track.frozenDue = null;
          track.outcome = 'met';
          track.endedAt = this.firstReplyAt;
          track.metAt = floorToSecond(this.firstReplyAt);
        } else {
          this.breachIfPast(track, at);
        }
      }
    }
  }

  private retarget(track: Track, target: MilestoneTarget, at: Instant): void {
    const fromPriority = track.target.priority;
    const previousDue = track.outcome === null ? this.instantFor(track, track.clock.budgetMs) : null;
    track.target = target;
    track.clock = clockFor(target, track.startedAt);
    track.recomputedAt = at;
    this.breachIfPast(track, at);
    track.recomputations.push({
      at,
      fromPriority,
      toPriority: target.priority,
      previousDue,
      due: track.breachedAt !== null ? track.frozenDue : this.instantFor(track, track.clock.budgetMs),
      breached: track.breachedAt !== null,
    });
  }

  /** The stops of the track's clock before it ended; one still running past its end is shown open-ended. */
  stopsOf(track: Track): ClockStop[] {
    const ended = track.endedAt ?? Number.POSITIVE_INFINITY;
    return this.spansOf(track)
      .stops.filter((s) => (s.to === null || s.to > track.startedAt) && s.from < ended)
      .map((s) => ({ ...s, to: s.to !== null && s.to > ended ? null : s.to }));
  }

  traces(): MilestoneTrace[] {
    return this.tracks.map((t) => ({
      name: t.name,
      cycle: t.cycle,
      target: t.target,
      startedAt: t.startedAt,
      endedAt: t.endedAt,
      stops: this.stopsOf(t),
      recomputations: t.recomputations.map((r) => ({ ...r })),
    }));
  }

  /** A due instant already past after a recomputation breaches at once, at the instant of the change. */
  private breachIfPast(track: Track, at: Instant): void {
    const due = this.instantFor(track, track.clock.budgetMs);
    if (due !== null && due <= at) this.breach(track, due, at);
  }

  snapshot(now: Instant): SlaSnapshot {
    const ordered = [...this.tracks].sort(
      (a, b) => MILESTONE_NAMES.indexOf(a.name) - MILESTONE_NAMES.indexOf(b.name) || a.cycle - b.cycle,
    );
    const milestones: MilestoneSnapshot[] = [];
    const timers: TimerSpec[] = [];
    for (const track of ordered) {
      const running = this.isRunning(track);
      const breached = track.breachedAt !== null;
      const state: MilestoneSnapshot['state'] = breached
        ? 'breached'
        : track.outcome === 'met'
          ? 'met'
          : track.outcome === 'cancelled'
            ? 'cancelled'
            : running
              ? 'running'
              : 'paused';
      const dueAt = state === 'cancelled' || state === 'paused' ? null : this.dueOf(track);
      const elapsedMs = this.elapsed(track, now);
      const budgetMs = track.clock.budgetMs;
      const remainingMs = breached || state === 'cancelled' ? 0 : Math.max(0, budgetMs - elapsedMs);

      const owedReminders: { index: number; at: Instant }[] = [];
      if (state === 'running') {
        const since = Math.max(this.spansOf(track).since ?? track.startedAt, track.startedAt);
        const owedFrom = Math.max(track.recomputedAt, floorToSecond(since));
        track.target.reminders.forEach((fraction, index) => {
          const at = this.instantFor(track, fraction * budgetMs);
          if (at !== null && at >= owedFrom && (dueAt === null || at < dueAt))
            owedReminders.push({ index, at });
        });
      }
      const key = (kind: TimerSpec['kind'], index: number) => `${track.name}#${track.cycle}#${kind}#${index}`;
      // A breach stays owed until the sla-timer acts on it, even once the milestone is met late: an agent's reply
      // that beats a late timer must not erase the breach, its escalation and its mail (the caller subtracts
      // the timers already acted on).
      if (dueAt !== null && (state === 'running' || state === 'breached')) {
        for (const r of owedReminders) {
          if (state !== 'running') break;
          timers.push({
            key: key('reminder', r.index),
            milestone: track.name,
            cycle: track.cycle,
            kind: 'reminder',
            fireAt: r.at,
            dueAt,
          });
        }
        timers.push({
          key: key('deadline', 0),
          milestone: track.name,
          cycle: track.cycle,
          kind: 'deadline',
          fireAt: track.breachedAt ?? dueAt,
          dueAt,
        });
      }
      milestones.push({
        name: track.name,
        cycle: track.cycle,
        state,
        startedAt: floorToSecond(track.startedAt),
        dueAt,
        metAt: track.metAt,
        breachedAt: track.breachedAt,
        elapsedMs,
        remainingMs,
        budgetMs,
        reminders: owedReminders.filter((r) => r.at > now).map((r) => r.at),
        escalatesTo: track.target.escalatesTo,
      });
    }
    return { milestones, escalationLevel: this.escalationLevel, timers };
  }
}
