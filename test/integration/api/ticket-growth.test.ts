/**
 * Bounded growth (issue 10, item 6): one ticket with 5,000 comments and status changes, loaded into DynamoDB
 * Local (built by the ticket service, written with BatchWriteItem: test/support/ticket-growth.ts), still reads
 * and takes writes through the ticket service on DynamoDB, its item stays under a stated bound, its view shows
 * each milestone's current cycle and its comments and events come a page at a time. The table gets the ticket
 * item, every comment and the first 500 of its ~13,600 history events (the pages read here: storing the rest
 * in DynamoDB Local took most of the test's minute; `npm run bench:growth` loads them all). Latency is
 * `npm run bench:growth`'s business, not a timed test.
 */
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keys } from '../../../shared/adapters/dynamodb/keys.js';
import { ManualClock } from '../../../shared/clock.js';
import { createTicketServices } from '../../../shared/composition/ticket-services.js';
import { FOLD_AFTER_EVENTS, slaEventCount } from '../../../shared/sla/milestone-fold.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';
import {
  GROWTH_TENANT,
  type GrownTicket,
  growTicket,
  growthAgent,
  growthCustomer,
  itemBytes,
} from '../../support/ticket-growth.js';

/** The ticket item's bound, stated: a twentieth of DynamoDB's 400 KB item limit, whatever the ticket's age. */
const ITEM_BOUND_BYTES = 20_000;
/** History events stored in the table (the oldest): five pages of 100. */
const LOADED_EVENTS = 500;

let table: TestTable;
let grown: GrownTicket;

beforeAll(async () => {
  table = await createTestTable('growth');
  grown = await growTicket(table.client, table.tableName, 5_000, { historyEvents: LOADED_EVENTS });
}, 120_000);
afterAll(async () => table?.drop());

async function storedItem(ticketId: string) {
  const { Item } = await table.client.send(
    new GetItemCommand({
      TableName: table.tableName,
      Key: marshall({ PK: keys.ticketPk(GROWTH_TENANT, ticketId), SK: keys.ticketSk }),
      ConsistentRead: true,
    }),
  );
  if (!Item) throw new Error('no ticket item');
  return unmarshall(Item);
}

describe('a ticket with 5,000 comments and status changes', () => {
  it('keeps its item bounded, reads, pages its comments and takes more writes', async () => {
    expect(grown.comments + grown.statusChanges).toBeGreaterThanOrEqual(5_000);
    const item = await storedItem(grown.ticketId);
    expect(itemBytes(item)).toBeLessThan(ITEM_BOUND_BYTES);
    expect(item.slaEvents.length).toBeLessThanOrEqual(FOLD_AFTER_EVENTS + 3);
    expect(slaEventCount(item.slaEvents)).toBeGreaterThanOrEqual(5_000);

    const clock = new ManualClock(grown.at);
    const { tickets } = createTicketServices({ client: table.client, tableName: table.tableName, clock });
    const view = await tickets.getTicket(growthAgent, grown.ticketId);
    const update = view.sla.milestones.find((m) => m.name === 'update');
    expect(update).toMatchObject({ cycle: grown.comments / 2, earlierCycles: grown.comments / 2 - 1 });
    expect(view.sla.milestones.map((m) => m.name)).toEqual(['firstResponse', 'update']);
    // The view no longer lists every cycle: a few KB, not the 150 KB of issue 10.
    expect(JSON.stringify(view).length).toBeLessThan(4_000);

    let pages = 0;
    let seen = 0;
    let cursor: string | null = null;
    do {
      const page: { items: unknown[]; cursor: string | null } = await tickets.listComments(
        growthAgent,
        grown.ticketId,
        { limit: 100, ...(cursor ? { cursor } : {}) },
      );
      seen += page.items.length;
      pages++;
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toBe(grown.comments);
    // A page that ends exactly at the last comment still hands out a cursor; the next page is empty.
    expect(pages).toBeLessThanOrEqual(Math.ceil(grown.comments / 100) + 1);
    // Every change wrote its history (several events each: the change, its SLA moves); the stored ones page.
    expect(grown.events).toBeGreaterThan(2 * (grown.comments + grown.statusChanges));
    const versions: number[] = [];
    let eventCursor: string | null = null;
    do {
      const page: { items: { version: number }[]; cursor: string | null } = await tickets.listEvents(
        growthAgent,
        grown.ticketId,
        { limit: 100, ...(eventCursor ? { cursor: eventCursor } : {}) },
      );
      versions.push(...page.items.map((e) => e.version));
      eventCursor = page.cursor;
    } while (eventCursor);
    expect(versions).toHaveLength(LOADED_EVENTS);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    const customerPage = await tickets.listEvents(growthCustomer, grown.ticketId, { limit: 100 });
    expect(customerPage.items).toHaveLength(100);
    expect(customerPage.cursor).toEqual(expect.any(String));

    for (let i = 0; i < 40; i++) {
      clock.advance(60_000);
      const reply = await tickets.addComment(i % 2 ? growthCustomer : growthAgent, grown.ticketId, {
        body: `after the 5,000th change (${i})`,
      });
      expect(reply.comment.body).toContain('after the 5,000th');
    }
    const after = await tickets.getTicket(growthAgent, grown.ticketId);
    expect(after.version).toBe(view.version + 40);
    expect(after.sla.milestones.find((m) => m.name === 'update')).toMatchObject({
      cycle: grown.comments / 2 + 20,
      state: 'running',
    });
    expect(itemBytes(await storedItem(grown.ticketId))).toBeLessThan(ITEM_BOUND_BYTES);
  }, 60_000);
});
