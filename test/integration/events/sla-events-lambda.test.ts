/**
 * The sla-events Lambda's own composition root (what runs in AWS), pointed by environment at DynamoDB Local
 * and the local EventBridge: a ticket write's stream record becomes its events on the bus, with the tenant's
 * policy read from the table, and a ticket whose tenant is missing publishes nothing.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketToItem } from '../../../shared/adapters/dynamodb/ticket-items.js';
import { ManualClock } from '../../../shared/clock.js';
import { composeSlaEvents, publishTicketEventsFromStream } from '../../../shared/composition/sla-events.js';
import { createTicketServices, type TicketServices } from '../../../shared/composition/ticket-services.js';
import { demoTenantProfiles } from '../../../shared/local/demo-tenants.js';
import {
  type LocalEventBridgeServer,
  startLocalEventBridge,
} from '../../../shared/local/eventbridge-server.js';
import { ENV } from '../../../shared/runtime/env.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';

const BUS = 'sla-events-test';
const clock = new ManualClock(Date.parse('2026-03-02T09:00:00Z'));
let table: TestTable;
let local: LocalEventBridgeServer;
let services: TicketServices;
let env: NodeJS.ProcessEnv;

const insert = (ticket: Ticket, sequence: string): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: sequence,
    NewImage: marshall(ticketToItem(ticket), { removeUndefinedValues: true }) as never,
  },
});

beforeAll(async () => {
  table = await createTestTable('events');
  const started = await startLocalEventBridge({ clock, buses: [BUS] });
  local = started.server;
  services = createTicketServices({ client: table.client, tableName: table.tableName, clock });
  const profile = demoTenantProfiles().find((t) => t.tenantId === 'enterprise-support')!.profile;
  await services.tenants.putTenant({ tenantId: 'acme', role: 'system', sub: 'test' }, 'acme', profile);
  env = {
    [ENV.tableName]: table.tableName,
    [ENV.dynamoDbEndpoint]: table.endpoint,
    [ENV.eventBridgeEndpoint]: started.endpoint,
    [ENV.eventBusName]: BUS,
  };
});
afterAll(async () => {
  await local?.stop();
  await table?.drop();
});

describe('the sla-events Lambda composition', () => {
  it("puts a new ticket's events on the bus named by EVENT_BUS_NAME, with the tenant's policy from the table", async () => {
    const { ticket } = await services.tickets.createTicket(
      { tenantId: 'acme', role: 'customer', sub: 'c1', email: 'ada@example.org' },
      { subject: 'VPN drops', description: 'Hourly.', priority: 'high' },
    );
    const stored = (await services.ticketRepository.getTicket('acme', ticket.id))!;
    const out = await publishTicketEventsFromStream(
      { Records: [insert(stored, '1')] },
      composeSlaEvents(env),
    );
    expect(out).toEqual({ batchItemFailures: [], published: 2 });
    const onBus = local.list();
    expect(onBus.map((s) => [s.eventBusName, s.event['detail-type']])).toEqual([
      [BUS, 'Ticket Created'],
      [BUS, 'SLA Milestone Started'],
    ]);
    // enterprise-support: first response within 30 minutes, 24x7.
    expect(onBus[1]?.event.detail).toMatchObject({
      tenantId: 'acme',
      milestone: 'firstResponse',
      dueAt: '2026-03-02T09:30:00Z',
      ticket: { id: ticket.id, reference: stored.reference },
    });
  });

  it('a ticket of a tenant the table does not have publishes nothing and is not retried', async () => {
    const { ticket } = await services.tickets.createTicket(
      { tenantId: 'acme', role: 'customer', sub: 'c1', email: 'ada@example.org' },
      { subject: 'Orphan', description: 'x', priority: 'high' },
    );
    const orphan = { ...(await services.ticketRepository.getTicket('acme', ticket.id))!, tenantId: 'gone' };
    const before = local.list().length;
    const out = await publishTicketEventsFromStream(
      { Records: [insert(orphan, '2')] },
      composeSlaEvents(env),
    );
    expect(out).toEqual({ batchItemFailures: [], published: 0 });
    expect(local.list()).toHaveLength(before);
  });
});
