/**
 * The single table's definition (docs/data-model.md): keys, GSIs and stream. The CDK table construct and the
 * local runtime both build from these constants, so the emulator's table is the deployed table.
 */
import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';

export const TABLE_KEYS = { partitionKey: 'PK', sortKey: 'SK' } as const;
export const TTL_ATTRIBUTE = 'ttl';

/** The GSIs, each keyed `${name}PK` / `${name}SK` (strings), projecting all attributes. */
export const GSI = {
  /** All tickets of a tenant, by creation; the tenant profiles, by id (partition `TENANTS`). */
  byCreated: 'GSI1',
  /** Tickets of a tenant in one status, by creation. */
  byStatus: 'GSI2',
  /** Tickets with a running milestone, by its earliest due instant (sparse). */
  byNextDue: 'GSI3',
  /** Tickets with a breach or a running deadline, by the earliest of them (sparse). */
  byAttention: 'GSI4',
  /** Milestone outcomes of a tenant by the UTC month they started in (the compliance report). */
  byOutcomeMonth: 'GSI5',
} as const;

export type GsiName = (typeof GSI)[keyof typeof GSI];
export const GSI_NAMES: readonly GsiName[] = Object.values(GSI);

export function gsiKeys(name: GsiName): { partitionKey: string; sortKey: string } {
  return { partitionKey: `${name}PK`, sortKey: `${name}SK` };
}

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const attributes = [
    TABLE_KEYS.partitionKey,
    TABLE_KEYS.sortKey,
    ...GSI_NAMES.flatMap((n) => Object.values(gsiKeys(n))),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: attributes.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: GSI_NAMES.map((name) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: gsiKeys(name).partitionKey, KeyType: 'HASH' },
        { AttributeName: gsiKeys(name).sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
  };
}

async function untilActive(client: DynamoDBClient, tableName: string): Promise<string[]> {
  for (let i = 0; i < 100; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (
      Table?.TableStatus === 'ACTIVE' &&
      indexes.every((g) => g.IndexStatus === 'ACTIVE' || !g.IndexStatus)
    ) {
      return indexes.map((g) => g.IndexName ?? '');
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return [];
}

/**
 * Creates the table unless it exists (idempotent), then waits until it is ACTIVE. A table kept from an older
 * release (`npm start -- --data DIR`) gets the GSIs added since, one at a time (as DynamoDB requires).
 */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const definition = tableDefinition(tableName);
  try {
    await client.send(new CreateTableCommand(definition));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const present = await untilActive(client, tableName);
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (present.length === 0 || present.includes(index.IndexName ?? '')) continue;
    const names = (index.KeySchema ?? []).map((k) => k.AttributeName ?? '');
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: names.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    await untilActive(client, tableName);
  }
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    );
  } catch {
    // Already enabled (a second start on a persisted table): TTL is housekeeping, never a reason to fail.
  }
}

/** The stream of the table (the timer-sync consumer reads it locally). */
export async function tableStreamArn(client: DynamoDBClient, tableName: string): Promise<string | undefined> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  return Table?.LatestStreamArn;
}
