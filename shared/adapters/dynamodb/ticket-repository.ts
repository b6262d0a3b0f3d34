/**
 * `TicketRepository` on the single table (docs/data-model.md). Every change is one TransactWriteItems: the
 * ticket `Put` conditional on its version, its events, comment, message-id links, milestone outcomes and
 * idempotency record.
 */
import {
  BatchWriteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  paginateQuery,
  QueryCommand,
  type QueryCommandInput,
  TransactionCanceledException,
  type TransactWriteItem,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { InvalidCursorError } from '../../tickets/errors.js';
import {
  type CollectionPage,
  type CollectionQuery,
  type IdempotencyRecord,
  IdempotencyRecordExistsError,
  type TicketPage,
  type TicketQuery,
  type TicketRepository,
  type TicketWrite,
  VersionConflictError,
} from '../../tickets/ports.js';
import type { Comment, Ticket, TicketHistoryEvent } from '../../tickets/ticket.js';
import { BASE_KEY_ATTRIBUTES, type CursorScope, decodeCursor, encodeCursor } from './cursor.js';
import { iso, keys } from './keys.js';
import { outcomeToItem } from './outcome-store.js';
import { GSI, type GsiName, gsiKeys, TTL_ATTRIBUTE } from './table.js';
import {
  commentFromItem,
  commentToItem,
  eventFromItem,
  eventToItem,
  type Item,
  ticketFromItem,
  ticketToItem,
} from './ticket-items.js';

/** Idempotency records live a day: long enough for any client retry, short enough to keep the table lean. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

const MARSHALL = { removeUndefinedValues: true } as const;
/** Outbox items are only read off the stream (24 h); kept 30 days for whoever investigates a mail. */
const OUTBOX_TTL_SECONDS = 30 * 24 * 3600;

/** Reads of one collection page when a filter leaves items out (customers: public items only). */
const MAX_PAGE_ROUNDS = 10;

export class DynamoTicketRepository implements TicketRepository {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async getTicket(tenantId: string, ticketId: string): Promise<Ticket | null> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: marshall({ PK: keys.ticketPk(tenantId, ticketId), SK: keys.ticketSk }),
        ConsistentRead: true,
      }),
    );
    return Item ? ticketFromItem(unmarshall(Item)) : null;
  }

  async findTicketIdByReference(tenantId: string, reference: string): Promise<string | null> {
    return this.#lookup(keys.refPk(tenantId, reference), keys.refSk);
  }

  async findTicketIdByMessageId(tenantId: string, messageId: string): Promise<string | null> {
    return this.#lookup(keys.msgPk(tenantId, messageId), keys.msgSk);
  }

  async reserveTicketNumbers(tenantId: string, count: number): Promise<number> {
    const { Attributes } = await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#table,
        Key: marshall({ PK: keys.tenantPk(tenantId), SK: keys.counterSk }),
        UpdateExpression: 'ADD #value :count SET entity = :entity',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: marshall({ ':count': count, ':entity': 'counter' }),
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return unmarshall(Attributes ?? {}).value as number;
  }

  async createTicket(write: TicketWrite): Promise<void> {
    const { ticket } = write;
    await this.#transact(write, [
      {
        Put: {
          TableName: this.#table,
          Item: marshall(ticketToItem(ticket), MARSHALL),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        Put: {
          TableName: this.#table,
          Item: marshall({
            PK: keys.refPk(ticket.tenantId, ticket.reference),
            SK: keys.refSk,
            entity: 'ref',
            tenantId: ticket.tenantId,
            ticketId: ticket.id,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
    ]);
  }

  async updateTicket(write: TicketWrite, expectedVersion: number): Promise<void> {
    if (write.ticket.version !== expectedVersion + 1) {
      throw new RangeError('updateTicket: the new ticket must carry expectedVersion + 1');
    }
    await this.#transact(write, [
      {
        Put: {
          TableName: this.#table,
          Item: marshall(ticketToItem(write.ticket), MARSHALL),
          ConditionExpression: 'attribute_exists(PK) AND #version = :expected',
          ExpressionAttributeNames: { '#version': 'version' },
          ExpressionAttributeValues: marshall({ ':expected': expectedVersion }),
        },
      },
    ]);
  }

  /** Links more mail Message-IDs to a ticket (outbound mail records the ids it sent). Idempotent. */
  async linkMessageIds(tenantId: string, ticketId: string, messageIds: string[]): Promise<void> {
    // Plain puts, one BatchWriteItem per 25 (a mail links two ids): a one-item transaction per id bought
    // nothing and cost about twice a PutItem each.
    const unique = [...new Set(messageIds)];
    for (let start = 0; start < unique.length; start += 25) {
      let requests = unique.slice(start, start + 25).map((messageId) => ({
        PutRequest: { Item: this.#messageIdItem(tenantId, ticketId, messageId) },
      }));
      for (let round = 0; requests.length > 0; round++) {
        if (round > 0) await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** round)));
        const { UnprocessedItems } = await this.#client.send(
          new BatchWriteItemCommand({ RequestItems: { [this.#table]: requests } }),
        );
        requests = (UnprocessedItems?.[this.#table] ?? []) as typeof requests;
      }
    }
  }

  async listTickets(tenantId: string, query: TicketQuery): Promise<TicketPage> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const filters: string[] = [];
    let index: GsiName;
    let partition: string;
    let forward = false;
    let upperBound: string | undefined;
    if (query.milestone) {
      // Candidates only (see docs/data-model.md): the service recomputes the SLA and keeps the real matches.
      forward = true;
      if (query.milestone.kind === 'breached') {
        index = GSI.byAttention;
        partition = keys.attention(tenantId);
        upperBound = `${iso(query.milestone.now)}#~`;
      } else {
        index = GSI.byNextDue;
        partition = keys.due(tenantId);
        upperBound = `${iso(query.milestone.before)}#~`;
      }
      if (query.status) {
        names['#status'] = 'status';
        values[':status'] = query.status;
        filters.push('#status = :status');
      }
    } else if (query.status) {
      index = GSI.byStatus;
      partition = keys.byStatus(tenantId, query.status);
    } else {
      index = GSI.byCreated;
      partition = keys.allTickets(tenantId);
    }
    if (query.priority) {
      names['#priority'] = 'priority';
      values[':priority'] = query.priority;
      filters.push('#priority = :priority');
    }
    const { partitionKey, sortKey } = gsiKeys(index);
    names['#pk'] = partitionKey;
    values[':pk'] = partition;
    let keyCondition = '#pk = :pk';
    if (upperBound) {
      names['#sk'] = sortKey;
      values[':upper'] = upperBound;
      keyCondition += ' AND #sk <= :upper';
    }
    const scope: CursorScope = {
      index,
      exact: { [partitionKey]: partition, SK: keys.ticketSk },
      prefixes: { PK: keys.ticketPkPrefix(tenantId) },
      attributes: [...BASE_KEY_ATTRIBUTES, partitionKey, sortKey],
    };
    const startKey = query.cursor ? decodeCursor(query.cursor, scope) : undefined;
    // A cursor of a wider `dueWithinMinutes` is a start key past this query's bound: DynamoDB refuses the query
    // outright, so it is the client's bad cursor (400), not a failure of ours.
    if (startKey && upperBound && (startKey[sortKey] ?? '') > upperBound) throw new InvalidCursorError();
    const input: QueryCommandInput = {
      TableName: this.#table,
      IndexName: index,
      KeyConditionExpression: keyCondition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values),
      ScanIndexForward: forward,
      Limit: query.limit,
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(startKey ? { ExclusiveStartKey: marshall(startKey) } : {}),
    };
    const { Items, LastEvaluatedKey } = await this.#client.send(new QueryCommand(input));
    const page: TicketPage = { items: (Items ?? []).map((item) => ticketFromItem(unmarshall(item))) };
    if (LastEvaluatedKey) page.cursor = encodeCursor(index, unmarshall(LastEvaluatedKey));
    return page;
  }

  async listEvents(tenantId: string, ticketId: string): Promise<TicketHistoryEvent[]> {
    return (await this.#collection(tenantId, ticketId, keys.eventPrefix)).map(eventFromItem);
  }

  async listComments(tenantId: string, ticketId: string): Promise<Comment[]> {
    return (await this.#collection(tenantId, ticketId, keys.commentPrefix)).map(commentFromItem);
  }

  async pageEvents(
    tenantId: string,
    ticketId: string,
    query: CollectionQuery,
  ): Promise<CollectionPage<TicketHistoryEvent>> {
    const page = await this.#page(tenantId, ticketId, keys.eventPrefix, query);
    return { ...page, items: page.items.map(eventFromItem) };
  }

  async pageComments(
    tenantId: string,
    ticketId: string,
    query: CollectionQuery,
  ): Promise<CollectionPage<Comment>> {
    const page = await this.#page(tenantId, ticketId, keys.commentPrefix, query);
    return { ...page, items: page.items.map(commentFromItem) };
  }

  async getIdempotencyRecord(tenantId: string, scope: string): Promise<IdempotencyRecord | null> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: marshall({ PK: keys.idempotencyPk(tenantId, scope), SK: keys.idempotencySk }),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const item = unmarshall(Item);
    return {
      tenantId,
      scope,
      requestHash: item.requestHash as string,
      operation: item.operation as string,
      result: item.result as string,
      createdAt: Date.parse(item.createdAt as string),
    };
  }

  async #collection(tenantId: string, ticketId: string, prefix: string): Promise<Item[]> {
    const items: Item[] = [];
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: marshall({ ':pk': keys.ticketPk(tenantId, ticketId), ':prefix': prefix }),
        ConsistentRead: true,
      },
    );
    for await (const page of pages) for (const item of page.Items ?? []) items.push(unmarshall(item));
    return items;
  }

  /**
   * One page of a collection in the ticket's partition, by sort key. The cursor is the last key read, checked on
   * the way back in to name this partition and prefix. With `publicOnly` DynamoDB filters after reading, so it
   * reads on (a few rounds, each asking no more than the slots left, so no match is skipped) to fill the page.
   */
  async #page(
    tenantId: string,
    ticketId: string,
    prefix: string,
    query: CollectionQuery,
  ): Promise<CollectionPage<Item>> {
    const pk = keys.ticketPk(tenantId, ticketId);
    const scope: CursorScope = {
      index: prefix,
      exact: { PK: pk },
      prefixes: { SK: prefix },
      attributes: BASE_KEY_ATTRIBUTES,
    };
    let startKey = query.cursor ? decodeCursor(query.cursor, scope) : undefined;
    const items: Item[] = [];
    for (let round = 0; round < MAX_PAGE_ROUNDS && items.length < query.limit; round++) {
      const { Items, LastEvaluatedKey } = await this.#client.send(
        new QueryCommand({
          TableName: this.#table,
          KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
          ExpressionAttributeValues: marshall({
            ':pk': pk,
            ':prefix': prefix,
            ...(query.publicOnly ? { ':public': 'public' } : {}),
          }),
          ...(query.publicOnly
            ? {
                FilterExpression: '#visibility = :public',
                ExpressionAttributeNames: { '#visibility': 'visibility' },
              }
            : {}),
          Limit: query.limit - items.length,
          ConsistentRead: true,
          ...(startKey ? { ExclusiveStartKey: marshall(startKey) } : {}),
        }),
      );
      for (const item of Items ?? []) items.push(unmarshall(item));
      startKey = LastEvaluatedKey ? (unmarshall(LastEvaluatedKey) as Record<string, string>) : undefined;
      if (!startKey) break;
    }
    return startKey ? { items, cursor: encodeCursor(prefix, startKey) } : { items };
  }

  async #lookup(pk: string, sk: string): Promise<string | null> {
    const { Item } = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: marshall({ PK: pk, SK: sk }), ConsistentRead: true }),
    );
    return Item ? (unmarshall(Item).ticketId as string) : null;
  }

  #messageIdItem(tenantId: string, ticketId: string, messageId: string) {
    return marshall({
      PK: keys.msgPk(tenantId, messageId),
      SK: keys.msgSk,
      entity: 'msgid',
      tenantId,
      ticketId,
    });
  }

  #messageIdPut(tenantId: string, ticketId: string, messageId: string): TransactWriteItem {
    return { Put: { TableName: this.#table, Item: this.#messageIdItem(tenantId, ticketId, messageId) } };
  }

  /** Runs the ticket's own items plus the shared extras (events, comment, links, idempotency) atomically. */
  async #transact(write: TicketWrite, ticketItems: TransactWriteItem[]): Promise<void> {
    const { ticket } = write;
    const items: TransactWriteItem[] = [...ticketItems];
    for (const event of write.events) {
      items.push({ Put: { TableName: this.#table, Item: marshall(eventToItem(event), MARSHALL) } });
    }
    if (write.comment) {
      items.push({ Put: { TableName: this.#table, Item: marshall(commentToItem(write.comment), MARSHALL) } });
    }
    for (const messageId of write.messageIds ?? [])
      items.push(this.#messageIdPut(ticket.tenantId, ticket.id, messageId));
    for (const owed of write.outbox ?? []) {
      // The mail as JSON in one string attribute: the notification Lambda parses it (zod) off the stream image.
      items.push({
        Put: {
          TableName: this.#table,
          Item: marshall({
            PK: keys.ticketPk(ticket.tenantId, ticket.id),
            SK: keys.outboxSk(owed.key),
            entity: 'outbox',
            tenantId: ticket.tenantId,
            ticketId: ticket.id,
            template: owed.template,
            createdAt: ticket.updatedAt,
            mail: JSON.stringify(owed.mail),
            [TTL_ATTRIBUTE]: Math.floor(ticket.updatedAt / 1000) + OUTBOX_TTL_SECONDS,
          }),
        },
      });
    }
    for (const outcome of write.outcomes ?? []) {
      items.push({ Put: { TableName: this.#table, Item: marshall(outcomeToItem(outcome), MARSHALL) } });
    }
    let idempotencyIndex = -1;
    if (write.idempotency) {
      const record = write.idempotency;
      idempotencyIndex = items.length;
      items.push({
        Put: {
          TableName: this.#table,
          Item: marshall({
            PK: keys.idempotencyPk(record.tenantId, record.scope),
            SK: keys.idempotencySk,
            entity: 'idempotency',
            tenantId: record.tenantId,
            requestHash: record.requestHash,
            operation: record.operation,
            result: record.result,
            createdAt: iso(record.createdAt),
            [TTL_ATTRIBUTE]: Math.floor(record.createdAt / 1000) + IDEMPOTENCY_TTL_SECONDS,
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    }
    if (items.length > 100)
      throw new RangeError(`a ticket write of ${items.length} items exceeds one transaction`);
    try {
      await this.#client.send(new TransactWriteItemsCommand({ TransactItems: items }));
    } catch (error) {
      if (error instanceof TransactionCanceledException) {
        const reasons = error.CancellationReasons ?? [];
        if (idempotencyIndex >= 0 && reasons[idempotencyIndex]?.Code === 'ConditionalCheckFailed') {
          throw new IdempotencyRecordExistsError();
        }
        if (
          reasons[0]?.Code === 'ConditionalCheckFailed' ||
          reasons.some((r) => r.Code === 'TransactionConflict')
        ) {
          throw new VersionConflictError();
        }
      }
      throw error;
    }
  }
}
