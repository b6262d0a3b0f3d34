/**
 * The events stream consumer with a recording fake of the publisher port: which records count (ticket items
 * only), one publish for the batch, and which record is reported back to the stream when an event keeps failing
 * or a record cannot be derived.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { decodeStreamEvent, ticketOfImage } from '../../../shared/adapters/dynamodb/stream-images.js';
import { ticketToItem } from '../../../shared/adapters/dynamodb/ticket-items.js';
import type { Transition } from '../../../shared/events/derive-transitions.js';
import type { EventPublisher, PublishFailure } from '../../../shared/events/ports.js';
import { publishTicketEvents, type TicketEventsDeps } from '../../../shared/events/publish-ticket-events.js';
import type { SlaEvent } from '../../../shared/sla/types.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import { at, fenorri, image, T0 } from './ticket-images.js';

const created: SlaEvent[] = [{ type: 'created', at: T0, priority: 'high' }];
const v1 = image(1, T0, created);
const v2 = image(2, at(10), [...created, { type: 'agentReply', at: at(10) }], { status: 'open' });

const av = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as never;
function record(sequence: string, before: Ticket | null, after: Ticket | null): DynamoDBRecord {
  return {
    eventName: before === null ? 'INSERT' : after === null ? 'REMOVE' : 'MODIFY',
    dynamodb: {
      SequenceNumber: sequence,
      ...(after ? { NewImage: av(ticketToItem(after)) } : {}),
      ...(before ? { OldImage: av(ticketToItem(before)) } : {}),
    },
  };
}
const historyItem: DynamoDBRecord = {
  eventName: 'INSERT',
  dynamodb: {
    SequenceNumber: '150',
    NewImage: av({ PK: 'T#fen#TICKET#t_01', SK: 'EVENT#0000000002#000', entity: 'event', tenantId: 'fen' }),
  },
};

class RecordingPublisher implements EventPublisher {
  readonly calls: Transition[][] = [];
  constructor(private readonly failing: (t: Transition) => boolean = () => false) {}
  async publish(events: readonly Transition[]): Promise<PublishFailure[]> {
    this.calls.push([...events]);
    return events
      .filter(this.failing)
      .map((t) => ({ eventId: t.eventId, errorCode: 'ThrottlingException', errorMessage: 'slow down' }));
  }
}

const deps = (publisher: EventPublisher, policyFor: TicketEventsDeps['policyFor'] = async () => fenorri) => ({
  publisher,
  policyFor,
  ticketOf: ticketOfImage,
});

describe('publishTicketEvents', () => {
  it('ticket records only, their events in one publish, in record order; nothing to report', async () => {
    const publisher = new RecordingPublisher();
    const out = await publishTicketEvents(
      decodeStreamEvent({
        Records: [record('100', null, v1), historyItem, record('200', v1, v2), record('300', v2, null)],
      }),
      deps(publisher),
    );
    expect(out).toEqual({ batchItemFailures: [], published: 5 });
    expect(publisher.calls).toHaveLength(1);
    expect(publisher.calls[0]?.map((t) => t.eventId)).toEqual([
      't_01/v1/ticket-created',
      't_01/v1/milestone-started/firstResponse/1',
      't_01/v1/milestone-started/escalation/1',
      't_01/v1/milestone-started/resolution/1',
      't_01/v2/milestone-met/firstResponse/1',
    ]);
  });

  it('an event that keeps failing reports its record (the stream retries from there)', async () => {
    const publisher = new RecordingPublisher((t) => t.eventId.startsWith('t_01/v2/'));
    const out = await publishTicketEvents(
      decodeStreamEvent({ Records: [record('100', null, v1), record('200', v1, v2)] }),
      deps(publisher),
    );
    expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: '200' }], published: 4 });
  });

  it('a record that cannot be derived is reported; the records before it are still published', async () => {
    const publisher = new RecordingPublisher();
    const broken = structuredClone(v2);
    broken.slaEvents = [{ type: 'agentReply', at: at(10) }]; // no `created`: the engine refuses it
    const out = await publishTicketEvents(
      decodeStreamEvent({
        Records: [record('100', null, v1), record('200', v1, broken), record('300', v1, v2)],
      }),
      deps(publisher),
    );
    expect(out.batchItemFailures).toEqual([{ itemIdentifier: '200' }]);
    expect(publisher.calls[0]).toHaveLength(4);
  });

  it('a ticket whose tenant is gone publishes nothing and blocks nothing; one tenant read per batch', async () => {
    const publisher = new RecordingPublisher();
    const lookups: string[] = [];
    const out = await publishTicketEvents(
      decodeStreamEvent({ Records: [record('100', null, v1), record('200', v1, v2)] }),
      deps(publisher, async (tenantId) => {
        lookups.push(tenantId);
        return null;
      }),
    );
    expect(out).toEqual({ batchItemFailures: [], published: 0 });
    expect(publisher.calls).toHaveLength(0);
    expect(lookups).toEqual(['fen']);
  });

  it('counts the events published and failed per detail-type, one data point per type and batch', async () => {
    const publisher = new RecordingPublisher((t) => t.eventId.startsWith('t_01/v2/'));
    const counts: { name: string; dimensions: Record<string, string>; value: number }[] = [];
    await publishTicketEvents(
      decodeStreamEvent({ Records: [record('100', null, v1), record('200', v1, v2)] }),
      {
        ...deps(publisher),
        metrics: { count: (name, dimensions, value = 1) => counts.push({ name, dimensions, value }) },
      },
    );
    expect(counts).toEqual([
      { name: 'SlaEventsPublished', dimensions: { detailType: 'Ticket Created' }, value: 1 },
      { name: 'SlaEventsPublished', dimensions: { detailType: 'SLA Milestone Started' }, value: 3 },
      { name: 'SlaEventsFailed', dimensions: { detailType: 'SLA Milestone Met' }, value: 1 },
    ]);
  });
});
