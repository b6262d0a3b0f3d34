/**
 * The timer-sync Lambda's composition (and the timer-sync wiring the local runtime shares): the table stream
 * decoded, EventBridge Scheduler behind the `TimerScheduler` port, the ticket services for tenant re-syncs,
 * Powertools logs and EMF metrics.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createDynamoClient } from '../adapters/dynamodb/client.js';
import { decodeStreamEvent } from '../adapters/dynamodb/stream-images.js';
import { createLogger, createMetrics } from '../adapters/powertools/logger.js';
import { PowertoolsTimerMetrics } from '../adapters/powertools/metrics.js';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
  schedulerConfigFromEnv,
} from '../adapters/scheduler/eventbridge-timer-scheduler.js';
import { type Clock, systemClock } from '../clock.js';
import { ENV, getStringFromEnv } from '../runtime/env.js';
import type { BatchFailures } from '../runtime/table-changes.js';
import type { TimerMetrics, TimerScheduler } from '../timers/ports.js';
import { syncTimers, type TimerSyncDeps } from '../timers/sync-timers.js';
import type { ComposedLambda } from './sla-timer.js';
import { createTicketServices, type TicketServices } from './ticket-services.js';

/** timer-sync's work on one stream batch: the records decoded, then `syncTimers`. */
export function syncTimersFromStream(
  event: DynamoDBStreamEvent,
  deps: TimerSyncDeps,
): Promise<BatchFailures> {
  return syncTimers(decodeStreamEvent(event), deps);
}

/** timer-sync's dependencies over the ticket services: a tenant's SLA input change re-syncs its open tickets. */
export function timerSyncDeps(deps: {
  services: Pick<TicketServices, 'tickets' | 'ticketRepository' | 'tenantCache'>;
  scheduler: TimerScheduler;
  metrics: TimerMetrics;
  logger?: TimerSyncDeps['logger'];
}): TimerSyncDeps {
  const { tickets, tenantCache } = deps.services;
  return {
    scheduler: deps.scheduler,
    tenantResync: {
      // A re-sync exists because the tenant's profile just changed: each refresh reads it fresh, never from a
      // profile this instance cached (for up to 5 s) before the change.
      tickets: {
        refreshTimers: (tenantId, ticketId, reason) => {
          tenantCache.forget(tenantId);
          return tickets.refreshTimers(tenantId, ticketId, reason);
        },
      },
      repository: deps.services.ticketRepository,
    },
    metrics: deps.metrics,
    ...(deps.logger ? { logger: deps.logger } : {}),
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
