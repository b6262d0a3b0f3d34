/**
 * The notification stream's dead-letter queue on SQS (`MailDeadLetterQueue`): its messages are Lambda's
 * on-failure records of stream batches (`DDBStreamBatchInfo`: shard, sequence numbers, arrival times; never
 * the records). Received with a visibility timeout long enough for a redrive, so a second reader does not take
 * them meanwhile; deleted only by `delete` (a failed redrive leaves them to reappear).
 */
import {
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
  type SQSClientConfig,
} from '@aws-sdk/client-sqs';
import type { MailDeadLetter, MailDeadLetterQueue } from '../../notifications/ports.js';
import { localEndpointConfig } from '../local-endpoint.js';
import { withoutSdkLogFilter } from '../sdk-client.js';

export function createSqsClient(options: { region?: string; endpoint?: string } = {}): SQSClient {
  const config: SQSClientConfig = options.endpoint
    ? { ...localEndpointConfig(options.endpoint, process.env) }
    : {};
  return withoutSdkLogFilter(
    new SQSClient({ ...config, ...(options.region ? { region: options.region } : {}) }),
  );
}

interface BatchInfo {
  shardId?: unknown;
  approximateArrivalOfFirstRecord?: unknown;
  approximateArrivalOfLastRecord?: unknown;
  batchSize?: unknown;
}

function batchOf(body: string | undefined): MailDeadLetter['batch'] {
  try {
    const info = (JSON.parse(body ?? '') as { DDBStreamBatchInfo?: BatchInfo }).DDBStreamBatchInfo;
    if (!info || typeof info !== 'object') return undefined;
    const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return {
      ...(text(info.shardId) ? { shardId: text(info.shardId) } : {}),
      ...(text(info.approximateArrivalOfFirstRecord)
        ? { firstRecordAt: text(info.approximateArrivalOfFirstRecord) }
        : {}),
      ...(text(info.approximateArrivalOfLastRecord)
        ? { lastRecordAt: text(info.approximateArrivalOfLastRecord) }
        : {}),
      ...(typeof info.batchSize === 'number' ? { size: info.batchSize } : {}),
    };
  } catch {
    return undefined;
  }
}

export class SqsMailDeadLetters implements MailDeadLetterQueue {
  readonly #client: SQSClient;
  readonly #queueUrl: string;
  readonly #visibilitySeconds: number;

  constructor(client: SQSClient, queueUrl: string, visibilitySeconds = 15 * 60) {
    this.#client = client;
    this.#queueUrl = queueUrl;
    this.#visibilitySeconds = visibilitySeconds;
  }

  async receiveAll(): Promise<MailDeadLetter[]> {
    const seen = new Map<string, MailDeadLetter>();
    for (;;) {
      const { Messages = [] } = await this.#client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.#queueUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: this.#visibilitySeconds,
          // A short long-poll: SQS's short polls sample some servers only and may answer empty too early.
          WaitTimeSeconds: 1,
        }),
      );
      const received = Messages.filter((m) => m.MessageId && m.ReceiptHandle);
      const fresh = received.filter((m) => !seen.has(m.MessageId!));
      // Received again (its visibility ran out): only the newest receipt handle deletes it.
      for (const m of received) {
        const known = seen.get(m.MessageId!);
        if (known) known.receiptHandle = m.ReceiptHandle!;
      }
      if (fresh.length === 0) return [...seen.values()];
      for (const m of fresh) {
        const batch = batchOf(m.Body);
        seen.set(m.MessageId!, {
          messageId: m.MessageId!,
          receiptHandle: m.ReceiptHandle!,
          ...(batch ? { batch } : {}),
        });
      }
    }
  }

  async delete(letters: MailDeadLetter[]): Promise<void> {
    for (let start = 0; start < letters.length; start += 10) {
      const chunk = letters.slice(start, start + 10);
      const answer = await this.#client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.#queueUrl,
          Entries: chunk.map((l, i) => ({ Id: String(i), ReceiptHandle: l.receiptHandle })),
        }),
      );
      if (answer.Failed?.length) {
        throw new Error(
          `could not delete ${answer.Failed.length} dead letters: ${answer.Failed[0]?.Message ?? ''}`,
        );
      }
    }
  }
}
