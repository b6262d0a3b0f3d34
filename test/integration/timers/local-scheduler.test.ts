import {
  CreateScheduleCommand,
  CreateScheduleGroupCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  type SchedulerClient,
  UpdateScheduleCommand,
} from '@aws-sdk/client-scheduler';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
} from '../../../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { ManualClock } from '../../../shared/clock.js';
import { type LocalSchedulerServer, startLocalScheduler } from '../../../shared/local/scheduler-server.js';
import { atExpression, scheduleName, scheduleNamePrefix } from '../../../shared/timers/schedule-name.js';
import { parseTimerPayload, type TimerRef } from '../../../shared/timers/timer-payload.js';

const T0 = Date.parse('2026-03-02T08:00:00Z');
const GROUP = 'sla-sentinel';
const TARGET = {
  Arn: 'arn:aws:lambda:local:000000000000:function:sla-timer',
  RoleArn: 'arn:aws:iam::000000000000:role/sla-scheduler',
  DeadLetterConfig: { Arn: 'arn:aws:sqs:local:000000000000:timer-dlq' },
};
const CONFIG = {
  groupName: GROUP,
  targetArn: TARGET.Arn,
  roleArn: TARGET.RoleArn,
  deadLetterArn: TARGET.DeadLetterConfig.Arn,
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
};

function timer(ticketId: string, minutes: number, key = 'firstResponse#1#deadline#0'): TimerRef {
  const at = T0 + minutes * 60_000;
  return {
    tenantId: 'interzen',
    ticketId,
    timer: { key, milestone: 'firstResponse', cycle: 1, kind: 'deadline', fireAt: at, dueAt: at },
  };
}

describe('the local Scheduler through the real SDK client', () => {
  const clock = new ManualClock(T0);
  let local: LocalSchedulerServer;
  let client: SchedulerClient;
  const fired: string[] = [];

  beforeAll(async () => {
    const started = await startLocalScheduler({ clock, onFire: async (input) => void fired.push(input) });
    local = started.server;
    client = createSchedulerClient({ SCHEDULER_ENDPOINT: started.endpoint });
    await client.send(new CreateScheduleGroupCommand({ Name: GROUP }));
  });
  afterAll(async () => {
    client?.destroy();
    await local?.stop();
  });

  it('creates, gets, updates, lists and deletes a schedule', async () => {
    const name = 'crud.one';
    const created = await client.send(
      new CreateScheduleCommand({
        Name: name,
        GroupName: GROUP,
        ScheduleExpression: atExpression(T0 + 3_600_000),
        ScheduleExpressionTimezone: 'UTC',
        FlexibleTimeWindow: { Mode: 'OFF' },
        ActionAfterCompletion: 'DELETE',
        Target: { ...TARGET, Input: '{"a":1}' },
      }),
    );
    expect(created.ScheduleArn).toBe(`arn:aws:scheduler:local:000000000000:schedule/${GROUP}/${name}`);
    const got = await client.send(new GetScheduleCommand({ Name: name, GroupName: GROUP }));
    expect(got.ScheduleExpression).toBe('at(2026-03-02T09:00:00)');
    expect(got.Target?.Input).toBe('{"a":1}');
    expect(got.CreationDate).toEqual(new Date(T0));
    await client.send(
      new UpdateScheduleCommand({
        Name: name,
        GroupName: GROUP,
        ScheduleExpression: atExpression(T0 + 7_200_000),
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: { ...TARGET, Input: '{"a":2}' },
      }),
    );
    const updated = await client.send(new GetScheduleCommand({ Name: name, GroupName: GROUP }));
    expect(updated.ScheduleExpression).toBe('at(2026-03-02T10:00:00)');
    expect(updated.Target?.Input).toBe('{"a":2}');
    const listed = await client.send(new ListSchedulesCommand({ GroupName: GROUP, NamePrefix: 'crud.' }));
    expect(listed.Schedules?.map((s) => s.Name)).toEqual([name]);
    await client.send(new DeleteScheduleCommand({ Name: name, GroupName: GROUP }));
    await expect(client.send(new GetScheduleCommand({ Name: name, GroupName: GROUP }))).rejects.toMatchObject(
      {
        name: 'ResourceNotFoundException',
        $metadata: { httpStatusCode: 404 },
      },
    );
  });

  it('answers with the real exceptions the SDK knows', async () => {
    const base = {
      GroupName: GROUP,
      FlexibleTimeWindow: { Mode: 'OFF' as const },
      Target: TARGET,
    };
    await expect(
      client.send(
        new CreateScheduleCommand({
          ...base,
          Name: 'bad#name',
          ScheduleExpression: atExpression(T0 + 60_000),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(
        new CreateScheduleCommand({
          ...base,
          Name: 'x'.repeat(65),
          ScheduleExpression: atExpression(T0 + 60_000),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(
        new CreateScheduleCommand({ ...base, Name: 'bad-at', ScheduleExpression: 'at(2026-02-30T10:00:00)' }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('Invalid Schedule Expression'),
    });
    await expect(
      client.send(
        new CreateScheduleCommand({ ...base, Name: 'past', ScheduleExpression: atExpression(T0 - 60_000) }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(
        new CreateScheduleCommand({
          ...base,
          Name: 'bad-zone',
          ScheduleExpression: atExpression(T0 + 60_000),
          ScheduleExpressionTimezone: 'Mars/Olympus',
        }),
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    await expect(
      client.send(
        new CreateScheduleCommand({
          ...base,
          GroupName: 'nope',
          Name: 'no-group',
          ScheduleExpression: atExpression(T0 + 60_000),
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await client.send(
      new CreateScheduleCommand({ ...base, Name: 'twice', ScheduleExpression: atExpression(T0 + 60_000) }),
    );
    await expect(
      client.send(
        new CreateScheduleCommand({ ...base, Name: 'twice', ScheduleExpression: atExpression(T0 + 60_000) }),
      ),
    ).rejects.toMatchObject({ name: 'ConflictException', $metadata: { httpStatusCode: 409 } });
    await client.send(new DeleteScheduleCommand({ Name: 'twice', GroupName: GROUP }));
  });

  it('the adapter treats ConflictException on create and ResourceNotFound on delete as success', async () => {
    const scheduler = new EventBridgeTimerScheduler(client, CONFIG, clock);
    const ref = timer('T-conflict', 30);
    await scheduler.ensure(ref);
    await scheduler.ensure(ref);
    const name = scheduleName(ref.tenantId, ref.ticketId, ref.timer.key, ref.timer.dueAt);
    const got = await client.send(new GetScheduleCommand({ Name: name, GroupName: GROUP }));
    expect(got.ActionAfterCompletion).toBe('DELETE');
    expect(got.FlexibleTimeWindow).toEqual({ Mode: 'OFF' });
    expect(got.Target?.DeadLetterConfig?.Arn).toBe(CONFIG.deadLetterArn);
    expect(parseTimerPayload(got.Target?.Input)).toMatchObject({ ticketId: 'T-conflict', kind: 'deadline' });
    await scheduler.remove(ref);
    await scheduler.remove(ref);
    const left = await client.send(
      new ListSchedulesCommand({
        GroupName: GROUP,
        NamePrefix: scheduleNamePrefix('interzen', 'T-conflict'),
      }),
    );
    expect(left.Schedules).toEqual([]);
  });

  it('schedules a fire time already past a few seconds ahead instead of failing', async () => {
    const scheduler = new EventBridgeTimerScheduler(client, CONFIG, clock);
    const ref = timer('T-late', -90);
    await scheduler.ensure(ref);
    const name = scheduleName(ref.tenantId, ref.ticketId, ref.timer.key, ref.timer.dueAt);
    const got = await client.send(new GetScheduleCommand({ Name: name, GroupName: GROUP }));
    expect(got.ScheduleExpression).toBe('at(2026-03-02T08:00:10)');
    await scheduler.remove(ref);
  });

  it('fires due schedules in fire order, deletes them, and leaves later ones', async () => {
    const scheduler = new EventBridgeTimerScheduler(client, CONFIG, clock);
    fired.length = 0;
    await scheduler.ensure(timer('T-fire', 20, 'firstResponse#1#deadline#0'));
    await scheduler.ensure(timer('T-fire', 10, 'firstResponse#1#reminder#0'));
    await scheduler.ensure(timer('T-fire', 90, 'resolution#1#deadline#0'));
    clock.set(T0 + 30 * 60_000);
    const report = await local.fireDue();
    expect(report).toMatchObject({ fired: 2, delivered: 2, failed: 0 });
    expect(fired.map((f) => parseTimerPayload(f).timerId)).toEqual([
      `firstResponse#1#reminder#0@${T0 + 10 * 60_000}`,
      `firstResponse#1#deadline#0@${T0 + 20 * 60_000}`,
    ]);
    const left = await client.send(
      new ListSchedulesCommand({ GroupName: GROUP, NamePrefix: 'interzen.T-fire.' }),
    );
    expect(left.Schedules?.map((s) => s.Name)).toEqual([
      scheduleName('interzen', 'T-fire', 'resolution#1#deadline#0', T0 + 90 * 60_000),
    ]);
    clock.set(T0);
  });

  it('pages ListSchedules with NextToken', async () => {
    for (let i = 0; i < 5; i++) {
      await client.send(
        new CreateScheduleCommand({
          Name: `page.${i}`,
          GroupName: GROUP,
          ScheduleExpression: atExpression(T0 + 3_600_000),
          FlexibleTimeWindow: { Mode: 'OFF' },
          Target: TARGET,
        }),
      );
    }
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListSchedulesCommand({ GroupName: GROUP, NamePrefix: 'page.', MaxResults: 2, NextToken: token }),
      );
      names.push(...(page.Schedules ?? []).map((s) => s.Name ?? ''));
      token = page.NextToken;
    } while (token);
    expect(names).toEqual(['page.0', 'page.1', 'page.2', 'page.3', 'page.4']);
  });
});

describe('throttling injected on half the calls', () => {
  it('still ends with every schedule created and every removal done', async () => {
    const clock = new ManualClock(T0);
    const { server, endpoint } = await startLocalScheduler({
      clock,
      throttleRate: 0.5,
      seed: 7,
      groups: [GROUP],
    });
    const client = createSchedulerClient({ SCHEDULER_ENDPOINT: endpoint });
    try {
      const scheduler = new EventBridgeTimerScheduler(
        client,
        { ...CONFIG, retry: { baseDelayMs: 1, maxDelayMs: 4, maxAttempts: 30 } },
        clock,
      );
      const refs = Array.from({ length: 40 }, (_, i) => timer(`T-${i}`, 60 + i));
      await Promise.all(refs.map((ref) => scheduler.ensure(ref)));
      expect(server.stats.throttled).toBeGreaterThan(10);
      expect(
        server
          .list(GROUP)
          .map((s) => s.Name)
          .sort(),
      ).toEqual(refs.map((r) => scheduleName(r.tenantId, r.ticketId, r.timer.key, r.timer.dueAt)).sort());
      await Promise.all(refs.slice(0, 20).map((ref) => scheduler.remove(ref)));
      expect(server.list(GROUP)).toHaveLength(20);
    } finally {
      client.destroy();
      await server.stop();
    }
  });
});
