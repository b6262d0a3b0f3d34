/**
 * `npm run reconcile-timers` as an operator runs it (the real process through tsx), pointed at DynamoDB Local
 * and a local Scheduler: exit codes, the summary line, and one line for a bad argument.
 */
import { execFile } from 'node:child_process';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import { ManualClock } from '../../../shared/clock.js';
import { type LocalSchedulerServer, startLocalScheduler } from '../../../shared/local/scheduler-server.js';
import { type OwedTimer, timerId } from '../../../shared/tickets/owed-timers.js';
import { scheduleName } from '../../../shared/timers/schedule-name.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';

const GROUP = 'sla-sentinel';

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/reconcile-timers.ts', ...args],
      { env: { ...process.env, AWS_REGION: 'us-east-1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let table: TestTable;
let scheduler: LocalSchedulerServer;
let schedulerEndpoint: string;
// The command schedules with the real clock; the local Scheduler must agree on what is in the past.
const now = Date.now();
const timer: OwedTimer = {
  key: 'firstResponse#1#deadline#0',
  milestone: 'firstResponse',
  cycle: 1,
  kind: 'deadline',
  fireAt: now + 3_600_000,
  dueAt: now + 3_600_000,
};

beforeAll(async () => {
  table = await createTestTable('reconcile-cli');
  await table.client.send(
    new PutItemCommand({
      TableName: table.tableName,
      Item: marshall({
        PK: keys.ticketPk('interzen', 't_cli'),
        SK: keys.ticketSk,
        entity: 'ticket',
        tenantId: 'interzen',
        ticketId: 't_cli',
        timersOwed: { [timerId(timer)]: timer },
      }),
    }),
  );
  const started = await startLocalScheduler({ clock: new ManualClock(now), groups: [GROUP] });
  scheduler = started.server;
  schedulerEndpoint = started.endpoint;
});
afterAll(async () => {
  await scheduler?.stop();
  await table?.drop();
});

const common = () => [
  '--table',
  table.tableName,
  '--dynamodb-endpoint',
  table.endpoint,
  '--scheduler-endpoint',
  schedulerEndpoint,
  '--group',
  GROUP,
  '--target-arn',
  'arn:aws:lambda:us-east-1:000000000000:function:sla-timer',
  '--role-arn',
  'arn:aws:iam::000000000000:role/sla-scheduler',
  '--dlq-arn',
  'arn:aws:sqs:us-east-1:000000000000:timer-dlq',
];

describe('npm run reconcile-timers', () => {
  it('dry run, run, run again: counts, then the schedule, then nothing new (exit 0 each time)', async () => {
    const dry = await run([...common(), '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toBe('dry run: 1 ticket scanned, 1 timer owed (nothing created)\n');
    expect(scheduler.list()).toEqual([]);

    const first = await run(common());
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('1 ticket scanned, 1 timer owed: 1 created, 0 already present, 0 failed\n');
    expect(scheduler.list(GROUP).map((s) => s.Name)).toEqual([
      scheduleName('interzen', 't_cli', timer.key, timer.dueAt),
    ]);

    const second = await run(common());
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('1 ticket scanned, 1 timer owed: 0 created, 1 already present, 0 failed\n');
  });

  it('exits 1 when a timer could not be scheduled', async () => {
    const failing = await run(common().map((a) => (a === GROUP ? 'no-such-group' : a)));
    expect(failing.code).toBe(1);
    expect(failing.stdout).toBe('1 ticket scanned, 1 timer owed: 0 created, 0 already present, 1 failed\n');
    expect(failing.stderr).toContain('ResourceNotFoundException');
  });

  it('a bad argument is one line on stderr and exit 2', async () => {
    const bad = await run([...common(), '--role-arn', 'not-an-arn']);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toBe(
      'reconcile-timers: --role-arn "not-an-arn" is not an IAM role ARN (SchedulerRoleArn output) (--help for usage)\n',
    );
    const missing = await run(['--table', table.tableName]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/^reconcile-timers: --group is required/);
  });
});
