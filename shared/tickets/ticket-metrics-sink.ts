/**
 * The ticket counts the dashboard graphs (tickets created by channel and priority, milestones met, open
 * tickets), from committed ticket changes: a `TicketEventsSink` the api and inbound-email Lambdas add next to
 * the requester's mail. Breaches and escalations are counted where they happen, in the sla-timer Lambda.
 */
import { METRIC, METRIC_DIMENSION, type MetricCounter } from '../observability/metrics.js';
import type { TicketChange, TicketEventsSink } from './ports.js';

export class TicketMetricsSink implements TicketEventsSink {
  readonly #metrics: MetricCounter;

  constructor(metrics: MetricCounter) {
    this.#metrics = metrics;
  }

  async publish({ ticket, events }: TicketChange): Promise<void> {
    const priority = { [METRIC_DIMENSION.priority]: ticket.priority };
    for (const event of events) {
      const data = event.data as Record<string, unknown>;
      switch (event.type) {
        case 'ticket.created':
          this.#metrics.count(METRIC.ticketsCreated, {
            [METRIC_DIMENSION.channel]: ticket.channel,
            ...priority,
          });
          break;
        case 'status.changed':
          // Open tickets = created - resolved: a reopened ticket takes its resolution back, so the difference
          // stays the number of tickets not resolved (closing a resolved ticket changes nothing).
          if (data.to === 'resolved') this.#metrics.count(METRIC.ticketsResolved, priority);
          else if (data.from === 'resolved' && data.to === 'open')
            this.#metrics.count(METRIC.ticketsResolved, priority, -1);
          break;
        case 'sla.changed':
          if (data.to === 'met' && typeof data.milestone === 'string') {
            this.#metrics.count(METRIC.milestonesMet, {
              [METRIC_DIMENSION.milestone]: data.milestone,
              ...priority,
            });
          }
          break;
      }
    }
  }
}
