/**
 * The one definition of every custom metric SLA Sentinel emits (Powertools EMF) and the dashboard reads.
 * Handlers emit through these names; `lib/` builds dashboard widgets and alarms from the same constants.
 */
export const METRICS_NAMESPACE = 'SlaSentinel';

export const METRIC = {
  /** Dimensions: channel, priority. */
  ticketsCreated: 'TicketsCreated',
  /** Dimensions: milestone, priority. */
  milestonesMet: 'MilestonesMet',
  /** Dimensions: milestone, priority. */
  milestonesBreached: 'MilestonesBreached',
  /** Dimensions: level. */
  escalations: 'Escalations',
  /** Fired time minus due time, milliseconds. Dimensions: kind (reminder|deadline). */
  timerLateness: 'TimerLatenessMs',
  /** Schedules that could not be created or deleted after retries. */
  scheduleSyncFailures: 'ScheduleSyncFailures',
  /** Dimensions: reason. */
  inboundMailRejected: 'InboundMailRejected',
  /** Mails sent, dimensions: template. */
  notificationsSent: 'NotificationsSent',
  /** Mail sends that failed after the notification Lambda's retries (the stream retries them), dimensions: template. */
  notificationsFailed: 'NotificationsFailed',
  /** From the change that owed a mail to SES accepting it, milliseconds (max = the oldest mail that waited). */
  notificationDelay: 'NotificationDelayMs',
  /** SLA events put on the bus by the sla-events Lambda, dimensions: detailType. */
  eventsPublished: 'SlaEventsPublished',
  /** SLA events the bus still refused after the publisher's retries (their stream record is retried), dimensions: detailType. */
  eventsFailed: 'SlaEventsFailed',
  /** Tickets resolved (gauge input for open tickets = created - resolved). */
  ticketsResolved: 'TicketsResolved',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

/** The counting port use cases emit through (Powertools EMF in the Lambdas: `shared/adapters/powertools/`). */
export interface MetricCounter {
  count(name: MetricName, dimensions: Record<string, string>, value?: number): void;
}

/** Dimension names the metrics above carry (the dashboard searches by them). */
export const METRIC_DIMENSION = {
  channel: 'channel',
  priority: 'priority',
  milestone: 'milestone',
  level: 'level',
  kind: 'kind',
  reason: 'reason',
  template: 'template',
  detailType: 'detailType',
} as const;

/** The service name Powertools stamps on logs and metrics. */
export const SERVICE_NAME = 'sla-sentinel';
