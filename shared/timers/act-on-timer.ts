import type { Clock } from '../clock.js';
import { METRIC } from '../observability/metrics.js';
import { formatInstant } from '../sla/instant.js';
import type { MilestoneSnapshot, SlaSnapshot } from '../sla/types.js';
import type { Tenant } from '../tenants/tenant.js';
import { owedTimers, owedTimersChange } from '../tickets/owed-timers.js';
import type { Ticket } from '../tickets/ticket.js';
import type { TimerOutcome } from '../tickets/ticket-commands.js';
import type { TimerMetrics, TimerTicketPort } from './ports.js';
import { parseTimerPayload, type TimerPayload } from './timer-payload.js';

export interface SlaTimerDeps {
  tickets: TimerTicketPort;
  tenants: { getTenant(tenantId: string): Promise<Tenant | null> };
  clock: Clock;
  metrics: TimerMetrics;
  logger?: { info(message: string, detail?: unknown): void };
}

export type TimerOutcomeKind =
  | 'breached'
  | 'reminded'
  /** Acted on before (a duplicate or a retry): nothing more happens (its mail was owed in that first write). */
  | 'repeat'
  /** The ticket changed since (met, paused, recomputed, gone): nothing happens. */
  | 'stale';

export interface TimerResult {
  outcome: TimerOutcomeKind;
  timerId: string;
  escalatedTo?: number;
  /**
   * A stale timer found the ticket's stored owed timers out of step with its SLA (a deadline moved without a
   * ticket write, e.g. a tenant's closures changed) and rewrote them, so the new instants get schedules.
   */
  refreshed?: true;
}

/** Thrown when a timer arrives before its instant (it is retried by Scheduler rather than dropped). */
export class TimerNotDueError extends Error {
  constructor(timerId: string, fireAt: number, now: number) {
    super(`Timer ${timerId} is due at ${formatInstant(fireAt)}, it is ${formatInstant(now)}`);
    this.name = 'TimerNotDueError';
  }
}

function milestoneOf(snapshot: SlaSnapshot, payload: TimerPayload): MilestoneSnapshot | undefined {
  return snapshot.milestones.find((m) => m.name === payload.milestone && m.cycle === payload.cycle);
}

/**
 * A stale timer does nothing itself, but it is a sign the ticket's stored owed timers may have drifted from its
 * SLA (the deadline moved with no ticket write). If the owed timers computed now differ from the stored ones,
 * the ticket is refreshed: its write reaches timer-sync through the stream, which creates the new schedules.
 * Refreshing writes only on a real difference, so duplicate deliveries of a stale timer cost one read each.
 */
async function stale(
  timerId: string,
  ticket: Ticket,
  snapshot: SlaSnapshot,
  deps: SlaTimerDeps,
): Promise<TimerResult> {
  const change = owedTimersChange(ticket.timersOwed, owedTimers(snapshot, ticket.timersActed));
  if (change.added.length === 0 && change.removed.length === 0) return { outcome: 'stale', timerId };
  const { changed } = await deps.tickets.refreshTimers(
    ticket.tenantId,
    ticket.id,
    `stale timer ${timerId}: the owed timers no longer matched the SLA`,
  );
  deps.logger?.info('stale timer re-synced the ticket timers', { timerId, ticketId: ticket.id, changed });
  return { outcome: 'stale', timerId, ...(changed ? { refreshed: true as const } : {}) };
}

/**
 * Records the timer as acted on. The ticket service re-reads the ticket for its conditional write, so a write
 * that landed after our read (a reply met the milestone, a pause, a recompute) is seen: `stale` then, and
 * nothing may be mailed. `repeat`: another delivery recorded it first (mail is still offered to the ledger).
 */
async function record(
  ticket: Ticket,
  timerId: string,
  events: TimerOutcome['events'],
  deps: SlaTimerDeps,
): Promise<'recorded' | 'repeat' | 'stale'> {
  const result = await deps.tickets.recordTimerOutcome(ticket.tenantId, ticket.id, {
    timerIds: [timerId],
    events,
  });
  if (result.recorded) return 'recorded';
  return result.ticket.timersActed.includes(timerId) ? 'repeat' : 'stale';
}

/**
 * The sla-timer Lambda's work. A timer acts only when all of these hold at `now` (the clock port):
 * the ticket still owes it (`timersOwed[timerId]`: nothing recomputed or met it away), it was not acted on
 * (`timersActed`), the milestone has the same `dueAt`, and it is really due: for a deadline the engine says
 * `breached` (or running past due), for a reminder the milestone is still running and the reminder instant has
 * passed. Acting is one conditional write (timersActed + history events, through the ticket service) that also
 * holds the mail it owes (the outbox: the notification Lambda sends it), then metrics. No SES here.
 */
export async function handleTimer(input: unknown, deps: SlaTimerDeps): Promise<TimerResult> {
  const payload = parseTimerPayload(input);
  const now = deps.clock.now();
  const timerId = payload.timerId;
  const ticket = await deps.tickets.loadTicket(payload.tenantId, payload.ticketId);
  if (!ticket) return { outcome: 'stale', timerId };
  const tenant = await deps.tenants.getTenant(payload.tenantId);
  if (!tenant) return { outcome: 'stale', timerId };

  const acted = ticket.timersActed.includes(timerId);
  const owed = ticket.timersOwed[timerId];
  if (!acted && !owed) {
    return stale(timerId, ticket, (await deps.tickets.slaOf(ticket, now)).snapshot, deps);
  }
  const dueAt = Date.parse(payload.dueAt);
  const fireAt = owed?.fireAt ?? Date.parse(payload.fireAt);
  if (now < fireAt) throw new TimerNotDueError(timerId, fireAt, now);

  const { snapshot, policy } = await deps.tickets.slaOf(ticket, now);
  const milestone = milestoneOf(snapshot, payload);
  if (!milestone || milestone.dueAt !== (owed?.dueAt ?? dueAt)) return stale(timerId, ticket, snapshot, deps);

  if (payload.kind === 'reminder') {
    if (milestone.state !== 'running') return stale(timerId, ticket, snapshot, deps);
    const recorded = acted
      ? 'repeat'
      : await record(
          ticket,
          timerId,
          [
            {
              type: 'sla.reminder_sent',
              data: {
                milestone: payload.milestone,
                cycle: payload.cycle,
                dueAt: formatInstant(milestone.dueAt),
                timerId,
              },
            },
          ],
          deps,
        );
    if (recorded === 'stale') return { outcome: 'stale', timerId };
    if (recorded === 'recorded') {
      deps.metrics.milliseconds(METRIC.timerLateness, now - fireAt, { kind: 'reminder' });
    }
    return { outcome: recorded === 'recorded' ? 'reminded' : 'repeat', timerId };
  }

  const due = milestone.state === 'breached' || (milestone.state === 'running' && milestone.dueAt <= now);
  if (!due) return stale(timerId, ticket, snapshot, deps);
  const level = milestone.escalatesTo;
  const levelName = level === null ? undefined : policy.escalationLevels.find((l) => l.level === level)?.name;
  const recorded = acted
    ? 'repeat'
    : await record(
        ticket,
        timerId,
        [
          {
            type: 'sla.breached',
            data: {
              milestone: payload.milestone,
              cycle: payload.cycle,
              priority: ticket.priority,
              dueAt: formatInstant(milestone.dueAt),
              timerId,
            },
          },
          ...(level === null
            ? []
            : [
                {
                  type: 'sla.escalated',
                  data: {
                    level,
                    name: levelName ?? `level ${level}`,
                    milestone: payload.milestone,
                    cause: 'breach',
                  },
                },
              ]),
        ],
        deps,
      );
  if (recorded === 'stale') return { outcome: 'stale', timerId };
  if (recorded === 'recorded') {
    deps.metrics.count(METRIC.milestonesBreached, 1, {
      milestone: payload.milestone,
      priority: ticket.priority,
    });
    if (level !== null) deps.metrics.count(METRIC.escalations, 1, { level: String(level) });
    deps.metrics.milliseconds(METRIC.timerLateness, now - fireAt, { kind: 'deadline' });
  }
  deps.logger?.info('timer acted', { timerId, ticketId: ticket.id, acted: recorded === 'recorded', level });
  return {
    outcome: recorded === 'recorded' ? 'breached' : 'repeat',
    timerId,
    ...(level === null ? {} : { escalatedTo: level }),
  };
}
