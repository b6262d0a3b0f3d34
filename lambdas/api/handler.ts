/**
 * The api Lambda: API Gateway HTTP API (JWT authorizer) -> the shared API function. The composition root
 * wires the DynamoDB client once per container; `createApiHandler` is the plain function tests call.
 */
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { systemClock } from '../../shared/clock.js';
import { type ApiEvent, type ApiHandler, type ApiResult, createApiHandler } from '../../shared/http/api.js';
import { ENV, getStringFromEnv } from '../../shared/runtime/env.js';
import { createTicketServices } from '../../shared/tickets/compose.js';

export { createApiHandler };

let api: ApiHandler | undefined;

function compose(): ApiHandler {
  const services = createTicketServices({
    client: createDynamoClient(),
    tableName: getStringFromEnv(ENV.tableName),
    clock: systemClock,
  });
  return createApiHandler(services);
}

export const handler = async (event: ApiEvent): Promise<ApiResult> => {
  api ??= compose();
  return api(event);
};
