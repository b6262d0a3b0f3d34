/**
 * A ticket with a long life, for the growth test (test/integration/api/ticket-growth.test.ts) and
 * `npm run bench:growth`: the ticket service makes every change (replies, status changes) against an in-memory
 * repository, fast, and every item it wrote (the ticket, its events and comments) is loaded into a DynamoDB
 * table with BatchWriteItem. The items are exactly what the DynamoDB repository would have written: the same
 * mappers, the same commit sequence. The history is loaded while the ticket grows (one load in flight at a
 * time), so Node making changes and DynamoDB Local storing them use both cores; the ticket item goes last.
 */
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { DynamoTenantRepository } from '../../shared/adapters/dynamodb/tenant-repository.js';
import {
  commentToItem,
  eventToItem,
  type Item,
  ticketToItem,
} from '../../shared/adapters/dynamodb/ticket-items.js';
import type { Principal } from '../../shared/auth/principal.js';
import { ManualClock } from '../../shared/clock.js';
import { type Tenant, tenantProfileSchema } from '../../shared/tenants/tenant.js';
import { buildTenant } from '../../shared/tenants/tenant-service.js';
import { TicketService } from '../../shared/tickets/ticket-service.js';
import { InMemoryTenantRepository } from '../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../doubles/in-memory-ticket-repository.js';

/** The measurement: one Managry Premier critical ticket (first response and an update per reply). */
export const GROWTH_TENANT = 'managry';
export const GROWTH_T0 = Date.parse('2026-03-02T08:00:00Z');
export const growthCustomer: Principal = {
  tenantId: GROWTH_TENANT,
  role: 'customer',
  sub: 'c-ann',
  email: 'ann@client.example',
};
export const growthAgent: Principal = {
  tenantId: GROWTH_TENANT,
  role: 'agent',
  sub: 'a-bob',
  email: 'bob@support.example',
};

export function growthTenant(): Tenant {
  return buildTenant(
    GROWTH_TENANT,
    tenantProfileSchema.parse({ policy: 'managry', plan: 'premier', timezone: 'Europe/Prague' }),
    GROWTH_T0,
  );
}

/** Rounds (three changes each) between background loads of the history: a few hundred items a load. */
const HISTORY_LOAD_ROUNDS = 50;

export interface GrownTicket {
  ticketId: string;
  /** History events the ticket service wrote (all of them, whether loaded or not). */
  events: number;
  /** The instant of the last change. */
  at: number;
  comments: number;
  statusChanges: number;
}

/**
 * Opens one ticket and makes `changes` comments and status changes on it, in rounds of: an agent's public reply,
 * the agent setting `pending_customer`, the customer's reply (which reopens it), a minute apart. Then loads it.
 */
export interface GrowOptions {
  /**
   * How many of the history events (the oldest first) go into the table; all by default. The growth test reads
   * only the first pages of events: DynamoDB Local spends about 1 ms of CPU storing an item, and the ~13,600
   * events of 5,000 changes, never read there, would be most of that test's time. `npm run bench:growth` loads
   * everything.
   */
  historyEvents?: number;
}

export async function growTicket(
  client: DynamoDBClient,
  tableName: string,
  changes: number,
  options: GrowOptions = {},
): Promise<GrownTicket> {
  const clock = new ManualClock(GROWTH_T0);
  const memory = new InMemoryTicketRepository();
  const tenants = new InMemoryTenantRepository();
  await tenants.putTenant(growthTenant());
  const service = new TicketService({ tickets: memory, tenants, clock, logger: { warn: () => {} } });
  const { ticket } = await service.createTicket(growthCustomer, {
    subject: 'Orders stuck in the warehouse queue',
    description: 'Since this morning no order leaves the queue.',
    priority: 'critical',
  });
  let comments = 0;
  let statusChanges = 0;
  // The history written so far, loaded in the background: at most one load in flight, the next from where it ended.
  let loaded = { events: 0, comments: 0 };
  let loading: Promise<void> = Promise.resolve();
  const loadNewHistory = async () => {
    await loading;
    const items = [
      ...memory.events.slice(loaded.events, options.historyEvents).map(eventToItem),
      ...memory.comments.slice(loaded.comments).map(commentToItem),
    ];
    loaded = { events: memory.events.length, comments: memory.comments.length };
    loading = batchPut(client, tableName, items);
  };
  await new DynamoTenantRepository(client, tableName).putTenant(growthTenant());
  let rounds = 0;
  while (comments + statusChanges < changes) {
    if (++rounds % HISTORY_LOAD_ROUNDS === 0) await loadNewHistory();
    clock.advance(60_000);
    await service.addComment(growthAgent, ticket.id, { body: `Looking into it (${comments + 1}).` });
    comments++;
    clock.advance(60_000);
    await service.updateTicket(growthAgent, ticket.id, { status: 'pending_customer' });
    statusChanges++;
    clock.advance(60_000);
    await service.addComment(growthCustomer, ticket.id, { body: `Still stuck (${comments + 1}).` });
    comments++;
    statusChanges++; // the customer's reply reopens it
  }
  const stored = await memory.getTicket(GROWTH_TENANT, ticket.id);
  if (!stored) throw new Error('the grown ticket vanished');
  await loadNewHistory();
  await loading;
  await batchPut(client, tableName, [ticketToItem(stored)]);
  return { ticketId: ticket.id, events: memory.events.length, at: clock.now(), comments, statusChanges };
}

/** BatchWriteItem, 25 at a time, a few batches in flight, retrying what DynamoDB left unprocessed. */
async function batchPut(client: DynamoDBClient, tableName: string, items: Item[]): Promise<void> {
  const batches: WriteRequest[][] = [];
  for (let i = 0; i < items.length; i += 25) {
    batches.push(
      items
        .slice(i, i + 25)
        .map((item) => ({ PutRequest: { Item: marshall(item, { removeUndefinedValues: true }) } })),
    );
  }
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let pending: WriteRequest[] = batch;
      while (pending.length > 0) {
        const { UnprocessedItems } = await client.send(
          new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }),
        );
        pending = UnprocessedItems?.[tableName] ?? [];
      }
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

/** DynamoDB's size of an item (attribute names + values, as its docs count them), to within a few bytes. */
export function itemBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value, 'utf8');
  if (typeof value === 'number') return Math.ceil(String(value).replace(/^-|\.|e.*$/g, '').length / 2) + 1;
  if (value instanceof Set) return [...value].reduce((sum: number, v) => sum + itemBytes(v), 0);
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + itemBytes(v), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (sum, [name, v]) => sum + Buffer.byteLength(name, 'utf8') + 1 + itemBytes(v),
        0,
      )
    );
  }
  return 0;
}
