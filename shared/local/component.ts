/**
 * The local runtime's extension points. `startLocalRuntime` starts DynamoDB Local, creates the table, binds the
 * HTTP server, then starts each component in order (stopping them in reverse). A component may publish
 * endpoints (`ctx.env`), add `/_local/*` routes, add a ticket-events sink (notifications), and add lines to
 * the start-up banner.
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import type { ManualClock } from '../clock.js';
import type { TicketServices } from '../composition/ticket-services.js';
import type { TicketEventsSink } from '../tickets/ports.js';
import type { StreamConsumers } from './stream-consumers.js';

export interface LocalRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** The parsed JSON body (undefined when empty). A malformed body never reaches a route: the server answers 400. */
  body: unknown;
}

export interface LocalResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** A local-only route, served without authentication. Its path must start with `/_local/`. */
export interface LocalRoute {
  method: string;
  path: string;
  handle(request: LocalRequest): Promise<LocalResponse>;
}

export interface LocalRuntimeContext {
  /** The shared clock every handler (and the local Scheduler) reads. */
  readonly clock: ManualClock;
  readonly dynamoDb: DynamoDBClient;
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  /** The API's base URL (the HTTP server is bound before components start). */
  readonly apiUrl: string;
  /** `--data DIR` when given (components persist there if they persist at all). */
  readonly dataDir: string | undefined;
  /** The project's `.local-data/` (the local JWT key lives there). */
  readonly localDataDir: string;
  /** The services the API uses; components call them (timers, inbound mail) rather than building their own. */
  readonly services: TicketServices;
  /**
   * The worker thread the table's stream consumers run in (timer-sync, notification, sla-events): off the API's
   * event loop, as their Lambdas are apart from the api Lambda in AWS.
   */
  readonly streamConsumers: StreamConsumers;
  /** Endpoints components publish for later components, e.g. `SCHEDULER_ENDPOINT`, `SES_ENDPOINT`. */
  readonly env: Record<string, string>;
  /** Options from the command line (`--duplicate-timers` -> `{ 'duplicate-timers': true }`). */
  readonly flags: Readonly<Record<string, string | boolean>>;
  addRoute(route: LocalRoute): void;
  /** Serves these files at `/<name>` (`/` = `index.html`) on the API's port: the portal. */
  serveSite(files: ReadonlyMap<string, { body: string; contentType: string }>): void;
  addTicketEventsSink(sink: TicketEventsSink): void;
  /** Lines for the start-up banner (URLs, how to use the component). */
  addBannerLines(...lines: string[]): void;
  log(line: string): void;
}

export interface LocalComponent {
  readonly name: string;
  start(ctx: LocalRuntimeContext): Promise<void>;
  stop(): Promise<void>;
}
