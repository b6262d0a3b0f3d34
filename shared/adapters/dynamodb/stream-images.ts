/**
 * The table stream's records as its consumers (timer-sync, sla-events) read them: DynamoDB attribute-value
 * images decoded into plain objects (`ItemChange`), so the use cases never see the SDK's wire format.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { ItemChange } from '../../runtime/table-changes.js';
import type { Ticket } from '../../tickets/ticket.js';
import { ticketFromItem } from './ticket-items.js';

const decode = (image: Record<string, unknown> | undefined): Record<string, unknown> | undefined =>
  image ? unmarshall(image as Record<string, AttributeValue>) : undefined;

export function decodeStreamRecord(record: DynamoDBRecord): ItemChange {
  return {
    eventName: record.eventName,
    sequenceNumber: record.dynamodb?.SequenceNumber,
    oldImage: decode(record.dynamodb?.OldImage),
    newImage: decode(record.dynamodb?.NewImage),
  };
}

export function decodeStreamEvent(event: DynamoDBStreamEvent): ItemChange[] {
  return event.Records.map(decodeStreamRecord);
}

/** The ticket a decoded item image holds (the ticket item itself, not its events or comments), else null. */
export function ticketOfImage(image: Record<string, unknown>): Ticket | null {
  return image.entity === 'ticket' && image.SK === 'TICKET' ? ticketFromItem(image) : null;
}
