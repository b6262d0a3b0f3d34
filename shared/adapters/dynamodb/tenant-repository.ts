/** `TenantRepository` on the single table: one `PROFILE` item under the tenant's own partition. */
import { type DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { TenantRepository } from '../../tenants/ports.js';
import type { Tenant } from '../../tenants/tenant.js';
import { iso, keys } from './keys.js';

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
    const { PK: _pk, SK: _sk, entity: _entity, updatedAt, ...rest } = unmarshall(Item);
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
          },
          { removeUndefinedValues: true },
        ),
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes === undefined;
  }
}
