/**
 * The timer Lambdas' composition (sla-timer, timer-sync) and the wiring the local runtime and the
 * reconcile-timers command share: the table stream decoded for timer-sync, the owed timers scanned for
 * reconcile, EventBridge Scheduler behind the `TimerScheduler` port, Powertools EMF behind `TimerMetrics`.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createDynamoClient, type DynamoDBClient } from '../adapters/dynamodb/client.js';
import { DynamoOwedTimersScan } from '../adapters/dynamodb/owed-timers-scan.js';
import { decodeStreamEvent } from '../adapters/dynamodb/stream-images.js';
import { createLogger, createMetrics } from '../adapters/powertools/logger.js';
import { PowertoolsTimerMetrics } from '../adapters/powertools/metrics.js';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
  schedulerConfigFromEnv,
} from '../adapters/scheduler/eventbridge-timer-scheduler.js';
import { createSesClient } from '../adapters/ses/sesv2-mailer.js';
import { type Clock, systemClock } from '../clock.js';
import { METRIC } from '../observability/metrics.js';
import { ENV, getStringFromEnv } from '../runtime/env.js';
import { handleTimer, type SlaTimerDeps, type TimerResult } from '../timers/act-on-timer.js';
import type { BatchFailures, TimerMetrics, TimerScheduler } from '../timers/ports.js';
import {
  type ReconcileTimersOptions,
  type ReconcileTimersReport,
  reconcileTimers,
} from '../timers/reconcile-timers.js';
import { syncTimers, type TimerSyncDeps } from '../timers/sync-timers.js';
import { createNotifier, notifierConfigFromEnv } from './notifications.js';
import { createTicketServices, type TicketServices } from './ticket-services.js';

/** timer-sync's work on one stream batch: the records decoded, then `syncTimers`. */
export function syncTimersFromStream(
  event: DynamoDBStreamEvent,
  deps: TimerSyncDeps,
): Promise<BatchFailures> {
  return syncTimers(decodeStreamEvent(event), deps);
}

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

/** timer-sync's dependencies over the ticket services: a tenant's SLA input change re-syncs its open tickets. */
export function timerSyncDeps(deps: {
  services: Pick<TicketServices, 'tickets' | 'ticketRepository'>;
  scheduler: TimerScheduler;
  metrics: TimerMetrics;
  logger?: TimerSyncDeps['logger'];
}): TimerSyncDeps {
  return {
    scheduler: deps.scheduler,
    tenantResync: { tickets: deps.services.tickets, repository: deps.services.ticketRepository },
    metrics: deps.metrics,
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
}

/** A live sender holds a claim at most one invocation (60 s timeout, lib/constructs/sla-timers.ts). */
const MAIL_LEASE_MS = 90_000;

export interface ComposedLambda<E, R> {
  handle(event: E): Promise<R>;
  /** Publishes the EMF metrics buffered during the invocation. */
  flush(): void;
}

/** The sla-timer Lambda: the ticket services, the notifier (SESv2 + send ledger), Powertools logs and metrics. */
export function composeSlaTimer(
  options: { env?: NodeJS.ProcessEnv; clock?: Clock } = {},
): ComposedLambda<unknown, TimerResult> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const logger = createLogger();
  const metrics = createMetrics();
  const dynamo = createDynamoClient({}, env);
  const tableName = getStringFromEnv(ENV.tableName, env);
  const services = createTicketServices({ client: dynamo, tableName, clock });
  const timerMetrics = new PowertoolsTimerMetrics(metrics);
  const deps: SlaTimerDeps = {
    tickets: services.tickets,
    tenants: services.tenantRepository,
    notifier: createNotifier({
      ses: createSesClient(env),
      dynamo,
      tableName,
      clock,
      // A lease just past the timeout lets the async retry of a sender that died claim the mail instead of
      // failing again.
      config: { ...notifierConfigFromEnv(env), leaseMs: MAIL_LEASE_MS },
      threads: services.ticketRepository,
      onSent: (template) => timerMetrics.count(METRIC.notificationsSent, 1, { template }),
    }),
    clock,
    metrics: timerMetrics,
    logger: { info: (message, detail) => logger.info(message, { detail }) },
  };
  return {
    async handle(event) {
      const result = await handleTimer(event, deps);
      logger.info('timer handled', { ...result });
      return result;
    },
    flush: () => metrics.publishStoredMetrics(),
  };
}

/** The timer-sync Lambda: the stream decoded, EventBridge Scheduler, the ticket services for tenant re-syncs. */
export function composeTimerSync(
  options: { env?: NodeJS.ProcessEnv; clock?: Clock } = {},
): ComposedLambda<DynamoDBStreamEvent, BatchFailures> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const logger = createLogger();
  const metrics = createMetrics();
  const services = createTicketServices({
    client: createDynamoClient({}, env),
    tableName: getStringFromEnv(ENV.tableName, env),
    clock,
  });
  const deps = timerSyncDeps({
    services,
    scheduler: new EventBridgeTimerScheduler(createSchedulerClient(env), schedulerConfigFromEnv(env), clock),
    metrics: new PowertoolsTimerMetrics(metrics),
    logger: {
      error: (message, detail) => logger.error(message, { detail }),
      warn: (message, detail) => logger.warn(message, { detail }),
      info: (message, detail) => logger.info(message, { detail }),
    },
  });
  return {
    handle: (event) => syncTimersFromStream(event, deps),
    flush: () => metrics.publishStoredMetrics(),
  };
}
