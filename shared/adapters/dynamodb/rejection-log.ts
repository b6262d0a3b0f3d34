/**
 * Rejected inbound mail, kept in the single table so an operator can see what was refused and why (the
 * metric says how many; this says which). Items live under the tenant's own partition prefix, like every
 * other item (`T#<tenant>#INBOUND_REJECTED`, sort key = received instant + SES id), or under
 * `T#_unrouted#...` when no tenant could be told (`_` never starts a tenant id). They expire after 90 days.
 */
import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { RejectionRecord } from '../../inbound/ports.js';
import { TTL_ATTRIBUTE } from './table.js';

export const UNROUTED_TENANT = '_unrouted';
const RETENTION_SECONDS = 90 * 24 * 3600;

export const rejectionKeys = {
  pk: (tenantId: string | null) => `T#${tenantId ?? UNROUTED_TENANT}#INBOUND_REJECTED`,
  sk: (record: Pick<RejectionRecord, 'receivedAt' | 'sesMessageId'>) =>
    `${record.receivedAt}#${record.sesMessageId}`,
};

export class DynamoRejectionLog {
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
    return (Items ?? []).map((item) => {
      const {
        PK: _pk,
        SK: _sk,
        entity: _e,
        tenantId: _t,
        [TTL_ATTRIBUTE]: _ttl,
        ...record
      } = unmarshall(item);
      return record as RejectionRecord;
    });
  }
}
