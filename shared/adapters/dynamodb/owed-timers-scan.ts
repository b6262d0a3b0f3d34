/**
 * The owed timers of every ticket item, by a table Scan (reconcile-timers: the way back when the stream could
 * not deliver). Only ticket items owe timers; the filter runs server-side and the projection keeps pages small.
 */
import { type AttributeValue, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { OwedTimersSource, StoredOwedTimers } from '../../timers/ports.js';

export class DynamoOwedTimersScan implements OwedTimersSource {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async *pages(options: { pageSize?: number } = {}): AsyncIterable<StoredOwedTimers[]> {
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: this.#table,
          FilterExpression: '#entity = :ticket AND attribute_exists(#owed)',
          ProjectionExpression: '#tenantId, #ticketId, #owed',
          ExpressionAttributeNames: {
            '#entity': 'entity',
            '#owed': 'timersOwed',
            '#tenantId': 'tenantId',
            '#ticketId': 'ticketId',
          },
          ExpressionAttributeValues: { ':ticket': { S: 'ticket' } },
          ...(options.pageSize !== undefined ? { Limit: options.pageSize } : {}),
          ...(startKey ? { ExclusiveStartKey: startKey } : {}),
        }),
      );
      startKey = page.LastEvaluatedKey;
      yield (page.Items ?? []).map((raw) => {
        const item = unmarshall(raw);
        return {
          tenantId: String(item.tenantId),
          ticketId: String(item.ticketId),
          timersOwed: item.timersOwed,
        };
      });
    } while (startKey);
  }
}
