/**
 * Spec section 3, clarified: a milestone always runs on the ticket's current priority. A priority change made
 * while the ticket is resolved applies when the milestone resumes: the reopen recomputes it from its start under
 * the current target and breaches it at once if that due instant has passed. Issue 12's fenorri example,
 * worked by hand:
 * - medium, created Mon 2027-03-01 17:43Z (Europe/London: UTC in March, so fenorri-24x5 is Mon-Fri UTC);
 * - resolved Wed 03:03Z: 33h20m of clock used; raised to high (24x7) at 03:10Z; reopened Thu 04:10Z;
 * - high escalation 8h: due Tue 03-02 01:43Z, long past -> breached at the reopen;
 * - high resolution 48h: 48h - 33h20m = 14h40m left from Thu 04:10Z -> Thu 03-04 18:50Z.
 * Before the rule the reopen resumed medium's clocks: escalation 03-04 18:50Z, resolution 03-09 18:50Z.
 */
import { describe, expect, it } from 'vitest';
import { explainTarget, explanationUpTo } from '../../../shared/sla/explain.js';
import { formatInstant, parseInstant } from '../../../shared/sla/instant.js';
import { computeSla } from '../../../shared/sla/milestones.js';
import { resolvePolicy } from '../../../shared/sla/policy.js';
import { parsePolicySpec } from '../../../shared/sla/policy-schema.js';
import type { SlaEvent } from '../../../shared/sla/types.js';

const subject = { policyId: 'fenorri', timezone: 'Europe/London' };
const t = parseInstant;
const iso = (ms: number | null) => (ms === null ? null : formatInstant(ms));

const base: SlaEvent[] = [
  { type: 'created', at: t('2027-03-01T17:43:00Z'), priority: 'medium' },
  { type: 'statusChanged', at: t('2027-03-03T03:03:00Z'), status: 'resolved' },
  { type: 'priorityChanged', at: t('2027-03-03T03:10:00Z'), priority: 'high' },
];
const reopen: SlaEvent = { type: 'statusChanged', at: t('2027-03-04T04:10:00Z'), status: 'open' };

function milestone(events: SlaEvent[], now: string, name: string) {
  const m = computeSla(subject, events, t(now)).milestones.find((x) => x.name === name && x.cycle === 1);
  if (!m) throw new Error(`no ${name}`);
  return m;
}

describe('a priority change while resolved applies when the milestone resumes', () => {
  it('changes nothing while the ticket stays resolved (the milestones keep the due instants they were met with)', () => {
    const escalation = milestone(base, '2027-03-03T12:00:00Z', 'escalation');
    expect(escalation.state).toBe('met');
    expect(escalation.breachedAt).toBeNull();
  });

  it('the reopen breaches escalation at once: its high due instant (03-02 01:43Z) has passed', () => {
    const escalation = milestone([...base, reopen], '2027-03-04T05:00:00Z', 'escalation');
    expect(escalation.state).toBe('breached');
    expect(iso(escalation.dueAt)).toBe('2027-03-02T01:43:00Z');
    expect(iso(escalation.breachedAt)).toBe('2027-03-04T04:10:00Z');
  });

  it('the reopen resumes resolution on high: 14h40m left, due 03-04 18:50Z', () => {
    const resolution = milestone([...base, reopen], '2027-03-04T05:00:00Z', 'resolution');
    expect(resolution.state).toBe('running');
    expect(iso(resolution.dueAt)).toBe('2027-03-04T18:50:00Z');
    expect(resolution.budgetMs).toBe(48 * 3_600_000);
  });

  it('owes the breach now and the resolution deadline at 18:50Z', () => {
    const snapshot = computeSla(subject, [...base, reopen], t('2027-03-04T05:00:00Z'));
    const deadlines = snapshot.timers
      .filter((x) => x.kind === 'deadline')
      .map((x) => [x.milestone, iso(x.fireAt)]);
    expect(deadlines).toContainEqual(['escalation', '2027-03-04T04:10:00Z']);
    expect(deadlines).toContainEqual(['resolution', '2027-03-04T18:50:00Z']);
  });

  it('a change back before the reopen leaves the original clocks (medium: escalation 03-04 18:50Z)', () => {
    const back: SlaEvent = { type: 'priorityChanged', at: t('2027-03-03T03:20:00Z'), priority: 'medium' };
    const escalation = milestone([...base, back, reopen], '2027-03-04T05:00:00Z', 'escalation');
    expect(escalation.state).toBe('running');
    expect(iso(escalation.dueAt)).toBe('2027-03-04T18:50:00Z');
    const resolution = milestone([...base, back, reopen], '2027-03-04T05:00:00Z', 'resolution');
    expect(iso(resolution.dueAt)).toBe('2027-03-09T18:50:00Z');
  });

  it('a change down to low while resolved resumes escalation on low: 168h - 33h20m from the reopen', () => {
    const low: SlaEvent = { type: 'priorityChanged', at: t('2027-03-03T03:10:00Z'), priority: 'low' };
    const escalation = milestone([base[0]!, base[1]!, low, reopen], '2027-03-04T05:00:00Z', 'escalation');
    // 134h40m left from Thu 04:10Z: 43h50m to Sat 00:00Z, then 90h50m from Mon 03-08 00:00Z -> Thu 18:50Z.
    expect(escalation.state).toBe('running');
    expect(iso(escalation.dueAt)).toBe('2027-03-11T18:50:00Z');
  });
});

describe('explainTarget explains the resumed cycle from the engine inputs (target, start, stops)', () => {
  it('high resolution: 33h20m before the resolve, the resolved stretch as a gap, 14h40m after the reopen', () => {
    const policy = resolvePolicy(subject);
    const target = policy.targetFor('resolution', 'high');
    if (!target) throw new Error('fenorri high has a resolution target');
    const e = explainTarget(target, t('2027-03-01T17:43:00Z'), [
      { from: t('2027-03-03T03:03:00Z'), to: t('2027-03-04T04:10:00Z'), status: 'resolved' },
    ]);
    expect(e.rule).toBe('calendar');
    expect(iso(e.due)).toBe('2027-03-04T18:50:00Z');
    expect(e.segments.map((s) => [iso(s.from), iso(s.to), s.ms / 60_000])).toEqual([
      ['2027-03-01T17:43:00Z', '2027-03-03T03:03:00Z', 2000],
      ['2027-03-04T04:10:00Z', '2027-03-04T18:50:00Z', 880],
    ]);
    expect(e.gaps).toEqual([
      {
        from: t('2027-03-03T03:03:00Z'),
        to: t('2027-03-04T04:10:00Z'),
        reasons: [{ kind: 'paused', status: 'resolved' }],
      },
    ]);
    // The same instant the milestone engine owes.
    const resolution = milestone([...base, reopen], '2027-03-04T05:00:00Z', 'resolution');
    expect(resolution.dueAt).toBe(e.due);
  });
});

describe('the reopen follows the current priority for milestones it lacks or adds', () => {
  const LAB = parsePolicySpec({
    id: 'lab',
    priorities: ['p1', 'p2'],
    defaultPriority: 'p1',
    calendar: 'always',
    targets: {
      p1: { escalation: { within: '240m' }, resolution: { within: '480m' } },
      p2: { resolution: { within: '120m' } },
    },
    reminders: [],
    escalation: { levels: [{ level: 1, name: 'Lead' }], onBreach: {}, customerMayRequest: false },
  });
  const T0 = t('2026-03-02T09:00:00Z');
  const m = (n: number) => T0 + n * 60_000;
  const events = (from: string, to: string): SlaEvent[] => [
    { type: 'created', at: m(0), priority: from },
    { type: 'statusChanged', at: m(60), status: 'resolved' },
    { type: 'priorityChanged', at: m(70), priority: to },
    { type: 'statusChanged', at: m(100), status: 'open' },
  ];
  const get = (evs: SlaEvent[], name: string) =>
    computeSla({ policyId: 'lab' }, evs, m(110), LAB).milestones.find((x) => x.name === name);

  it('p1 -> p2 while resolved: escalation (p2 has none) is cancelled at the reopen; resolution 120m - 60m used', () => {
    expect(get(events('p1', 'p2'), 'escalation')?.state).toBe('cancelled');
    expect(get(events('p1', 'p2'), 'resolution')?.dueAt).toBe(m(160));
  });

  it('p2 -> p1 while resolved: escalation (p1 adds it) starts from creation at the reopen, 240m - 60m used', () => {
    const escalation = get(events('p2', 'p1'), 'escalation');
    expect(escalation?.state).toBe('running');
    expect(escalation?.dueAt).toBe(m(280));
  });
});

describe('explanations of a cycle that is stopped now, and up to now', () => {
  const policy = resolvePolicy(subject);
  const target = policy.targetFor('resolution', 'medium');
  if (!target) throw new Error('fenorri medium has a resolution target');

  it('a stop with no end: no due instant yet, the counted time before it, the stop named', () => {
    const resolvedAt = t('2027-03-03T03:03:00Z');
    const e = explainTarget(target, t('2027-03-01T17:43:00Z'), [
      { from: resolvedAt, to: null, status: 'resolved' },
    ]);
    expect(e.due).toBeNull();
    expect(e.segments.map((s) => [iso(s.from), iso(s.to), s.ms / 60_000])).toEqual([
      ['2027-03-01T17:43:00Z', '2027-03-03T03:03:00Z', 2000],
    ]);
    expect(e.gaps).toEqual([]);
  });

  it('explanationUpTo clips segments and gaps to now and keeps the running total', () => {
    // medium escalation, 48h of fenorri-24x5 (London = UTC in March) from Fri 2027-03-05 20:00Z: 4h Friday,
    // the weekend, then 44h from Mon 00:00Z -> Tue 20:00Z. At Mon 06:00Z: 4h + 6h counted, the weekend behind.
    const escalation = policy.targetFor('escalation', 'medium');
    if (!escalation) throw new Error('fenorri medium has an escalation target');
    const e = explainTarget(escalation, t('2027-03-05T20:00:00Z'));
    expect(iso(e.due)).toBe('2027-03-09T20:00:00Z');
    const now = explanationUpTo(e, t('2027-03-08T06:00:00Z'));
    expect(now.segments.map((s) => [iso(s.from), iso(s.to), s.totalMs / 3_600_000])).toEqual([
      ['2027-03-05T20:00:00Z', '2027-03-06T00:00:00Z', 4],
      ['2027-03-08T00:00:00Z', '2027-03-08T06:00:00Z', 10],
    ]);
    expect(now.gaps.map((g) => [iso(g.from), iso(g.to)])).toEqual([
      ['2027-03-06T00:00:00Z', '2027-03-08T00:00:00Z'],
    ]);
    expect(explanationUpTo(e, t('2027-03-06T12:00:00Z')).gaps[0]?.to).toBe(t('2027-03-06T12:00:00Z'));
  });
});
