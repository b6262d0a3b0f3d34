/**
 * The contract check every API call in the tests goes through (the API harness and the e2e runtime's caller):
 * an answer must be what the OpenAPI document says, and the document is generated from the route table's zod
 * schemas (shared/http/openapi.ts). So a body the API sends and the document does not describe fails the test
 * that caused it, naming the route, the status and the zod issue path.
 *
 * - The status must be one the document lists for the route (success and error statuses alike).
 * - A 2xx body must parse with the route's response schema. Keys the schema does not name fail too: the
 *   document says `additionalProperties: false` for every plain `z.object` (zod's output mode), and only
 *   `z.looseObject` objects allow more.
 * - Any other status must carry the documented error body (`errorResponseSchema`).
 * - `/_local/...` (the local runtime's own endpoints) and `GET /openapi.json` are outside the route table.
 */

import { openApiDocument } from '../../shared/http/openapi.js';
import { matchRoute } from '../../shared/http/routes.js';
import { errorResponseSchema } from '../../shared/http/schemas.js';
import type * as z from '../../shared/zod.js';

export interface ApiExchange {
  method: string;
  /** The path as called, query string allowed (`/tickets?limit=1`). */
  url: string;
  status: number;
  body: unknown;
  /** The answer's Content-Type, when known: a `text/csv` body is checked as the route's documented CSV. */
  contentType?: string;
}

/** Why an answer breaks the contract, one line per zod issue; empty when it keeps it. */
export function contractViolations(exchange: ApiExchange): string[] {
  const method = exchange.method.toUpperCase();
  const path = exchange.url.split('?')[0] ?? '/';
  if (path.startsWith('/_local/')) return [];
  const matched = matchRoute(method, path);
  const is2xx = exchange.status >= 200 && exchange.status < 300;
  if (matched.route === 'openapi') return [];
  if (matched.route === null) {
    if (is2xx) return [`${method} ${path} answered ${exchange.status}, but no route in the table matches it`];
    return issuesOf(errorResponseSchema, exchange.body).map(
      (issue) => `${method} ${path} (no route) answered ${exchange.status}: error body ${issue}`,
    );
  }
  const { route } = matched;
  const name = `${route.operationId} (${route.method} ${route.path})`;
  const statuses = documentedStatuses(route.path, route.method);
  if (!statuses.includes(exchange.status)) {
    return [`${name} answered ${exchange.status}, but the document lists only ${statuses.join(', ')}`];
  }
  if (!is2xx) {
    return issuesOf(errorResponseSchema, exchange.body).map(
      (issue) => `${name} answered ${exchange.status}: error body ${issue}`,
    );
  }
  if (/^text\/csv\b/i.test(exchange.contentType ?? '')) {
    if (!route.success.csv) return [`${name} answered text/csv, but the document lists no CSV for it`];
    return typeof exchange.body === 'string' && exchange.body.length > 0
      ? []
      : [`${name} answered text/csv without a text body`];
  }
  if (!route.success.schema) {
    return exchange.body === undefined
      ? []
      : [`${name} answered ${exchange.status} with a body it documents none of`];
  }
  return issuesOf(route.success.schema, exchange.body).map(
    (issue) => `${name} answered ${exchange.status}: ${issue}`,
  );
}

/** Throws, with every violation, when the answer breaks the contract. */
export function assertApiContract(exchange: ApiExchange): void {
  const violations = contractViolations(exchange);
  if (violations.length > 0) {
    throw new Error(`the answer does not match the OpenAPI document:\n  ${violations.join('\n  ')}`);
  }
}

/** The statuses `GET /openapi.json` lists for a route, read from the generated document itself. */
function documentedStatuses(path: string, method: string): number[] {
  const document = openApiDocument() as {
    paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
  };
  const operation = document.paths[path]?.[method.toLowerCase()];
  return Object.keys(operation?.responses ?? {}).map(Number);
}

/** `path: message` for each zod issue, plus each key the schema would strip (see the file comment). */
function issuesOf(schema: z.ZodMiniType, body: unknown): string[] {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => `${pathOf(issue.path)}: ${issue.message}`);
  }
  return strippedKeys(body, parsed.data, []).map((path) => `${pathOf(path)}: not in the response schema`);
}

/** Paths present in what was sent but missing from what the schema kept: the keys a strip object dropped. */
function strippedKeys(sent: unknown, kept: unknown, at: PropertyKey[]): PropertyKey[][] {
  if (Array.isArray(sent) && Array.isArray(kept)) {
    return sent.flatMap((item, i) => strippedKeys(item, kept[i], [...at, i]));
  }
  if (isObject(sent) && isObject(kept)) {
    return Object.keys(sent).flatMap((key) =>
      key in kept ? strippedKeys(sent[key], kept[key], [...at, key]) : [[...at, key]],
    );
  }
  return [];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function pathOf(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(body)' : path.map(String).join('.');
}
