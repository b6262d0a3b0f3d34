/**
 * Wires the ticket and tenant services to the single table. The one composition used by the api Lambda,
 * the inbound-email and sla-timer Lambdas, and the local runtime, so all of them build the same services.
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { DynamoTenantRepository } from '../adapters/dynamodb/tenant-repository.js';
import { DynamoTicketRepository } from '../adapters/dynamodb/ticket-repository.js';
import { type Clock, systemClock } from '../clock.js';
import { planMail } from '../notifications/mail-plan.js';
import { CachedTenantRepository } from '../tenants/cached-tenants.js';
import { TenantService } from '../tenants/tenant-service.js';
import type { IdGenerator } from '../tickets/ids.js';
import type { TicketEventsSink } from '../tickets/ports.js';
import { TicketService } from '../tickets/ticket-service.js';

export interface TicketServices {
  tickets: TicketService;
  tenants: TenantService;
  ticketRepository: DynamoTicketRepository;
  tenantRepository: DynamoTenantRepository;
  /** The tenant profiles as the ticket service reads them (cached briefly); put through it to be seen at once. */
  tenantCache: CachedTenantRepository;
}

export function createTicketServices(deps: {
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
  events?: TicketEventsSink;
  ids?: IdGenerator;
  /** Our inbound mail domain, when the caller has it: its addresses are never participants. */
  supportDomain?: string;
}): TicketServices {
  const ticketRepository = new DynamoTicketRepository(deps.client, deps.tableName);
  const tenantRepository = new DynamoTenantRepository(deps.client, deps.tableName);
  // Every change reads its tenant: kept a few seconds of wall time (not the local runtime's manual clock), and
  // shared with the tenant service so a profile put here is seen by the next change at once.
  const cachedTenants = new CachedTenantRepository(tenantRepository, systemClock);
  return {
    ticketRepository,
    tenantRepository,
    tenantCache: cachedTenants,
    tickets: new TicketService({
      tickets: ticketRepository,
      tenants: cachedTenants,
      clock: deps.clock,
      // Every writer owes its mail in the same write (the outbox); the notification Lambda sends it.
      mail: planMail,
      ...(deps.events ? { events: deps.events } : {}),
      ...(deps.ids ? { ids: deps.ids } : {}),
      ...(deps.supportDomain ? { supportDomain: deps.supportDomain } : {}),
    }),
    tenants: new TenantService({ tenants: cachedTenants, clock: deps.clock }),
  };
}
