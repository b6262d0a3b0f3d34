/**
 * The outbox items no ledger record marks sent (`UnsentOutboxSource`, the mail redrive's): a table Scan for
 * `entity = outbox` items old enough, then one consistent BatchGetItem of their ledger records (same ticket
 * collection, `MAIL#` instead of `OUTBOX#`, docs/data-model.md) per page. An operator's command, run rarely:
 * it reads the whole table, like reconcile-timers.
 */
import { type DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { UnsentOutboxItem, UnsentOutboxSource } from '../../notifications/ports.js';
import { sentLedgerKeys } from './batch-get.js';

const OUTBOX_PREFIX = 'OUTBOX#';
const LEDGER_PREFIX = 'MAIL#';

/** An outbox item's ledger record: the same collection and key parts, `MAIL#` for `OUTBOX#`. */
const ledgerKey = (item: Record<string, unknown>) => ({
  PK: String(item.PK),
  SK: LEDGER_PREFIX + String(item.SK).slice(OUTBOX_PREFIX.length),
});

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
      const sent = await sentLedgerKeys(this.#client, this.#table, items.map(ledgerKey));
      yield items
        .filter((i) => {
          const k = ledgerKey(i);
          return !sent.has(`${k.PK}\u0000${k.SK}`);
        })
        .map((i) => ({
          kind: 'ticket' as const,
          tenantId: String(i.tenantId),
          ticketId: String(i.ticketId),
          key: String(i.SK),
          template: String(i.template ?? 'unknown'),
          createdAt: Number(i.createdAt),
          image: i,
        }));
    }
  }
}
