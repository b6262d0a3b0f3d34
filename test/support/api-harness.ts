/**
 * Drives the real API function (`createApiHandler`) with API Gateway v2 events against DynamoDB Local, the
 * way API Gateway would after its JWT authorizer: tests pass the claims a verified token would carry. Every
 * answer is checked against the OpenAPI document's schemas (api-contract.ts) before the test sees it.
 */
import { ManualClock } from '../../shared/clock.js';
import { createRejectionQueries } from '../../shared/composition/rejections.js';
import { createReportService } from '../../shared/composition/reports.js';
import { createTicketServices, type TicketServices } from '../../shared/composition/ticket-services.js';
import { type ApiHandler, createApiHandler } from '../../shared/http/api.js';
import type { RejectionQueries } from '../../shared/inbound/rejection-queries.js';
import { buildApiEvent } from '../../shared/local/api-event.js';
import type { ReportService } from '../../shared/reports/report-service.js';
import { type TenantProfileInput, tenantProfileSchema } from '../../shared/tenants/tenant.js';
import { assertApiContract } from './api-contract.js';
import { createTestTable, type TestTable } from './dynamodb.js';

export interface Caller {
  tenant: string;
  role: 'customer' | 'agent' | 'admin';
  sub?: string;
  email?: string;
}

export interface CallOptions {
  as?: Caller | null;
  body?: unknown;
  /** A raw body string (sent as is). */
  rawBody?: string;
  headers?: Record<string, string>;
}

// biome-ignore lint/suspicious/noExplicitAny: tests read answers field by field; a schema per assertion adds nothing
export type Json = any;

export interface Answer<T = Json> {
  status: number;
  body: T;
  headers: Record<string, string>;
}

export interface ApiHarness {
  table: TestTable;
  clock: ManualClock;
  services: TicketServices & { reports: ReportService; rejections: RejectionQueries };
  call<T = Json>(method: string, url: string, options?: CallOptions): Promise<Answer<T>>;
  /** Creates a tenant directly through the service (as a system caller). */
  putTenant(tenantId: string, profile: TenantProfileInput): Promise<void>;
  close(): Promise<void>;
}

export function claimsOf(caller: Caller): Record<string, unknown> {
  return {
    sub: caller.sub ?? `${caller.role}-${caller.tenant}`,
    'custom:tenant': caller.tenant,
    'custom:role': caller.role,
    email: caller.email ?? `${caller.role}@${caller.tenant}.example.com`,
    iss: 'test',
  };
}

export const START = Date.parse('2026-03-02T09:00:00Z');

/** The support domain every harness's ticket service knows as ours (its addresses are never participants). */
export const HARNESS_SUPPORT_DOMAIN = 'support.example.com';

export async function createApiHarness(prefix = 'api'): Promise<ApiHarness> {
  const table = await createTestTable(prefix);
  const clock = new ManualClock(START);
  const ticketServices = createTicketServices({
    client: table.client,
    tableName: table.tableName,
    clock,
    supportDomain: HARNESS_SUPPORT_DOMAIN,
  });
  const services = {
    ...ticketServices,
    reports: createReportService({ client: table.client, tableName: table.tableName, clock }),
    rejections: createRejectionQueries({
      client: table.client,
      tableName: table.tableName,
      tenants: ticketServices.tenantCache,
    }),
  };
  const api = createApiHandler(services, { error: () => {} });
  return {
    table,
    clock,
    services,
    async call(method, url, options = {}) {
      const body =
        options.rawBody !== undefined
          ? options.rawBody
          : options.body === undefined
            ? undefined
            : JSON.stringify(options.body);
      const event = buildApiEvent({
        method,
        url,
        headers: { 'content-type': 'application/json', ...(options.headers ?? {}) },
        ...(body !== undefined ? { body } : {}),
        ...(options.as ? { claims: claimsOf(options.as) } : {}),
      });
      const result = await api(event);
      const text = typeof result.body === 'string' ? result.body : '';
      const headers = (result.headers ?? {}) as Record<string, string>;
      const contentType = headers['content-type'] ?? '';
      // Text answers (CSV reports) stay text; everything else is JSON.
      const isJson = contentType === '' || /json/i.test(contentType);
      const answer = {
        status: result.statusCode ?? 200,
        body: text ? (isJson ? JSON.parse(text) : text) : undefined,
        headers,
      };
      assertApiContract({ method, url, status: answer.status, body: answer.body, contentType });
      return answer;
    },
    async putTenant(tenantId, profile) {
      await services.tenants.putTenant(
        { tenantId, role: 'system', sub: 'test' },
        tenantId,
        tenantProfileSchema.parse(profile),
      );
    },
    async close() {
      await table.drop();
    },
  };
}

/**
 * One JSON call to an api Lambda composed elsewhere (`composeApi`, the Lambda's own composition root), as
 * `caller`: the tests that wire the Lambdas from their environment call it this way.
 */
export async function callComposedApi(
  api: ApiHandler,
  method: string,
  url: string,
  caller: Caller,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const result = await api(
    buildApiEvent({
      method,
      url,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      claims: claimsOf(caller),
    }),
  );
  return { status: result.statusCode ?? 200, body: JSON.parse(String(result.body ?? 'null')) };
}
