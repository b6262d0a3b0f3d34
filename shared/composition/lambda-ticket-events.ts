/**
 * The ticket events of the two composition roots that change tickets on a person's behalf (the api and
 * inbound-email Lambdas): the ticket metrics. Their mail is not sent here: each change's mail is written with
 * it (the outbox, `shared/notifications/mail-plan.ts`) and the notification Lambda sends it from the stream.
 */
import type { MetricCounter } from '../observability/metrics.js';
import { CompositeTicketEventsSink } from '../tickets/ticket-events-sink.js';
import { TicketMetricsSink } from '../tickets/ticket-metrics-sink.js';

export function createLambdaTicketEvents(deps: { counter: MetricCounter }): CompositeTicketEventsSink {
  const events = new CompositeTicketEventsSink();
  events.add(new TicketMetricsSink(deps.counter));
  return events;
}
