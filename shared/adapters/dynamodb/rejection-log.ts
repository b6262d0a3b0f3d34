/**
 * Rejected inbound mail, kept in the single table so an operator can see what was refused and why (the
 * metric says how many; this says which). Items live under the tenant's own partition prefix, like every
 * other item (`T#<tenant>#INBOUND_REJECTED`, sort key = received instant + SES id), or under
 * `T#_unrouted#...` when no tenant could be told (`_` never starts a tenant id). They expire after 90 days.
 * Agents read them back a page at a time (`GET /inbound/rejections`): newest first by the sort key, so a
 * `from`/`to` range is a key condition, not a filter.
 */
import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { RejectionPage, RejectionQuery, RejectionReader, RejectionRecord } from '../../inbound/ports.js';
import { InvalidCursorError } from '../../tickets/errors.js';
import { BASE_KEY_ATTRIBUTES, type CursorScope, decodeCursor, encodeCursor } from './cursor.js';
import { TTL_ATTRIBUTE } from './table.js';

export const UNROUTED_TENANT = '_unrouted';
const RETENTION_SECONDS = 90 * 24 * 3600;
/** The cursor's listing name (cursor.ts checks a cursor comes back to the listing that issued it). */
const LISTING = 'INBOUND_REJECTED';
/** Reads per page when a `ticket` filter skips items (each asks only for the slots left, so none is missed). */
const MAX_PAGE_ROUNDS = 10;
/** Sorts after every character of an instant or an SES id: `to` + this bounds the whole of `to`'s day or second. */
const AFTER_ALL = '~';

export const rejectionKeys = {
  pk: (tenantId: string | null) => `T#${tenantId ?? UNROUTED_TENANT}#INBOUND_REJECTED`,
  sk: (record: Pick<RejectionRecord, 'receivedAt' | 'sesMessageId'>) =>
    `${record.receivedAt}#${record.sesMessageId}`,
};

function recordFromItem(item: Record<string, unknown>): RejectionRecord {
  const { PK: _pk, SK: _sk, entity: _e, tenantId: _t, [TTL_ATTRIBUTE]: _ttl, ...record } = item;
  return record as unknown as RejectionRecord;
}

export class DynamoRejectionLog implements RejectionReader {
  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  async record(tenantId: string | null, record: RejectionRecord): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(
          {
            PK: rejectionKeys.pk(tenantId),
            SK: rejectionKeys.sk(record),
            entity: 'inbound_rejection',
            tenantId: tenantId ?? UNROUTED_TENANT,
            ...record,
            [TTL_ATTRIBUTE]: Math.floor(Date.parse(record.receivedAt) / 1000) + RETENTION_SECONDS,
          },
          { removeUndefinedValues: true },
        ),
      }),
    );
  }

  /** Newest first; for operators and tests. */
  async list(tenantId: string | null, limit = 50): Promise<RejectionRecord[]> {
    const { Items } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: marshall({ ':pk': rejectionKeys.pk(tenantId) }),
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (Items ?? []).map((item) => recordFromItem(unmarshall(item)));
  }

  async pageRejections(tenantId: string, query: RejectionQuery): Promise<RejectionPage> {
    const pk = rejectionKeys.pk(tenantId);
    const scope: CursorScope = {
      index: LISTING,
      exact: { PK: pk },
      prefixes: {},
      attributes: BASE_KEY_ATTRIBUTES,
    };
    const names: Record<string, string> = { '#pk': 'PK' };
    const values: Record<string, unknown> = { ':pk': pk };
    let keyCondition = '#pk = :pk';
    let startKey = query.cursor ? decodeCursor(query.cursor, scope) : undefined;
    if (query.from !== undefined || query.to !== undefined) {
      const from = query.from ?? '0';
      const to = `${query.to ?? '9'}${AFTER_ALL}`;
      names['#sk'] = 'SK';
      values[':from'] = from;
      values[':to'] = to;
      keyCondition += ' AND #sk BETWEEN :from AND :to';
      // A cursor from another period would be a start key outside the key condition: DynamoDB refuses that
      // query outright, so it is the client's bad cursor (400), not a failure of ours.
      const sk = startKey?.SK;
      if (sk !== undefined && (sk < from || sk > to)) throw new InvalidCursorError();
    }
    let filter: string | undefined;
    if (query.ticket !== undefined) {
      names['#ticketId'] = 'ticketId';
      names['#ticketReference'] = 'ticketReference';
      values[':ticket'] = query.ticket;
      filter = '#ticketId = :ticket OR #ticketReference = :ticket';
    }
    const items: RejectionRecord[] = [];
    for (let round = 0; round < MAX_PAGE_ROUNDS && items.length < query.limit; round++) {
      const { Items, LastEvaluatedKey } = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: keyCondition,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: marshall(values),
          ...(filter ? { FilterExpression: filter } : {}),
          ScanIndexForward: false,
          Limit: query.limit - items.length,
          ...(startKey ? { ExclusiveStartKey: marshall(startKey) } : {}),
        }),
      );
      for (const item of Items ?? []) items.push(recordFromItem(unmarshall(item)));
      startKey = LastEvaluatedKey ? (unmarshall(LastEvaluatedKey) as Record<string, string>) : undefined;
      if (!startKey) break;
    }
    return startKey ? { items, cursor: encodeCursor(LISTING, startKey) } : { items };
  }
}
