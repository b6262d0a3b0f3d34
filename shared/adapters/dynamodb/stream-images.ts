/**
 * The table stream's records as the timer use cases read them: DynamoDB attribute-value images decoded into
 * plain objects (`ItemChange`), so `shared/timers/` never sees the SDK's wire format.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { ItemChange } from '../../timers/ports.js';

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
