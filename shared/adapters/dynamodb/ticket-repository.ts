/**
 * `TicketRepository` on the single table (docs/data-model.md). Every change is one TransactWriteItems: the
 * ticket `Put` conditional on its version, its events, comment, message-id links and idempotency record.
 */
import {
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
import {
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
import { GSI, type GsiName, gsiKeys, TTL_ATTRIBUTE } from './table.js';

/** Idempotency records live a day: long enough for any client retry, short enough to keep the table lean. */
const IDEMPOTENCY_TTL_SECONDS = 24 * 60 * 60;

const MARSHALL = { removeUndefinedValues: true } as const;
/** Outbox items are only read off the stream (24 h); kept 30 days for whoever investigates a mail. */
const OUTBOX_TTL_SECONDS = 30 * 24 * 3600;

type Item = Record<string, unknown>;

export function ticketToItem(ticket: Ticket): Item {
  const item: Item = {
    PK: keys.ticketPk(ticket.tenantId, ticket.id),
    SK: keys.ticketSk,
    entity: 'ticket',
    tenantId: ticket.tenantId,
    ticketId: ticket.id,
    reference: ticket.reference,
    version: ticket.version,
    subject: ticket.subject,
    description: ticket.description,
    priority: ticket.priority,
    status: ticket.status,
    requester: ticket.requester,
    language: ticket.language,
    channel: ticket.channel,
    type: ticket.type,
    assignee: ticket.assignee,
    createdAt: iso(ticket.createdAt),
    updatedAt: iso(ticket.updatedAt),
    createdBy: ticket.createdBy,
    originMessageId: ticket.originMessageId,
    slaSubject: ticket.slaSubject,
    slaEvents: ticket.slaEvents,
    escalationLevel: ticket.escalationLevel,
    timersOwed: ticket.timersOwed,
    GSI1PK: keys.allTickets(ticket.tenantId),
    GSI1SK: keys.instantSk(ticket.createdAt, ticket.id),
    GSI2PK: keys.byStatus(ticket.tenantId, ticket.status),
    GSI2SK: keys.instantSk(ticket.createdAt, ticket.id),
  };
  // DynamoDB has no empty sets: an absent attribute means "none acted on yet".
  if (ticket.timersActed.length > 0) item.timersActed = new Set(ticket.timersActed);
  if (ticket.nextDueAt !== null) {
    item.nextDueAt = ticket.nextDueAt;
    item.GSI3PK = keys.due(ticket.tenantId);
    item.GSI3SK = keys.instantSk(ticket.nextDueAt, ticket.id);
  }
  if (ticket.attentionAt !== null) {
    item.attentionAt = ticket.attentionAt;
    item.GSI4PK = keys.attention(ticket.tenantId);
    item.GSI4SK = keys.instantSk(ticket.attentionAt, ticket.id);
  }
  return item;
}

export function ticketFromItem(item: Item): Ticket {
  const ticket: Ticket = {
    tenantId: item.tenantId as string,
    id: item.ticketId as string,
    reference: item.reference as string,
    version: item.version as number,
    subject: item.subject as string,
    description: item.description as string,
    priority: item.priority as string,
    status: item.status as Ticket['status'],
    requester: item.requester as Ticket['requester'],
    channel: item.channel as Ticket['channel'],
    assignee: (item.assignee as string | null | undefined) ?? null,
    createdAt: Date.parse(item.createdAt as string),
    updatedAt: Date.parse(item.updatedAt as string),
    createdBy: item.createdBy as Ticket['createdBy'],
    slaSubject: item.slaSubject as Ticket['slaSubject'],
    slaEvents: (item.slaEvents as Ticket['slaEvents']) ?? [],
    escalationLevel: (item.escalationLevel as number) ?? 0,
    timersOwed: (item.timersOwed as Ticket['timersOwed']) ?? {},
    timersActed: item.timersActed instanceof Set ? [...(item.timersActed as Set<string>)].sort() : [],
    nextDueAt: typeof item.nextDueAt === 'number' ? item.nextDueAt : null,
    attentionAt: typeof item.attentionAt === 'number' ? item.attentionAt : null,
  };
  if (typeof item.language === 'string') ticket.language = item.language;
  if (typeof item.type === 'string') ticket.type = item.type as Ticket['type'];
  if (typeof item.originMessageId === 'string') ticket.originMessageId = item.originMessageId;
  return ticket;
}

/** A row in its ticket's partition (an event, a comment): the keys, the entity name, then the record itself. */
function ticketPartitionItem(
  entity: string,
  sk: string,
  record: { tenantId: string; ticketId: string },
): Item {
  return { PK: keys.ticketPk(record.tenantId, record.ticketId), SK: sk, entity, ...record };
}

function eventToItem(event: TicketHistoryEvent): Item {
  return {
    ...ticketPartitionItem('event', keys.eventSk(event.version, event.seq), event),
    at: iso(event.at),
  };
}

function eventFromItem(item: Item): TicketHistoryEvent {
  return {
    tenantId: item.tenantId as string,
    ticketId: item.ticketId as string,
    version: item.version as number,
    seq: item.seq as number,
    type: item.type as string,
    at: Date.parse(item.at as string),
    actor: item.actor as TicketHistoryEvent['actor'],
    visibility: item.visibility as TicketHistoryEvent['visibility'],
    data: (item.data as Record<string, unknown>) ?? {},
  };
}

function commentToItem(comment: Comment): Item {
  return {
    ...ticketPartitionItem('comment', keys.commentSk(comment.createdAt, comment.id), comment),
    createdAt: iso(comment.createdAt),
  };
}

function commentFromItem(item: Item): Comment {
  const { PK: _pk, SK: _sk, entity: _entity, ...rest } = item;
  return { ...(rest as unknown as Comment), createdAt: Date.parse(item.createdAt as string) };
}

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

  async nextTicketNumber(tenantId: string): Promise<number> {
    const { Attributes } = await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#table,
        Key: marshall({ PK: keys.tenantPk(tenantId), SK: keys.counterSk }),
        UpdateExpression: 'ADD #value :one SET entity = :entity',
        ExpressionAttributeNames: { '#value': 'value' },
        ExpressionAttributeValues: marshall({ ':one': 1, ':entity': 'counter' }),
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
    for (const messageId of messageIds) {
      await this.#client.send(
        new TransactWriteItemsCommand({ TransactItems: [this.#messageIdPut(tenantId, ticketId, messageId)] }),
      );
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
    const input: QueryCommandInput = {
      TableName: this.#table,
      IndexName: index,
      KeyConditionExpression: keyCondition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: marshall(values),
      ScanIndexForward: forward,
      Limit: query.limit,
      ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(query.cursor ? { ExclusiveStartKey: marshall(decodeCursor(query.cursor, scope)) } : {}),
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

  async #lookup(pk: string, sk: string): Promise<string | null> {
    const { Item } = await this.#client.send(
      new GetItemCommand({ TableName: this.#table, Key: marshall({ PK: pk, SK: sk }), ConsistentRead: true }),
    );
    return Item ? (unmarshall(Item).ticketId as string) : null;
  }

  #messageIdPut(tenantId: string, ticketId: string, messageId: string): TransactWriteItem {
    return {
      Put: {
        TableName: this.#table,
        Item: marshall({
          PK: keys.msgPk(tenantId, messageId),
          SK: keys.msgSk,
          entity: 'msgid',
          tenantId,
          ticketId,
        }),
      },
    };
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
