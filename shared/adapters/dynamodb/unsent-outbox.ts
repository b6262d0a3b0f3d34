/**
 * The outbox items no ledger record marks sent (`UnsentOutboxSource`, the mail redrive's): a table Scan for
 * `entity = outbox` items old enough, then one consistent BatchGetItem of their ledger records (same ticket
 * collection, `MAIL#` instead of `OUTBOX#`, docs/data-model.md) per page. An operator's command, run rarely:
 * it reads the whole table, like reconcile-timers.
 */
import {
  type AttributeValue,
  BatchGetItemCommand,
  type DynamoDBClient,
  paginateScan,
} from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { UnsentOutboxItem, UnsentOutboxSource } from '../../notifications/ports.js';

const OUTBOX_PREFIX = 'OUTBOX#';
const LEDGER_PREFIX = 'MAIL#';
const BATCH_GET_MAX = 100;

export class DynamoUnsentOutbox implements UnsentOutboxSource {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async *unsent(createdBefore: number): AsyncIterable<UnsentOutboxItem[]> {
    const pages = paginateScan(
      { client: this.#client },
      {
        TableName: this.#table,
        ConsistentRead: true,
        FilterExpression: 'entity = :outbox AND createdAt <= :before AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: {
          ':outbox': { S: 'outbox' },
          ':before': { N: String(createdBefore) },
          ':prefix': { S: OUTBOX_PREFIX },
        },
      },
    );
    for await (const page of pages) {
      const items = (page.Items ?? []).map((raw) => unmarshall(raw));
      if (items.length === 0) continue;
      const sent = await this.#sentKeys(items.map((i) => ({ pk: String(i.PK), sk: String(i.SK) })));
      yield items
        .filter((i) => !sent.has(`${i.PK}\u0000${String(i.SK).slice(OUTBOX_PREFIX.length)}`))
        .map((i) => ({
          tenantId: String(i.tenantId),
          ticketId: String(i.ticketId),
          key: String(i.SK),
          template: String(i.template ?? 'unknown'),
          createdAt: Number(i.createdAt),
          image: i,
        }));
    }
  }

  /** `PK\0<suffix>` of every ledger record among these outbox items' that says `sent`. */
  async #sentKeys(keys: { pk: string; sk: string }[]): Promise<Set<string>> {
    const sent = new Set<string>();
    for (let start = 0; start < keys.length; start += BATCH_GET_MAX) {
      let request: Record<string, AttributeValue>[] = keys.slice(start, start + BATCH_GET_MAX).map((k) => ({
        PK: { S: k.pk },
        SK: { S: LEDGER_PREFIX + k.sk.slice(OUTBOX_PREFIX.length) },
      }));
      for (let round = 0; request.length > 0; round++) {
        if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 50 * 2 ** round)));
        const answer = await this.#client.send(
          new BatchGetItemCommand({
            RequestItems: {
              [this.#table]: {
                Keys: request,
                ConsistentRead: true,
                ProjectionExpression: 'PK, SK, #state',
                ExpressionAttributeNames: { '#state': 'state' },
              },
            },
          }),
        );
        for (const raw of answer.Responses?.[this.#table] ?? []) {
          const record = unmarshall(raw);
          if (record.state === 'sent') {
            sent.add(`${record.PK}\u0000${String(record.SK).slice(LEDGER_PREFIX.length)}`);
          }
        }
        request = (answer.UnprocessedKeys?.[this.#table]?.Keys ?? []) as Record<string, AttributeValue>[];
      }
    }
    return sent;
  }
}
