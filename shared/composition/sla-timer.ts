/**
 * The sla-timer Lambda's composition (and the sla-timer dependencies the local runtime shares): the ticket
 * services, the notifier (SESv2 + the table's send ledger), Powertools logs and EMF metrics.
 */
import { createDynamoClient } from '../adapters/dynamodb/client.js';
import { createLogger, createMetrics } from '../adapters/powertools/logger.js';
import { PowertoolsTimerMetrics } from '../adapters/powertools/metrics.js';
import { type Clock, systemClock } from '../clock.js';
import { ENV, getStringFromEnv } from '../runtime/env.js';
import { handleTimer, type SlaTimerDeps, type TimerResult } from '../timers/act-on-timer.js';
import type { TimerMetrics } from '../timers/ports.js';
import { createTicketServices, type TicketServices } from './ticket-services.js';

export interface ComposedLambda<E, R> {
  handle(event: E): Promise<R>;
  /** Publishes the EMF metrics buffered during the invocation. */
  flush(): void;
}

/** The sla-timer's dependencies over the ticket services (the Lambda's and the local runtime's). */
export function slaTimerDeps(deps: {
  services: Pick<TicketServices, 'tickets' | 'tenantRepository'>;
  clock: Clock;
  metrics: TimerMetrics;
  logger?: SlaTimerDeps['logger'];
}): SlaTimerDeps {
  return {
    tickets: deps.services.tickets,
    tenants: deps.services.tenantRepository,
    clock: deps.clock,
    metrics: deps.metrics,
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
}

/** The sla-timer Lambda: the ticket services, Powertools logs and metrics. */
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
  const deps = slaTimerDeps({
    services,
    clock,
    metrics: timerMetrics,
    logger: { info: (message, detail) => logger.info(message, { detail }) },
  });
  return {
    async handle(event) {
      const result = await handleTimer(event, deps);
      logger.info('timer handled', { ...result });
      return result;
    },
    flush: () => metrics.publishStoredMetrics(),
  };
}
