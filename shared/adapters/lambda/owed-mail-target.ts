/**
 * Where the mail redrive hands owed outbox and report_due items: to the notification handler, as one batch of
 * inserted stream records (the shape its event source mapping delivers, sequence numbers = positions in the
 * batch), so the real handler (ledger, retries, templates) does the sending. In AWS the notification Lambda
 * is invoked (`RequestResponse`: its partial batch response says where it stopped); locally and in tests the
 * handler's function is called in-process.
 */
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { OwedMailTarget, UnsentMailItem } from '../../notifications/ports.js';
import { withoutSdkLogFilter } from '../sdk-client.js';

const REDRIVE_SOURCE_ARN = 'redrive-mail';

/** The items as inserted stream records, oldest first, numbered 0.. in `SequenceNumber`. */
export function owedMailStreamEvent(items: UnsentMailItem[]): DynamoDBStreamEvent {
  return {
    Records: items.map((item, index) => ({
      eventID: `redrive-${index}`,
      eventName: 'INSERT',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      eventSourceARN: REDRIVE_SOURCE_ARN,
      dynamodb: {
        Keys: marshall({ PK: item.image.PK, SK: item.image.SK }) as never,
        NewImage: marshall(item.image, { removeUndefinedValues: true }) as never,
        SequenceNumber: String(index),
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
    })),
  };
}

/** The first failed position a partial batch response names, or -1. */
function firstFailure(response: DynamoDBBatchResponse | undefined, size: number): number {
  const failed = (response?.batchItemFailures ?? [])
    .map((f) => Number(f.itemIdentifier))
    .filter((n) => Number.isInteger(n) && n >= 0 && n < size);
  return failed.length === 0 ? -1 : Math.min(...failed);
}

/** The handler's function in this process (the local runtime's wiring, the tests). */
export function handlerTarget(
  handle: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse>,
): OwedMailTarget {
  return {
    async deliver(items) {
      try {
        return firstFailure(await handle(owedMailStreamEvent(items)), items.length);
      } catch {
        return 0;
      }
    },
  };
}

/** The deployed notification Lambda, invoked synchronously (`lambda:InvokeFunction` on it). */
export function lambdaTarget(client: LambdaClient, functionName: string): OwedMailTarget {
  return {
    async deliver(items) {
      const answer = await client.send(
        new InvokeCommand({
          FunctionName: functionName,
          InvocationType: 'RequestResponse',
          Payload: new TextEncoder().encode(JSON.stringify(owedMailStreamEvent(items))),
        }),
      );
      // A function error (a throw, a timeout) fails the whole batch: nothing in it is known sent.
      if (answer.FunctionError) return 0;
      const text = answer.Payload ? new TextDecoder().decode(answer.Payload) : '';
      return firstFailure(text ? (JSON.parse(text) as DynamoDBBatchResponse) : undefined, items.length);
    },
  };
}

export function createLambdaClient(region?: string): LambdaClient {
  return withoutSdkLogFilter(new LambdaClient(region ? { region } : {}));
}
