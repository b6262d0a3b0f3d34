/** `ReportDueSink` on the single table: one `report_due` item per tenant and month, written once. */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { ReportDue, ReportDueSink } from '../../reports/ports.js';
import { iso } from './keys.js';

export const reportDueKey = (tenantId: string, month: string) => ({
  PK: `T#${tenantId}#REPORT#${month}`,
  SK: 'REPORT',
});

export class DynamoReportDueSink implements ReportDueSink {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async recordReportDue(report: ReportDue): Promise<boolean> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: marshall({
            ...reportDueKey(report.tenantId, report.month),
            entity: 'report_due',
            ...report,
            createdAt: iso(report.createdAt),
          }),
          ConditionExpression: 'attribute_not_exists(PK)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
