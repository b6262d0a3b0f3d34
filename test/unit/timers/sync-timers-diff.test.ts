/**
 * timer-sync's diff of a ticket stream record. A timer id is `${key}@${dueAt}`: a reminder keeps its id when
 * only its fire instant moves (a tenant's own policy changed its reminder fraction; the refresh rewrites the
 * entry). Its schedule must move too: kept at the old instant it would fire early, find the reminder not due
 * and, retried a few minutes, end in the DLQ, so the reminder would never be sent.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { decodeStreamEvent, decodeStreamRecord } from '../../../shared/adapters/dynamodb/stream-images.js';
import type { OwedTimer } from '../../../shared/tickets/owed-timers.js';
import type { TimerScheduler } from '../../../shared/timers/ports.js';
import { diffOwedTimers, syncTimers } from '../../../shared/timers/sync-timers.js';
import type { TimerRef } from '../../../shared/timers/timer-payload.js';

const DUE = Date.parse('2026-08-03T16:00:00Z');
const reminder = (fireAt: number): OwedTimer => ({
  key: 'resolution#1#reminder#0',
  milestone: 'resolution',
  cycle: 1,
  kind: 'reminder',
  fireAt,
  dueAt: DUE,
});
const deadline: OwedTimer = {
  key: 'resolution#1#deadline#0',
  milestone: 'resolution',
  cycle: 1,
  kind: 'deadline',
  fireAt: DUE,
  dueAt: DUE,
};

function ticketImage(timers: OwedTimer[]) {
  const timersOwed = Object.fromEntries(timers.map((t) => [`${t.key}@${t.dueAt}`, t]));
  return marshall({
    PK: 'T#izen#TICKET#t1',
    SK: 'TICKET',
    entity: 'ticket',
    tenantId: 'izen',
    ticketId: 't1',
    timersOwed,
  }) as never;
}

function modify(before: OwedTimer[], after: OwedTimer[]): DynamoDBRecord {
  return {
    eventName: 'MODIFY',
    dynamodb: { OldImage: ticketImage(before), NewImage: ticketImage(after), SequenceNumber: '1' },
  };
}

describe('diffOwedTimers', () => {
  it('a reminder that keeps its id but moves its fire instant gets its schedule replaced', async () => {
    const early = reminder(DUE - 4 * 3_600_000);
    const late = reminder(DUE - 2 * 3_600_000);
    const { ensure, remove } = diffOwedTimers(
      decodeStreamRecord(modify([early, deadline], [late, deadline])),
    );
    expect(remove.map((r) => r.timer)).toEqual([early]);
    expect(ensure.map((r) => r.timer)).toEqual([late]);

    const calls: string[] = [];
    const scheduler: TimerScheduler = {
      ensure: async (ref: TimerRef) => {
        calls.push(`ensure ${ref.timer.key} ${ref.timer.fireAt}`);
        return 'created';
      },
      remove: async (ref: TimerRef) => void calls.push(`remove ${ref.timer.key} ${ref.timer.fireAt}`),
    };
    await syncTimers(decodeStreamEvent({ Records: [modify([early, deadline], [late, deadline])] }), {
      scheduler,
    });
    // The old schedule (same name) goes first, so the create is not a ConflictException taken as "present".
    expect(calls).toEqual([
      `remove resolution#1#reminder#0 ${early.fireAt}`,
      `ensure resolution#1#reminder#0 ${late.fireAt}`,
    ]);
  });

  it('timers unchanged between the images ask nothing of the Scheduler', () => {
    const same = reminder(DUE - 4 * 3_600_000);
    expect(
      diffOwedTimers(decodeStreamRecord(modify([same, deadline], [{ ...same }, { ...deadline }]))),
    ).toEqual({
      ensure: [],
      remove: [],
    });
  });
});
