/**
 * The ticket events of the two composition roots that change tickets on a person's behalf (the api and
 * inbound-email Lambdas): the ticket metrics, then the requester's mail (acknowledgement, agent replies, status
 * change, closure): the same `createRequesterMailSink` the local runtime adds to its ticket service, on SESv2
 * and the table's send ledger, with the sender, support domain and configuration set from the environment
 * (`shared/runtime/env.ts` names).
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import type { SESv2Client } from '../adapters/ses/sesv2-mailer.js';
import { createSesClient } from '../adapters/ses/sesv2-mailer.js';
import type { Clock } from '../clock.js';
import type { MessageIdLinker } from '../notifications/ports.js';
import { METRIC, METRIC_DIMENSION, type MetricCounter } from '../observability/metrics.js';
import { CompositeTicketEventsSink } from '../tickets/ticket-events-sink.js';
import { TicketMetricsSink } from '../tickets/ticket-metrics-sink.js';
import { createNotifier, createRequesterMailSink, notifierConfigFromEnv } from './notifications.js';

export function createLambdaTicketEvents(deps: {
  dynamo: DynamoDBClient;
  tableName: string;
  clock: Clock;
  /** Records the Message-IDs sent against the ticket, so replies thread by header. */
  threads: MessageIdLinker;
  /** Ticket counts and mails sent are counted here. */
  counter: MetricCounter;
  env?: NodeJS.ProcessEnv;
  /** An SESv2 client (tests); by default one built from the environment. */
  ses?: SESv2Client;
}): CompositeTicketEventsSink {
  const env = deps.env ?? process.env;
  const notifier = createNotifier({
    ses: deps.ses ?? createSesClient(env),
    dynamo: deps.dynamo,
    tableName: deps.tableName,
    clock: deps.clock,
    // Read at cold start: a function missing SENDER_ADDRESS or SUPPORT_DOMAIN fails fast, not on its first mail.
    config: notifierConfigFromEnv(env),
    threads: deps.threads,
    onSent: (template) =>
      deps.counter.count(METRIC.notificationsSent, { [METRIC_DIMENSION.template]: template }),
  });
  // Metrics first: a failing mail send stops the sinks after it (the change itself is kept either way).
  const events = new CompositeTicketEventsSink();
  events.add(new TicketMetricsSink(deps.counter));
  events.add(createRequesterMailSink(notifier));
  return events;
}
