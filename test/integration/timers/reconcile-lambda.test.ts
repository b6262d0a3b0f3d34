/**
 * The reconcile-timers Lambda (what the deployment trigger runs after the stateless stack is deployed), through
 * its own composition root and its handler, configured by environment exactly as the stack configures it and
 * pointed at DynamoDB Local and the local Scheduler: a redeployed stack's empty schedule group gets every owed
 * timer back, with the settings timer-sync uses; an incomplete run logs its report and throws.
 */
import { BatchWriteItemCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../lambdas/reconcile-timers/handler.js';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import type { LogPort } from '../../../shared/adapters/powertools/logger.js';
import { TIMER_TARGET_RETRY_POLICY } from '../../../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { ManualClock } from '../../../shared/clock.js';
import {
  composeReconcileTimers,
  ReconcileTimersIncompleteError,
} from '../../../shared/composition/reconcile-timers.js';
import { type LocalSchedulerServer, startLocalScheduler } from '../../../shared/local/scheduler-server.js';
import { ENV } from '../../../shared/runtime/env.js';
import { type OwedTimer, timerId } from '../../../shared/tickets/owed-timers.js';
import { scheduleName } from '../../../shared/timers/schedule-name.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';

const GROUP = 'SlaSentinel-Stateless-timers';
const TARGET = 'arn:aws:lambda:us-east-1:000000000000:function:SlaSentinel-Stateless-TimersSlaTimer';
const ROLE = 'arn:aws:iam::000000000000:role/SlaSentinel-Stateless-TimersSchedulerRole';
const DLQ = 'arn:aws:sqs:us-east-1:000000000000:SlaSentinel-Stateless-TimersTimerDlq';
const TICKETS = 12;

let table: TestTable;
// Timers an hour ahead of the real clock, so the handler (system clock) and the tests agree on the future.
const start = Date.now() + 3_600_000;
const expected: string[] = [];

function timer(i: number, kind: OwedTimer['kind']): OwedTimer {
  const dueAt = start + i * 60_000;
  return {
    key: `firstResponse#1#${kind}#0`,
    milestone: 'firstResponse',
    cycle: 1,
    kind,
    fireAt: kind === 'reminder' ? dueAt - 300_000 : dueAt,
    dueAt,
  };
}

beforeAll(async () => {
  table = await createTestTable('reconcile-lambda');
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < TICKETS; i++) {
    const tenantId = i % 2 === 0 ? 'interzen' : 'harmoni';
    const ticketId = `t_${String(i).padStart(26, '0')}`;
    const owed = [timer(i, 'reminder'), timer(i, 'deadline')];
    for (const t of owed) expected.push(scheduleName(tenantId, ticketId, t.key, t.dueAt));
    items.push({
      PK: keys.ticketPk(tenantId, ticketId),
      SK: keys.ticketSk,
      entity: 'ticket',
      tenantId,
      ticketId,
      version: 2,
      timersOwed: Object.fromEntries(owed.map((t) => [timerId(t), t])),
    });
  }
  items.push({ PK: 'T#interzen', SK: 'PROFILE', entity: 'tenant', tenantId: 'interzen' });
  const requests: WriteRequest[] = items.map((item) => ({ PutRequest: { Item: marshall(item) } }));
  for (let i = 0; i < requests.length; i += 25) {
    await table.client.send(
      new BatchWriteItemCommand({ RequestItems: { [table.tableName]: requests.slice(i, i + 25) } }),
    );
  }
  expected.sort();
});
afterAll(async () => {
  await table?.drop();
});

/** The variables the stack sets on the function (lib/constructs/timer-reconciler.ts), at the emulators. */
function lambdaEnv(schedulerEndpoint: string): NodeJS.ProcessEnv {
  return {
    [ENV.tableName]: table.tableName,
    [ENV.scheduleGroupName]: GROUP,
    [ENV.slaTimerFunctionArn]: TARGET,
    [ENV.schedulerRoleArn]: ROLE,
    [ENV.timerDlqArn]: DLQ,
    [ENV.dynamoDbEndpoint]: table.endpoint,
    [ENV.schedulerEndpoint]: schedulerEndpoint,
    AWS_REGION: 'us-east-1',
  };
}

/** A fresh local Scheduler with the stack's (new, empty) group, as after a destroy and a deploy. */
async function withEmptyGroup(run: (server: LocalSchedulerServer, endpoint: string) => Promise<void>) {
  const { server, endpoint } = await startLocalScheduler({
    clock: new ManualClock(Date.now()),
    groups: [GROUP],
    throttleRate: 0,
    seed: 5,
  });
  try {
    await run(server, endpoint);
  } finally {
    await server.stop();
  }
}

function recordingLogger() {
  const lines: { level: string; message: string; extra?: Record<string, unknown> }[] = [];
  const logger: LogPort = {
    info: (message, extra) => lines.push({ level: 'info', message, ...(extra ? { extra } : {}) }),
    warn: (message, extra) => lines.push({ level: 'warn', message, ...(extra ? { extra } : {}) }),
    error: (message, extra) => lines.push({ level: 'error', message, ...(extra ? { extra } : {}) }),
  };
  return { lines, logger };
}

const plenty = { remainingMs: () => 900_000 };

describe('the reconcile-timers Lambda (composeReconcileTimers)', () => {
  it('fills an empty schedule group with every owed timer, created as timer-sync creates them', async () => {
    await withEmptyGroup(async (server, endpoint) => {
      const { lines, logger } = recordingLogger();
      const reconcile = composeReconcileTimers({ env: lambdaEnv(endpoint), logger, pageSize: 5 });
      const report = await reconcile.handle(plenty);
      expect(report).toMatchObject({
        complete: true,
        ticketsScanned: TICKETS,
        timersOwed: 2 * TICKETS,
        created: 2 * TICKETS,
        failed: 0,
      });
      const schedules = server.list(GROUP);
      expect(schedules.map((s) => s.Name).sort()).toEqual(expected);
      for (const s of schedules) {
        expect(s.Target).toMatchObject({
          Arn: TARGET,
          RoleArn: ROLE,
          DeadLetterConfig: { Arn: DLQ },
          RetryPolicy: TIMER_TARGET_RETRY_POLICY,
        });
        expect(s.ActionAfterCompletion).toBe('DELETE');
      }
      // One progress line per page of 5 tickets, then the report, whole, in the structured log.
      expect(lines.filter((l) => l.message.includes('(scanning on)')).length).toBeGreaterThanOrEqual(2);
      expect(lines.at(-1)).toEqual({
        level: 'info',
        message: `reconcile-timers done: ${TICKETS} tickets scanned, ${2 * TICKETS} timers owed: ${2 * TICKETS} created, 0 already present, 0 failed`,
        extra: { report },
      });

      // Run again (the trigger fires on every change of the function): nothing new, nothing lost.
      const again = await reconcile.handle(plenty);
      expect(again).toMatchObject({ created: 0, alreadyPresent: 2 * TICKETS, failed: 0, complete: true });
      expect(
        server
          .list(GROUP)
          .map((s) => s.Name)
          .sort(),
      ).toEqual(expected);
    });
  });

  it('stops between pages when its time is nearly up, logs the report and throws (Lambda retries, then its DLQ)', async () => {
    await withEmptyGroup(async (server, endpoint) => {
      const { lines, logger } = recordingLogger();
      const reconcile = composeReconcileTimers({
        env: lambdaEnv(endpoint),
        logger,
        pageSize: 5,
        stopMarginMs: 60_000,
      });
      // 2 minutes left before the first page is done, 30 s after: one page, then it stops.
      let remaining = 120_000;
      const invocation = {
        remainingMs: () => {
          const now = remaining;
          remaining = 30_000;
          return now;
        },
      };
      const error = await reconcile.handle(invocation).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ReconcileTimersIncompleteError);
      const { report } = error as ReconcileTimersIncompleteError;
      // Limit counts the items a page evaluates (the tenant profile too): fewer tickets than the table holds.
      expect(report).toMatchObject({ complete: false, failed: 0, created: 2 * report.ticketsScanned });
      expect(report.ticketsScanned).toBeGreaterThan(0);
      expect(report.ticketsScanned).toBeLessThan(TICKETS);
      expect((error as Error).message).toContain('npm run reconcile-timers');
      expect(server.list(GROUP)).toHaveLength(report.created);
      const last = lines.at(-1);
      expect(last?.level).toBe('error');
      expect(last?.message).toContain(
        `${report.created} created, 0 already present, 0 failed (stopped before the end of the table)`,
      );
      expect(last?.extra).toEqual({ report });
    });
  });

  it('throws with the failures counted when the Scheduler refuses (here: no such group yet)', async () => {
    const { server, endpoint } = await startLocalScheduler({
      clock: new ManualClock(Date.now()),
      groups: [],
      throttleRate: 0,
      seed: 5,
    });
    try {
      const { lines, logger } = recordingLogger();
      const reconcile = composeReconcileTimers({ env: lambdaEnv(endpoint), logger });
      const error = (await reconcile
        .handle(plenty)
        .catch((e: unknown) => e)) as ReconcileTimersIncompleteError;
      expect(error).toBeInstanceOf(ReconcileTimersIncompleteError);
      expect(error.report).toMatchObject({ complete: true, created: 0, failed: 2 * TICKETS });
      expect(error.report.failures[0]?.error).toMatch(/^ResourceNotFoundException/);
      expect(lines.filter((l) => l.level === 'error')).toHaveLength(1);
    } finally {
      await server.stop();
    }
  });

  it('the handler itself reads its configuration from the environment and uses the invocation time left', async () => {
    await withEmptyGroup(async (server, endpoint) => {
      const env = lambdaEnv(endpoint);
      Object.assign(process.env, env);
      try {
        const context = { getRemainingTimeInMillis: () => 900_000 } as Context;
        const report = await handler({}, context);
        expect(report).toMatchObject({ complete: true, created: 2 * TICKETS, failed: 0 });
        expect(
          server
            .list(GROUP)
            .map((s) => s.Name)
            .sort(),
        ).toEqual(expected);
      } finally {
        for (const name of Object.keys(env)) delete process.env[name];
      }
    });
  });
});
