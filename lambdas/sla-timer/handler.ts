/**
 * The sla-timer Lambda: EventBridge Scheduler invokes it with the timer payload (the schedule's Input) at a
 * milestone's reminder or deadline. Thin: validate, act through `shared/timers/act-on-timer.ts`, flush metrics.
 * Scheduler invokes it asynchronously: a thrown error is retried by Lambda's own async retries and then lands in
 * the SlaTimerDlq; Scheduler's RetryPolicy and the TimerDlq cover deliveries that could not be made at all.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { createSesClient } from '../../shared/adapters/ses/sesv2-mailer.js';
import { systemClock } from '../../shared/clock.js';
import { createNotifier, notifierConfigFromEnv } from '../../shared/composition/notifications.js';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/metrics.js';
import { ENV, getStringFromEnv } from '../../shared/runtime/env.js';
import { createTicketServices } from '../../shared/composition/ticket-services.js';
import { handleTimer, type SlaTimerDeps, type TimerResult } from '../../shared/timers/act-on-timer.js';
import { PowertoolsTimerMetrics } from '../../shared/adapters/powertools/metrics.js';

export { handleTimer };

const logger = new Logger({ serviceName: SERVICE_NAME });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });

const MAIL_LEASE_MS = 90_000;

let deps: SlaTimerDeps | undefined;

function compose(): SlaTimerDeps {
  const dynamo = createDynamoClient();
  const tableName = getStringFromEnv(ENV.tableName);
  const services = createTicketServices({ client: dynamo, tableName, clock: systemClock });
  const timerMetrics = new PowertoolsTimerMetrics(metrics);
  return {
    tickets: services.tickets,
    tenants: services.tenantRepository,
    notifier: createNotifier({
      ses: createSesClient(),
      dynamo,
      tableName,
      clock: systemClock,
      // A live sender holds a claim at most one invocation (60 s timeout, lib/constructs/sla-timers.ts): a
      // lease just past it lets the async retry of a sender that died claim the mail instead of failing again.
      config: { ...notifierConfigFromEnv(), leaseMs: MAIL_LEASE_MS },
      threads: services.ticketRepository,
      onSent: (template) => timerMetrics.count(METRIC.notificationsSent, 1, { template }),
    }),
    clock: systemClock,
    metrics: timerMetrics,
    logger: { info: (message, detail) => logger.info(message, { detail }) },
  };
}

export const handler = async (event: unknown): Promise<TimerResult> => {
  deps ??= compose();
  try {
    const result = await handleTimer(event, deps);
    logger.info('timer handled', { ...result });
    return result;
  } finally {
    metrics.publishStoredMetrics();
  }
};
