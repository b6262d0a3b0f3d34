import { describe, expect, it } from 'vitest';
import { timerId } from '../../../shared/tickets/owed-timers.js';
import {
  InvalidTimerPayloadError,
  parseTimerPayload,
  toTimerPayload,
} from '../../../shared/timers/timer-payload.js';

const ref = {
  tenantId: 'managry',
  ticketId: 'T1',
  timer: {
    key: 'update#2#reminder#0',
    milestone: 'update' as const,
    cycle: 2,
    kind: 'reminder' as const,
    fireAt: Date.parse('2026-03-02T10:30:00Z'),
    dueAt: Date.parse('2026-03-02T11:00:00Z'),
  },
};

describe('timer payload v1', () => {
  it('round-trips through JSON (as Scheduler delivers it)', () => {
    const payload = toTimerPayload(ref);
    expect(payload).toEqual({
      v: 1,
      tenantId: 'managry',
      ticketId: 'T1',
      timerId: `update#2#reminder#0@${Date.parse('2026-03-02T11:00:00Z')}`,
      milestone: 'update',
      cycle: 2,
      kind: 'reminder',
      dueAt: '2026-03-02T11:00:00Z',
      fireAt: '2026-03-02T10:30:00Z',
    });
    expect(parseTimerPayload(JSON.stringify(payload))).toEqual(payload);
    expect(parseTimerPayload(payload)).toEqual(payload);
    expect(timerId(ref.timer)).toBe(payload.timerId);
  });

  it('rejects unknown versions, fields, milestones and malformed instants, naming the field', () => {
    const good = toTimerPayload(ref);
    expect(() => parseTimerPayload({ ...good, v: 2 })).toThrow(/v:/);
    expect(() => parseTimerPayload({ ...good, extra: 1 })).toThrow(InvalidTimerPayloadError);
    expect(() => parseTimerPayload({ ...good, milestone: 'lunch' })).toThrow(/milestone/);
    expect(() => parseTimerPayload({ ...good, dueAt: 'tomorrow' })).toThrow(/dueAt/);
    expect(() => parseTimerPayload({ ...good, cycle: 0 })).toThrow(/cycle/);
    expect(() => parseTimerPayload('{not json')).toThrow(/not JSON/);
  });
});
