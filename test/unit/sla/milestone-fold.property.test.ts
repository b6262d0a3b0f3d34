import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FOLD_AFTER_EVENTS, foldSlaEvents, slaEventCount } from '../../../shared/sla/milestone-fold.js';
import { computeSla } from '../../../shared/sla/milestones.js';
import { resolvePolicy } from '../../../shared/sla/policy.js';
import type {
  MilestoneSnapshot,
  SlaEvent,
  SlaSnapshot,
  SlaSubject,
  TicketStatus,
  TimerSpec,
} from '../../../shared/sla/types.js';

const MIN = 60_000;
const START_2026 = Date.UTC(2026, 0, 1);

/** Policies with business calendars, pauses, outside-hours alternatives, release dates and escalations. */
const SUBJECTS: SlaSubject[] = [
  { policyId: 'interzen' },
  { policyId: 'managry', plan: 'premier' },
  // medium and low have no target at all: a priority change creates the milestones from their start
  { policyId: 'managry', plan: 'standard' },
  { policyId: 'fenorri', timezone: 'America/Los_Angeles' },
  { policyId: 'enterprise-support' },
  { policyId: 'harmoni', region: 'americas' },
  { policyId: 'standard-support' },
];

type Step =
  | { kind: 'agentReply' | 'customerReply' }
  | { kind: 'status'; status: TicketStatus }
  | { kind: 'priority'; index: number }
  | { kind: 'escalation'; by: 'customer' | 'agent' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({ kind: 'agentReply' as const }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'customerReply' as const }) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom<TicketStatus>('open', 'pending_customer', 'resolved')
      .map((status) => ({ kind: 'status' as const, status })),
  },
  { weight: 1, arbitrary: fc.nat(3).map((index) => ({ kind: 'priority' as const, index })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('customer', 'agent').map((by) => ({ kind: 'escalation' as const, by })),
  },
);

/** Gaps in minutes: often none (same second), often short, sometimes days. */
const gapArb = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 120 }),
  fc.integer({ min: 1, max: 5 * 24 * 60 }),
);

const caseArb = fc.record({
  which: fc.nat(SUBJECTS.length - 1),
  createdMinute: fc.integer({ min: 0, max: 600 * 24 * 60 }),
  priorityIndex: fc.nat(3),
  steps: fc.array(fc.tuple(gapArb, stepArb), { minLength: 1, maxLength: 60 }),
  cuts: fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 4 }),
  nowAfter: fc.integer({ min: 0, max: 10 * 24 * 60 }),
});

type CaseOf = { createdMinute: number; priorityIndex: number; steps: [number, Step][] };

function history(subject: SlaSubject, c: CaseOf): SlaEvent[] {
  const priorities = resolvePolicy(subject).priorities;
  const pick = (i: number) => priorities[i % priorities.length]!;
  let at = START_2026 + c.createdMinute * MIN;
  const events: SlaEvent[] = [{ type: 'created', at, priority: pick(c.priorityIndex) }];
  for (const [gap, step] of c.steps) {
    at += gap * MIN;
    if (step.kind === 'agentReply' || step.kind === 'customerReply') events.push({ type: step.kind, at });
    else if (step.kind === 'status') events.push({ type: 'statusChanged', at, status: step.status });
    else if (step.kind === 'priority')
      events.push({ type: 'priorityChanged', at, priority: pick(step.index) });
    else if (step.kind === 'escalation') events.push({ type: 'escalationRequested', at, by: step.by });
  }
  return events;
}

/** Folds at each cut (sorted, within the history), each fold taking the previous checkpoint in. */
function folded(subject: SlaSubject, events: SlaEvent[], cuts: number[], settled: (t: TimerSpec) => boolean) {
  const policy = resolvePolicy(subject);
  let result: SlaEvent[] = [];
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut >= events.length) break;
    result = foldSlaEvents(policy, [...result, ...events.slice(from, cut)], settled);
    from = cut;
  }
  return [...result, ...events.slice(from)];
}

const REGRESSION = {
  which: 1,
  createdMinute: 0,
  priorityIndex: 2,
  steps: [
    [1, { kind: 'status', status: 'open' }],
    [1, { kind: 'agentReply' }],
    [1, { kind: 'status', status: 'open' }],
    [1, { kind: 'agentReply' }],
    [1, { kind: 'status', status: 'open' }],
    [1, { kind: 'status', status: 'open' }],
    [1, { kind: 'status', status: 'pending_customer' }],
    [1, { kind: 'priority', index: 0 }],
    [1, { kind: 'status', status: 'open' }],
  ] as [number, Step][],
  cuts: [8],
  nowAfter: 0,
};

const key = (m: { name: string; cycle: number }) => `${m.name}#${m.cycle}`;

/** The folded snapshot is the full one without some closed update cycles (never the latest). */
function expectSameSla(full: SlaSnapshot, fold: SlaSnapshot, droppedTimersAllowed: boolean): void {
  expect(fold.escalationLevel).toBe(full.escalationLevel);
  const byKey = new Map(full.milestones.map((m) => [key(m), m]));
  for (const m of fold.milestones) expect(m).toEqual(byKey.get(key(m)));
  const kept = new Set(fold.milestones.map(key));
  const dropped: MilestoneSnapshot[] = full.milestones.filter((m) => !kept.has(key(m)));
  const latestUpdate = Math.max(0, ...full.milestones.filter((m) => m.name === 'update').map((m) => m.cycle));
  for (const m of dropped) {
    expect(m.name).toBe('update');
    expect(m.cycle).toBeLessThan(latestUpdate);
    expect(['met', 'cancelled', 'breached']).toContain(m.state);
    if (!droppedTimersAllowed) expect(m.state).not.toBe('breached');
  }
  const droppedKeys = new Set(dropped.map(key));
  expect(fold.timers).toEqual(full.timers.filter((t) => !droppedKeys.has(`${t.milestone}#${t.cycle}`)));
  // Folding keeps what the view shows: each milestone's latest cycle.
  for (const name of new Set(full.milestones.map((m) => m.name))) {
    const last = full.milestones.filter((m) => m.name === name).at(-1)!;
    expect(fold.milestones.filter((m) => m.name === name).at(-1)).toEqual(last);
  }
}

describe('folding the SLA history', () => {
  it('computes the same SLA as the unfolded history, at any later instant, whatever the timers acted', () => {
    fc.assert(
      fc.property(caseArb, fc.boolean(), (c, allSettled) => {
        const subject = SUBJECTS[c.which]!;
        const events = history(subject, c);
        const settled = () => allSettled;
        const fold = folded(subject, events, c.cuts, settled);
        const last = events.at(-1)!.at;
        for (const now of [last, last + c.nowAfter * MIN]) {
          expectSameSla(computeSla(subject, events, now), computeSla(subject, fold, now), allSettled);
        }
        expect(slaEventCount(fold)).toBe(events.length);
      }),
      {
        numRuns: 400,
        examples: [
          // managry premier medium (no update target) -> critical after the fold: update cycle from the last
          // reply, measured over spans from before the fold
          [{ ...REGRESSION, steps: REGRESSION.steps.map((s) => [...s] as [number, Step]) }, false],
        ],
      },
    );
  });

  it('keeps a closed cycle whose breach timer has not been acted on, and its timer', () => {
    const subject: SlaSubject = { policyId: 'managry', plan: 'premier' };
    const t0 = Date.UTC(2026, 2, 3, 9, 0); // Tuesday, 10:00 Prague
    const events: SlaEvent[] = [
      { type: 'created', at: t0, priority: 'critical' },
      { type: 'agentReply', at: t0 + 10 * MIN },
      { type: 'agentReply', at: t0 + 5 * 24 * 60 * MIN }, // the update cycle 1 breached long before
      { type: 'agentReply', at: t0 + 5 * 24 * 60 * MIN + MIN },
    ];
    const now = t0 + 5 * 24 * 60 * MIN + 2 * MIN;
    const full = computeSla(subject, events, now);
    expect(full.milestones.find((m) => key(m) === 'update#1')?.state).toBe('breached');
    const policy = resolvePolicy(subject);
    const unsettled = computeSla(
      subject,
      foldSlaEvents(policy, events, () => false),
      now,
    );
    expect(unsettled.milestones.map(key)).toContain('update#1');
    expect(unsettled.timers).toEqual(full.timers);
    const settled = computeSla(
      subject,
      foldSlaEvents(policy, events, () => true),
      now,
    );
    expect(settled.milestones.map(key)).not.toContain('update#1');
    expect(settled.milestones.map(key)).toContain('update#3');
  });

  it('stays small through 5,000 replies and status changes, folded as the ticket writer does', () => {
    const subject: SlaSubject = { policyId: 'managry', plan: 'premier' };
    const policy = resolvePolicy(subject);
    const t0 = Date.UTC(2026, 2, 2, 8, 0);
    const all: SlaEvent[] = [{ type: 'created', at: t0, priority: 'critical' }];
    let stored: SlaEvent[] = [...all];
    let biggest = 0;
    for (let i = 1; i <= 2_500; i++) {
      const at = t0 + i * 7 * MIN;
      const added: SlaEvent[] =
        i % 2 === 1
          ? [
              { type: 'agentReply', at },
              { type: 'statusChanged', at, status: 'pending_customer' },
            ]
          : [
              { type: 'customerReply', at },
              { type: 'statusChanged', at, status: 'open' },
            ];
      all.push(...added);
      const tail = stored[0]?.type === 'checkpoint' ? stored.length - 1 : stored.length;
      if (tail >= FOLD_AFTER_EVENTS) stored = foldSlaEvents(policy, stored, () => true);
      stored = [...stored, ...added];
      biggest = Math.max(biggest, JSON.stringify(stored).length);
    }
    expect(stored.length).toBeLessThanOrEqual(FOLD_AFTER_EVENTS + 2);
    // Bounded: the checkpoint keeps a handful of milestones and the spans only unbreached ones still measure.
    expect(biggest).toBeLessThan(16_000);
    const now = all.at(-1)!.at + 30 * MIN;
    expectSameSla(computeSla(subject, all, now), computeSla(subject, stored, now), true);
  });
});
