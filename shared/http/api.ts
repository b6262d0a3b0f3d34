/**
 * The API as one function of an API Gateway HTTP API (v2) event: route, authenticate from the authorizer's
 * claims, parse and validate, call the service, map errors. The api Lambda and the local HTTP server both run
 * exactly this.
 */
import { createHash } from 'node:crypto';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  ANY_TENANT,
  MissingTenantHeaderError,
  type Principal,
  principalFromClaims,
  TENANT_ID_PATTERN,
  UnauthenticatedError,
} from '../auth/principal.js';
import { ForbiddenActionError, TicketNotFoundError } from '../tickets/errors.js';
import { errorToHttp, RequestValidationError, RouteError } from './error-mapping.js';
import { openApiDocument } from './openapi.js';
import { type ApiServices, matchRoute, type RouteContext, type RouteDefinition } from './routes.js';

export type ApiEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type ApiResult = APIGatewayProxyStructuredResultV2;
export type ApiHandler = (event: ApiEvent) => Promise<ApiResult>;

export interface ApiLogger {
  error(message: string, detail?: unknown): void;
}

/** The principal's tenant when `*` staff call a route spanning tenants without naming one (never read). */
const ACROSS_TENANTS = 'all-tenants';
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{1,128}$/;
const TICKET_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_BODY_BYTES = 256 * 1024;
/** `application/json`, `application/problem+json`, ... with or without parameters. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The caller, with a `*` staff token that names no tenant a 400 on the header it lacks (see the error). */
function principalOf(
  claims: Record<string, unknown> | undefined,
  namedTenant: string | undefined,
): Principal {
  try {
    return principalFromClaims(claims, namedTenant);
  } catch (error) {
    if (!(error instanceof MissingTenantHeaderError)) throw error;
    throw new RequestValidationError('validation_failed', error.message, [
      {
        path: 'X-Tenant-Id',
        reason: 'required: a staff token for every tenant names the tenant per request',
      },
    ]);
  }
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResult {
  return {
    statusCode: status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

function header(event: ApiEvent, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
}

/** Sorted keys, so `{"a":1,"b":2}` and `{"b":2,"a":1}` are the same request. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function parseBody(event: ApiEvent): unknown {
  if (event.body === undefined || event.body === null || event.body === '') return undefined;
  const text = event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (Buffer.byteLength(text, 'utf8') > MAX_BODY_BYTES) {
    throw new RequestValidationError(
      'payload_too_large',
      `the body exceeds ${MAX_BODY_BYTES} bytes`,
      [{ path: 'body', reason: `at most ${MAX_BODY_BYTES} bytes` }],
      413,
    );
  }
  // No Content-Type is read as JSON (as curl users expect); a declared other type (a form, text) is refused.
  const contentType = header(event, 'content-type');
  if (contentType !== undefined && contentType.trim() !== '' && !JSON_MEDIA_TYPE.test(contentType.trim())) {
    throw new RequestValidationError(
      'unsupported_media_type',
      `the body must be JSON (Content-Type: application/json), not ${contentType}`,
      [{ path: 'Content-Type', reason: 'must be application/json' }],
      415,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new RequestValidationError('malformed_json', 'the body is not valid JSON', [
      { path: 'body', reason: error instanceof Error ? error.message : 'not valid JSON' },
    ]);
  }
}

/** The path the route table sees: API Gateway's rawPath without a named stage prefix. */
function routePath(event: ApiEvent): string {
  const stage = event.requestContext?.stage;
  const raw = event.rawPath ?? '/';
  if (stage && stage !== '$default' && raw.startsWith(`/${stage}/`)) return raw.slice(stage.length + 1);
  return raw;
}

export function createApiHandler(services: ApiServices, logger: ApiLogger = console): ApiHandler {
  return async (event) => {
    try {
      const method = (event.requestContext?.http?.method ?? 'GET').toUpperCase();
      const path = routePath(event);
      const matched = matchRoute(method, path);
      if (matched.route === null) {
        throw matched.methodNotAllowed
          ? new RouteError(405, 'method_not_allowed', `${method} is not allowed on ${path}`)
          : new RouteError(404, 'route_not_found', `no route ${method} ${path}`);
      }
      if (matched.route === 'openapi') return json(200, openApiDocument());
      const route: RouteDefinition = matched.route;
      const params = matched.params;

      const claims = event.requestContext?.authorizer?.jwt?.claims;
      const tenantHeader = header(event, 'x-tenant-id');
      const claimedTenant = claims?.['custom:tenant'] ?? claims?.tenant;
      if (claimedTenant === ANY_TENANT) {
        // A token for every tenant takes its tenant from the request (X-Tenant-Id, else the path): a malformed
        // one is the client's input, a 400 on that field, not a 401 that blames a valid token.
        if (tenantHeader !== undefined && !TENANT_ID_PATTERN.test(tenantHeader)) {
          throw new RequestValidationError('validation_failed', 'invalid X-Tenant-Id header', [
            { path: 'X-Tenant-Id', reason: 'must be 2-63 lower-case letters, digits or "-"' },
          ]);
        }
        if (params.tenantId !== undefined && !TENANT_ID_PATTERN.test(params.tenantId)) {
          throw new RequestValidationError('validation_failed', 'invalid tenant id', [
            { path: 'tenantId', reason: 'must be 2-63 lower-case letters, digits or "-"' },
          ]);
        }
      }
      const allTenants = claimedTenant === ANY_TENANT;
      // A route spanning tenants (reports) lets `*` staff name none: the principal's tenant is then unused.
      const namedTenant =
        tenantHeader ?? params.tenantId ?? (allTenants && route.acrossTenants ? ACROSS_TENANTS : undefined);
      const principal = principalOf(claims as Record<string, unknown> | undefined, namedTenant);
      if (route.roles && !route.roles.includes(principal.role)) {
        throw new ForbiddenActionError(`role ${principal.role} may not ${route.operationId}`);
      }
      // An id that could never have been issued is simply not found (not a 400 that reveals the id format).
      if (params.id !== undefined && !TICKET_ID.test(params.id)) throw new TicketNotFoundError(params.id);
      if (params.tenantId !== undefined && !TENANT_ID_PATTERN.test(params.tenantId)) {
        throw new RequestValidationError('validation_failed', 'invalid tenant id', [
          { path: 'tenantId', reason: 'must be 2-63 lower-case letters, digits or "-"' },
        ]);
      }

      let body: unknown;
      if (route.body) {
        const raw = parseBody(event);
        // An empty body is an empty object for routes whose every field is optional (escalations).
        const parsed = route.body.safeParse(raw === undefined ? {} : raw);
        if (!parsed.success) {
          if (raw === undefined) {
            throw new RequestValidationError('validation_failed', 'a JSON body is required', [
              { path: 'body', reason: 'required' },
            ]);
          }
          throw RequestValidationError.fromZod(parsed.error.issues, 'body');
        }
        body = parsed.data;
      }
      let query: unknown;
      if (route.query) {
        const parsed = route.query.safeParse(event.queryStringParameters ?? {});
        if (!parsed.success) throw RequestValidationError.fromZod(parsed.error.issues, 'query');
        query = parsed.data;
      }

      const accept = header(event, 'accept');
      const ctx: RouteContext = {
        principal,
        params,
        query,
        body,
        services,
        allTenants,
        tenantNamed: tenantHeader !== undefined || params.tenantId !== undefined,
        ...(accept !== undefined ? { accept } : {}),
      };
      const key = header(event, 'idempotency-key');
      if (key !== undefined && method === 'POST') {
        if (!IDEMPOTENCY_KEY.test(key)) {
          throw new RequestValidationError('validation_failed', 'invalid Idempotency-Key', [
            { path: 'Idempotency-Key', reason: 'must be 1-128 letters, digits or _.:-' },
          ]);
        }
        const requestHash = createHash('sha256')
          .update(`${method} ${path}\n${canonicalJson(body)}`)
          .digest('hex');
        ctx.idempotency = { key, requestHash };
      }
      const result = await route.handle(ctx);
      if (result.text) {
        return {
          statusCode: result.status,
          headers: { 'content-type': result.text.contentType, ...result.headers },
          body: result.text.body,
        };
      }
      return json(result.status, result.body, result.headers);
    } catch (error) {
      const mapped = errorToHttp(error);
      if (mapped.status >= 500) logger.error('unhandled error in api', error);
      const headers: Record<string, string> =
        error instanceof UnauthenticatedError ? { 'www-authenticate': 'Bearer realm="sla-sentinel"' } : {};
      return json(mapped.status, mapped.body, headers);
    }
  };
}
