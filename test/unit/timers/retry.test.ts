import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { describe, expect, it } from 'vitest';
import { EventBridgeTimerScheduler } from '../../../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { ManualClock } from '../../../shared/clock.js';
import { fullJitterDelay, isRetryableAwsError, withRetries } from '../../../shared/timers/retry.js';

function awsError(name: string, status: number) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
}

describe('withRetries (exponential backoff, full jitter)', () => {
  it('retries retryable errors with delays in [0, min(cap, base*2^n)) and then succeeds', async () => {
    const sleeps: number[] = [];
    let calls = 0;
    const result = await withRetries(
      async () => {
        calls++;
        if (calls < 5) throw awsError('ThrottlingException', 429);
        return 'ok';
      },
      {
        maxAttempts: 8,
        baseDelayMs: 100,
        maxDelayMs: 500,
        isRetryable: isRetryableAwsError,
        sleep: async (ms) => void sleeps.push(ms),
        random: () => 0.999,
      },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(5);
    expect(sleeps).toEqual([99, 199, 399, 499]);
  });

  it('gives up after maxAttempts and rethrows the last error', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw awsError('InternalServerException', 500);
        },
        {
          maxAttempts: 3,
          baseDelayMs: 1,
          maxDelayMs: 1,
          isRetryable: isRetryableAwsError,
          sleep: async () => {},
        },
      ),
    ).rejects.toMatchObject({ name: 'InternalServerException' });
    expect(calls).toBe(3);
  });

  it('does not retry client errors', async () => {
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw awsError('ValidationException', 400);
        },
        {
          maxAttempts: 5,
          baseDelayMs: 1,
          maxDelayMs: 1,
          isRetryable: isRetryableAwsError,
          sleep: async () => {},
        },
      ),
    ).rejects.toMatchObject({ name: 'ValidationException' });
    expect(calls).toBe(1);
  });

  it('classifies throttling, quota, 5xx and network errors as retryable', () => {
    expect(isRetryableAwsError(awsError('ThrottlingException', 429))).toBe(true);
    expect(isRetryableAwsError(awsError('ServiceQuotaExceededException', 402))).toBe(true);
    expect(isRetryableAwsError(awsError('Whatever', 503))).toBe(true);
    expect(isRetryableAwsError(Object.assign(new Error('x'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isRetryableAwsError(awsError('ConflictException', 409))).toBe(false);
    expect(isRetryableAwsError('nope')).toBe(false);
    expect(fullJitterDelay(10, 100, 5000, () => 0.5)).toBe(2500);
  });
});

describe('EventBridgeTimerScheduler against a fake client', () => {
  const ref = {
    tenantId: 'fenorri',
    ticketId: 'T7',
    timer: {
      key: 'resolution#1#deadline#0',
      milestone: 'resolution' as const,
      cycle: 1,
      kind: 'deadline' as const,
      fireAt: Date.parse('2026-03-03T08:00:00Z'),
      dueAt: Date.parse('2026-03-03T08:00:00Z'),
    },
  };
  const config = {
    groupName: 'g',
    targetArn: 'arn:aws:lambda:eu-west-1:123456789012:function:sla-timer',
    roleArn: 'arn:aws:iam::123456789012:role/r',
    deadLetterArn: 'arn:aws:sqs:eu-west-1:123456789012:dlq',
    retry: { baseDelayMs: 0, maxDelayMs: 0 },
  };

  it('retries throttling, treats Conflict as success, and sends the documented request', async () => {
    const sent: unknown[] = [];
    const outcomes = [
      awsError('ThrottlingException', 429),
      awsError('ThrottlingException', 429),
      awsError('ConflictException', 409),
    ];
    const client = {
      send: async (command: { input: unknown }) => {
        sent.push(command.input);
        const next = outcomes.shift();
        if (next) throw next;
        return {};
      },
    } as unknown as SchedulerClient;
    const scheduler = new EventBridgeTimerScheduler(
      client,
      config,
      new ManualClock(Date.parse('2026-03-02T00:00:00Z')),
    );
    await scheduler.ensure(ref);
    expect(sent).toHaveLength(3);
    expect(sent[0]).toMatchObject({
      Name: 'fenorri.T7.re1.d0.20260303T080000Z',
      GroupName: 'g',
      ScheduleExpression: 'at(2026-03-03T08:00:00)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: config.targetArn,
        RoleArn: config.roleArn,
        DeadLetterConfig: { Arn: config.deadLetterArn },
      },
    });
  });

  it('propagates a failure that outlives the retries (timer-sync reports it, the stream retries)', async () => {
    const client = {
      send: async () => {
        throw awsError('ThrottlingException', 429);
      },
    } as unknown as SchedulerClient;
    const scheduler = new EventBridgeTimerScheduler(
      client,
      { ...config, retry: { baseDelayMs: 0, maxDelayMs: 0, maxAttempts: 3 } },
      new ManualClock(0),
    );
    await expect(scheduler.remove(ref)).rejects.toMatchObject({ name: 'ThrottlingException' });
  });
});
