/**
 * The inbound-mail composition: the use case (`processInboundMail`) over a raw-mail store, the ticket service
 * (through `TicketServiceInboundPort`) and the table's rejection log. `createInboundMail` is the wiring the
 * Lambda and the local SMTP listener share; `composeInboundMail` adds S3, the requester's mail and Powertools
 * for the Lambda.
 */
import { createDynamoClient, type DynamoDBClient } from '../adapters/dynamodb/client.js';
import { DynamoRejectionLog } from '../adapters/dynamodb/rejection-log.js';
import {
  createLogger,
  createMetrics,
  type Metrics,
  powertoolsLogger,
} from '../adapters/powertools/logger.js';
import { emfCounter } from '../adapters/powertools/metrics.js';
import { createS3Client, S3MailStore } from '../adapters/s3/s3-mail-store.js';
import { type Clock, systemClock } from '../clock.js';
import type { InboundLogger, InboundMetrics, RawMailStore } from '../inbound/ports.js';
import {
  type InboundMailDeps,
  type InboundOutcome,
  processInboundMail,
} from '../inbound/process-inbound-mail.js';
import { TicketServiceInboundPort } from '../inbound/ticket-service-port.js';
import { ENV, getStringFromEnv } from '../runtime/env.js';
import type { TicketEventsSink } from '../tickets/ports.js';
import { createLambdaTicketEvents } from './lambda-ticket-events.js';
import { createTicketServices, type TicketServices } from './ticket-services.js';

export type InboundMailHandler = (event: unknown) => Promise<InboundOutcome[]>;

/** Every record of the event through the use case (SES sends one per event; more are handled in order). */
export function createInboundMailHandler(deps: InboundMailDeps): InboundMailHandler {
  return async (event) => {
    const records = (event as { Records?: unknown })?.Records;
    const list = Array.isArray(records) && records.length > 0 ? records : [event];
    const outcomes: InboundOutcome[] = [];
    for (const record of list) outcomes.push(await processInboundMail(deps, record));
    return outcomes;
  };
}

/** The one wiring of the use case over the ticket services and the table (Lambda and local SMTP listener). */
export function createInboundMail(deps: {
  services: Pick<TicketServices, 'tickets' | 'tenantRepository'>;
  client: DynamoDBClient;
  tableName: string;
  store: RawMailStore;
  supportDomain: string;
  clock: Clock;
  logger: InboundLogger;
  metrics: InboundMetrics;
}): InboundMailHandler {
  return createInboundMailHandler({
    store: deps.store,
    tickets: new TicketServiceInboundPort({
      tickets: deps.services.tickets,
      tenants: deps.services.tenantRepository,
      rejections: new DynamoRejectionLog(deps.client, deps.tableName),
      supportDomain: deps.supportDomain,
    }),
    clock: deps.clock,
    logger: deps.logger,
    metrics: deps.metrics,
  });
}

/**
 * The inbound-email Lambda's wiring. `events` is the ticket service's events sink; by default the ticket
 * metrics, as for the api Lambda (the acknowledgement and the rest of the mail are owed in the ticket's write). `store` and `clock` are for tests (an in-memory store instead of
 * S3, a manual clock).
 */
export function composeInboundMail(
  options: { events?: TicketEventsSink; env?: NodeJS.ProcessEnv; store?: RawMailStore; clock?: Clock } = {},
): { handle: InboundMailHandler; metrics: Metrics } {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const tableName = getStringFromEnv(ENV.tableName, env);
  const client = createDynamoClient({}, env);
  const metrics = createMetrics();
  const inboundMetrics = emfCounter(metrics);
  const events = options.events ?? createLambdaTicketEvents({ counter: inboundMetrics });
  const services = createTicketServices({ client, tableName, clock, events });
  const handle = createInboundMail({
    services,
    client,
    tableName,
    store: options.store ?? new S3MailStore(createS3Client(env), getStringFromEnv(ENV.mailBucket, env)),
    supportDomain: getStringFromEnv(ENV.supportDomain, env),
    clock,
    logger: powertoolsLogger(createLogger()),
    metrics: inboundMetrics,
  });
  return { handle, metrics };
}
