/**
 * The report service on the single table (outcome items on GSI5, tenants on GSI1), for the api Lambda, the
 * monthly-report Lambda and the local runtime. Kept apart from `ticket-services.ts` so the Lambdas that only
 * write tickets (timer-sync, sla-timer, inbound-email) do not bundle the report code and luxon.
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { DynamoOutcomeStore } from '../adapters/dynamodb/outcome-store.js';
import { DynamoTenantRepository } from '../adapters/dynamodb/tenant-repository.js';
import type { Clock } from '../clock.js';
import { ReportService } from '../reports/report-service.js';

export function createReportService(deps: {
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
}): ReportService {
  return new ReportService({
    outcomes: new DynamoOutcomeStore(deps.client, deps.tableName),
    tenants: new DynamoTenantRepository(deps.client, deps.tableName),
    clock: deps.clock,
  });
}
