/**
 * The timer-sync Lambda: fed by the table's stream (NEW_AND_OLD_IMAGES), it creates and deletes the
 * EventBridge Scheduler schedules of the timers tickets owe, and re-syncs a tenant's open tickets when the
 * tenant profile's SLA inputs change (their rewritten `timersOwed` then comes back through the stream). Reports partial batch failures, so a Scheduler
 * throttle or outage only delays a timer: the stream retries from the failed record (and the event source
 * mapping's on-failure destination catches what never succeeds).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
  schedulerConfigFromEnv,
} from '../../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { systemClock } from '../../shared/clock.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/metrics.js';
import { ENV, getStringFromEnv } from '../../shared/runtime/env.js';
import { createTicketServices } from '../../shared/composition/ticket-services.js';
import { syncTimers, type TimerSyncDeps } from '../../shared/timers/sync-timers.js';
import { PowertoolsTimerMetrics } from '../../shared/adapters/powertools/metrics.js';

export { syncTimers };

const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

let deps: TimerSyncDeps | undefined;

function compose(): TimerSyncDeps {
  const services = createTicketServices({
    client: createDynamoClient(),
    tableName: getStringFromEnv(ENV.tableName),
    clock: systemClock,
  });
  return {
    scheduler: new EventBridgeTimerScheduler(createSchedulerClient(), schedulerConfigFromEnv(), systemClock),
    tenantResync: { tickets: services.tickets, repository: services.ticketRepository },
    metrics: new PowertoolsTimerMetrics(metrics),
    logger: {
      error: (message, detail) => logger.error(message, { detail }),
      warn: (message, detail) => logger.warn(message, { detail }),
      info: (message, detail) => logger.info(message, { detail }),
    },
  };
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  deps ??= compose();
  try {
    return await syncTimers(event, deps);
  } finally {
    metrics.publishStoredMetrics();
  }
};
