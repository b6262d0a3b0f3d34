/**
 * `npm start`: the whole product on a laptop. DynamoDB Local (in memory unless `dataDir`), the table (with its
 * stream), the API on 127.0.0.1 through the same route table and handler as the Lambda, then the components
 * (local Scheduler, SES, SMTP, ... added by their owners), the demo tenants, and a banner with a ready-to-paste
 * curl session. `stop()` undoes it all in reverse, including the Java child.
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { createDynamoClient } from '../adapters/dynamodb/client.js';
import { ensureTable } from '../adapters/dynamodb/table.js';
import { defaultLocalDataDir, signLocalToken } from '../auth/local-token.js';
import { ManualClock } from '../clock.js';
import { createRejectionQueries } from '../composition/rejections.js';
import { createReportService } from '../composition/reports.js';
import { createTicketServices, type TicketServices } from '../composition/ticket-services.js';
import { createApiHandler } from '../http/api.js';
import type { RejectionQueries } from '../inbound/rejection-queries.js';
import type { ReportService } from '../reports/report-service.js';
import { ENV } from '../runtime/env.js';
import { CompositeTicketEventsSink } from '../tickets/ticket-events-sink.js';
import type { LocalComponent, LocalRoute, LocalRuntimeContext } from './component.js';
import { curlSession, SESSION_TENANT, type SessionTokens } from './curl-session.js';
import { defaultComponents } from './default-components.js';
import { DEMO_TENANT_IDS, demoTenantProfiles } from './demo-tenants.js';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.js';
import { type StaticFile, startLocalHttpServer } from './http-server.js';
import { LOCAL_SUPPORT_DOMAIN } from './smtp-server.js';
import { StreamConsumers } from './stream-consumers.js';

export const LOCAL_TABLE_NAME = 'sla-sentinel';
export const DEFAULT_API_PORT = 3000;

export interface LocalRuntimeOptions {
  /** API port; 0 picks a free one. Default `PORT` env, else 3000. */
  port?: number;
  host?: string;
  /** Persist DynamoDB Local's tables here (`--data DIR`); in memory otherwise. */
  dataDir?: string;
  /** Where the local JWT key lives; default the project's `.local-data/`. */
  localDataDir?: string;
  /** Default: a ManualClock at real time. */
  clock?: ManualClock;
  /** Default: `defaultComponents()`. */
  components?: LocalComponent[];
  /** Seed the demo tenants (when absent). Default true. */
  seed?: boolean;
  tableName?: string;
  /** Use this DynamoDB endpoint instead of starting DynamoDB Local (tests share the run's emulator). */
  dynamoDbEndpoint?: string;
  flags?: Record<string, string | boolean>;
  log?: (line: string) => void;
}

export interface LocalRuntime {
  apiUrl: string;
  dynamoDbEndpoint: string;
  tableName: string;
  clock: ManualClock;
  services: TicketServices & { reports: ReportService; rejections: RejectionQueries };
  dynamoDb: DynamoDBClient;
  /** Endpoints published by components. */
  env: Readonly<Record<string, string>>;
  /** The demo session's tokens. */
  tokens: SessionTokens;
  /** The start-up banner (URLs, component lines, the curl session). */
  banner: string;
  context: LocalRuntimeContext;
  stop(): Promise<void>;
}

export async function startLocalRuntime(options: LocalRuntimeOptions = {}): Promise<LocalRuntime> {
  const log = options.log ?? ((line: string) => console.log(line));
  const clock = options.clock ?? new ManualClock();
  const tableName = options.tableName ?? LOCAL_TABLE_NAME;
  const localDataDir = options.localDataDir ?? defaultLocalDataDir();
  const components = options.components ?? defaultComponents();
  const port = options.port ?? (process.env.PORT !== undefined ? Number(process.env.PORT) : DEFAULT_API_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`invalid port ${port}`);

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse().splice(0)) {
      try {
        await stop();
      } catch (error) {
        log(`stop failed: ${String(error)}`);
      }
    }
  };

  try {
    let dynamo: DynamoDbLocal | undefined;
    let endpoint = options.dynamoDbEndpoint;
    if (!endpoint) {
      log(
        options.dataDir
          ? `Starting DynamoDB Local (data in ${options.dataDir})...`
          : 'Starting DynamoDB Local (in memory)...',
      );
      dynamo = await startDynamoDbLocal(options.dataDir ? { dataDir: options.dataDir } : {});
      stops.push(() => dynamo!.stop());
      endpoint = dynamo.endpoint;
    }
    const dynamoDb = createDynamoClient({ endpoint });
    stops.push(async () => dynamoDb.destroy());
    await ensureTable(dynamoDb, tableName);
    // Started before the components add their consumers, stopped after they stop (stops run in reverse).
    const streamConsumers = StreamConsumers.start({ dynamoEndpoint: endpoint, tableName, clock, log });
    stops.push(() => streamConsumers.stop());

    const sinks = new CompositeTicketEventsSink();
    // The SMTP component's default domain: its addresses are never participants (they would loop mail back to us).
    const ticketServices = createTicketServices({
      client: dynamoDb,
      tableName,
      clock,
      events: sinks,
      supportDomain: LOCAL_SUPPORT_DOMAIN,
    });
    const services = {
      ...ticketServices,
      reports: createReportService({ client: dynamoDb, tableName, clock }),
      rejections: createRejectionQueries({
        client: dynamoDb,
        tableName,
        tenants: ticketServices.tenantCache,
      }),
    };
    const api = createApiHandler(services, {
      error: (message, detail) => log(`${message}: ${String(detail)}`),
    });
    const routes: LocalRoute[] = [];
    const site = new Map<string, StaticFile>();
    const server = await startLocalHttpServer({
      api,
      localDataDir,
      routes: () => routes,
      site: () => site,
      port,
      ...(options.host ? { host: options.host } : {}),
      log,
    });
    stops.push(() => server.close());

    const bannerLines: string[] = [];
    const env: Record<string, string> = { [ENV.dynamoDbEndpoint]: endpoint, [ENV.tableName]: tableName };
    const context: LocalRuntimeContext = {
      clock,
      dynamoDb,
      dynamoDbEndpoint: endpoint,
      tableName,
      apiUrl: server.url,
      dataDir: options.dataDir,
      localDataDir,
      services,
      streamConsumers,
      env,
      flags: options.flags ?? {},
      addRoute(route) {
        if (!route.path.startsWith('/_local/'))
          throw new RangeError(`local routes live under /_local/: ${route.path}`);
        routes.push(route);
      },
      serveSite(files) {
        for (const [name, file] of files) site.set(name, file);
      },
      addTicketEventsSink: (sink) => sinks.add(sink),
      addBannerLines: (...lines) => bannerLines.push(...lines),
      log,
    };
    for (const component of components) {
      await component.start(context);
      stops.push(() => component.stop());
    }

    if (options.seed !== false) await seedDemoTenants(services);

    const tokens: SessionTokens = {
      customer: await signLocalToken({ tenant: SESSION_TENANT, role: 'customer' }, localDataDir),
      agent: await signLocalToken({ tenant: SESSION_TENANT, role: 'agent' }, localDataDir),
      admin: await signLocalToken({ tenant: SESSION_TENANT, role: 'admin' }, localDataDir),
    };
    const banner = [
      'SLA Sentinel is running locally.',
      `  API        ${server.url}   (OpenAPI 3.1: ${server.url}/openapi.json)`,
      `  DynamoDB   ${endpoint}   table ${tableName}${options.dataDir ? ` (data in ${options.dataDir})` : ' (in memory)'}`,
      ...bannerLines.map((line) => `  ${line}`),
      `  Tenants    ${DEMO_TENANT_IDS.join(', ')} (tenant id = preset id)`,
      '  Tokens     npx sla token --tenant <tenant> --role customer|agent|admin [--sub S] [--email E]',
      '  Stop       Ctrl-C',
      '',
      `A session to paste (tenant ${SESSION_TENANT}; tokens valid 24 h):`,
      '',
      curlSession(server.url, tokens),
    ].join('\n');

    return {
      apiUrl: server.url,
      dynamoDbEndpoint: endpoint,
      tableName,
      clock,
      services,
      dynamoDb,
      env,
      tokens,
      banner,
      context,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/** Puts each demo tenant that does not exist yet (a persisted table keeps what the user changed). */
export async function seedDemoTenants(services: TicketServices): Promise<void> {
  for (const { tenantId, profile } of demoTenantProfiles()) {
    if (await services.tenantRepository.getTenant(tenantId)) continue;
    await services.tenants.putTenant({ tenantId, role: 'system', sub: 'local-seed' }, tenantId, profile);
  }
}
