import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import { listenLocally, sendAwsJson } from './aws-json-server.js';
import { BodyTooLargeError, readBody } from './read-body.js';

/**
 * A local EventBridge: the PutEvents call `@aws-sdk/client-eventbridge` sends (AWS JSON 1.1,
 * `X-Amz-Target: AWSEvents.PutEvents`), with the service's limits and answers (1 to 10 entries, per-entry
 * `InvalidArgument` / `MalformedDetail` errors, `FailedEntryCount`), so the same SDK client and the same
 * publisher code run against it as against AWS. It keeps every accepted event, shaped as EventBridge delivers
 * it to a target, and can forward each one to a webhook the way an API destination would: an HTTP POST of that
 * event as JSON, retried on 429 and 5xx, then given up (recorded as a dead letter). Tests can make the next
 * entries fail with a retryable code to exercise the publisher's retries.
 */

export interface LocalBusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export interface StoredBusEvent {
  eventBusName: string;
  receivedAt: string;
  event: LocalBusEvent;
}

export interface WebhookDeadLetter {
  eventId: string;
  attempts: number;
  error: string;
}

export interface LocalEventBridgeOptions {
  clock: Clock;
  port?: number;
  host?: string;
  /** Buses that exist besides `default`. */
  buses?: string[];
  /** Forward every accepted event here (POST, JSON), as an API destination would. */
  webhookUrl?: string;
  /** Attempts per webhook delivery before it becomes a dead letter (default 5), and the first backoff. */
  webhookAttempts?: number;
  webhookBaseDelayMs?: number;
  region?: string;
  accountId?: string;
}

const MAX_ENTRIES = 10;
const MAX_BODY_BYTES = 1024 * 1024;

class ApiError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export class LocalEventBridgeServer {
  readonly #options: LocalEventBridgeOptions;
  readonly #buses: Set<string>;
  readonly #events: StoredBusEvent[] = [];
  readonly #injected: string[] = [];
  #server: Server | undefined;
  #forwarding: Promise<void> = Promise.resolve();
  readonly webhookDeadLetters: WebhookDeadLetter[] = [];
  readonly stats = { calls: 0, accepted: 0, rejected: 0, forwarded: 0 };

  constructor(options: LocalEventBridgeOptions) {
    this.#options = options;
    this.#buses = new Set(['default', ...(options.buses ?? [])]);
  }

  async start(): Promise<string> {
    const { server, endpoint } = await listenLocally(
      (req, res) => void this.#handle(req, res),
      this.#options.port,
      this.#options.host,
    );
    this.#server = server;
    return endpoint;
  }

  async stop(): Promise<void> {
    await this.drain();
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Every accepted event, oldest first (a copy). */
  list(): StoredBusEvent[] {
    return structuredClone(this.#events);
  }

  /** The next `count` entries fail with `code` (default `ThrottlingException`, which callers retry). */
  failNextEntries(count: number, code = 'ThrottlingException'): void {
    for (let i = 0; i < count; i++) this.#injected.push(code);
  }

  /** Resolves once every webhook forward queued so far has finished (delivered or dead-lettered). */
  drain(): Promise<void> {
    return this.#forwarding;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (req.method !== 'POST') throw new ApiError('UnknownOperationException', 404, 'Only POST is served.');
      const target = String(req.headers['x-amz-target'] ?? '');
      if (target !== 'AWSEvents.PutEvents') {
        throw new ApiError(
          'UnknownOperationException',
          400,
          `Operation ${target || '(none)'} is not supported.`,
        );
      }
      this.stats.calls++;
      send(res, 200, this.#putEvents(await readJson(req)));
    } catch (error) {
      const e =
        error instanceof ApiError
          ? error
          : error instanceof BodyTooLargeError
            ? new ApiError('ValidationException', 413, 'Request body is too large.')
            : new ApiError('InternalException', 500, String(error));
      send(res, e.status, { __type: e.type, message: e.message }, { 'x-amzn-errortype': e.type });
    }
  }

  #putEvents(body: Record<string, unknown>): unknown {
    const entries = body.Entries;
    if (!Array.isArray(entries) || entries.length < 1 || entries.length > MAX_ENTRIES) {
      throw new ApiError(
        'ValidationException',
        400,
        `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${MAX_ENTRIES} and greater than or equal to 1`,
      );
    }
    const results: EntryResult[] = entries.map((entry) => this.#putEntry(entry));
    const failed = results.filter((r) => 'ErrorCode' in r).length;
    return { FailedEntryCount: failed, Entries: results };
  }

  #putEntry(raw: unknown): EntryResult {
    const entry = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
    const injected = this.#injected.shift();
    if (injected) {
      this.stats.rejected++;
      return { ErrorCode: injected, ErrorMessage: 'Injected failure (local EventBridge).' };
    }
    const missing = ['Source', 'DetailType', 'Detail'].filter(
      (field) => typeof entry[field] !== 'string' || entry[field] === '',
    );
    if (missing.length > 0) {
      this.stats.rejected++;
      return {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: `Parameter(s) ${missing.join(', ')} is(are) not specified or invalid.`,
      };
    }
    let detail: unknown;
    try {
      detail = JSON.parse(entry.Detail as string);
    } catch {
      detail = undefined;
    }
    if (typeof detail !== 'object' || detail === null || Array.isArray(detail)) {
      this.stats.rejected++;
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    }
    const bus =
      typeof entry.EventBusName === 'string' && entry.EventBusName !== '' ? entry.EventBusName : 'default';
    const busName = bus.startsWith('arn:') ? (bus.split('/').pop() ?? bus) : bus;
    if (!this.#buses.has(busName)) {
      this.stats.rejected++;
      return { ErrorCode: 'InvalidArgument', ErrorMessage: `Event bus ${busName} does not exist.` };
    }
    // The SDK sends `Time` as epoch seconds (AWS JSON timestamps); EventBridge uses the call's time without it.
    const now = this.#options.clock.now();
    const time = typeof entry.Time === 'number' ? entry.Time * 1000 : now;
    const event: LocalBusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.DetailType as string,
      source: entry.Source as string,
      account: this.#options.accountId ?? '000000000000',
      time: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region: this.#options.region ?? 'us-east-1',
      resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [],
      detail,
    };
    this.#events.push({ eventBusName: busName, receivedAt: new Date(now).toISOString(), event });
    this.stats.accepted++;
    if (this.#options.webhookUrl) {
      const url = this.#options.webhookUrl;
      this.#forwarding = this.#forwarding.then(() => this.#forward(url, event));
    }
    return { EventId: event.id };
  }

  /** One API-destination delivery: POST the event, retry 429/5xx/network errors with backoff, then give up. */
  async #forward(url: string, event: LocalBusEvent): Promise<void> {
    const attempts = this.#options.webhookAttempts ?? 5;
    let error = '';
    let made = 0;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      made = attempt;
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'Amazon/EventBridge/ApiDestinations' },
          body: JSON.stringify(event),
          signal: AbortSignal.timeout(5_000),
        });
        await response.arrayBuffer();
        if (response.ok) {
          this.stats.forwarded++;
          return;
        }
        error = `HTTP ${response.status}`;
        // API destinations retry only what may succeed later; any other 4xx is final.
        if (response.status !== 429 && response.status < 500) break;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      if (attempt < attempts) {
        const delay = (this.#options.webhookBaseDelayMs ?? 200) * 2 ** (attempt - 1);
        await new Promise((resolve) => setTimeout(resolve, delay));
      }
    }
    this.webhookDeadLetters.push({ eventId: event.id, attempts: made, error });
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req, MAX_BODY_BYTES);
  try {
    const value: unknown = JSON.parse(text === '' ? '{}' : text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new ApiError('SerializationException', 400, 'Request body is not a JSON object.');
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendAwsJson(res, 'application/x-amz-json-1.1', status, body, headers);
}

export async function startLocalEventBridge(
  options: LocalEventBridgeOptions,
): Promise<{ server: LocalEventBridgeServer; endpoint: string }> {
  const server = new LocalEventBridgeServer(options);
  const endpoint = await server.start();
  return { server, endpoint };
}
