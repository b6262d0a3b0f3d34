/**
 * Drives a local runtime (`startLocalRuntime` with the default components, every port free, the run's one
 * DynamoDB Local) the way a user of `npm start` would: HTTP with local tokens, `POST /_local/clock`,
 * aws-ses-v2-local's `GET /store`, and the local Scheduler through the real SDK client.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import { GetScheduleCommand, ListSchedulesCommand, type SchedulerClient } from '@aws-sdk/client-scheduler';
import { expect } from 'vitest';
import { createSchedulerClient } from '../../../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { type LocalTokenClaims, signLocalToken } from '../../../shared/auth/local-token.js';
import { ManualClock } from '../../../shared/clock.js';
import { defaultComponents } from '../../../shared/local/default-components.js';
import { type LocalRuntime, startLocalRuntime } from '../../../shared/local/runtime.js';
import { LOCAL_SCHEDULE_GROUP } from '../../../shared/local/scheduler-component.js';
import { fetchSentMail, type StoredMail } from '../../../shared/local/ses-server.js';
import type { LocalTimersComponent } from '../../../shared/local/timers-component.js';
import { scheduleNamePrefix } from '../../../shared/timers/schedule-name.js';
import { parseTimerPayload } from '../../../shared/timers/timer-payload.js';
import { assertApiContract } from '../../support/api-contract.js';
import { dynamoDbEndpoint } from '../../support/dynamodb.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field; a schema per assertion adds nothing
export type Json = any;

export interface ScheduleSeen {
  name: string;
  milestone: string;
  cycle: number;
  kind: 'reminder' | 'deadline';
  expression: string;
}

export interface RuntimeDriver {
  runtime: LocalRuntime;
  timers: LocalTimersComponent;
  scheduler: SchedulerClient;
  sesEndpoint: string;
  token(claims: LocalTokenClaims): Promise<string>;
  call(
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
  ): Promise<{ status: number; body: Json }>;
  /** A customer of `tenant` (`email`) opens a ticket through the API; expects 201, returns the ticket. */
  openTicket(
    customer: { tenant: string; email: string },
    body: { subject: string; description: string; priority?: string },
  ): Promise<Json>;
  /** `POST /_local/clock`; expects 200. */
  moveClock(body: { set: string } | { advanceMinutes: number }): Promise<Json>;
  /** The ticket's schedules, through ListSchedules + GetSchedule (their Input says which timer each is). */
  schedulesOf(tenantId: string, ticketId: string): Promise<ScheduleSeen[]>;
  /** Sent mail whose subject carries the case number. */
  mailFor(reference: string): Promise<StoredMail[]>;
  stop(): Promise<void>;
}

export async function startRuntimeDriver(
  options: { start: string; flags?: Record<string, string | boolean> } = { start: '2026-03-01T00:00:00Z' },
): Promise<RuntimeDriver> {
  const localDataDir = mkdtempSync(join(tmpdir(), 'sla-e2e-key-'));
  const components = defaultComponents();
  const timers = components.find((c) => c.name === 'timers') as LocalTimersComponent | undefined;
  if (!timers) throw new Error('the default components have no timers component');
  const runtime = await startLocalRuntime({
    port: 0,
    dynamoDbEndpoint: dynamoDbEndpoint(),
    tableName: `e2e-${randomUUID().slice(0, 8)}`,
    localDataDir,
    clock: new ManualClock(Date.parse(options.start)),
    components,
    // Every fixed port free: several runtimes (and a developer's `npm start`) may run beside this one.
    flags: {
      'ses-port': '0',
      'scheduler-port': '0',
      'smtp-port': '0',
      'events-port': '0',
      ...(options.flags ?? {}),
    },
    log: () => {},
  });
  const sesEndpoint = runtime.env.SES_ENDPOINT ?? '';
  const scheduler = createSchedulerClient({ SCHEDULER_ENDPOINT: runtime.env.SCHEDULER_ENDPOINT ?? '' });

  const call: RuntimeDriver['call'] = (method, path, token, body) =>
    callApi(runtime.apiUrl, method, path, token, body);

  return {
    runtime,
    timers,
    scheduler,
    sesEndpoint,
    token: (claims) => signLocalToken(claims, localDataDir),
    call,
    async openTicket(customer, body) {
      const token = await signLocalToken({ ...customer, role: 'customer' }, localDataDir);
      const created = await call('POST', '/tickets', token, body);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      return created.body;
    },
    async moveClock(body) {
      const answer = await call('POST', '/_local/clock', null, body);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body;
    },
    async schedulesOf(tenantId, ticketId) {
      const listed = await scheduler.send(
        new ListSchedulesCommand({
          GroupName: LOCAL_SCHEDULE_GROUP,
          NamePrefix: scheduleNamePrefix(tenantId, ticketId),
          MaxResults: 100,
        }),
      );
      const seen: ScheduleSeen[] = [];
      for (const summary of listed.Schedules ?? []) {
        const schedule = await scheduler.send(
          new GetScheduleCommand({ GroupName: LOCAL_SCHEDULE_GROUP, Name: summary.Name ?? '' }),
        );
        const payload = parseTimerPayload(JSON.parse(schedule.Target?.Input ?? '{}'));
        seen.push({
          name: schedule.Name ?? '',
          milestone: payload.milestone,
          cycle: payload.cycle,
          kind: payload.kind,
          expression: schedule.ScheduleExpression ?? '',
        });
      }
      return seen;
    },
    async mailFor(reference) {
      // Mail is sent off the stream by the notification handler: let it catch up with what the API wrote.
      await timers.running?.settleMail();
      return (await fetchSentMail(sesEndpoint)).filter((m) => m.subject.includes(`[${reference}]`));
    },
    async stop() {
      scheduler.destroy();
      try {
        await runtime.dynamoDb.send(new DeleteTableCommand({ TableName: runtime.tableName }));
      } finally {
        await runtime.stop();
        rmSync(localDataDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * One HTTP call to a local runtime's API, JSON in and out, with an optional bearer token; the answer is
 * checked against the OpenAPI document's schemas (api-contract.ts) before the test sees it.
 */
export async function callApi(
  apiUrl: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const answer = { status: response.status, body: text ? JSON.parse(text) : undefined };
  assertApiContract({ method, url: path, status: answer.status, body: answer.body });
  return answer;
}
