/**
 * `npm start -- --data DIR` restarted: the tables are kept, the local Scheduler's schedules (in memory) are
 * not. Here three local runtimes in turn use the same table on the run's DynamoDB Local, which is what a
 * persisted data directory gives a second `npm start`. The timers component reconciles at start, so each
 * restarted runtime has every schedule the tickets owe, and moving its clock sends the mail they promise.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand, DescribeTableCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { GetScheduleCommand, ListSchedulesCommand } from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { createSchedulerClient } from '../../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { signLocalToken } from '../../shared/auth/local-token.js';
import { ManualClock } from '../../shared/clock.js';
import { defaultComponents } from '../../shared/local/default-components.js';
import { type LocalRuntime, startLocalRuntime } from '../../shared/local/runtime.js';
import { LOCAL_SCHEDULE_GROUP } from '../../shared/local/scheduler-component.js';
import { fetchSentMail } from '../../shared/local/ses-server.js';
import type { LocalTimersComponent } from '../../shared/local/timers-component.js';
import { scheduleNamePrefix } from '../../shared/timers/schedule-name.js';
import { dynamoDbEndpoint } from '../support/dynamodb.js';
import { callApi } from './support/local-runtime.js';

const TENANT = 'enterprise-support';
// enterprise-support, high: first response within 30 minutes around the clock, a reminder at 75 %.
const CREATED = '2026-03-02T09:00:00Z';
const EXPECTED = [
  ['deadline', 'at(2026-03-02T09:30:00)'],
  ['reminder', 'at(2026-03-02T09:22:30)'],
];

const tableName = `e2e-restart-${randomUUID().slice(0, 8)}`;
const localDataDir = mkdtempSync(join(tmpdir(), 'sla-e2e-restart-'));
let ticket: { id: string; reference: string };

// biome-ignore lint/suspicious/noExplicitAny: the test reads answers field by field
type Json = any;

interface Running {
  runtime: LocalRuntime;
  timers: LocalTimersComponent;
  /** The ticket's schedules as [kind, expression], read with ListSchedules + GetSchedule. */
  schedules(): Promise<string[][]>;
  call(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
  ): Promise<{ status: number; body: Json }>;
  stop(): Promise<void>;
}

/** A local runtime (default components, free ports) on the shared table, its clock at `now`. */
async function start(now: string): Promise<Running> {
  const components = defaultComponents();
  const timers = components.find((c) => c.name === 'timers') as LocalTimersComponent;
  const runtime = await startLocalRuntime({
    port: 0,
    dynamoDbEndpoint: dynamoDbEndpoint(),
    tableName,
    localDataDir,
    clock: new ManualClock(Date.parse(now)),
    components,
    flags: { 'ses-port': '0', 'scheduler-port': '0', 'smtp-port': '0', 'events-port': '0' },
    log: () => {},
  });
  const scheduler = createSchedulerClient({ SCHEDULER_ENDPOINT: runtime.env.SCHEDULER_ENDPOINT ?? '' });
  return {
    runtime,
    timers,
    async schedules() {
      const listed = await scheduler.send(
        new ListSchedulesCommand({
          GroupName: LOCAL_SCHEDULE_GROUP,
          NamePrefix: scheduleNamePrefix(TENANT, ticket.id),
        }),
      );
      const seen: string[][] = [];
      for (const summary of listed.Schedules ?? []) {
        const s = await scheduler.send(
          new GetScheduleCommand({ GroupName: LOCAL_SCHEDULE_GROUP, Name: summary.Name ?? '' }),
        );
        seen.push([JSON.parse(s.Target?.Input ?? '{}').kind, s.ScheduleExpression ?? '']);
      }
      return seen.sort();
    },
    call: (method: string, path: string, token: string | null, body?: unknown) =>
      callApi(runtime.apiUrl, method, path, token, body),
    async stop() {
      scheduler.destroy();
      await runtime.stop();
    },
  };
}

/** What a stream gives after 24 h or a re-enable: no records. Only the tickets' `timersOwed` is left. */
async function replaceTheStream(): Promise<void> {
  const dynamo = createDynamoClient({ endpoint: dynamoDbEndpoint() });
  const active = async () => {
    for (let i = 0; i < 100; i++) {
      const { Table } = await dynamo.send(new DescribeTableCommand({ TableName: tableName }));
      if (Table?.TableStatus === 'ACTIVE') return Table;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${tableName} did not become ACTIVE`);
  };
  try {
    const before = (await active()).LatestStreamArn;
    await dynamo.send(
      new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }),
    );
    await active();
    await dynamo.send(
      new UpdateTableCommand({
        TableName: tableName,
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
    expect((await active()).LatestStreamArn).not.toBe(before);
  } finally {
    dynamo.destroy();
  }
}

beforeAll(async () => {
  const first = await start(CREATED);
  try {
    const customer = await signLocalToken(
      { tenant: TENANT, role: 'customer', email: 'ada@example.org' },
      localDataDir,
    );
    const created = await first.call('POST', '/tickets', customer, {
      subject: 'VPN drops every hour',
      description: 'Since Monday the VPN disconnects hourly.',
      priority: 'high',
      language: 'en',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    ticket = created.body;
    expect((await first.call('POST', '/_local/clock', null, { advanceMinutes: 0 })).status).toBe(200);
    expect(await first.schedules()).toEqual(EXPECTED);
  } finally {
    await first.stop();
  }
});

afterAll(async () => {
  const dynamo = createDynamoClient({ endpoint: dynamoDbEndpoint() });
  try {
    await dynamo.send(new DeleteTableCommand({ TableName: tableName }));
  } finally {
    dynamo.destroy();
    rmSync(localDataDir, { recursive: true, force: true });
  }
});

describe('a local runtime restarted on the same tables', () => {
  it('with the stream still holding the records: the same schedules, none twice', async () => {
    const second = await start('2026-03-02T09:05:00Z');
    try {
      expect(await second.schedules()).toEqual(EXPECTED);
      // The stream replayed first, so the table's pass found both schedules already there.
      expect(second.timers.running?.reconciled).toMatchObject({ created: 0, alreadyPresent: 2, failed: 0 });
    } finally {
      await second.stop();
    }
  });

  it('with the stream records gone: the schedules come back from timersOwed and the breach mail goes out', async () => {
    await replaceTheStream();
    const third = await start('2026-03-02T09:10:00Z');
    try {
      const reconciled = third.timers.running?.reconciled;
      expect(reconciled?.created).toBe(2);
      expect(reconciled?.failed).toBe(0);
      expect(await third.schedules()).toEqual(EXPECTED);

      const moved = await third.call('POST', '/_local/clock', null, { advanceMinutes: 60 });
      expect(moved.status).toBe(200);
      const mail = (await fetchSentMail(third.runtime.env.SES_ENDPOINT ?? '')).filter((m) =>
        m.subject.includes(`[${ticket.reference}]`),
      );
      // aws-ses-v2-local's store is process-wide, so the first runtime's acknowledgement is listed too: each
      // mail once, the reminder and the breach sent by this runtime from the reconciled schedules.
      expect(mail.map((m) => m.subject)).toEqual([
        `[${ticket.reference}] We received your request: VPN drops every hour`,
        `[${ticket.reference}] Reminder: first response due Monday 2 March 2026, 09:30 UTC`,
        `[${ticket.reference}] SLA breached: first response overdue`,
      ]);
      const agent = await signLocalToken({ tenant: TENANT, role: 'agent' }, localDataDir);
      const got = await third.call('GET', `/tickets/${ticket.id}`, agent);
      expect(got.body.sla.milestones[0]).toMatchObject({ name: 'firstResponse', state: 'breached' });
      expect(await third.schedules()).toEqual([]);
    } finally {
      await third.stop();
    }
  });
});
