/**
 * The local stand-in for API Gateway: verifies the bearer token the way the JWT authorizer would (signature,
 * issuer, audience, expiry; otherwise 401 before any handler runs), builds the same v2 event with the claims,
 * and runs the same API function the Lambda runs. `/_local/*` routes are the runtime's own (no token).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyLocalToken } from '../auth/local-token.js';
import { UnauthenticatedError } from '../auth/principal.js';
import type { ApiHandler } from '../http/api.js';
import { matchRoute } from '../http/routes.js';
import { buildApiEvent } from './api-event.js';
import type { LocalRoute } from './component.js';
import { BodyTooLargeError, readBody } from './read-body.js';

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Tokens this server verified, with their claims, until they expire: API Gateway's authorizer is not the api
 * Lambda's work, and an HMAC check per request was a millisecond of the API thread's time per call. Only
 * verified tokens are kept (a forged one is checked, and refused, every time); expiry is checked on each use.
 */
const verified = new Map<string, { claims: Record<string, unknown>; expiresAt: number }>();
const MAX_VERIFIED = 1000;

async function verifiedClaims(token: string, localDataDir: string): Promise<Record<string, unknown>> {
  const key = `${localDataDir}\u0000${token}`;
  const hit = verified.get(key);
  if (hit && hit.expiresAt > Date.now()) return { ...hit.claims };
  verified.delete(key);
  const claims = await verifyLocalToken(token, localDataDir);
  if (typeof claims.exp === 'number') {
    if (verified.size >= MAX_VERIFIED) verified.delete(verified.keys().next().value as string);
    verified.set(key, { claims, expiresAt: claims.exp * 1000 });
  }
  return claims;
}

export interface LocalHttpServerOptions {
  api: ApiHandler;
  /** Where the local signing key lives. */
  localDataDir: string;
  routes: () => readonly LocalRoute[];
  /** Static files served at `/<name>` (`/` is `index.html`): the portal. Never shadows an API route. */
  site?: () => ReadonlyMap<string, StaticFile>;
  port: number;
  host?: string;
  log?: (line: string) => void;
}

export interface StaticFile {
  body: string;
  contentType: string;
}

export interface LocalHttpServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text && typeof body !== 'string' ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    ...headers,
  });
  res.end(text);
}

const errorBody = (code: string, message: string) => ({ error: { code, message } });

function headersOf(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

function staticFile(options: LocalHttpServerOptions, path: string): StaticFile | undefined {
  const site = options.site?.();
  if (!site) return undefined;
  return site.get(path === '/' ? 'index.html' : path.slice(1));
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  options: LocalHttpServerOptions,
): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase();
  const url = req.url ?? '/';
  const [path = '/', queryString = ''] = url.split(/\?(.*)/s, 2);
  let body: string;
  try {
    body = await readBody(req, MAX_BODY_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return send(res, 413, errorBody('payload_too_large', `the body exceeds ${MAX_BODY_BYTES} bytes`), {
        connection: 'close',
      });
    }
    throw error;
  }

  if (path.startsWith('/_local/')) {
    const route = options.routes().find((r) => r.path === path && r.method.toUpperCase() === method);
    if (!route) return send(res, 404, errorBody('route_not_found', `no local route ${method} ${path}`));
    let parsed: unknown;
    if (body !== '') {
      try {
        parsed = JSON.parse(body);
      } catch {
        return send(res, 400, errorBody('malformed_json', 'the body is not valid JSON'));
      }
    }
    const answer = await route.handle({
      method,
      path,
      query: Object.fromEntries(new URLSearchParams(queryString)),
      headers: headersOf(req),
      body: parsed,
    });
    return send(res, answer.status, answer.body, answer.headers);
  }

  const matched = matchRoute(method, path);
  const file =
    (method === 'GET' || method === 'HEAD') && matched.route === null ? staticFile(options, path) : null;
  if (file) {
    return send(res, 200, method === 'HEAD' ? '' : file.body, {
      'content-type': file.contentType,
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
  }
  let claims: Record<string, unknown> | undefined;
  if (matched.route !== null && matched.route !== 'openapi' && matched.route.auth) {
    const authorization = req.headers.authorization ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    try {
      if (!token) throw new UnauthenticatedError('missing bearer token');
      claims = await verifiedClaims(token, options.localDataDir);
    } catch (error) {
      if (error instanceof UnauthenticatedError) {
        return send(res, 401, errorBody('unauthorized', error.message), {
          'www-authenticate': 'Bearer realm="sla-sentinel"',
        });
      }
      throw error;
    }
  }
  const event = buildApiEvent({
    method,
    url,
    headers: headersOf(req),
    body,
    ...(claims ? { claims } : {}),
    sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
  });
  const result = await options.api(event);
  send(res, result.statusCode ?? 200, result.body ?? '', (result.headers ?? {}) as Record<string, string>);
}

export function startLocalHttpServer(options: LocalHttpServerOptions): Promise<LocalHttpServer> {
  const host = options.host ?? '127.0.0.1';
  const server: Server = createServer((req, res) => {
    handle(req, res, options).catch((error: unknown) => {
      options.log?.(`local http: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!res.headersSent) send(res, 500, errorBody('internal_error', 'internal error'));
      else res.end();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://${host}:${port}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
