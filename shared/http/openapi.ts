/** The OpenAPI 3.1 document, generated from the route table and its zod schemas (`z.toJSONSchema`). */
import * as z from '../zod.js';
import { ROUTES } from './routes.js';
import { errorResponseSchema } from './schemas.js';

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'invalid input (the fields and reasons are listed)',
  401: 'no token, or an invalid one',
  403: 'the role may not do this',
  404: 'unknown (or another tenant’s) resource',
  409: 'conflicts with the ticket’s state (e.g. a bad status transition)',
  413: 'the body is too large',
  415: 'the body is not JSON (send Content-Type: application/json)',
  422: 'Idempotency-Key reused with a different request',
};

const TENANT_HEADER = {
  name: 'X-Tenant-Id',
  in: 'header',
  required: false,
  description:
    'the tenant to act on, for staff tokens whose tenant claim is "*" (required for them, else a 400, except where ?tenant= may name it; ignored otherwise)',
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,62}$' },
};

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodMiniType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    target: 'draft-2020-12',
  }) as JsonSchema;
  return rest;
}

function queryParameters(schema: z.ZodMiniType): unknown[] {
  const json = jsonSchema(schema, 'input') as {
    properties?: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
    ...(typeof property.description === 'string' ? { description: property.description } : {}),
  }));
}

let cached: unknown;

export function openApiDocument(): unknown {
  if (cached) return cached;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) {
    const pathParams = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    const headers =
      route.method === 'POST'
        ? [
            {
              name: 'Idempotency-Key',
              in: 'header',
              required: false,
              description: 'same key + same body replays the stored answer; same key + another body is a 422',
              schema: { type: 'string', maxLength: 128 },
            },
          ]
        : [];
    const csv = route.success.csv
      ? { 'text/csv': { schema: { type: 'string', description: route.success.csv } } }
      : {};
    const successContent = route.success.schema
      ? { content: { 'application/json': { schema: jsonSchema(route.success.schema, 'output') }, ...csv } }
      : {};
    const responses: Record<string, unknown> = {};
    for (const { status, description } of [route.success, ...(route.success.otherStatuses ?? [])]) {
      responses[String(status)] = { description, ...successContent };
    }
    // Every route can refuse a malformed X-Tenant-Id (400); every body can be too large or not JSON.
    const statuses = new Set([...route.errors, 400, ...(route.body ? [413, 415] : [])]);
    for (const status of [...statuses].sort((a, b) => a - b)) {
      responses[String(status)] = {
        description: ERROR_DESCRIPTIONS[status] ?? 'error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    paths[route.path] ??= {};
    (paths[route.path] as Record<string, unknown>)[route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      ...(route.roles ? { description: `Roles: ${route.roles.join(', ')}.` } : {}),
      security: [{ bearerJwt: [] }],
      parameters: [
        ...pathParams,
        ...headers,
        TENANT_HEADER,
        ...(route.query ? queryParameters(route.query) : []),
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  paths['/openapi.json'] = {
    get: {
      operationId: 'openApi',
      summary: 'This document',
      security: [],
      responses: { '200': { description: 'the OpenAPI 3.1 document' } },
    },
  };
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'SLA Sentinel API',
      version: '1.0.0',
      description:
        'Support tickets with live SLA state. Roles from the JWT: customer (own tenant, public comments only), agent, admin.',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    paths,
    components: {
      schemas: { Error: jsonSchema(errorResponseSchema, 'output') },
      securitySchemes: { bearerJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    },
  };
  return cached;
}
