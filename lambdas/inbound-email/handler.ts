/**
 * The inbound-email Lambda: SES receipt rule (S3 action, then this Lambda action) -> processInboundMail.
 * The composition root wires S3, the ticket service on DynamoDB and Powertools once per container;
 * `createInboundMailHandler` is the plain function the tests and the local SMTP listener call.
 */

import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { S3Client } from '@aws-sdk/client-s3';
import { createDynamoClient } from '../../shared/adapters/dynamodb/client.js';
import { DynamoTicketRepository } from '../../shared/adapters/dynamodb/ticket-repository.js';
import { localEndpointConfig } from '../../shared/adapters/local-endpoint.js';
import { S3MailStore } from '../../shared/adapters/s3/s3-mail-store.js';
import { type Clock, systemClock } from '../../shared/clock.js';
import { DynamoRejectionLog } from '../../shared/adapters/dynamodb/rejection-log.js';
import type { InboundLogger, InboundMetrics, RawMailStore } from '../../shared/inbound/ports.js';
import {
  type InboundMailDeps,
  type InboundOutcome,
  processInboundMail,
} from '../../shared/inbound/process-inbound-mail.js';
import { TicketServiceInboundPort } from '../../shared/inbound/ticket-service-port.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/metrics.js';
import { ENV, getOptionalStringFromEnv, getStringFromEnv } from '../../shared/runtime/env.js';
import { createTicketServices } from '../../shared/composition/ticket-services.js';
import { type TicketEventsSink } from '../../shared/tickets/ports.js';
import { createLambdaTicketEvents } from '../../shared/composition/lambda-ticket-events.js';
import { emfCounter } from '../../shared/adapters/powertools/metrics.js';

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

/** Powertools metrics behind the use case's port: one EMF document per count, with its dimensions. */
export function powertoolsMetrics(metrics: Metrics): InboundMetrics {
  return emfCounter(metrics);
}

export function powertoolsLogger(logger: Logger): InboundLogger {
  return {
    info: (message, extra) => logger.info(message, extra ?? {}),
    warn: (message, extra) => logger.warn(message, extra ?? {}),
    error: (message, extra) => logger.error(message, extra ?? {}),
  };
}

/** S3 in AWS; an S3-compatible endpoint when `S3_ENDPOINT` is set (local tooling). */
export function createS3Client(env: NodeJS.ProcessEnv = process.env): S3Client {
  const endpoint = getOptionalStringFromEnv(ENV.s3Endpoint, env);
  return new S3Client(endpoint ? { ...localEndpointConfig(endpoint, env), forcePathStyle: true } : {});
}

/**
 * The production wiring. `events` is the ticket service's events sink; by default the ticket metrics and
 * the requester's mail (acknowledgement of a mail-opened ticket with its case number, and the rest), the same
 * sinks the api Lambda uses. `store` and `clock` are for tests (an in-memory store instead of S3, a manual clock).
 */
export function composeInboundMail(
  options: { events?: TicketEventsSink; env?: NodeJS.ProcessEnv; store?: RawMailStore; clock?: Clock } = {},
): {
  handle: InboundMailHandler;
  metrics: Metrics;
} {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const tableName = getStringFromEnv(ENV.tableName, env);
  const client = createDynamoClient({}, env);
  const logger = new Logger({ serviceName: SERVICE_NAME });
  const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  const inboundMetrics = powertoolsMetrics(metrics);
  const events =
    options.events ??
    createLambdaTicketEvents({
      dynamo: client,
      tableName,
      clock,
      threads: new DynamoTicketRepository(client, tableName),
      counter: inboundMetrics,
      env,
    });
  const services = createTicketServices({ client, tableName, clock, events });
  const handle = createInboundMailHandler({
    store: options.store ?? new S3MailStore(createS3Client(env), getStringFromEnv(ENV.mailBucket, env)),
    tickets: new TicketServiceInboundPort({
      tickets: services.tickets,
      tenants: services.tenantRepository,
      rejections: new DynamoRejectionLog(client, tableName),
      supportDomain: getStringFromEnv(ENV.supportDomain, env),
    }),
    clock,
    logger: powertoolsLogger(logger),
    metrics: inboundMetrics,
  });
  return { handle, metrics };
}

let composed: ReturnType<typeof composeInboundMail> | undefined;

export const handler = async (event: unknown): Promise<void> => {
  composed ??= composeInboundMail();
  try {
    await composed.handle(event);
  } finally {
    // Counts are single-metric documents written at once; publish only what something buffered (an empty
    // publish only logs a warning).
    if (composed.metrics.hasStoredMetrics()) composed.metrics.publishStoredMetrics();
  }
};
