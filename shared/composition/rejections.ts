/**
 * Rejected inbound mail read back for staff (`GET /inbound/rejections`): the table's rejection log behind the
 * use case, for the api Lambda and the local runtime.
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { DynamoRejectionLog } from '../adapters/dynamodb/rejection-log.js';
import { RejectionQueries } from '../inbound/rejection-queries.js';
import type { TenantRepository } from '../tenants/ports.js';

export function createRejectionQueries(deps: {
  client: DynamoDBClient;
  tableName: string;
  /** The tenant profiles as the API reads them (the ticket services' cache). */
  tenants: TenantRepository;
}): RejectionQueries {
  return new RejectionQueries({
    rejections: new DynamoRejectionLog(deps.client, deps.tableName),
    tenants: deps.tenants,
  });
}
