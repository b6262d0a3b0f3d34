/**
 * The SLA engine's public types: the contract between the engine (pure, no I/O) and its callers
 * (the ticket service, the sla-timer Lambda, the `sla` command).
 *
 * Instants inside the engine are epoch milliseconds (numbers): cheap to compare and to search.
 * ISO-8601 strings appear only at the edges (API, CLI, storage).
 */

import type { ClockStop, Recomputation } from './spans.js';

/** Epoch milliseconds (UTC). */
export type Instant = number;

export const MILESTONE_NAMES = ['firstResponse', 'update', 'escalation', 'resolution'] as const;
export type MilestoneName = (typeof MILESTONE_NAMES)[number];

export const MILESTONE_STATES = ['running', 'paused', 'met', 'breached', 'cancelled'] as const;
export type MilestoneState = (typeof MILESTONE_STATES)[number];

export const TICKET_STATUSES = ['new', 'open', 'pending_customer', 'resolved', 'closed'] as const;
/**
 * `new`: nobody has answered yet; `open`: being worked; `pending_customer`: waiting for the customer
 * (pauses update/escalation/resolution); `resolved`: stops every clock (reopen resumes escalation
 * and resolution); `closed`: final, nothing runs and it cannot reopen.
 */
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** What the engine needs to know about a ticket's history, oldest first. */
export type SlaEvent =
  | { type: 'created'; at: Instant; priority: string }
  /** A public reply by an agent: meets `firstResponse` and the running `update`, starts the next `update`. */
  | { type: 'agentReply'; at: Instant }
  /** A reply by the customer (the ticket service also records the status change it causes, if any). */
  | { type: 'customerReply'; at: Instant }
  | { type: 'statusChanged'; at: Instant; status: TicketStatus }
  | { type: 'priorityChanged'; at: Instant; priority: string }
  /** A customer- or agent-requested escalation to the next level of the policy's chain. */
  | { type: 'escalationRequested'; at: Instant; by: 'customer' | 'agent' }
  /** Only ever first: a fold of the history up to `at` (`milestone-fold.ts`), the engine resumes from it. */
  | { type: 'checkpoint'; at: Instant; state: SlaCheckpoint };

/** Spans of time in which a clock may run: closed `[from, to)` pairs, the one open since `since`, the stops. */
export interface SpanSetState {
  closed: [Instant, Instant][];
  since: Instant | null;
  stops: ClockStop[];
}

/** One milestone cycle as a checkpoint keeps it; its target is found again from `name` and `priority`. */
export interface CheckpointTrack {
  name: MilestoneName;
  cycle: number;
  priority: string;
  startedAt: Instant;
  outcome: 'met' | 'cancelled' | null;
  cancelledByPriority: boolean;
  endedAt: Instant | null;
  metAt: Instant | null;
  breachedAt: Instant | null;
  frozenDue: Instant | null;
  recomputedAt: Instant;
  carriedFrom: Instant | null;
  carriedMs: number;
  recomputations: Recomputation[];
}

/**
 * The engine's state after a ticket's history up to the checkpoint's instant, minus what can no longer matter:
 * closed `update` cycles before the latest (counted in `updateCycles`), spans no milestone can measure again.
 * Its size is bounded however long the history it stands for (`milestone-fold.ts`).
 */
export interface SlaCheckpoint {
  /** How many history events it stands for (those of earlier checkpoints included). */
  events: number;
  status: TicketStatus;
  priority: string;
  createdAt: Instant;
  firstReplyAt: Instant | null;
  lastReplyAt: Instant | null;
  resolvedAt: Instant | null;
  escalationLevel: number;
  updateCycles: number;
  open: SpanSetState;
  run: SpanSetState;
  tracks: CheckpointTrack[];
}

/** Who the ticket belongs to, as far as the policy cares. */
export interface SlaSubject {
  /** Preset id (e.g. `interzen`) or a tenant's own policy id. */
  policyId: string;
  plan?: string;
  region?: string;
  /** The customer's IANA zone, for policies whose calendar follows the customer (fenorri). */
  timezone?: string;
}

export interface MilestoneSnapshot {
  name: MilestoneName;
  /** 1 for non-recurring milestones; the n-th `update` cycle otherwise. */
  cycle: number;
  state: MilestoneState;
  startedAt: Instant;
  /** Null while paused (the due instant is unknown until the clock resumes). */
  dueAt: Instant | null;
  metAt: Instant | null;
  breachedAt: Instant | null;
  /** Business (or calendar, for calendar-time targets) milliseconds used so far, paused time excluded. */
  elapsedMs: number;
  /** What is left of the budget at `now` (0 once breached; never negative). */
  remainingMs: number;
  /** The budget this milestone has (after outside-hours alternatives), in milliseconds of its clock. */
  budgetMs: number;
  /** Future reminder instants still owed for this milestone (empty unless running). */
  reminders: Instant[];
  /** The escalation level a breach of this milestone raises the ticket to, if the policy says so. */
  escalatesTo: number | null;
}

/** A timer the ticket owes: one EventBridge Scheduler one-off schedule. */
export interface TimerSpec {
  /** Stable id within the ticket: `${milestone}#${cycle}#${kind}#${index}`. */
  key: string;
  milestone: MilestoneName;
  cycle: number;
  kind: 'reminder' | 'deadline';
  /** The instant the schedule fires (UTC). */
  fireAt: Instant;
  /** The milestone's due instant this timer was computed for: a timer whose `dueAt` differs from the ticket's is stale. */
  dueAt: Instant;
}

export interface SlaSnapshot {
  /** Every milestone the policy defines for the ticket, newest `update` cycle last. */
  milestones: MilestoneSnapshot[];
  /** 0 = not escalated; otherwise the highest level reached (breaches and requests). */
  escalationLevel: number;
  /**
   * Every reminder and deadline of the milestones that are running, or breached but not met (their
   * deadline may already be past: the timer that acts on the breach may not have fired yet). The caller
   * subtracts those it has already acted on (same `key` and `dueAt`) and schedules the rest.
   */
  timers: TimerSpec[];
}
