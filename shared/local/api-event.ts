/**
 * Builds the API Gateway HTTP API (payload 2.0) event AWS would hand the api Lambda, with the JWT authorizer's
 * claims in `requestContext.authorizer.jwt.claims` (as strings, the way API Gateway passes them).
 */
import { randomUUID } from 'node:crypto';
import type { ApiEvent } from '../http/api.js';
import { matchRoute } from '../http/routes.js';

export interface ApiRequest {
  method: string;
  /** The path with its query string, e.g. `/tickets?status=open`. */
  url: string;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
  /** Verified claims; absent for an unauthenticated request. */
  claims?: Record<string, unknown>;
  sourceIp?: string;
}

/** API Gateway passes every claim as a string; arrays look like `[a b]`. */
function claimsAsApiGateway(
  claims: Record<string, unknown>,
): Record<string, string | number | boolean | string[]> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(claims)) {
    if (value === undefined || value === null) continue;
    out[name] = Array.isArray(value)
      ? `[${value.join(' ')}]`
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  }
  return out;
}

export function buildApiEvent(request: ApiRequest, now: Date = new Date()): ApiEvent {
  const method = request.method.toUpperCase();
  const [rawPath = '/', rawQueryString = ''] = request.url.split(/\?(.*)/s, 2);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    if (value === undefined) continue;
    headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  const query: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    // API Gateway joins repeated parameters with a comma.
    query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  }
  const matched = matchRoute(method, rawPath);
  const routeKey =
    matched.route && matched.route !== 'openapi' ? `${method} ${matched.route.path}` : '$default';
  const pathParameters = matched.route ? matched.params : undefined;
  const event = {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    headers,
    ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
    ...(pathParameters && Object.keys(pathParameters).length > 0 ? { pathParameters } : {}),
    ...(request.body !== undefined && request.body !== '' ? { body: request.body } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? '127.0.0.1',
      domainPrefix: 'local',
      http: {
        method,
        path: rawPath,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toISOString(),
      timeEpoch: now.getTime(),
      authorizer: {
        principalId: '',
        integrationLatency: 0,
        jwt: { claims: request.claims ? claimsAsApiGateway(request.claims) : {}, scopes: [] },
      },
    },
  };
  if (!request.claims) delete (event.requestContext as { authorizer?: unknown }).authorizer;
  return event as unknown as ApiEvent;
}
