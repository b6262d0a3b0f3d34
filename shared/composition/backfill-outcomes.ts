/**
 * The outcome backfill over the table (`npm run backfill-outcomes`): tenants from their index, tickets per
 * tenant on GSI1, conditional puts of the missing outcome items (shared/reports/backfill-outcomes.ts).
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { DynamoOutcomeBackfill } from '../adapters/dynamodb/outcome-backfill.js';
import { DynamoTenantRepository } from '../adapters/dynamodb/tenant-repository.js';
import type { Clock } from '../clock.js';
import {
  type BackfillOutcomesOptions,
  type BackfillOutcomesReport,
  backfillOutcomes,
} from '../reports/backfill-outcomes.js';

export function backfillTableOutcomes(
  deps: { dynamo: DynamoDBClient; tableName: string; clock: Clock; log?: (line: string) => void },
  options: BackfillOutcomesOptions = {},
): Promise<BackfillOutcomesReport> {
  return backfillOutcomes(
    {
      store: new DynamoOutcomeBackfill(deps.dynamo, deps.tableName),
      tenants: new DynamoTenantRepository(deps.dynamo, deps.tableName),
      clock: deps.clock,
      ...(deps.log ? { log: deps.log } : {}),
    },
    options,
  );
}
