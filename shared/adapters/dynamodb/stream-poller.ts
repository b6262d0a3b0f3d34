import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local-endpoint.js';
import { withoutSdkLogFilter } from '../sdk-client.js';

/** A streams client for DynamoDB Local's endpoint (dummy credentials, the local region). */
export function createLocalStreamsClient(endpoint: string): DynamoDBStreamsClient {
  return withoutSdkLogFilter(
    new DynamoDBStreamsClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS }),
  );
}

import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

/**
 * Locally, what Lambda's event source mapping does in AWS: reads the table's stream on DynamoDB Local and
 * hands the timer-sync handler the same event shape, honouring `batchItemFailures` (the failed record and
 * those after it are handed over again on the next poll). `drain()` polls until the stream is quiet, which
 * the clock route calls so schedules exist before time moves.
 */
export interface StreamPollerOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  handler: (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | undefined>;
  intervalMs?: number;
  onError?: (error: unknown) => void;
}

interface ShardState {
  iterator: string | undefined;
  pending: DynamoDBRecord[];
  closed: boolean;
}

type Av = Record<string, unknown>;

/**
 * The streams client hands an empty map (`{"M":{}}`, e.g. a ticket owing no timers) back as `{}`, which
 * `unmarshall` rejects; Lambda's own stream events carry `{"M":{}}`. Restore it so the handler sees what it
 * sees in AWS.
 */
function restoreEmptyMaps(value: Av): Av {
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.M && typeof value.M === 'object') {
    return {
      M: Object.fromEntries(
        Object.entries(value.M as Record<string, Av>).map(([k, v]) => [k, restoreEmptyMaps(v)]),
      ),
    };
  }
  if (Array.isArray(value.L)) return { L: (value.L as Av[]).map(restoreEmptyMaps) };
  return value;
}

function restoreImage(image: Record<string, unknown> | undefined): never {
  return Object.fromEntries(
    Object.entries(image ?? {}).map(([k, v]) => [k, restoreEmptyMaps(v as Av)]),
  ) as never;
}

function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    eventSourceARN: streamArn,
    dynamodb: {
      ...(record.dynamodb?.Keys ? { Keys: record.dynamodb.Keys as never } : {}),
      ...(record.dynamodb?.NewImage ? { NewImage: restoreImage(record.dynamodb.NewImage) } : {}),
      ...(record.dynamodb?.OldImage ? { OldImage: restoreImage(record.dynamodb.OldImage) } : {}),
      ...(record.dynamodb?.SequenceNumber ? { SequenceNumber: record.dynamodb.SequenceNumber } : {}),
      ...(record.dynamodb?.StreamViewType ? { StreamViewType: record.dynamodb.StreamViewType } : {}),
    },
  };
}

/** A shard list older than this is described again even if no shard closed (a safety net). */
const DESCRIBE_EVERY_MS = 5_000;

export class StreamPoller {
  readonly #options: StreamPollerOptions;
  readonly #shards = new Map<string, ShardState>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> = Promise.resolve(0);
  #stopped = false;
  #describedAt = 0;
  #shardClosed = false;

  constructor(options: StreamPollerOptions) {
    this.#options = options;
  }

  start(): void {
    this.#stopped = false;
    const tick = () => {
      if (this.#stopped) return;
      this.pollOnce()
        .catch((error) => this.#options.onError?.(error))
        .finally(() => {
          if (!this.#stopped) this.#timer = setTimeout(tick, this.#options.intervalMs ?? 250);
        });
    };
    this.#timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running.catch(() => undefined);
  }

  /** One pass over every shard (serialised with the background loop); resolves to the records handled. */
  pollOnce(): Promise<number> {
    const run = this.#running.catch(() => 0).then(() => this.#poll());
    this.#running = run;
    return run;
  }

  /**
   * Polls until a pass finds nothing new and nothing pending; resolves to the records handled on the way. Gives
   * up after `maxPasses` (records that keep failing stay pending, as Lambda retries them).
   */
  async drain(maxPasses = 50): Promise<number> {
    let total = 0;
    for (let pass = 0; pass < maxPasses; pass++) {
      const handled = await this.pollOnce();
      total += handled;
      const pending = [...this.#shards.values()].some((s) => s.pending.length > 0);
      if (handled === 0 && !pending) break;
    }
    return total;
  }

  async #poll(): Promise<number> {
    const { client, streamArn } = this.#options;
    // The shard list changes only when a shard closes (its children appear): described then, at start, and
    // every few seconds, not on every pass (a DescribeStream per pass per consumer was a third of the
    // background requests the pollers sent DynamoDB Local, which the API shares).
    const now = Date.now();
    if (this.#shards.size === 0 || this.#shardClosed || now - this.#describedAt >= DESCRIBE_EVERY_MS) {
      this.#shardClosed = false;
      await this.#describe();
      this.#describedAt = now;
    }
    let handled = 0;
    for (const state of this.#shards.values()) {
      if (!state.closed && state.iterator) {
        const page = await client.send(new GetRecordsCommand({ ShardIterator: state.iterator, Limit: 100 }));
        state.iterator = page.NextShardIterator;
        if (!page.NextShardIterator) {
          state.closed = true;
          this.#shardClosed = true;
        }
        state.pending.push(...(page.Records ?? []).map((r) => toLambdaRecord(r, streamArn)));
      }
      if (state.pending.length === 0) continue;
      const batch = state.pending;
      const result = await this.#options.handler({ Records: batch });
      const failed = result?.batchItemFailures?.[0]?.itemIdentifier;
      const index = failed === undefined ? -1 : batch.findIndex((r) => r.dynamodb?.SequenceNumber === failed);
      handled += index < 0 ? batch.length : index;
      state.pending = index < 0 ? [] : batch.slice(index);
    }
    return handled;
  }

  async #describe(): Promise<void> {
    const { client, streamArn } = this.#options;
    const description = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of description.StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || this.#shards.has(shard.ShardId)) continue;
      const { ShardIterator } = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shard.ShardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      this.#shards.set(shard.ShardId, { iterator: ShardIterator, pending: [], closed: false });
    }
  }
}
