/**
 * The sla-events Lambda: fed by the table's stream (NEW_AND_OLD_IMAGES, ticket items only), it derives each
 * ticket write's SLA transitions and puts them on the custom EventBridge bus (`EVENT_BUS_NAME`). Reports
 * partial batch failures, so an EventBridge throttle or outage only delays events: the stream retries from the
 * failed record, and the event source mapping's on-failure destination catches what never succeeds.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { DynamoTenantRepository } from '../../shared/adapters/dynamodb/tenant-repository.js';
import {
  createEventBridgeClient,
  EventBridgePublisher,
  eventBusNameFromEnv,
} from '../../shared/adapters/eventbridge/eventbridge-publisher.js';
import { publishTicketEvents, type TicketEventsDeps } from '../../shared/events/publish-ticket-events.js';
import { SERVICE_NAME } from '../../shared/observability/metrics.js';
import { ENV, getStringFromEnv } from '../../shared/runtime/env.js';
import { resolveTenantPolicy } from '../../shared/tenants/tenant-service.js';

export { publishTicketEvents };

const logger = new Logger({ serviceName: SERVICE_NAME });

let deps: TicketEventsDeps | undefined;

/** The composition root: the table (tenants) and the bus from the environment; tests pass their own `env`. */
export function composeSlaEvents(env: NodeJS.ProcessEnv = process.env): TicketEventsDeps {
  const tenants = new DynamoTenantRepository(
    createDynamoClient({}, env),
    getStringFromEnv(ENV.tableName, env),
  );
  return {
    publisher: new EventBridgePublisher(createEventBridgeClient(env), {
      eventBusName: eventBusNameFromEnv(env),
    }),
    policyFor: async (tenantId, subject) => {
      const tenant = await tenants.getTenant(tenantId);
      return tenant ? resolveTenantPolicy(tenant, subject) : null;
    },
    logger: {
      error: (message, detail) => logger.error(message, { detail }),
      warn: (message, detail) => logger.warn(message, { detail }),
    },
  };
}

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  deps ??= composeSlaEvents();
  const { batchItemFailures, published } = await publishTicketEvents(event, deps);
  logger.info('events published', { records: event.Records.length, published, failed: batchItemFailures });
  return { batchItemFailures };
};
