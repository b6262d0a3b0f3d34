import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { GSI_NAMES, gsiKeys, TABLE_KEYS, TTL_ATTRIBUTE } from '../../shared/adapters/dynamodb/table.js';
import type { TableBinding } from './sla-function.js';

/**
 * The tickets table (docs/data-model.md), built from the same definition the local runtime creates in
 * DynamoDB Local (`shared/adapters/dynamodb/table.ts`): on demand, point-in-time recovery, deletion
 * protection, retained when the stack goes, and a NEW_AND_OLD_IMAGES stream (the timer-sync Lambda diffs
 * the timers a ticket owes).
 */
export class TicketsTable extends Construct implements TableBinding {
  readonly table: dynamodb.Table;
  readonly indexNames: readonly string[];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: TTL_ATTRIBUTE,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
    });
    for (const indexName of GSI_NAMES) {
      const keys = gsiKeys(indexName);
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: keys.partitionKey, type: dynamodb.AttributeType.STRING },
        sortKey: { name: keys.sortKey, type: dynamodb.AttributeType.STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    this.indexNames = [...GSI_NAMES];
  }
}
