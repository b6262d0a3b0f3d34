/**
 * `OutcomeBackfillStore` on the single table: a tenant's tickets by a Query on GSI1 (its `T#<tenant>#TICKETS`
 * partition, all attributes projected), a ticket's outcomes by a Query on its own partition, and each missing
 * outcome by a `PutItem` conditional on its key being free (a ticket write's outcome is never overwritten).
 */
import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  PutItemCommand,
  paginateQuery,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { OutcomeBackfillStore } from '../../reports/backfill-outcomes.js';
import { outcomeKey } from '../../reports/backfill-outcomes.js';
import type { MilestoneOutcome } from '../../reports/milestone-outcome.js';
import type { Ticket } from '../../tickets/ticket.js';
import { keys } from './keys.js';
import { outcomeToItem } from './outcome-store.js';
import { GSI, gsiKeys } from './table.js';
import { ticketFromItem } from './ticket-items.js';

const byCreated = gsiKeys(GSI.byCreated);

export class DynamoOutcomeBackfill implements OutcomeBackfillStore {
  readonly #client: DynamoDBClient;
  readonly #table: string;
  readonly #pageSize: number;

  constructor(client: DynamoDBClient, tableName: string, options: { pageSize?: number } = {}) {
    this.#client = client;
    this.#table = tableName;
    this.#pageSize = options.pageSize ?? 100;
  }

  async *ticketPages(tenantId: string): AsyncIterable<Ticket[]> {
    const pages = paginateQuery(
      { client: this.#client, pageSize: this.#pageSize },
      {
        TableName: this.#table,
        IndexName: GSI.byCreated,
        KeyConditionExpression: '#pk = :pk',
        // The partition holds only this tenant's ticket items; the filter keeps it so if that ever changes.
        FilterExpression: '#entity = :ticket',
        ExpressionAttributeNames: { '#pk': byCreated.partitionKey, '#entity': 'entity' },
        ExpressionAttributeValues: marshall({ ':pk': keys.allTickets(tenantId), ':ticket': 'ticket' }),
      },
    );
    for await (const page of pages) {
      const tickets = (page.Items ?? []).map((item) => ticketFromItem(unmarshall(item)));
      if (tickets.length > 0) yield tickets;
    }
  }

  async existingOutcomes(tenantId: string, ticketId: string): Promise<Set<string>> {
    const found = new Set<string>();
    const pages = paginateQuery(
      { client: this.#client },
      {
        TableName: this.#table,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :outcome)',
        ProjectionExpression: 'milestone, #cycle',
        ExpressionAttributeNames: { '#cycle': 'cycle' },
        ExpressionAttributeValues: marshall({
          ':pk': keys.ticketPk(tenantId, ticketId),
          ':outcome': keys.outcomePrefix,
        }),
      },
    );
    for await (const page of pages) {
      for (const raw of page.Items ?? []) {
        const item = unmarshall(raw) as { milestone: string; cycle: number };
        found.add(outcomeKey(item));
      }
    }
    return found;
  }

  async putIfAbsent(outcome: MilestoneOutcome): Promise<boolean> {
    try {
      await this.#client.send(
        new PutItemCommand({
          TableName: this.#table,
          Item: marshall(outcomeToItem(outcome), { removeUndefinedValues: true }),
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
