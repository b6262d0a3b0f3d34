/**
 * reconcileTimers against DynamoDB Local (the run's emulator, a table of its own) and the local Scheduler,
 * both through the real SDK clients: the schedules it creates are exactly the timers the ticket items owe.
 */
import { BatchWriteItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
} from '../../../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { ManualClock } from '../../../shared/clock.js';
import { reconcileTableTimers } from '../../../shared/composition/reconcile-timers.js';
import { type LocalSchedulerServer, startLocalScheduler } from '../../../shared/local/scheduler-server.js';
import { type OwedTimer, timerId } from '../../../shared/tickets/owed-timers.js';
import { atExpression, scheduleName } from '../../../shared/timers/schedule-name.js';
import { parseTimerPayload } from '../../../shared/timers/timer-payload.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const GROUP = 'sla-sentinel';
const CONFIG = {
  groupName: GROUP,
  targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:sla-timer',
  roleArn: 'arn:aws:iam::000000000000:role/sla-scheduler',
  deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:timer-dlq',
  retry: { baseDelayMs: 1, maxDelayMs: 4, maxAttempts: 30 },
};

function owed(milestone: OwedTimer['milestone'], kind: OwedTimer['kind'], fireMin: number, dueMin: number) {
  const timer: OwedTimer = {
    key: `${milestone}#1#${kind}#0`,
    milestone,
    cycle: 1,
    kind,
    fireAt: T0 + fireMin * 60_000,
    dueAt: T0 + dueMin * 60_000,
  };
  return [timerId(timer), timer] as const;
}

interface SeededTicket {
  tenantId: string;
  ticketId: string;
  timers: OwedTimer[];
}

/** 25 tickets over two tenants owing 2 or 3 timers (one of them already past), plus items that owe nothing. */
function seedPlan(): { tickets: SeededTicket[]; items: Record<string, unknown>[] } {
  const tickets: SeededTicket[] = [];
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < 25; i++) {
    const tenantId = i % 2 === 0 ? 'interzen' : 'managry';
    const ticketId = `t_${String(i).padStart(26, '0')}`;
    const entries = [
      owed('firstResponse', 'reminder', 15 + i, 20 + i),
      owed('firstResponse', 'deadline', 20 + i, 20 + i),
      // Every third ticket owes a deadline that passed while nothing was scheduled.
      ...(i % 3 === 0 ? [owed('resolution', 'deadline', -30, -30)] : []),
    ];
    tickets.push({ tenantId, ticketId, timers: entries.map(([, t]) => t) });
    items.push({
      PK: keys.ticketPk(tenantId, ticketId),
      SK: keys.ticketSk,
      entity: 'ticket',
      tenantId,
      ticketId,
      version: 3,
      timersOwed: Object.fromEntries(entries),
    });
    // History items of the same ticket: never a timer, whatever they carry.
    items.push({
      PK: keys.ticketPk(tenantId, ticketId),
      SK: `EVENT#0000000001#000`,
      entity: 'event',
      tenantId,
      ticketId,
      timersOwed: Object.fromEntries([owed('update', 'deadline', 99, 99)]),
    });
  }
  // A resolved ticket owes nothing (an empty map), a tenant profile has no timers at all.
  items.push({
    PK: keys.ticketPk('interzen', 't_resolved'),
    SK: keys.ticketSk,
    entity: 'ticket',
    tenantId: 'interzen',
    ticketId: 't_resolved',
    timersOwed: {},
  });
  items.push({ PK: 'T#interzen', SK: 'PROFILE', entity: 'tenant', tenantId: 'interzen' });
  return { tickets, items };
}

async function seed(table: TestTable, items: Record<string, unknown>[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    const requests: WriteRequest[] = items
      .slice(i, i + 25)
      .map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } }));
    await table.client.send(new BatchWriteItemCommand({ RequestItems: { [table.tableName]: requests } }));
  }
}

function expectedNames(tickets: SeededTicket[]): string[] {
  return tickets
    .flatMap((t) => t.timers.map((timer) => scheduleName(t.tenantId, t.ticketId, timer.key, timer.dueAt)))
    .sort();
}

async function withScheduler<T>(
  options: { throttleRate?: number; groups?: string[] },
  run: (server: LocalSchedulerServer, scheduler: EventBridgeTimerScheduler) => Promise<T>,
): Promise<T> {
  const clock = new ManualClock(T0);
  const { server, endpoint } = await startLocalScheduler({
    clock,
    groups: options.groups ?? [GROUP],
    throttleRate: options.throttleRate ?? 0,
    seed: 11,
  });
  const client = createSchedulerClient({ SCHEDULER_ENDPOINT: endpoint });
  try {
    return await run(server, new EventBridgeTimerScheduler(client, CONFIG, clock));
  } finally {
    client.destroy();
    await server.stop();
  }
}

let table: TestTable;
const plan = seedPlan();
const owedCount = plan.tickets.reduce((n, t) => n + t.timers.length, 0);

beforeAll(async () => {
  table = await createTestTable('reconcile');
  await seed(table, plan.items);
});
afterAll(async () => {
  await table?.drop();
});

describe('reconcileTimers', () => {
  it('creates exactly the schedules the tickets owe on an empty Scheduler, page by page', async () => {
    await withScheduler({}, async (server, scheduler) => {
      const lines: string[] = [];
      const report = await reconcileTableTimers(
        { dynamo: table.client, tableName: table.tableName, scheduler, log: (l) => lines.push(l) },
        { pageSize: 7, concurrency: 4 },
      );
      expect(report).toMatchObject({
        dryRun: false,
        ticketsScanned: 26,
        timersOwed: owedCount,
        created: owedCount,
        alreadyPresent: 0,
        failed: 0,
      });
      expect(
        server
          .list(GROUP)
          .map((s) => s.Name)
          .sort(),
      ).toEqual(expectedNames(plan.tickets));
      // Several pages, each logged with the running counts; the last one has the totals.
      expect(lines.length).toBeGreaterThan(3);
      expect(lines.at(-1)).toBe(
        `26 tickets scanned, ${owedCount} timers owed: ${owedCount} created, 0 already present, 0 failed`,
      );

      // A future timer fires when it is meant to; a past one a few seconds after now, with its payload intact.
      const ticket = plan.tickets[0] as SeededTicket;
      const [reminder, , pastDeadline] = ticket.timers as [OwedTimer, OwedTimer, OwedTimer];
      const byName = new Map(server.list(GROUP).map((s) => [s.Name, s]));
      const future = byName.get(scheduleName(ticket.tenantId, ticket.ticketId, reminder.key, reminder.dueAt));
      expect(future?.ScheduleExpression).toBe(atExpression(reminder.fireAt));
      const past = byName.get(
        scheduleName(ticket.tenantId, ticket.ticketId, pastDeadline.key, pastDeadline.dueAt),
      );
      expect(past?.ScheduleExpression).toBe('at(2026-03-02T08:00:10)');
      expect(parseTimerPayload(past?.Target.Input)).toMatchObject({
        tenantId: ticket.tenantId,
        ticketId: ticket.ticketId,
        timerId: timerId(pastDeadline),
        fireAt: '2026-03-02T07:30:00Z',
      });
    });
  });

  it('is idempotent: a second run finds every schedule present and creates nothing', async () => {
    await withScheduler({}, async (server, scheduler) => {
      const deps = { dynamo: table.client, tableName: table.tableName, scheduler };
      await reconcileTableTimers(deps);
      const before = server.list(GROUP);
      const second = await reconcileTableTimers(deps);
      expect(second).toMatchObject({ created: 0, alreadyPresent: owedCount, failed: 0 });
      expect(server.list(GROUP)).toEqual(before);
    });
  });

  it('still creates every schedule when the Scheduler throttles a third of the calls', async () => {
    await withScheduler({ throttleRate: 0.35 }, async (server, scheduler) => {
      const report = await reconcileTableTimers(
        { dynamo: table.client, tableName: table.tableName, scheduler },
        { concurrency: 16 },
      );
      expect(server.stats.throttled).toBeGreaterThan(5);
      expect(report).toMatchObject({ created: owedCount, failed: 0 });
      expect(
        server
          .list(GROUP)
          .map((s) => s.Name)
          .sort(),
      ).toEqual(expectedNames(plan.tickets));
    });
  });

  it('a dry run counts the owed timers and creates nothing', async () => {
    await withScheduler({}, async (server, scheduler) => {
      const report = await reconcileTableTimers(
        { dynamo: table.client, tableName: table.tableName, scheduler },
        { dryRun: true },
      );
      expect(report).toMatchObject({
        dryRun: true,
        ticketsScanned: 26,
        timersOwed: owedCount,
        created: 0,
        failed: 0,
      });
      expect(server.list()).toEqual([]);
      expect(server.stats.calls).toBe(0);
    });
  });

  it('counts and names every timer it could not schedule (here: the group does not exist)', async () => {
    await withScheduler({ groups: [] }, async (server, scheduler) => {
      const report = await reconcileTableTimers(
        { dynamo: table.client, tableName: table.tableName, scheduler },
        { maxFailuresKept: 3 },
      );
      expect(report).toMatchObject({ created: 0, failed: owedCount });
      expect(report.failures).toHaveLength(3);
      expect(report.failures[0]?.error).toMatch(/^ResourceNotFoundException: Schedule group sla-sentinel/);
      expect(server.list()).toEqual([]);
    });
  });

  it('reports a damaged timersOwed entry as a failure and schedules the rest of the ticket', async () => {
    const damaged = await createTestTable('reconcile-bad');
    try {
      const [goodId, good] = owed('firstResponse', 'deadline', 30, 30);
      await seed(damaged, [
        {
          PK: keys.ticketPk('interzen', 't_damaged'),
          SK: keys.ticketSk,
          entity: 'ticket',
          tenantId: 'interzen',
          ticketId: 't_damaged',
          timersOwed: { [goodId]: good, 'broken@1': { key: 'broken', fireAt: 'soon' } },
        },
      ]);
      await withScheduler({}, async (server, scheduler) => {
        const report = await reconcileTableTimers({
          dynamo: damaged.client,
          tableName: damaged.tableName,
          scheduler,
        });
        expect(report).toMatchObject({ timersOwed: 2, created: 1, failed: 1 });
        expect(report.failures).toEqual([
          {
            tenantId: 'interzen',
            ticketId: 't_damaged',
            timerId: 'broken@1',
            error: 'malformed timersOwed entry',
          },
        ]);
        expect(server.list(GROUP).map((s) => s.Name)).toEqual([
          scheduleName('interzen', 't_damaged', good.key, good.dueAt),
        ]);
      });
    } finally {
      await damaged.drop();
    }
  });
});
