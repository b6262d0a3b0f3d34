/**
 * The events stream consumer: a batch of the tickets table's stream records in, SLA events on the bus out.
 * Only ticket items count (events, comments, mail ledger entries and tenants carry no transition). Each record's
 * old and new image go through `deriveTransitions` with the tenant's current policy; the whole batch's events
 * are published together (PutEvents batches of 10), and a record whose events could not all be published, or
 * that could not be derived, is reported as the batch's first failure: Lambda retries from it (records after
 * it too, which only re-publishes the same event ids), and once the event source mapping's retries are spent
 * the batch's description goes to its dead-letter queue, with an alarm.
 */
import { METRIC, METRIC_DIMENSION, type MetricCounter, type MetricName } from '../observability/metrics.js';
import type { BatchFailures, ItemChange } from '../runtime/table-changes.js';
import type { ResolvedPolicy } from '../sla/policy.js';
import type { SlaSubject } from '../sla/types.js';
import type { Ticket } from '../tickets/ticket.js';
import { deriveTransitions, type Transition } from './derive-transitions.js';
import type { EventPublisher } from './ports.js';

export interface TicketEventsDeps {
  publisher: EventPublisher;
  /** The tenant's policy for a ticket, resolved as the ticket service does; null when the tenant is gone. */
  policyFor(tenantId: string, subject: SlaSubject): Promise<ResolvedPolicy | null>;
  /** The ticket a decoded item image holds; null for any other item (events, comments, mail ledger, tenants). */
  ticketOf(image: Record<string, unknown>): Ticket | null;
  logger?: {
    error(message: string, detail?: unknown): void;
    warn(message: string, detail?: unknown): void;
  };
  /** Events published and failed, per detail-type (EMF in the Lambda: the dashboard's events widget). */
  metrics?: MetricCounter;
}

export interface TicketEventsOutcome extends BatchFailures {
  /** Events put on the bus by this batch (for the log and the metrics). */
  published: number;
}

export async function publishTicketEvents(
  changes: readonly ItemChange[],
  deps: TicketEventsDeps,
): Promise<TicketEventsOutcome> {
  const ticketImage = (image: Record<string, unknown> | undefined) => (image ? deps.ticketOf(image) : null);
  const derived: { sequence: string; transitions: Transition[] }[] = [];
  // One tenant read per batch and policy subject (a batch is usually one busy tenant's tickets), never kept
  // longer: a tenant's policy change must reach the next batch.
  const policies = new Map<string, Promise<ResolvedPolicy | null>>();
  const policyFor = (tenantId: string, subject: SlaSubject) => {
    const key = JSON.stringify([tenantId, subject.policyId, subject.plan, subject.region, subject.timezone]);
    let policy = policies.get(key);
    if (!policy) {
      policy = deps.policyFor(tenantId, subject);
      policies.set(key, policy);
    }
    return policy;
  };
  let firstFailure: string | null = null;
  for (const record of changes) {
    const sequence = record.sequenceNumber ?? '';
    if (record.eventName === 'REMOVE') continue;
    try {
      const after = ticketImage(record.newImage);
      if (!after) continue;
      const before = ticketImage(record.oldImage);
      const policy = await policyFor(after.tenantId, after.slaSubject);
      if (!policy) {
        deps.logger?.warn('no tenant for the ticket: no events', {
          tenantId: after.tenantId,
          ticketId: after.id,
        });
        continue;
      }
      derived.push({ sequence, transitions: deriveTransitions({ before, after, policy }) });
    } catch (error) {
      deps.logger?.error('could not derive the events of a stream record', {
        sequence,
        error: String(error),
      });
      firstFailure = sequence;
      break;
    }
  }
  const transitions = derived.flatMap((d) => d.transitions);
  const failures = transitions.length > 0 ? await deps.publisher.publish(transitions) : [];
  if (failures.length > 0) {
    deps.logger?.error('events not published', { failures });
    const failed = new Set(failures.map((f) => f.eventId));
    const first = derived.find((d) => d.transitions.some((t) => failed.has(t.eventId)));
    if (first) firstFailure = first.sequence;
  }
  if (deps.metrics) {
    const failed = new Set(failures.map((f) => f.eventId));
    countByDetailType(
      deps.metrics,
      METRIC.eventsPublished,
      transitions.filter((t) => !failed.has(t.eventId)),
    );
    countByDetailType(
      deps.metrics,
      METRIC.eventsFailed,
      transitions.filter((t) => failed.has(t.eventId)),
    );
  }
  return {
    batchItemFailures: firstFailure === null ? [] : [{ itemIdentifier: firstFailure }],
    published: transitions.length - failures.length,
  };
}

/** One data point per detail-type and batch (not one per event: a busy batch stays a handful of EMF lines). */
function countByDetailType(
  metrics: MetricCounter,
  name: MetricName,
  transitions: readonly Transition[],
): void {
  const counts = new Map<string, number>();
  for (const t of transitions) counts.set(t.event.detailType, (counts.get(t.event.detailType) ?? 0) + 1);
  for (const [detailType, n] of counts) metrics.count(name, { [METRIC_DIMENSION.detailType]: detailType }, n);
}
