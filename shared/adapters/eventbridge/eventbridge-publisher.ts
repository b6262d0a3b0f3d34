/**
 * Puts SLA events on the custom EventBridge bus with PutEvents: batches of at most 10 entries and 256 KB (the
 * service's limits), retrying only what failed. PutEvents answers per entry: an entry can fail while its
 * neighbours succeed, so a retry re-sends just the failed ones (with full-jitter backoff), and only for the
 * retryable codes (`ThrottlingException`, `InternalFailure`) or a retryable failure of the whole call. What
 * still fails is returned, not thrown, so the stream consumer can hand exactly those records back to the stream
 * (and, once the event source mapping gives up, to its dead-letter queue).
 *
 * EventBridge has no de-duplication: a re-sent entry is a second event. The idempotency key is the event's
 * `detail.eventId` (derived from ticket, version and transition), which consumers use to keep the first.
 */
import {
  EventBridgeClient,
  type EventBridgeClientConfig,
  PutEventsCommand,
  type PutEventsRequestEntry,
} from '@aws-sdk/client-eventbridge';
import type { Transition } from '../../events/derive-transitions.js';
import { EVENT_SOURCE } from '../../events/event-contract.js';
import type { EventPublisher, PublishFailure } from '../../events/ports.js';
import { ENV, getOptionalStringFromEnv, getStringFromEnv } from '../../runtime/env.js';
import { fullJitterDelay, isRetryableAwsError, realSleep } from '../../timers/retry.js';
import { localEndpointConfig } from '../local-endpoint.js';
import { withoutSdkLogFilter } from '../sdk-client.js';

/** PutEvents limits: entries per call, and bytes per call as EventBridge counts them. */
export const PUT_EVENTS_MAX_ENTRIES = 10;
export const PUT_EVENTS_MAX_BYTES = 256 * 1024;
/** Per-entry codes worth another attempt (the PutEventsResultEntry reference); the rest are permanent. */
const RETRYABLE_ENTRY_CODES = new Set(['ThrottlingException', 'InternalFailure']);

export interface EventBridgePublisherConfig {
  eventBusName: string;
  /** Attempts per entry including the first (default 6), and the backoff between them. */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injected so tests neither sleep nor depend on randomness. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

/** The client, pointed at `EVENTBRIDGE_ENDPOINT` locally; the SDK's own retries are off (ours are per entry). */
export function createEventBridgeClient(
  env: NodeJS.ProcessEnv = process.env,
  overrides: EventBridgeClientConfig = {},
): EventBridgeClient {
  return withoutSdkLogFilter(
    new EventBridgeClient({
      maxAttempts: 1,
      ...localEndpointConfig(getOptionalStringFromEnv(ENV.eventBridgeEndpoint, env), env),
      ...overrides,
    }),
  );
}

export function eventBusNameFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  return getStringFromEnv(ENV.eventBusName, env);
}

/** The PutEvents entry of one derived transition. */
export function toPutEventsEntry(transition: Transition, eventBusName: string): PutEventsRequestEntry {
  return {
    EventBusName: eventBusName,
    Source: EVENT_SOURCE,
    DetailType: transition.event.detailType,
    Detail: JSON.stringify(transition.event.detail),
    Time: new Date(transition.time),
  };
}

/** An entry's size as EventBridge counts it ("Calculating PutEvents event entry size"). */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (s: string | undefined) => (s === undefined ? 0 : Buffer.byteLength(s, 'utf8'));
  return (
    (entry.Time ? 14 : 0) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, r) => sum + bytes(r), 0)
  );
}

interface Pending {
  eventId: string;
  entry: PutEventsRequestEntry;
  size: number;
  lastError: { errorCode: string; errorMessage: string };
  retryable: boolean;
}

export class EventBridgePublisher implements EventPublisher {
  readonly #client: EventBridgeClient;
  readonly #config: Required<Omit<EventBridgePublisherConfig, 'eventBusName'>> & { eventBusName: string };

  constructor(client: EventBridgeClient, config: EventBridgePublisherConfig) {
    this.#client = client;
    this.#config = {
      maxAttempts: 6,
      baseDelayMs: 50,
      maxDelayMs: 2_000,
      sleep: realSleep,
      random: Math.random,
      ...config,
    };
  }

  async publish(events: readonly Transition[]): Promise<PublishFailure[]> {
    const failures: PublishFailure[] = [];
    let pending: Pending[] = [];
    for (const t of events) {
      const entry = toPutEventsEntry(t, this.#config.eventBusName);
      const size = entrySize(entry);
      if (size > PUT_EVENTS_MAX_BYTES) {
        failures.push({
          eventId: t.eventId,
          errorCode: 'EntryTooLarge',
          errorMessage: `${size} bytes, over the ${PUT_EVENTS_MAX_BYTES}-byte PutEvents limit`,
        });
        continue;
      }
      pending.push({
        eventId: t.eventId,
        entry,
        size,
        lastError: { errorCode: '', errorMessage: '' },
        retryable: false,
      });
    }
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt > 0) {
        const { baseDelayMs, maxDelayMs, random } = this.#config;
        await this.#config.sleep(fullJitterDelay(attempt - 1, baseDelayMs, maxDelayMs, random));
      }
      const retry: Pending[] = [];
      for (const batch of batches(pending)) {
        for (const item of await this.#put(batch)) {
          if (item.retryable) retry.push(item);
          else failures.push({ eventId: item.eventId, ...item.lastError });
        }
      }
      if (attempt + 1 >= this.#config.maxAttempts) {
        failures.push(...retry.map((item) => ({ eventId: item.eventId, ...item.lastError })));
        break;
      }
      pending = retry;
    }
    return failures;
  }

  /** One PutEvents call; resolves with the entries that failed, each with its error. */
  async #put(batch: Pending[]): Promise<Pending[]> {
    try {
      const out = await this.#client.send(new PutEventsCommand({ Entries: batch.map((b) => b.entry) }));
      if (!out.FailedEntryCount) return [];
      return batch.flatMap((item, i) => {
        const result = out.Entries?.[i];
        if (result?.EventId && !result.ErrorCode) return [];
        item.lastError = {
          errorCode: result?.ErrorCode ?? 'InternalFailure',
          errorMessage: result?.ErrorMessage ?? 'no result for this entry',
        };
        item.retryable = RETRYABLE_ENTRY_CODES.has(item.lastError.errorCode);
        return [item];
      });
    } catch (error) {
      // The whole call failed: a throttle or outage is every entry's retryable failure, anything else
      // (access denied, a validation error) is every entry's permanent one.
      const errorCode = (error as { name?: string }).name ?? 'Error';
      const errorMessage = error instanceof Error ? error.message : String(error);
      const retryable = isRetryableAwsError(error);
      for (const item of batch) {
        item.lastError = { errorCode, errorMessage };
        item.retryable = retryable;
      }
      return batch;
    }
  }
}

/** Consecutive groups of at most 10 entries and 256 KB. */
function batches(items: Pending[]): Pending[][] {
  const out: Pending[][] = [];
  let current: Pending[] = [];
  let bytes = 0;
  for (const item of items) {
    if (current.length === PUT_EVENTS_MAX_ENTRIES || bytes + item.size > PUT_EVENTS_MAX_BYTES) {
      out.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length > 0) out.push(current);
  return out;
}
