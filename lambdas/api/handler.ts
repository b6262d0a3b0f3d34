/**
 * The api Lambda: API Gateway HTTP API (JWT authorizer) -> the shared API function. The composition root
 * wires the DynamoDB client, the requester's mail (SESv2 + send ledger) and the ticket metrics (Powertools EMF) once per
 * container; `createApiHandler` is the plain function tests call, `composeApi` the wiring they can point at
 * emulators.
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { DynamoTenantRepository } from '../../shared/adapters/dynamodb/tenant-repository.js';
import { DynamoTicketRepository } from '../../shared/adapters/dynamodb/ticket-repository.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import { type ApiEvent, type ApiHandler, type ApiResult, createApiHandler } from '../../shared/http/api.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/metrics.js';
import { ENV, getStringFromEnv } from '../../shared/runtime/env.js';
import { TenantService } from '../../shared/tenants/tenant-service.js';
import { createTicketServices } from '../../shared/composition/ticket-services.js';
import { createLambdaTicketEvents } from '../../shared/composition/lambda-ticket-events.js';
import { emfCounter } from '../../shared/adapters/powertools/metrics.js';
import { EnabledPresetsTenantRepository, enabledPresetsFromEnv } from '../../shared/tenants/enabled-presets.js';

export { createApiHandler };

export function composeApi(options: { env?: NodeJS.ProcessEnv; clock?: Clock } = {}): ApiHandler {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const client = createDynamoClient({}, env);
  const tableName = getStringFromEnv(ENV.tableName, env);
  const counter = emfCounter(new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME }));
  const events = createLambdaTicketEvents({
    dynamo: client,
    tableName,
    clock,
    threads: new DynamoTicketRepository(client, tableName),
    counter,
    env,
  });
  const services = createTicketServices({ client, tableName, clock, events });
  const enabled = enabledPresetsFromEnv(env);
  const tenants = enabled
    ? new TenantService({
        tenants: new EnabledPresetsTenantRepository(new DynamoTenantRepository(client, tableName), enabled),
        clock,
      })
    : services.tenants;
  return createApiHandler({ tickets: services.tickets, tenants });
}

let api: ApiHandler | undefined;

export const handler = async (event: ApiEvent): Promise<ApiResult> => {
  api ??= composeApi();
  return api(event);
};
