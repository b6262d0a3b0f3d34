/** Per-file tables on the run's one DynamoDB Local (started by global-setup.ts for the tiers that need it). */
import { randomUUID } from 'node:crypto';
import { DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { ensureTable } from '../../shared/adapters/dynamodb/table.js';

export function dynamoDbEndpoint(): string {
  const endpoint = inject('dynamoDbEndpoint') || process.env.DYNAMODB_ENDPOINT || '';
  if (!endpoint)
    throw new Error(
      'no DynamoDB Local in this run: only the integration and e2e projects start it (vitest.config.ts)',
    );
  return endpoint;
}

export interface TestTable {
  client: DynamoDBClient;
  endpoint: string;
  tableName: string;
  /** Deletes the table and closes the client. */
  drop(): Promise<void>;
}

export async function createTestTable(prefix = 'test'): Promise<TestTable> {
  const endpoint = dynamoDbEndpoint();
  const client = createDynamoClient({ endpoint });
  const tableName = `${prefix}-${randomUUID().slice(0, 8)}`;
  await ensureTable(client, tableName);
  return {
    client,
    endpoint,
    tableName,
    async drop() {
      try {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      } finally {
        client.destroy();
      }
    },
  };
}
