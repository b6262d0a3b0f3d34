import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { ClaimOutcome, SendKey, SendLedger, SendRecord } from '../../notifications/ports.js';

/** A ledger record's key: `T#<tenant>#TICKET#<ticket>`, `MAIL#<event>#<template>#<hash>` (docs/data-model.md). */
export function sendLedgerKey(key: SendKey): { PK: string; SK: string } {
  return {
    PK: `T#${key.tenantId}#TICKET#${key.ticketId}`,
    SK: `MAIL#${key.eventId}#${key.template}#${key.recipientsHash}`,
  };
}

/**
 * The send ledger in the single table, inside the ticket's item collection (so tenant isolation holds and a
 * ticket's mail history is one Query away): `PK = T#<tenant>#TICKET#<id>`, `SK = MAIL#<event>#<template>#<hash>`,
 * `entity = mail`. Not an `EVENT#`/`COMMENT#` key, so history and comment queries never see it; timer-sync
 * ignores stream records whose entity is not `ticket`.
 */
export class DynamoDbSendLedger implements SendLedger {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  #key(key: SendKey) {
    const { PK, SK } = sendLedgerKey(key);
    return { PK: { S: PK }, SK: { S: SK } };
  }

  async claim(key: SendKey, now: number, leaseMs: number): Promise<ClaimOutcome> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: {
            ...this.#key(key),
            entity: { S: 'mail' },
            tenantId: { S: key.tenantId },
            ticketId: { S: key.ticketId },
            eventId: { S: key.eventId },
            template: { S: key.template },
            state: { S: 'sending' },
            leaseUntil: { N: String(now + leaseMs) },
          },
          ConditionExpression: 'attribute_not_exists(PK) OR (#state = :sending AND leaseUntil < :now)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': { S: 'sending' }, ':now': { N: String(now) } },
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = await this.#client.send(
        new GetItemCommand({ TableName: this.#table, Key: this.#key(key), ConsistentRead: true }),
      );
      return existing.Item?.state?.S === 'sent' ? 'sent' : 'in-flight';
    }
  }

  async complete(key: SendKey, record: SendRecord, now: number): Promise<void> {
    await this.#client.send(
      new UpdateItemCommand({
        TableName: this.#table,
        Key: this.#key(key),
        UpdateExpression:
          'SET #state = :sent, providerMessageId = :pid, messageIds = :ids, sentAt = :now REMOVE leaseUntil',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':sent': { S: 'sent' },
          ':pid': { S: record.providerMessageId },
          ':ids': { L: record.messageIds.map((id) => ({ S: id })) },
          ':now': { N: String(now) },
        },
      }),
    );
  }

  async release(key: SendKey): Promise<void> {
    try {
      await this.#client.send(
        new DeleteItemCommand({
          TableName: this.#table,
          Key: this.#key(key),
          ConditionExpression: '#state = :sending',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':sending': { S: 'sending' } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
