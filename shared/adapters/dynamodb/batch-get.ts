/**
 * Consistent `BatchGetItem` over any number of keys: 100 keys a request (DynamoDB's limit), unprocessed keys
 * asked again with capped backoff until none are left. The mail redrive's reads (outbox ledger records,
 * report_due items and theirs) all go through it.
 */
import { type AttributeValue, BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

const BATCH_GET_MAX = 100;

export async function batchGetAll(
  client: DynamoDBClient,
  tableName: string,
  keys: { PK: string; SK: string }[],
  projection?: { expression: string; names?: Record<string, string> },
): Promise<Record<string, unknown>[]> {
  const found: Record<string, unknown>[] = [];
  for (let start = 0; start < keys.length; start += BATCH_GET_MAX) {
    let request: Record<string, AttributeValue>[] = keys
      .slice(start, start + BATCH_GET_MAX)
      .map((k) => marshall({ PK: k.PK, SK: k.SK }));
    for (let round = 0; request.length > 0; round++) {
      if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** round)));
      const answer = await client.send(
        new BatchGetItemCommand({
          RequestItems: {
            [tableName]: {
              Keys: request,
              ConsistentRead: true,
              ...(projection
                ? {
                    ProjectionExpression: projection.expression,
                    ...(projection.names ? { ExpressionAttributeNames: projection.names } : {}),
                  }
                : {}),
            },
          },
        }),
      );
      for (const raw of answer.Responses?.[tableName] ?? []) found.push(unmarshall(raw));
      request = (answer.UnprocessedKeys?.[tableName]?.Keys ?? []) as Record<string, AttributeValue>[];
    }
  }
  return found;
}

/** `PK\0SK` of the ledger records among these keys that say `sent`. */
export async function sentLedgerKeys(
  client: DynamoDBClient,
  tableName: string,
  keys: { PK: string; SK: string }[],
): Promise<Set<string>> {
  const records = await batchGetAll(client, tableName, keys, {
    expression: 'PK, SK, #state',
    names: { '#state': 'state' },
  });
  return new Set(records.filter((r) => r.state === 'sent').map((r) => `${r.PK}\u0000${r.SK}`));
}
