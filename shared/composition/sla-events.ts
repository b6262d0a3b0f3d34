/**
 * The sla-events Lambda's composition (and the wiring the local runtime shares): the table stream decoded, the
 * tenant's policy from the table, the EventBridge publisher, Powertools logs.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createDynamoClient } from '../adapters/dynamodb/client.js';
import { decodeStreamEvent, ticketOfImage } from '../adapters/dynamodb/stream-images.js';
import { DynamoTenantRepository } from '../adapters/dynamodb/tenant-repository.js';
import {
  createEventBridgeClient,
  EventBridgePublisher,
  eventBusNameFromEnv,
} from '../adapters/eventbridge/eventbridge-publisher.js';
import { createLogger, createMetrics } from '../adapters/powertools/logger.js';
import { emfCounter } from '../adapters/powertools/metrics.js';
import type { EventPublisher } from '../events/ports.js';
import {
  publishTicketEvents,
  type TicketEventsDeps,
  type TicketEventsOutcome,
} from '../events/publish-ticket-events.js';
import type { MetricCounter } from '../observability/metrics.js';
import { ENV, getStringFromEnv } from '../runtime/env.js';
import type { TenantRepository } from '../tenants/ports.js';
import { resolveTenantPolicy } from '../tenants/tenant-service.js';

/** The events consumer's work on one stream batch: the records decoded, then `publishTicketEvents`. */
export function publishTicketEventsFromStream(
  event: DynamoDBStreamEvent,
  deps: TicketEventsDeps,
): Promise<TicketEventsOutcome> {
  return publishTicketEvents(decodeStreamEvent(event), deps);
}

/** The consumer's dependencies: a publisher and the tenants' policies (the Lambda's and the local runtime's). */
export function slaEventsDeps(deps: {
  publisher: EventPublisher;
  tenants: Pick<TenantRepository, 'getTenant'>;
  logger?: TicketEventsDeps['logger'];
  metrics?: MetricCounter;
}): TicketEventsDeps {
  return {
    publisher: deps.publisher,
    ...(deps.metrics ? { metrics: deps.metrics } : {}),
    policyFor: async (tenantId, subject) => {
      const tenant = await deps.tenants.getTenant(tenantId);
      return tenant ? resolveTenantPolicy(tenant, subject) : null;
    },
    ticketOf: ticketOfImage,
    ...(deps.logger ? { logger: deps.logger } : {}),
  };
}

/** The composition root: the table (tenants) and the bus from the environment; tests pass their own `env`. */
export function composeSlaEvents(
  env: NodeJS.ProcessEnv = process.env,
  logger: { error(m: string, d?: unknown): void; warn(m: string, d?: unknown): void } = powertools(),
  metrics?: MetricCounter,
): TicketEventsDeps {
  return slaEventsDeps({
    ...(metrics ? { metrics } : {}),
    publisher: new EventBridgePublisher(createEventBridgeClient(env), {
      eventBusName: eventBusNameFromEnv(env),
    }),
    tenants: new DynamoTenantRepository(createDynamoClient({}, env), getStringFromEnv(ENV.tableName, env)),
    logger,
  });
}

function powertools() {
  const logger = createLogger();
  return {
    error: (message: string, detail?: unknown) => logger.error(message, { detail }),
    warn: (message: string, detail?: unknown) => logger.warn(message, { detail }),
  };
}

/**
 * The Lambda's handler: each batch through the consumer, one log line with what it published, EMF counts of
 * the events published and failed per detail-type (`emfCounter`: each count is its own EMF line, written at once).
 */
export function createSlaEventsHandler(
  env: NodeJS.ProcessEnv = process.env,
): (event: DynamoDBStreamEvent) => Promise<TicketEventsOutcome> {
  const logger = createLogger();
  const deps = composeSlaEvents(
    env,
    {
      error: (message, detail) => logger.error(message, { detail }),
      warn: (message, detail) => logger.warn(message, { detail }),
    },
    emfCounter(createMetrics()),
  );
  return async (event) => {
    const outcome = await publishTicketEventsFromStream(event, deps);
    logger.info('events published', {
      records: event.Records.length,
      published: outcome.published,
      failed: outcome.batchItemFailures,
    });
    return outcome;
  };
}
