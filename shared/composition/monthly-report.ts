/**
 * The monthly-report Lambda's composition: the table (tenants, outcome items, report-due items), the system
 * clock, Powertools logs. The local `npm run report` reads reports through the API instead.
 */
import { createDynamoClient } from '../adapters/dynamodb/client.js';
import { DynamoReportDueSink } from '../adapters/dynamodb/report-due.js';
import { DynamoTenantRepository } from '../adapters/dynamodb/tenant-repository.js';
import { createLogger } from '../adapters/powertools/logger.js';
import { type Clock, systemClock } from '../clock.js';
import { type MonthlyReportsResult, recordMonthlyReports } from '../reports/monthly-reports.js';
import { ENV, getStringFromEnv } from '../runtime/env.js';
import { createReportService } from './reports.js';

export function composeMonthlyReports(
  options: { env?: NodeJS.ProcessEnv; clock?: Clock } = {},
): () => Promise<MonthlyReportsResult> {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const client = createDynamoClient({}, env);
  const tableName = getStringFromEnv(ENV.tableName, env);
  const tenants = new DynamoTenantRepository(client, tableName);
  const reports = createReportService({ client, tableName, clock });
  const sink = new DynamoReportDueSink(client, tableName);
  const logger = createLogger();
  return async () => {
    const result = await recordMonthlyReports({ tenants, reports, sink, clock });
    logger.info('monthly reports', { ...result });
    return result;
  };
}
