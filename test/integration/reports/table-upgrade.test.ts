/**
 * A table kept from before the outcome index (`npm start -- --data DIR`) gets it on the next start: ensureTable
 * adds the GSIs the definition has and the table lacks, against DynamoDB Local.
 */
import { randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { expect, it } from 'vitest';
import { createDynamoClient } from '../../../shared/adapters/dynamodb/client.js';
import { ensureTable, GSI, tableDefinition } from '../../../shared/adapters/dynamodb/table.js';
import { dynamoDbEndpoint } from '../../support/dynamodb.js';

it('adds the outcome index to a table created without it, and leaves a current table alone', async () => {
  const client = createDynamoClient({ endpoint: dynamoDbEndpoint() });
  const tableName = `upgrade-${randomUUID().slice(0, 8)}`;
  const current = tableDefinition(tableName);
  const old = {
    ...current,
    AttributeDefinitions: current.AttributeDefinitions?.filter((a) => !a.AttributeName?.startsWith('GSI5')),
    GlobalSecondaryIndexes: current.GlobalSecondaryIndexes?.filter((g) => g.IndexName !== GSI.byOutcomeMonth),
  };
  try {
    await client.send(new CreateTableCommand(old));
    await ensureTable(client, tableName);
    const indexes = async () =>
      (
        (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table
          ?.GlobalSecondaryIndexes ?? []
      )
        .map((g) => g.IndexName)
        .sort();
    expect(await indexes()).toEqual(['GSI1', 'GSI2', 'GSI3', 'GSI4', 'GSI5']);
    await ensureTable(client, tableName);
    expect(await indexes()).toEqual(['GSI1', 'GSI2', 'GSI3', 'GSI4', 'GSI5']);
  } finally {
    await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  }
});
