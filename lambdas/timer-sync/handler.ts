/**
 * The timer-sync Lambda: fed by the table's stream (NEW_AND_OLD_IMAGES), it creates and deletes the
 * EventBridge Scheduler schedules of the timers tickets owe. Reports partial batch failures, so a Scheduler
 * throttle or outage only delays a timer: the stream retries from the failed record (and the event source
 * mapping's on-failure destination catches what never succeeds).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
  schedulerConfigFromEnv,
} from '../../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { systemClock } from '../../shared/clock.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/metrics.js';
import { syncTimers, type TimerSyncDeps } from '../../shared/timers/sync-timers.js';
import { PowertoolsTimerMetrics } from '../../shared/timers/timer-metrics.js';

export { syncTimers };

const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

let deps: TimerSyncDeps | undefined;

function compose(): TimerSyncDeps {
  return {
    scheduler: new EventBridgeTimerScheduler(createSchedulerClient(), schedulerConfigFromEnv(), systemClock),
    metrics: new PowertoolsTimerMetrics(metrics),
    logger: { error: (message, detail) => logger.error(message, { detail }) },
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
