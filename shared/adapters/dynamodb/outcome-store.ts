/**
 * The milestone outcome items (`shared/reports/`): one per ticket, milestone and cycle under the ticket's
 * partition, written by the ticket repository inside the ticket's own transaction, read per tenant and month on
 * GSI5 (a Query per month, never a Scan).
 */
import { type DynamoDBClient, paginateQuery } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { type MilestoneOutcome, outcomeMonth } from '../../reports/milestone-outcome.js';
import type { OutcomeStore } from '../../reports/ports.js';
import { iso, keys } from './keys.js';
import { GSI, gsiKeys } from './table.js';

const index = gsiKeys(GSI.byOutcomeMonth);

export function outcomeToItem(outcome: MilestoneOutcome): Record<string, unknown> {
  return {
    PK: keys.ticketPk(outcome.tenantId, outcome.ticketId),
    SK: keys.outcomeSk(outcome.milestone, outcome.cycle),
    entity: 'outcome',
    ...outcome,
    [index.partitionKey]: keys.outcomesByMonth(outcome.tenantId, outcomeMonth(outcome.startedAt)),
    [index.sortKey]: `${iso(outcome.startedAt)}#${outcome.ticketId}#${outcome.milestone}#${outcome.cycle}`,
  };
}

export function outcomeFromItem(item: Record<string, unknown>): MilestoneOutcome {
  const { PK: _pk, SK: _sk, entity: _entity, GSI5PK: _gpk, GSI5SK: _gsk, ...rest } = item;
  return rest as unknown as MilestoneOutcome;
}

export class DynamoOutcomeStore implements OutcomeStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async listOutcomes(tenantId: string, month: string): Promise<MilestoneOutcome[]> {
    const outcomes: MilestoneOutcome[] = [];
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#table,
        IndexName: GSI.byOutcomeMonth,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': index.partitionKey },
        ExpressionAttributeValues: marshall({ ':pk': keys.outcomesByMonth(tenantId, month) }),
      },
    );
    for await (const page of pages) {
      for (const item of page.Items ?? []) outcomes.push(outcomeFromItem(unmarshall(item)));
    }
    return outcomes;
  }
}
