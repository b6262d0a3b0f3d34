/**
 * The ticket's SLA receipt (`GET /tickets/{id}/sla`): for every milestone cycle, the target and where it came
 * from, the open time counted up to now and up to the due instant with the reason for every stretch skipped,
 * the pauses, the priority changes with the recomputation each caused, and the breach with the escalation it
 * caused. No second derivation: the cycles, their stops and recomputations are the engine's own replay
 * (`replaySla`), each walk is `explainTarget` (what `sla explain` prints) and the JSON shape is the command's
 * (`shared/sla/explain-json.ts`). The zod schema below is the response type and the OpenAPI document's.
 */
import { explainTarget, explanationUpTo, type TargetExplanation } from '../sla/explain.js';
import { walkJson } from '../sla/explain-json.js';
import { formatInstant } from '../sla/instant.js';
import { replaySla } from '../sla/milestones.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import type { MilestoneTrace } from '../sla/spans.js';
import { type Instant, MILESTONE_NAMES, MILESTONE_STATES, TICKET_STATUSES } from '../sla/types.js';
import * as z from '../zod.js';
import type { Ticket } from './ticket.js';

const isoInstant = z.lazySchema(() =>
  z.described(z.string(), 'UTC ISO-8601 to the second, e.g. 2026-03-02T09:30:00Z'),
);
const localTime = z.lazySchema(() =>
  z.described(z.string(), "local time in `zone`, e.g. 'Mon 2026-03-02 09:30'"),
);
const day = z.lazySchema(() => z.described(z.string(), 'a local date, YYYY-MM-DD'));
const nullableInstant = z.lazySchema(() => z.nullable(isoInstant));

/** Why a stretch was skipped: the calendar's reasons (spec section 7) or a pause of the ticket. */
export const gapReasonSchema = z.lazySchema(() =>
  z.union([
    z.object({ kind: z.literal('outside-hours'), name: z.enum(['weekend', 'outside hours']) }),
    z.object({ kind: z.literal('holiday'), date: day, name: z.string() }),
    z.object({
      kind: z.literal('closure'),
      date: day,
      name: z.optional(z.described(z.string(), "the closure's note (staff only)")),
    }),
    z.object({ kind: z.literal('not-in-season'), date: day, name: z.string() }),
    z.object({
      kind: z.literal('paused'),
      status: z.described(z.string(), 'the status that stopped the clock'),
    }),
  ]),
);

const segmentSchema = z.lazySchema(() =>
  z.object({
    from: isoInstant,
    to: isoInstant,
    minutes: z.number(),
    totalMinutes: z.described(z.number(), 'clock time counted up to the end of this segment'),
    zone: z.string(),
    localFrom: localTime,
    localTo: localTime,
  }),
);

const gapSchema = z.lazySchema(() =>
  z.object({
    from: isoInstant,
    to: isoInstant,
    minutes: z.number(),
    reasons: z.array(gapReasonSchema),
    zone: z.string(),
    localFrom: localTime,
    localTo: localTime,
  }),
);

const dstChangeSchema = z.lazySchema(() =>
  z.object({
    zone: z.string(),
    at: isoInstant,
    offsetBefore: z.string(),
    offsetAfter: z.string(),
    localBefore: localTime,
    localAfter: localTime,
  }),
);

export const receiptMilestoneSchema = z.lazySchema(() =>
  z.object({
    name: z.enum(MILESTONE_NAMES),
    cycle: z.int(),
    state: z.enum(MILESTONE_STATES),
    startedAt: isoInstant,
    dueAt: nullableInstant,
    metAt: nullableInstant,
    breachedAt: nullableInstant,
    target: z.object({
      priority: z.described(z.string(), 'the priority whose target this cycle runs on'),
      rule: z.enum(['business', 'calendar', 'outside-hours-alternative', 'next-release']),
      calendar: z.nullable(z.string()),
      within: z.described(z.nullable(z.string()), "the target as written, e.g. '4h', '1bd', '8h calendar'"),
      budgetMinutes: z.number(),
      pausable: z.described(z.boolean(), 'whether the pause statuses stop this clock'),
      outsideHours: z.described(
        z.nullable(
          z.object({ applied: z.boolean(), instead: z.string(), closedBecause: z.array(gapReasonSchema) }),
        ),
        'the outside-hours decision, where the target has an alternative',
      ),
      release: z.nullable(z.object({ at: isoInstant, rule: z.string() })),
    }),
    pauses: z.array(z.object({ from: isoInstant, to: nullableInstant, status: z.string() })),
    priorityChanges: z.array(
      z.object({
        at: isoInstant,
        from: z.string(),
        to: z.string(),
        previousDueAt: nullableInstant,
        dueAt: z.described(nullableInstant, 'recomputed from the start under the new target; null: none'),
        breached: z.described(z.boolean(), 'the recomputed due instant had passed: breached at the change'),
      }),
    ),
    breach: z.nullable(
      z.object({
        at: isoInstant,
        dueAt: nullableInstant,
        escalatedTo: z.described(z.nullable(z.int()), 'the escalation level the breach raised the ticket to'),
        escalatedToName: z.described(z.nullable(z.string()), 'that level by name (staff only)'),
      }),
    ),
    upToNow: z.object({
      usedMinutes: z.number(),
      segments: z.array(segmentSchema),
      gaps: z.array(gapSchema),
    }),
    upToDue: z.object({
      dueAt: z.described(nullableInstant, 'null while the clock is stopped with budget left'),
      segments: z.array(segmentSchema),
      gaps: z.array(gapSchema),
      dstChanges: z.array(dstChangeSchema),
    }),
  }),
);
export type ReceiptMilestone = z.infer<typeof receiptMilestoneSchema>;

export const slaReceiptSchema = z.lazySchema(() =>
  z.object({
    ticketId: z.string(),
    reference: z.string(),
    asOf: isoInstant,
    policy: z.object({
      id: z.string(),
      name: z.string(),
      plan: z.nullable(z.string()),
      region: z.nullable(z.string()),
      timezone: z.nullable(z.string()),
    }),
    priority: z.string(),
    status: z.enum(TICKET_STATUSES),
    escalationLevel: z.int(),
    escalationLevelName: z.described(z.nullable(z.string()), 'staff only'),
    milestones: z.array(receiptMilestoneSchema),
  }),
);
export type SlaReceipt = z.infer<typeof slaReceiptSchema>;

const iso = (at: Instant | null): string | null => (at === null ? null : formatInstant(at));

function levelName(policy: ResolvedPolicy, level: number | null): string | null {
  return level === null ? null : (policy.escalationLevels.find((l) => l.level === level)?.name ?? null);
}

/** The receipt as staff see it, at `now`, under the tenant's current policy (as every read computes). */
export function buildSlaReceipt(ticket: Ticket, policy: ResolvedPolicy, now: Instant): SlaReceipt {
  const { snapshot, traces } = replaySla(ticket.slaSubject, ticket.slaEvents, now, policy);
  const traceOf = new Map<string, MilestoneTrace>(traces.map((t) => [`${t.name}#${t.cycle}`, t]));
  const milestones = snapshot.milestones.map((m): ReceiptMilestone => {
    const trace = traceOf.get(`${m.name}#${m.cycle}`);
    if (!trace) throw new Error(`no trace for ${m.name}#${m.cycle}`);
    const walk = explainTarget(trace.target, trace.startedAt, trace.stops);
    const upToNow = walkJson(explanationUpTo(walk, Math.min(now, trace.endedAt ?? now)));
    const upToDue = walkJson(walk);
    return {
      name: m.name,
      cycle: m.cycle,
      state: m.state,
      startedAt: formatInstant(m.startedAt),
      dueAt: iso(m.dueAt),
      metAt: iso(m.metAt),
      breachedAt: iso(m.breachedAt),
      target: {
        priority: trace.target.priority,
        rule: walk.rule,
        calendar: walk.calendar,
        within: walk.within,
        budgetMinutes: walk.budgetMs / 60_000,
        pausable: trace.target.pausable,
        outsideHours: walk.outsideHours,
        release: walk.release ? { at: formatInstant(walk.release.at), rule: walk.release.rule } : null,
      },
      pauses: trace.stops.map((s) => ({ from: formatInstant(s.from), to: iso(s.to), status: s.status })),
      priorityChanges: trace.recomputations.map((r) => ({
        at: formatInstant(r.at),
        from: r.fromPriority,
        to: r.toPriority,
        previousDueAt: iso(r.previousDue),
        dueAt: iso(r.due),
        breached: r.breached,
      })),
      breach:
        m.breachedAt === null
          ? null
          : {
              at: formatInstant(m.breachedAt),
              dueAt: iso(m.dueAt),
              escalatedTo: m.escalatesTo,
              escalatedToName: levelName(policy, m.escalatesTo),
            },
      upToNow: {
        usedMinutes: Math.round((m.elapsedMs / 60_000) * 100) / 100,
        segments: upToNow.segments,
        gaps: upToNow.gaps,
      },
      upToDue: {
        dueAt: walk.due === null ? null : formatInstant(walk.due),
        segments: upToDue.segments,
        gaps: upToDue.gaps,
        dstChanges: upToDue.dstChanges,
      },
    };
  });
  return {
    ticketId: ticket.id,
    reference: ticket.reference,
    asOf: formatInstant(now),
    policy: {
      id: policy.id,
      name: policy.name,
      plan: policy.plan ?? null,
      region: policy.region ?? null,
      timezone: policy.timezone ?? null,
    },
    priority: ticket.priority,
    status: ticket.status,
    escalationLevel: snapshot.escalationLevel,
    escalationLevelName: levelName(policy, snapshot.escalationLevel),
    milestones,
  };
}

/** One cycle's explanation (what the receipt walks), for the mail's "why this deadline"; null if unknown. */
export function explainCycle(
  ticket: Ticket,
  policy: ResolvedPolicy,
  now: Instant,
  milestone: { name: string; cycle: number },
): TargetExplanation | null {
  const trace = replaySla(ticket.slaSubject, ticket.slaEvents, now, policy).traces.find(
    (t) => t.name === milestone.name && t.cycle === milestone.cycle,
  );
  return trace ? explainTarget(trace.target, trace.startedAt, trace.stops) : null;
}

type Reason = z.infer<typeof gapReasonSchema>;

/** A closure's note is the tenant's own wording (internal): customers see that it was a closure, and when. */
const safeReason = (r: Reason): Reason => (r.kind === 'closure' ? { kind: 'closure', date: r.date } : r);

function safeGaps<T extends { reasons: Reason[] }>(gaps: T[]): T[] {
  return gaps.map((g) => ({ ...g, reasons: g.reasons.map(safeReason) }));
}

/**
 * What a customer sees of the receipt: the same deadlines, walks and pauses, without staff-side names (the
 * escalation levels, which name the organisation's people and roles) and without closure notes.
 */
export function customerSafeReceipt(receipt: SlaReceipt): SlaReceipt {
  return {
    ...receipt,
    escalationLevelName: null,
    milestones: receipt.milestones.map((m) => ({
      ...m,
      target: m.target.outsideHours
        ? {
            ...m.target,
            outsideHours: {
              ...m.target.outsideHours,
              closedBecause: m.target.outsideHours.closedBecause.map(safeReason),
            },
          }
        : m.target,
      breach: m.breach ? { ...m.breach, escalatedToName: null } : null,
      upToNow: { ...m.upToNow, gaps: safeGaps(m.upToNow.gaps) },
      upToDue: { ...m.upToDue, gaps: safeGaps(m.upToDue.gaps) },
    })),
  };
}
