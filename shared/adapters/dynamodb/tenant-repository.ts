/**
 * `TenantRepository` on the single table: one `PROFILE` item under the tenant's own partition, also on GSI1's
 * `TENANTS` partition so the tenants can be listed (the monthly reports, `*` staff's report) without a Scan.
 */
import { type DynamoDBClient, GetItemCommand, PutItemCommand, paginateQuery } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { TenantRepository } from '../../tenants/ports.js';
import type { Tenant } from '../../tenants/tenant.js';
import { iso, keys } from './keys.js';
import { GSI, gsiKeys } from './table.js';

const listing = gsiKeys(GSI.byCreated);

export class DynamoTenantRepository implements TenantRepository {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async getTenant(tenantId: string): Promise<Tenant | null> {
    const { Item } = await this.#client.send(
      new GetItemCommand({
        TableName: this.#table,
        Key: marshall({ PK: keys.tenantPk(tenantId), SK: keys.profileSk }),
        ConsistentRead: true,
      }),
    );
    if (!Item) return null;
    const {
      PK: _pk,
      SK: _sk,
      entity: _entity,
      GSI1PK: _gpk,
      GSI1SK: _gsk,
      updatedAt,
      ...rest
    } = unmarshall(Item);
    return { ...(rest as Omit<Tenant, 'updatedAt'>), updatedAt: Date.parse(updatedAt as string) };
  }

  async putTenant(tenant: Tenant): Promise<boolean> {
    const { Attributes } = await this.#client.send(
      new PutItemCommand({
        TableName: this.#table,
        Item: marshall(
          {
            PK: keys.tenantPk(tenant.tenantId),
            SK: keys.profileSk,
            entity: 'tenant',
            ...tenant,
            updatedAt: iso(tenant.updatedAt),
            [listing.partitionKey]: keys.allTenants,
            [listing.sortKey]: tenant.tenantId,
          },
          { removeUndefinedValues: true },
        ),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes === undefined;
  }

  /** Every tenant id, from GSI1's `TENANTS` partition (profiles written before it existed appear once re-put). */
  async listTenantIds(): Promise<string[]> {
    const ids: string[] = [];
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#table,
        IndexName: GSI.byCreated,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': listing.partitionKey, '#id': 'tenantId' },
        ExpressionAttributeValues: marshall({ ':pk': keys.allTenants }),
        ProjectionExpression: '#id',
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) ids.push(unmarshall(item).tenantId as string);
    }
    return ids;
  }
}
