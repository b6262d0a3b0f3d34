/**
 * The notification Lambda's composition (and the wiring the local runtime shares): the table's stream decoded,
 * the outbox items sent through the notifier (SESv2 + the table's send ledger, Message-IDs linked to the
 * ticket), Powertools logs and EMF metrics (mail sent, failed, delay). The only composition that holds SES.
 */
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { createDynamoClient } from '../adapters/dynamodb/client.js';
import { decodeStreamEvent } from '../adapters/dynamodb/stream-images.js';
import { DynamoTicketRepository } from '../adapters/dynamodb/ticket-repository.js';
import { createLogger, createMetrics } from '../adapters/powertools/logger.js';
import { emfMetrics } from '../adapters/powertools/metrics.js';
import { createSesClient, type SESv2Client } from '../adapters/ses/sesv2-mailer.js';
import { type Clock, systemClock } from '../clock.js';
import type { Notifier } from '../notifications/notifier.js';
import {
  DEFAULT_MAIL_RETRY,
  type RetryPolicy,
  type SendOwedMailDeps,
  type SendOwedMailOutcome,
  sendOwedMail,
} from '../notifications/send-owed-mail.js';
import { METRIC, METRIC_DIMENSION } from '../observability/metrics.js';
import { ENV, getStringFromEnv } from '../runtime/env.js';
import { createNotifier, notifierConfigFromEnv } from './notifications.js';

/** A live sender holds a claim at most one invocation (60 s timeout, lib/constructs/notifications.ts). */
export const MAIL_LEASE_MS = 90_000;

/** One stream batch through `sendOwedMail` (the Lambda's and the local runtime's). */
export function sendOwedMailFromStream(
  event: DynamoDBStreamEvent,
  deps: SendOwedMailDeps,
): Promise<SendOwedMailOutcome> {
  return sendOwedMail(decodeStreamEvent(event), deps);
}

/** The notifier for outbox mail: the sent count in `metrics`, each mail's Message-IDs linked to its ticket. */
export function createOutboxNotifier(deps: {
  ses: SESv2Client;
  dynamo: Parameters<typeof createNotifier>[0]['dynamo'];
  tableName: string;
  clock: Clock;
  config: Parameters<typeof createNotifier>[0]['config'];
  metrics: SendOwedMailDeps['metrics'];
}): Notifier {
  return createNotifier({
    ses: deps.ses,
    dynamo: deps.dynamo,
    tableName: deps.tableName,
    clock: deps.clock,
    config: { leaseMs: MAIL_LEASE_MS, ...deps.config },
    threads: new DynamoTicketRepository(deps.dynamo, deps.tableName),
    onSent: (template) =>
      deps.metrics.count(METRIC.notificationsSent, { [METRIC_DIMENSION.template]: template }),
  });
}

/** The Lambda's handler: the environment's table, SES and sender; one log line per batch. */
export function createNotificationHandler(
  options: { env?: NodeJS.ProcessEnv; clock?: Clock; retry?: RetryPolicy } = {},
): { handle(event: DynamoDBStreamEvent): Promise<SendOwedMailOutcome>; flush(): void } {
  const env = options.env ?? process.env;
  const clock = options.clock ?? systemClock;
  const logger = createLogger();
  const powertools = createMetrics();
  const metrics = emfMetrics(powertools);
  const dynamo = createDynamoClient({}, env);
  const tableName = getStringFromEnv(ENV.tableName, env);
  const deps: SendOwedMailDeps = {
    notifier: createOutboxNotifier({
      ses: createSesClient(env),
      dynamo,
      tableName,
      clock,
      // Read at cold start: a function missing SENDER_ADDRESS or SUPPORT_DOMAIN fails fast, not on its first mail.
      config: notifierConfigFromEnv(env),
      metrics,
    }),
    clock,
    metrics,
    retry: options.retry ?? DEFAULT_MAIL_RETRY,
    logger: {
      warn: (message, detail) => logger.warn(message, { detail }),
      error: (message, detail) => logger.error(message, { detail }),
    },
  };
  return {
    async handle(event) {
      const outcome = await sendOwedMailFromStream(event, deps);
      logger.info('outbox mail', {
        records: event.Records.length,
        sent: outcome.sent,
        skipped: outcome.skipped,
        malformed: outcome.malformed,
        failed: outcome.batchItemFailures,
      });
      return outcome;
    },
    flush: () => powertools.publishStoredMetrics(),
  };
}
