/**
 * The api Lambda's composition: the DynamoDB client, the ticket metrics (Powertools EMF; mail is owed in each write and sent by the notification Lambda) around the ticket and tenant services, and the deployment's enabled presets.
 */
import { createDynamoClient } from '../adapters/dynamodb/client.js';
import { createMetrics } from '../adapters/powertools/logger.js';
import { emfCounter } from '../adapters/powertools/metrics.js';
import { type Clock, systemClock } from '../clock.js';
import { type ApiHandler, createApiHandler } from '../http/api.js';
import { ENV, getStringFromEnv } from '../runtime/env.js';
import { EnabledPresetsTenantRepository, enabledPresetsFromEnv } from '../tenants/enabled-presets.js';
import { TenantService } from '../tenants/tenant-service.js';
import { createLambdaTicketEvents } from './lambda-ticket-events.js';
import { createRejectionQueries } from './rejections.js';
import { createReportService } from './reports.js';
import { createTicketServices } from './ticket-services.js';

export function composeApi(options: { env?: NodeJS.ProcessEnv; clock?: Clock } = {}): ApiHandler {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const client = createDynamoClient({}, env);
  const tableName = getStringFromEnv(ENV.tableName, env);
  const counter = emfCounter(createMetrics());
  const events = createLambdaTicketEvents({ counter });
  const supportDomain = env[ENV.supportDomain];
  const services = createTicketServices({
    client,
    tableName,
    clock,
    events,
    ...(supportDomain ? { supportDomain } : {}),
  });
  const enabled = enabledPresetsFromEnv(env);
  const tenants = enabled
    ? new TenantService({
        tenants: new EnabledPresetsTenantRepository(services.tenantCache, enabled),
        clock,
      })
    : services.tenants;
  return createApiHandler({
    tickets: services.tickets,
    tenants,
    reports: createReportService({ client, tableName, clock }),
    rejections: createRejectionQueries({ client, tableName, tenants: services.tenantCache }),
  });
}
