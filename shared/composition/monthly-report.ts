/**
 * The monthly-report Lambda's composition: the table (tenants, outcome items, report-due items), the system
 * clock, Powertools logs. The local runtime's `POST /_local/reports/monthly` uses `monthlyReportsDeps` on its
 * own clock; `npm run report` reads reports through the API instead.
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { createDynamoClient } from '../adapters/dynamodb/client.js';
import { DynamoReportDueSink } from '../adapters/dynamodb/report-due.js';
import { DynamoTenantRepository } from '../adapters/dynamodb/tenant-repository.js';
import { createLogger } from '../adapters/powertools/logger.js';
import { type Clock, systemClock } from '../clock.js';
import {
  type MonthlyReportsDeps,
  type MonthlyReportsResult,
  recordMonthlyReports,
} from '../reports/monthly-reports.js';
import { ENV, getStringFromEnv } from '../runtime/env.js';
import { createReportService } from './reports.js';

/** The monthly reports on the single table: tenants on GSI1, outcomes on GSI5, one `report_due` item each. */
export function monthlyReportsDeps(deps: {
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
}): MonthlyReportsDeps {
  return {
    tenants: new DynamoTenantRepository(deps.client, deps.tableName),
    reports: createReportService(deps),
    sink: new DynamoReportDueSink(deps.client, deps.tableName),
    clock: deps.clock,
  };
}

export function composeMonthlyReports(
  options: { env?: NodeJS.ProcessEnv; clock?: Clock } = {},
): () => Promise<MonthlyReportsResult> {
  const env = options.env ?? process.env;
  const deps = monthlyReportsDeps({
    client: createDynamoClient({}, env),
    tableName: getStringFromEnv(ENV.tableName, env),
    clock: options.clock ?? systemClock,
  });
  const logger = createLogger();
  return async () => {
    const result = await recordMonthlyReports(deps);
    logger.info('monthly reports', { ...result });
    return result;
  };
}
