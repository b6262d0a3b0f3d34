/**
 * The derivation from one ticket write (old image -> new image) to bus events, on hand-made images: which
 * transitions, their instants and details, deterministic ids, and nothing twice across consecutive writes.
 */
import { describe, expect, it } from 'vitest';
import { deriveTransitions, type Transition } from '../../../shared/events/derive-transitions.js';
import { parseEventDetail } from '../../../shared/events/event-contract.js';
import type { SlaEvent } from '../../../shared/sla/types.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import { at, ENTERPRISE, enterprise, fenorri, image, T0 } from './ticket-images.js';

const created: SlaEvent[] = [{ type: 'created', at: T0, priority: 'high' }];
const v1 = image(1, T0, created);
const deadlineOf = (t: Ticket, milestone: string) =>
  Object.keys(t.timersOwed).find((id) => id.startsWith(`${milestone}#1#deadline`)) as string;
const reminderOf = (t: Ticket, milestone: string) =>
  Object.keys(t.timersOwed).find((id) => id.startsWith(`${milestone}#1#reminder`)) as string;

const derive = (before: Ticket | null, after: Ticket, policy = fenorri) =>
  deriveTransitions({ before, after, policy });
const summary = (ts: Transition[]) =>
  ts.map((t) => {
    const d = t.event.detail as { milestone?: string };
    return `${t.event.detailType}${d.milestone ? ` ${d.milestone}` : ''}`;
  });
const detailOf = (ts: Transition[], type: string, milestone?: string) =>
  ts.find(
    (t) =>
      t.event.detailType === type &&
      (milestone === undefined || (t.event.detail as { milestone?: string }).milestone === milestone),
  )?.event.detail as Record<string, unknown>;

describe('deriveTransitions', () => {
  it('a new ticket: Ticket Created and every milestone started, with due instants and deterministic ids', () => {
    const ts = derive(null, v1);
    expect(summary(ts)).toEqual([
      'Ticket Created',
      'SLA Milestone Started firstResponse',
      'SLA Milestone Started escalation',
      'SLA Milestone Started resolution',
    ]);
    expect(ts.map((t) => t.eventId)).toEqual([
      't_01/v1/ticket-created',
      't_01/v1/milestone-started/firstResponse/1',
      't_01/v1/milestone-started/escalation/1',
      't_01/v1/milestone-started/resolution/1',
    ]);
    expect(detailOf(ts, 'SLA Milestone Started', 'firstResponse')).toMatchObject({
      dueAt: '2026-03-02T13:00:00Z',
      startedAt: '2026-03-02T09:00:00Z',
    });
    expect(detailOf(ts, 'SLA Milestone Started', 'resolution')).toMatchObject({
      dueAt: '2026-03-04T09:00:00Z',
    });
  });

  it('every detail matches its schema, names the tenant, and carries no staff or internal fields', () => {
    const ts = derive(null, v1);
    for (const t of ts) {
      expect(parseEventDetail(t.event.detailType, t.event.detail).detail).toEqual(t.event.detail);
      expect(t.event.detail.tenantId).toBe('fen');
      expect(t.event.detail.eventId).toBe(t.eventId);
      const text = JSON.stringify(t.event.detail);
      expect(text).not.toContain('bob@support.example');
      expect(text).not.toContain('internal-looking description');
      expect(text).not.toContain('ann@client.example');
    }
  });

  it('redelivery of the same record derives the same events with the same ids', () => {
    const v2 = image(2, at(13, 5), created, { timersActed: [deadlineOf(v1, 'firstResponse')] });
    expect(derive(v1, v2)).toEqual(derive(v1, v2));
    expect(derive(v2, v2)).toEqual([]);
  });

  it('a reply in time meets the first response, and nothing else happens', () => {
    const v2 = image(2, at(10), [...created, { type: 'agentReply', at: at(10) }], { status: 'open' });
    const ts = derive(v1, v2);
    expect(summary(ts)).toEqual(['SLA Milestone Met firstResponse']);
    expect(ts[0]?.eventId).toBe('t_01/v2/milestone-met/firstResponse/1');
    expect(detailOf(ts, 'SLA Milestone Met')).toMatchObject({
      metAt: '2026-03-02T10:00:00Z',
      dueAt: '2026-03-02T13:00:00Z',
      withinTarget: true,
    });
  });

  it('the reminder the sla-timer acted on is Warned, at its fire instant', () => {
    const v2 = image(2, at(12, 1), created, { timersActed: [reminderOf(v1, 'firstResponse')] });
    const ts = derive(v1, v2);
    expect(summary(ts)).toEqual(['SLA Milestone Warned firstResponse']);
    expect(ts[0]?.eventId).toBe('t_01/v2/milestone-warned/firstResponse/1/0');
    expect(detailOf(ts, 'SLA Milestone Warned')).toMatchObject({
      occurredAt: '2026-03-02T12:00:00Z',
      dueAt: '2026-03-02T13:00:00Z',
      reminder: 0,
    });
  });

  it('a breach recorded by the timer: Breached at the deadline and Ticket Escalated, once across later writes', () => {
    const v2 = image(2, at(13, 1), created, { timersActed: [deadlineOf(v1, 'firstResponse')] });
    const ts = derive(v1, v2);
    expect(summary(ts)).toEqual(['SLA Milestone Breached firstResponse', 'Ticket Escalated firstResponse']);
    expect(detailOf(ts, 'SLA Milestone Breached')).toMatchObject({
      occurredAt: '2026-03-02T13:00:00Z',
      breachedAt: '2026-03-02T13:00:00Z',
      escalatesTo: 1,
    });
    expect(detailOf(ts, 'Ticket Escalated')).toMatchObject({
      fromLevel: 0,
      toLevel: 1,
      levelName: 'Escalation team',
      cause: 'breach',
      milestone: 'firstResponse',
    });
    // The late reply afterwards: met, but not within target; no second breach or escalation.
    const v3 = image(3, at(13, 10), [...created, { type: 'agentReply', at: at(13, 10) }], {
      status: 'open',
      timersActed: v2.timersActed,
    });
    const late = derive(v2, v3);
    expect(summary(late)).toEqual(['SLA Milestone Met firstResponse']);
    expect(detailOf(late, 'SLA Milestone Met')).toMatchObject({ withinTarget: false });
  });

  it('a late reply written before the timer ran reports the breach; the timer write afterwards reports nothing', () => {
    const replied: SlaEvent[] = [...created, { type: 'agentReply', at: at(13, 2) }];
    const v2 = image(2, at(13, 2), replied, { status: 'open' });
    expect(summary(derive(v1, v2))).toEqual([
      'SLA Milestone Breached firstResponse',
      'Ticket Escalated firstResponse',
      'SLA Milestone Met firstResponse',
    ]);
    const v3 = image(3, at(13, 3), replied, {
      status: 'open',
      timersActed: [deadlineOf(v1, 'firstResponse')],
    });
    expect(derive(v2, v3)).toEqual([]);
  });

  it('pending_customer pauses the pausable milestones; the customer reply resumes them with the time left', () => {
    const pending: SlaEvent[] = [
      ...created,
      { type: 'agentReply', at: at(10) },
      { type: 'statusChanged', at: at(10), status: 'pending_customer' },
    ];
    const v2 = image(2, at(10), pending, { status: 'pending_customer' });
    const paused = derive(v1, v2);
    expect(summary(paused)).toEqual([
      'SLA Milestone Met firstResponse',
      'SLA Milestone Paused escalation',
      'SLA Milestone Paused resolution',
    ]);
    expect(detailOf(paused, 'SLA Milestone Paused', 'escalation')).toMatchObject({
      previousDueAt: '2026-03-02T17:00:00Z',
      remainingMinutes: 420,
    });
    const back: SlaEvent[] = [
      ...pending,
      { type: 'customerReply', at: at(12) },
      { type: 'statusChanged', at: at(12), status: 'open' },
    ];
    const v3 = image(3, at(12), back, { status: 'open' });
    const resumed = derive(v2, v3);
    expect(summary(resumed)).toEqual([
      'SLA Milestone Resumed escalation',
      'SLA Milestone Resumed resolution',
    ]);
    expect(detailOf(resumed, 'SLA Milestone Resumed', 'escalation')).toMatchObject({
      dueAt: '2026-03-02T19:00:00Z',
      remainingMinutes: 420,
    });
    expect(detailOf(resumed, 'SLA Milestone Resumed', 'resolution')).toMatchObject({
      dueAt: '2026-03-04T11:00:00Z',
    });
  });

  it('a priority change recomputes the running milestones from their start (cause priority_changed)', () => {
    // medium runs on fenorri-24x5 in the customer's zone (Monday is open all day): 8 h and 48 h from Monday 09:00.
    const events: SlaEvent[] = [...created, { type: 'priorityChanged', at: at(10), priority: 'medium' }];
    const v2 = image(2, at(10), events, { priority: 'medium' });
    const ts = derive(v1, v2);
    expect(summary(ts)).toEqual([
      'SLA Milestone Recomputed firstResponse',
      'SLA Milestone Recomputed escalation',
      'SLA Milestone Recomputed resolution',
    ]);
    expect(detailOf(ts, 'SLA Milestone Recomputed', 'firstResponse')).toMatchObject({
      cause: 'priority_changed',
      previousDueAt: '2026-03-02T13:00:00Z',
      dueAt: '2026-03-02T17:00:00Z',
      state: 'running',
      ticket: expect.objectContaining({ priority: 'medium' }),
    });
    expect(detailOf(ts, 'SLA Milestone Recomputed', 'escalation')).toMatchObject({
      previousDueAt: '2026-03-02T17:00:00Z',
      dueAt: '2026-03-04T09:00:00Z',
    });
  });

  it('a write under a changed tenant policy reports the moved deadline (cause policy_changed)', () => {
    // The old image as written under the tenant's previous policy: its firstResponse deadline timer said 14:00.
    const old = structuredClone(v1);
    const id = deadlineOf(v1, 'firstResponse');
    const timer = old.timersOwed[id]!;
    delete old.timersOwed[id];
    old.timersOwed[`firstResponse#1#deadline#0@${at(14)}`] = { ...timer, dueAt: at(14), fireAt: at(14) };
    const v2 = image(2, at(10), created);
    const ts = derive(old, v2);
    expect(summary(ts)).toEqual(['SLA Milestone Recomputed firstResponse']);
    expect(detailOf(ts, 'SLA Milestone Recomputed')).toMatchObject({
      cause: 'policy_changed',
      previousDueAt: '2026-03-02T14:00:00Z',
      dueAt: '2026-03-02T13:00:00Z',
    });
  });

  it('resolve and reopen: Ticket Resolved with the clocks met, Ticket Reopened with them resumed', () => {
    const resolved: SlaEvent[] = [...created, { type: 'statusChanged', at: at(10), status: 'resolved' }];
    const v2 = image(2, at(10), resolved, { status: 'resolved' });
    const done = derive(v1, v2);
    expect(summary(done)).toEqual([
      'SLA Milestone Met escalation',
      'SLA Milestone Met resolution',
      'Ticket Resolved',
    ]);
    expect(detailOf(done, 'Ticket Resolved')).toMatchObject({
      previousStatus: 'new',
      ticket: expect.objectContaining({ status: 'resolved' }),
    });
    const v3 = image(3, at(11), [...resolved, { type: 'statusChanged', at: at(11), status: 'open' }], {
      status: 'open',
    });
    const reopened = derive(v2, v3);
    expect(summary(reopened)).toEqual([
      'SLA Milestone Resumed escalation',
      'SLA Milestone Resumed resolution',
      'Ticket Reopened',
    ]);
    // 7 of the 8 escalation hours were left when it was resolved at 10:00; reopened at 11:00.
    expect(detailOf(reopened, 'SLA Milestone Resumed', 'escalation')).toMatchObject({
      dueAt: '2026-03-02T18:00:00Z',
    });
    expect(detailOf(reopened, 'Ticket Reopened')).toMatchObject({ previousStatus: 'resolved' });
  });

  it('a customer-requested escalation names its cause and the level', () => {
    const opts = { subject: ENTERPRISE, policy: enterprise };
    const e1 = image(1, T0, created, opts);
    const e2 = image(
      2,
      at(9, 5),
      [...created, { type: 'escalationRequested', at: at(9, 5), by: 'customer' }],
      opts,
    );
    const ts = derive(e1, e2, enterprise);
    expect(summary(ts)).toEqual(['Ticket Escalated']);
    expect(ts[0]?.eventId).toBe('t_01/v2/ticket-escalated/1');
    expect(detailOf(ts, 'Ticket Escalated')).toMatchObject({
      fromLevel: 0,
      toLevel: 1,
      levelName: 'Support team lead',
      cause: 'customer_request',
      milestone: null,
    });
  });
});
