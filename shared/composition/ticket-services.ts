/**
 * Wires the ticket and tenant services to the single table. The one composition used by the api Lambda,
 * the inbound-email and sla-timer Lambdas, and the local runtime, so all of them build the same services.
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { DynamoTenantRepository } from '../adapters/dynamodb/tenant-repository.js';
import { DynamoTicketRepository } from '../adapters/dynamodb/ticket-repository.js';
import type { Clock } from '../clock.js';
import { planMail } from '../notifications/mail-plan.js';
import { TenantService } from '../tenants/tenant-service.js';
import type { IdGenerator } from '../tickets/ids.js';
import type { TicketEventsSink } from '../tickets/ports.js';
import { TicketService } from '../tickets/ticket-service.js';

export interface TicketServices {
  tickets: TicketService;
  tenants: TenantService;
  ticketRepository: DynamoTicketRepository;
  tenantRepository: DynamoTenantRepository;
}

export function createTicketServices(deps: {
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
  events?: TicketEventsSink;
  ids?: IdGenerator;
}): TicketServices {
  const ticketRepository = new DynamoTicketRepository(deps.client, deps.tableName);
  const tenantRepository = new DynamoTenantRepository(deps.client, deps.tableName);
  return {
    ticketRepository,
    tenantRepository,
    tickets: new TicketService({
      tickets: ticketRepository,
      tenants: tenantRepository,
      clock: deps.clock,
      // Every writer owes its mail in the same write (the outbox); the notification Lambda sends it.
      mail: planMail,
      ...(deps.events ? { events: deps.events } : {}),
      ...(deps.ids ? { ids: deps.ids } : {}),
    }),
    tenants: new TenantService({ tenants: tenantRepository, clock: deps.clock }),
  };
}
