/**
 * reconcile-timers over the table: the owed timers of every ticket item by a Scan, through the scheduler port.
 * `reconcileTableTimers` serves the `npm run reconcile-timers` command and the local runtime's start-up;
 * `composeReconcileTimers` is the reconcile-timers Lambda, which a deployment trigger runs once the stateless
 * stack's schedule group, sla-timer function and Scheduler role exist (lib/constructs/timer-reconciler.ts).
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { createDynamoClient } from '../adapters/dynamodb/client.js';
import { DynamoOwedTimersScan } from '../adapters/dynamodb/owed-timers-scan.js';
import { createLogger, type LogPort, powertoolsLogger } from '../adapters/powertools/logger.js';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
  schedulerConfigFromEnv,
} from '../adapters/scheduler/eventbridge-timer-scheduler.js';
import { type Clock, systemClock } from '../clock.js';
import { ENV, getStringFromEnv } from '../runtime/env.js';
import type { TimerScheduler } from '../timers/ports.js';
import {
  formatReconcileReport,
  type ReconcileTimersOptions,
  type ReconcileTimersReport,
  reconcileTimers,
} from '../timers/reconcile-timers.js';

/** Re-creates the schedules of every timer the table's tickets owe (a Scan of the table). */
export function reconcileTableTimers(
  deps: {
    dynamo: DynamoDBClient;
    tableName: string;
    scheduler: Pick<TimerScheduler, 'ensure'>;
    log?: (line: string) => void;
  },
  options: ReconcileTimersOptions = {},
): Promise<ReconcileTimersReport> {
  return reconcileTimers(
    {
      source: new DynamoOwedTimersScan(deps.dynamo, deps.tableName),
      scheduler: deps.scheduler,
      ...(deps.log ? { log: deps.log } : {}),
    },
    options,
  );
}

/**
 * Tickets a Scan page of the Lambda holds. Small enough that one page (a few owed timers each, 8 Scheduler
 * calls in flight) is ensured well inside `LAMBDA_STOP_MARGIN_MS`, so the time check between pages is enough.
 */
export const LAMBDA_PAGE_SIZE = 500;

/** The Lambda stops reading pages once it has less than this left (its timeout: 15 minutes). */
export const LAMBDA_STOP_MARGIN_MS = 90_000;

/**
 * The run did not leave every owed timer scheduled: some failed, or the time ran out before the end of the
 * table. Thrown after the report is logged, so the invocation counts as an error (alarm), Lambda retries it
 * and then puts the event in the function's dead-letter queue (alarm); `npm run reconcile-timers` finishes it.
 */
export class ReconcileTimersIncompleteError extends Error {
  readonly report: ReconcileTimersReport;

  constructor(report: ReconcileTimersReport) {
    super(
      `${formatReconcileReport(report)}: not every owed timer has its schedule; ` +
        'run `npm run reconcile-timers` (README, "Recovering timers") to finish',
    );
    this.name = 'ReconcileTimersIncompleteError';
    this.report = report;
  }
}

/** One invocation as the Lambda sees it: how long it has left. */
export interface ReconcileInvocation {
  /** Milliseconds before the Lambda times out (`context.getRemainingTimeInMillis()`). */
  remainingMs(): number;
}

/**
 * The reconcile-timers Lambda: the table from `TABLE_NAME`, the Scheduler with the very settings timer-sync
 * creates schedules with (`schedulerConfigFromEnv`), Powertools logs. Each invocation scans the whole table and
 * ensures every owed timer's schedule (present ones are left alone); it stops between pages when its time is
 * nearly up, logs the report either way, and throws `ReconcileTimersIncompleteError` unless it finished clean.
 */
export function composeReconcileTimers(
  options: {
    env?: NodeJS.ProcessEnv;
    clock?: Clock;
    logger?: LogPort;
    /** Tests shrink these; the Lambda uses the defaults above. */
    pageSize?: number;
    stopMarginMs?: number;
  } = {},
): { handle(invocation: ReconcileInvocation): Promise<ReconcileTimersReport> } {
  const env = options.env ?? process.env;
  const logger = options.logger ?? powertoolsLogger(createLogger());
  const dynamo = createDynamoClient({}, env);
  const tableName = getStringFromEnv(ENV.tableName, env);
  const scheduler = new EventBridgeTimerScheduler(
    createSchedulerClient(env),
    schedulerConfigFromEnv(env),
    options.clock ?? systemClock,
  );
  const pageSize = options.pageSize ?? LAMBDA_PAGE_SIZE;
  const stopMarginMs = options.stopMarginMs ?? LAMBDA_STOP_MARGIN_MS;
  return {
    async handle(invocation) {
      const report = await reconcileTableTimers(
        { dynamo, tableName, scheduler, log: (line) => logger.info(`reconcile-timers: ${line}`) },
        { pageSize, shouldStop: () => invocation.remainingMs() < stopMarginMs },
      );
      if (report.complete && report.failed === 0) {
        logger.info(`reconcile-timers done: ${formatReconcileReport(report)}`, { report });
        return report;
      }
      const error = new ReconcileTimersIncompleteError(report);
      logger.error(error.message, { report });
      throw error;
    },
  };
}
