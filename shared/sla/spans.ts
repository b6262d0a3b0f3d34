/**
 * The milestone engine's span sets (see `milestones.ts`): the spans in which a clock may run, and, for the
 * receipt, the stops between them with the status that caused each. Pure.
 */
import type { MilestoneTarget } from './policy.js';
import type { Instant, MilestoneName } from './types.js';

/** A stretch in which the clock was stopped by the ticket (a pause status, or resolved). */
export interface ClockStop {
  from: Instant;
  /** null: still stopped. */
  to: Instant | null;
  /** The status that stopped it, e.g. `pending_customer` or `resolved`. */
  status: string;
}

/** Spans of time in which a clock may run: closed spans plus the one running since `since`. */
export class SpanSet {
  readonly closed: [Instant, Instant][] = [];
  since: Instant | null = null;
  /** The stretches between spans and the status that closed each (kept apart: the measure never reads them). */
  readonly stops: ClockStop[] = [];

  open(t: Instant): void {
    if (this.since !== null) return;
    this.since = t;
    const last = this.stops[this.stops.length - 1];
    if (last && last.to === null) last.to = t;
  }

  close(t: Instant, status: string): void {
    if (this.since === null) return;
    if (t > this.since) this.closed.push([this.since, t]);
    this.since = null;
    this.stops.push({ from: t, to: null, status });
  }
}

/** A priority change recomputing a milestone from its start: the due instants before and after (null: none). */
export interface Recomputation {
  at: Instant;
  fromPriority: string;
  toPriority: string;
  previousDue: Instant | null;
  /** Null when the new priority has no such target (cancelled). */
  due: Instant | null;
  breached: boolean;
}

/** What the receipt needs of one milestone cycle beyond its snapshot: its target, start and clock stops. */
export interface MilestoneTrace {
  name: MilestoneName;
  cycle: number;
  target: MilestoneTarget;
  startedAt: Instant;
  /** When it was met or cancelled (null while live). */
  endedAt: Instant | null;
  /** The stretches its clock did not run before it ended (pauses only for a pausable target; resolved). */
  stops: ClockStop[];
  recomputations: Recomputation[];
}
