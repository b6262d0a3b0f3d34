import {
  CreateScheduleCommand,
  type CreateScheduleCommandInput,
  DeleteScheduleCommand,
  SchedulerClient,
  type SchedulerClientConfig,
} from '@aws-sdk/client-scheduler';
import type { Clock } from '../../clock.js';
import { ENV, getOptionalStringFromEnv, getStringFromEnv } from '../../runtime/env.js';
import type { EnsureOutcome, TimerScheduler } from '../../timers/ports.js';
import { isRetryableAwsError, type RetryOptions, withRetries } from '../../timers/retry.js';
import { atExpression, scheduleName } from '../../timers/schedule-name.js';
import { type TimerRef, toTimerPayload } from '../../timers/timer-payload.js';
import { localEndpointConfig } from '../local-endpoint.js';
import { withoutSdkLogFilter } from '../sdk-client.js';

export interface EventBridgeTimerSchedulerConfig {
  groupName: string;
  /** The sla-timer Lambda. */
  targetArn: string;
  /** The role Scheduler assumes to invoke the target (it may invoke only the timer Lambda). */
  roleArn: string;
  /** SQS queue for invocations that still fail after the retry policy. */
  deadLetterArn: string;
  /**
   * A fire time at or before now + this lead is moved to now + lead. One-off `at()` schedules in the past are
   * not something to rely on (reported as rejected at create, and a schedule that never fires would lose the
   * timer), and Scheduler only has minute precision anyway; the handler measures lateness from the payload's
   * own `fireAt`, which keeps the true instant.
   */
  pastFireLeadMs?: number;
  retry?: Partial<Omit<RetryOptions, 'isRetryable'>>;
}

/** Scheduler's own retry of a failed Lambda invocation, before the DLQ. */
export const TIMER_TARGET_RETRY_POLICY = {
  MaximumEventAgeInSeconds: 3600,
  MaximumRetryAttempts: 10,
} as const;

export const DEFAULT_PAST_FIRE_LEAD_MS = 10_000;

export class EventBridgeTimerScheduler implements TimerScheduler {
  readonly #client: SchedulerClient;
  readonly #config: EventBridgeTimerSchedulerConfig;
  readonly #clock: Clock;
  readonly #retry: RetryOptions;

  constructor(client: SchedulerClient, config: EventBridgeTimerSchedulerConfig, clock: Clock) {
    this.#client = client;
    this.#config = config;
    this.#clock = clock;
    this.#retry = {
      maxAttempts: 8,
      baseDelayMs: 100,
      maxDelayMs: 5_000,
      ...config.retry,
      isRetryable: isRetryableAwsError,
    };
  }

  /** The exact request `ensure` sends (exported for tests and for reading). */
  createInput(ref: TimerRef): CreateScheduleCommandInput {
    const lead = this.#config.pastFireLeadMs ?? DEFAULT_PAST_FIRE_LEAD_MS;
    const fireAt = ref.timer.fireAt;
    const earliest = this.#clock.now() + lead;
    // Rounded up to the second: at() has whole seconds, and firing before fireAt would find the timer not yet due.
    const at = Math.ceil((Number.isFinite(fireAt) && fireAt > earliest ? fireAt : earliest) / 1000) * 1000;
    return {
      Name: scheduleName(ref.tenantId, ref.ticketId, ref.timer.key, ref.timer.dueAt),
      GroupName: this.#config.groupName,
      ScheduleExpression: atExpression(at),
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Description: `SLA ${ref.timer.kind} ${ref.timer.key} of ${ref.tenantId}/${ref.ticketId}`.slice(0, 512),
      Target: {
        Arn: this.#config.targetArn,
        RoleArn: this.#config.roleArn,
        Input: JSON.stringify(toTimerPayload(ref)),
        RetryPolicy: { ...TIMER_TARGET_RETRY_POLICY },
        DeadLetterConfig: { Arn: this.#config.deadLetterArn },
      },
    };
  }

  async ensure(ref: TimerRef): Promise<EnsureOutcome> {
    const input = this.createInput(ref);
    try {
      await withRetries(() => this.#client.send(new CreateScheduleCommand(input)), this.#retry);
      return 'created';
    } catch (error) {
      // Same deterministic name = same timer: an earlier attempt (or a replayed record) already created it.
      if (errorName(error) === 'ConflictException') return 'present';
      throw error;
    }
  }

  async remove(ref: TimerRef): Promise<void> {
    const name = scheduleName(ref.tenantId, ref.ticketId, ref.timer.key, ref.timer.dueAt);
    try {
      await withRetries(
        () => this.#client.send(new DeleteScheduleCommand({ Name: name, GroupName: this.#config.groupName })),
        this.#retry,
      );
    } catch (error) {
      // Already fired (ActionAfterCompletion DELETE) or already removed.
      if (errorName(error) === 'ResourceNotFoundException') return;
      throw error;
    }
  }
}

function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as { name?: string }).name : undefined;
}

/**
 * The client every caller uses. `maxAttempts: 1` because `withRetries` above is the one retry policy (SDK
 * retries on top would multiply attempts). Locally `SCHEDULER_ENDPOINT` points it at the local Scheduler.
 */
export function createSchedulerClient(
  env: NodeJS.ProcessEnv = process.env,
  overrides: SchedulerClientConfig = {},
): SchedulerClient {
  return withoutSdkLogFilter(
    new SchedulerClient({
      maxAttempts: 1,
      ...localEndpointConfig(getOptionalStringFromEnv(ENV.schedulerEndpoint, env), env),
      ...overrides,
    }),
  );
}

export function schedulerConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): EventBridgeTimerSchedulerConfig {
  return {
    groupName: getStringFromEnv(ENV.scheduleGroupName, env),
    targetArn: getStringFromEnv(ENV.slaTimerFunctionArn, env),
    roleArn: getStringFromEnv(ENV.schedulerRoleArn, env),
    deadLetterArn: getStringFromEnv(ENV.timerDlqArn, env),
  };
}
