import { describe, expect, it } from 'vitest';
import { UnknownPriorityError } from '../../../shared/sla/errors.js';
import { formatInstant, parseInstant } from '../../../shared/sla/instant.js';
import { computeSla } from '../../../shared/sla/milestones.js';
import { parsePolicySpec } from '../../../shared/sla/policy-schema.js';
import type { MilestoneName, SlaEvent, SlaSnapshot, TicketStatus } from '../../../shared/sla/types.js';

/**
 * A lab policy on the 24x7 calendar, so the arithmetic is plain minutes:
 * p1: firstResponse 60, update 120, escalation 240, resolution 480; p2: firstResponse 30, resolution 120;
 * p3: resolution 960. Reminders at half the budget. Breaches: firstResponse/update/escalation -> 1, resolution -> 2.
 */
const LAB = parsePolicySpec({
  id: 'lab',
  priorities: ['p1', 'p2', 'p3'],
  defaultPriority: 'p1',
  calendar: 'always',
  targets: {
    p1: {
      firstResponse: { within: '60m' },
      update: { within: '120m' },
      escalation: { within: '240m' },
      resolution: { within: '480m' },
    },
    p2: { firstResponse: { within: '30m' }, resolution: { within: '120m' } },
    p3: { resolution: { within: '960m' } },
  },
  reminders: [0.5],
  escalation: {
    levels: [
      { level: 1, name: 'Lead' },
      { level: 2, name: 'Manager' },
      { level: 3, name: 'Executive' },
    ],
    onBreach: { firstResponse: 1, update: 1, escalation: 1, resolution: 2 },
    customerMayRequest: false,
  },
});

const MIN = 60_000;
const T0 = parseInstant('2026-03-02T09:00:00Z');
/** T0 + m minutes. */
const at = (m: number) => T0 + m * MIN;

const created = (priority = 'p1', m = 0): SlaEvent => ({ type: 'created', at: at(m), priority });
const reply = (m: number): SlaEvent => ({ type: 'agentReply', at: at(m) });
const status = (m: number, s: TicketStatus): SlaEvent => ({ type: 'statusChanged', at: at(m), status: s });
const priority = (m: number, p: string): SlaEvent => ({ type: 'priorityChanged', at: at(m), priority: p });

function lab(events: SlaEvent[], nowMinutes: number): SlaSnapshot {
  return computeSla({ policyId: 'lab' }, events, at(nowMinutes), LAB);
}

function get(snapshot: SlaSnapshot, name: MilestoneName, cycle = 1) {
  const m = snapshot.milestones.find((x) => x.name === name && x.cycle === cycle);
  if (!m) throw new Error(`no ${name}#${cycle} in ${JSON.stringify(snapshot.milestones.map((x) => x.name))}`);
  return m;
}

/** Minutes after T0 (or null), to keep expectations readable. */
const mins = (t: number | null) => (t === null ? null : (t - T0) / MIN);

function brief(snapshot: SlaSnapshot, name: MilestoneName, cycle = 1) {
  const m = get(snapshot, name, cycle);
  return {
    state: m.state,
    due: mins(m.dueAt),
    met: mins(m.metAt),
    breached: mins(m.breachedAt),
    elapsed: m.elapsedMs / MIN,
    remaining: m.remainingMs / MIN,
  };
}

describe('a new ticket', () => {
  it('runs every milestone its priority defines, with reminders and deadlines as timers', () => {
    const s = lab([created()], 0);
    expect(s.milestones.map((m) => m.name)).toEqual(['firstResponse', 'escalation', 'resolution']);
    expect(brief(s, 'firstResponse')).toEqual({
      state: 'running',
      due: 60,
      met: null,
      breached: null,
      elapsed: 0,
      remaining: 60,
    });
    expect(get(s, 'resolution').budgetMs).toBe(480 * MIN);
    expect(get(s, 'resolution').escalatesTo).toBe(2);
    expect(s.timers.map((t) => [t.key, mins(t.fireAt), mins(t.dueAt)])).toEqual([
      ['firstResponse#1#reminder#0', 30, 60],
      ['firstResponse#1#deadline#0', 60, 60],
      ['escalation#1#reminder#0', 120, 240],
      ['escalation#1#deadline#0', 240, 240],
      ['resolution#1#reminder#0', 240, 480],
      ['resolution#1#deadline#0', 480, 480],
    ]);
    expect(get(s, 'firstResponse').reminders.map(mins)).toEqual([30]);
    expect(s.escalationLevel).toBe(0);
  });

  it('floors due instants to the second', () => {
    const s = computeSla(
      { policyId: 'lab' },
      [{ type: 'created', at: T0 + 999, priority: 'p2' }],
      T0 + 999,
      LAB,
    );
    expect(formatInstant(get(s, 'firstResponse').dueAt ?? 0)).toBe('2026-03-02T09:30:00Z');
    expect(get(s, 'firstResponse').dueAt).toBe(at(30));
  });
});

describe('firstResponse', () => {
  it('is met by the first agent reply, which starts update cycle 1', () => {
    const s = lab([created(), reply(30)], 40);
    expect(brief(s, 'firstResponse')).toMatchObject({
      state: 'met',
      due: 60,
      met: 30,
      elapsed: 30,
      remaining: 30,
    });
    expect(brief(s, 'update')).toMatchObject({ state: 'running', due: 150, elapsed: 10 });
    expect(get(s, 'update').startedAt).toBe(at(30));
    expect(s.timers.some((t) => t.milestone === 'firstResponse')).toBe(false);
  });

  it('breaches at its due instant, escalates, and stays breached when met later', () => {
    const late = lab([created()], 120);
    expect(brief(late, 'firstResponse')).toEqual({
      state: 'breached',
      due: 60,
      met: null,
      breached: 60,
      elapsed: 120,
      remaining: 0,
    });
    expect(late.escalationLevel).toBe(1);
    // The deadline timer stays owed until the breach is handled (the timer may not have fired yet).
    expect(late.timers.filter((t) => t.milestone === 'firstResponse').map((t) => t.key)).toEqual([
      'firstResponse#1#deadline#0',
    ]);
    const answered = lab([created(), reply(150)], 160);
    expect(brief(answered, 'firstResponse')).toMatchObject({ state: 'breached', breached: 60, met: 150 });
    // Met late, before the (late) timer acted: the breach is still owed to the sla-timer, so the reply cannot
    // erase the breach record, its escalation and its mail. The caller drops it once acted on.
    expect(
      answered.timers.filter((t) => t.milestone === 'firstResponse').map((t) => [t.key, mins(t.fireAt)]),
    ).toEqual([['firstResponse#1#deadline#0', 60]]);
  });

  it('a reply at exactly the due instant is late (dueAt <= t breaches)', () => {
    const s = lab([created(), reply(60)], 60);
    expect(brief(s, 'firstResponse')).toMatchObject({ state: 'breached', breached: 60, met: 60 });
  });

  it('is not paused by pending_customer', () => {
    const s = lab([created(), status(10, 'pending_customer')], 50);
    expect(brief(s, 'firstResponse')).toMatchObject({ state: 'running', due: 60, elapsed: 50 });
  });

  it('is cancelled when the ticket is resolved before any reply', () => {
    const s = lab([created(), status(20, 'resolved')], 100);
    expect(brief(s, 'firstResponse')).toMatchObject({ state: 'cancelled', due: null, remaining: 0 });
    expect(s.timers).toEqual([]);
    expect(s.escalationLevel).toBe(0);
  });
});

describe('pause (pending_customer)', () => {
  const events = [created(), status(120, 'pending_customer')];

  it('stops escalation and resolution: paused, no due instant, no timers', () => {
    const s = lab(events, 180);
    expect(brief(s, 'resolution')).toEqual({
      state: 'paused',
      due: null,
      met: null,
      breached: null,
      elapsed: 120,
      remaining: 360,
    });
    expect(get(s, 'escalation').state).toBe('paused');
    expect(s.timers.filter((t) => t.milestone !== 'firstResponse')).toEqual([]);
  });

  it('resumes with the time left: due = resume + remaining', () => {
    const s = lab([...events, status(300, 'open')], 300);
    // resolution: 120 used, 360 left from 300 -> 660; escalation: 120 used, 120 left -> 420.
    expect(brief(s, 'resolution')).toMatchObject({
      state: 'running',
      due: 660,
      elapsed: 120,
      remaining: 360,
    });
    expect(brief(s, 'escalation')).toMatchObject({ state: 'running', due: 420 });
    // The resolution reminder (240 used) now falls at 300 + 120 = 420; the escalation reminder (120 used) was
    // reached before the pause, so it is not owed again.
    expect(s.timers.filter((t) => t.kind === 'reminder').map((t) => [t.key, mins(t.fireAt)])).toEqual([
      ['resolution#1#reminder#0', 420],
    ]);
  });
});

describe('resolve and reopen', () => {
  const events = [created(), reply(30), status(180, 'resolved')];

  it('resolved stops every clock: escalation/resolution met, the running update cycle cancelled', () => {
    const s = lab(events, 400);
    expect(brief(s, 'resolution')).toMatchObject({ state: 'met', met: 180, due: 480, elapsed: 180 });
    expect(brief(s, 'escalation')).toMatchObject({ state: 'met', met: 180, due: 240 });
    // update cycle 1 (30 + 120 = 150) breached before the resolve; a breached cycle stays breached.
    expect(brief(s, 'update')).toMatchObject({ state: 'breached', breached: 150, met: null });
    // Nothing runs any more; only the update breach is still owed to the sla-timer (until it acts on it).
    expect(s.timers.map((t) => [t.key, mins(t.fireAt)])).toEqual([['update#1#deadline#0', 150]]);
  });

  it('a reopen resumes escalation and resolution with what they had left', () => {
    const s = lab([...events, status(600, 'open')], 610);
    // resolution: 180 used, 300 left -> 900; escalation: 60 left -> 660.
    expect(brief(s, 'resolution')).toMatchObject({ state: 'running', due: 900, met: null, elapsed: 190 });
    expect(brief(s, 'escalation')).toMatchObject({ state: 'running', due: 660, met: null });
    const later = lab([...events, status(600, 'open')], 700);
    expect(brief(later, 'escalation')).toMatchObject({ state: 'breached', breached: 660 });
    // No new update cycle until the next agent reply.
    expect(later.milestones.filter((m) => m.name === 'update')).toHaveLength(1);
  });

  it('closed counts as resolved', () => {
    const s = lab([created(), status(100, 'closed')], 200);
    expect(brief(s, 'resolution')).toMatchObject({ state: 'met', met: 100 });
  });
});

describe('recurring update', () => {
  it('runs cycle after cycle: breached stays breached, pauses, cancelled on resolve, restarts after reopen', () => {
    const events = [
      created(),
      reply(10), // cycle 1: 10 + 120 = 130
      reply(180), // cycle 1 breached at 130, met at 180; cycle 2 from 180
      status(210, 'pending_customer'),
      status(240, 'open'), // cycle 2 paused 30 min -> due 330
      status(270, 'resolved'), // cycle 2 cancelled
      status(400, 'open'),
      reply(420), // cycle 3: 540
    ];
    const mid = lab(events.slice(0, 5), 250);
    expect(brief(mid, 'update', 2)).toMatchObject({ state: 'running', due: 330, elapsed: 40 });
    const s = lab(events, 430);
    expect(brief(s, 'update', 1)).toMatchObject({ state: 'breached', breached: 130, met: 180, due: 130 });
    expect(brief(s, 'update', 2)).toMatchObject({ state: 'cancelled', due: null });
    expect(brief(s, 'update', 3)).toMatchObject({ state: 'running', due: 540 });
    expect(s.milestones.map((m) => `${m.name}#${m.cycle}`)).toEqual([
      'firstResponse#1',
      'update#1',
      'update#2',
      'update#3',
      'escalation#1',
      'resolution#1',
    ]);
    expect(s.timers.filter((t) => t.milestone === 'update').map((t) => t.key)).toEqual([
      'update#1#deadline#0', // breached at 130, met late at 180: owed until the sla-timer acts on it
      'update#3#reminder#0',
      'update#3#deadline#0',
    ]);
  });

  it('Managry Premier: a cycle started outside business hours gets 8 calendar hours', () => {
    const c = parseInstant('2026-03-04T09:00:00+01:00'); // Wednesday, open
    const events: SlaEvent[] = [
      { type: 'created', at: c, priority: 'critical' },
      { type: 'agentReply', at: parseInstant('2026-03-04T10:00:00+01:00') },
      { type: 'agentReply', at: parseInstant('2026-03-04T20:00:00+01:00') },
    ];
    const s = computeSla(
      { policyId: 'managry', plan: 'premier' },
      events,
      parseInstant('2026-03-04T21:00:00+01:00'),
    );
    // Cycle 1 from 10:00 (open): 1 business hour -> 11:00 CET; met at 20:00 after breaching at 11:00.
    expect(formatInstant(get(s, 'update', 1).dueAt ?? 0)).toBe('2026-03-04T10:00:00Z');
    expect(get(s, 'update', 1).state).toBe('breached');
    // Cycle 2 from 20:00 (closed): 8 calendar hours -> 04:00 CET.
    expect(formatInstant(get(s, 'update', 2).dueAt ?? 0)).toBe('2026-03-05T03:00:00Z');
    expect(get(s, 'update', 2).budgetMs).toBe(8 * 60 * MIN);
  });

  it('Harmoni normal has no update milestone ("on status change"), urgent does', () => {
    const c = parseInstant('2026-03-02T09:00:00Z');
    const events = (p: string): SlaEvent[] => [
      { type: 'created', at: c, priority: p },
      { type: 'agentReply', at: c + 30 * MIN },
    ];
    const normal = computeSla({ policyId: 'harmoni', region: 'emea' }, events('normal'), c + 60 * MIN);
    expect(normal.milestones.map((m) => m.name)).toEqual(['firstResponse']);
    const urgent = computeSla({ policyId: 'harmoni', region: 'emea' }, events('urgent'), c + 60 * MIN);
    // 24 business hours of 08:30-17:00 from Monday 09:30: 7.5 + 8.5 (Tue) + 8 (Wed to 16:30).
    expect(formatInstant(get(urgent, 'update').dueAt ?? 0)).toBe('2026-03-04T16:30:00Z');
  });
});

describe('priority change', () => {
  it('recomputes from the start; a due instant already past breaches at once', () => {
    const s = lab([created(), priority(45, 'p2')], 50);
    // p2 firstResponse 30 min -> due 30, before the change at 45: breached at 45.
    expect(brief(s, 'firstResponse')).toMatchObject({ state: 'breached', due: 30, breached: 45 });
    expect(brief(s, 'resolution')).toMatchObject({ state: 'running', due: 120 });
    // p2 has no escalation target: cancelled.
    expect(get(s, 'escalation').state).toBe('cancelled');
    expect(s.escalationLevel).toBe(1);
  });

  it('keeps paused time excluded and cancels milestones the new priority lacks', () => {
    const s = lab([created(), status(10, 'pending_customer'), status(20, 'open'), priority(30, 'p3')], 30);
    expect(get(s, 'firstResponse').state).toBe('cancelled');
    expect(get(s, 'escalation').state).toBe('cancelled');
    // 960 min from 0 with 10 min paused -> 970.
    expect(brief(s, 'resolution')).toMatchObject({ state: 'running', due: 970, elapsed: 20 });
    expect(s.timers.map((t) => t.key)).toEqual(['resolution#1#reminder#0', 'resolution#1#deadline#0']);
  });

  it('starts milestones the new priority defines from their original start', () => {
    const s = lab([created('p3'), priority(30, 'p1')], 30);
    expect(brief(s, 'firstResponse')).toMatchObject({ state: 'running', due: 60, elapsed: 30 });
    expect(brief(s, 'escalation')).toMatchObject({ state: 'running', due: 240 });
    expect(brief(s, 'resolution')).toMatchObject({ state: 'running', due: 480 });
    // Reminders before the change are not owed: the firstResponse half-way point (30) is the change instant.
    expect(s.timers.find((t) => t.key === 'firstResponse#1#reminder#0')?.fireAt).toBe(at(30));
  });

  it('records a first response given before the milestone existed as met, and starts update from the last reply', () => {
    const s = lab([created('p3'), reply(10), priority(30, 'p1')], 30);
    expect(brief(s, 'firstResponse')).toMatchObject({ state: 'met', met: 10, breached: null });
    expect(brief(s, 'update')).toMatchObject({ state: 'running', due: 130 });
  });

  it('p1 -> p2 -> p1 revives the cancelled escalation as from its start', () => {
    const s = lab([created(), priority(10, 'p2'), priority(20, 'p1')], 25);
    expect(s.milestones.filter((m) => m.name === 'escalation')).toHaveLength(1);
    expect(brief(s, 'escalation')).toMatchObject({ state: 'running', due: 240 });
    expect(brief(s, 'firstResponse')).toMatchObject({ state: 'running', due: 60 });
  });

  it('rejects a priority the policy does not have', () => {
    expect(() => lab([created(), priority(10, 'p9')], 20)).toThrow(UnknownPriorityError);
    expect(() => lab([created('zz')], 0)).toThrow(UnknownPriorityError);
  });

  it('a breached milestone is not recomputed', () => {
    const s = lab([created(), priority(90, 'p3'), priority(100, 'p1')], 100);
    expect(brief(s, 'firstResponse')).toMatchObject({ state: 'breached', breached: 60 });
  });
});

describe('escalation level', () => {
  const ask = (m: number, by: 'customer' | 'agent'): SlaEvent => ({
    type: 'escalationRequested',
    at: at(m),
    by,
  });

  it('agents may request the next level; customers only where the policy allows; capped at the chain', () => {
    expect(lab([created(), ask(5, 'customer')], 10).escalationLevel).toBe(0);
    expect(lab([created(), ask(5, 'agent')], 10).escalationLevel).toBe(1);
    expect(
      lab([created(), ask(5, 'agent'), ask(6, 'agent'), ask(7, 'agent'), ask(8, 'agent')], 10)
        .escalationLevel,
    ).toBe(3);
  });

  it('enterprise-support: the customer may request levels 1-3; a breach counts as level 1 first', () => {
    const c = parseInstant('2026-03-02T09:00:00Z');
    const events = (n: number, startMinute: number): SlaEvent[] => [
      { type: 'created', at: c, priority: 'high' },
      ...Array.from({ length: n }, (_, i) => ({
        type: 'escalationRequested' as const,
        at: c + (startMinute + i) * MIN,
        by: 'customer' as const,
      })),
    ];
    const sla = (e: SlaEvent[], m: number) => computeSla({ policyId: 'enterprise-support' }, e, c + m * MIN);
    expect(sla(events(1, 5), 10).escalationLevel).toBe(1);
    expect(sla(events(5, 5), 20).escalationLevel).toBe(3);
    // firstResponse (30 min) breached at 30 -> level 1; a request at 40 -> level 2.
    expect(sla(events(1, 40), 45).escalationLevel).toBe(2);
  });

  it('resolution breach escalates to level 2', () => {
    const s = lab([created(), reply(10), reply(100)], 500);
    expect(get(s, 'resolution').state).toBe('breached');
    expect(s.escalationLevel).toBe(2);
  });
});

describe('reminders', () => {
  it('lists future reminders in the snapshot, keeps owed ones in the timers until the deadline', () => {
    const before = lab([created()], 20);
    expect(get(before, 'firstResponse').reminders.map(mins)).toEqual([30]);
    const after = lab([created()], 31);
    expect(get(after, 'firstResponse').reminders).toEqual([]);
    expect(after.timers.map((t) => t.key)).toContain('firstResponse#1#reminder#0');
  });
});

describe('fenorri low', () => {
  it('the release date is not moved by a pause; escalation (24x5) is', () => {
    const subject = { policyId: 'fenorri', timezone: 'Europe/Tallinn' };
    const events: SlaEvent[] = [
      { type: 'created', at: parseInstant('2026-03-04T10:00:00Z'), priority: 'low' },
      { type: 'agentReply', at: parseInstant('2026-03-04T11:00:00Z') },
      { type: 'statusChanged', at: parseInstant('2026-03-05T10:00:00Z'), status: 'pending_customer' },
      { type: 'statusChanged', at: parseInstant('2026-03-20T10:00:00Z'), status: 'open' },
    ];
    const paused = computeSla(subject, events.slice(0, 3), parseInstant('2026-03-10T00:00:00Z'));
    expect(get(paused, 'resolution').state).toBe('running');
    expect(formatInstant(get(paused, 'resolution').dueAt ?? 0)).toBe('2026-04-07T12:00:00Z');
    expect(get(paused, 'escalation').state).toBe('paused');
    const resumed = computeSla(subject, events, parseInstant('2026-03-20T10:00:00Z'));
    expect(formatInstant(get(resumed, 'resolution').dueAt ?? 0)).toBe('2026-04-07T12:00:00Z');
    // Escalation: 24 h used (Wed 12:00 - Thu 12:00 EET), 144 h left from Fri 20 March 12:00 EET:
    // Fri 12 + Mon-Fri 120 = 132, + Mon 30 March 12 h -> 12:00 EEST (DST since the 29th) = 09:00Z.
    expect(formatInstant(get(resumed, 'escalation').dueAt ?? 0)).toBe('2026-03-30T09:00:00Z');
  });
});

describe('input', () => {
  it('needs a created event first', () => {
    expect(() => lab([reply(1)], 5)).toThrow(RangeError);
  });

  it('ignores events after now and sorts by time', () => {
    const s = lab([reply(30), created()], 20);
    expect(get(s, 'firstResponse').state).toBe('running');
    const sorted = lab([reply(30), created()], 40);
    expect(get(sorted, 'firstResponse').state).toBe('met');
  });
});
