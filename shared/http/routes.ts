/**
 * The route table: the single list of the API's routes. The api Lambda dispatches with it, the local HTTP
 * server maps requests with it, the OpenAPI document is generated from it, and the CDK stack can define one
 * API Gateway route per entry (`API_ROUTES`).
 */

import type { Principal } from '../auth/principal.js';
import {
  type RejectionListQuery,
  type RejectionQueries,
  rejectionListSchema,
} from '../inbound/rejection-queries.js';
import type { ReportService } from '../reports/report-service.js';
import {
  reportCsv,
  type SlaReportQuery,
  slaReportQuerySchema,
  slaReportSchema,
} from '../reports/sla-report.js';
import { tenantViewSchema } from '../tenants/tenant.js';
import type { TenantService } from '../tenants/tenant-service.js';
import { slaReceiptSchema } from '../tickets/sla-receipt.js';
import type { TicketService } from '../tickets/ticket-service.js';
import { ticketViewSchema } from '../tickets/ticket-views.js';
import * as z from '../zod.js';
import { prefersCsv } from './content-negotiation.js';
import { RequestValidationError } from './error-mapping.js';
import {
  addCommentBodySchema,
  addParticipantsBodySchema,
  collectionPageQuerySchema,
  commentListSchema,
  commentResultSchema,
  createTicketBodySchema,
  escalationBodySchema,
  eventListSchema,
  listTicketsQuerySchema,
  rejectionsQuerySchema,
  tenantBodySchema,
  ticketListSchema,
  updateTicketBodySchema,
} from './schemas.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiServices {
  tickets: TicketService;
  tenants: TenantService;
  reports: ReportService;
  /** Rejected inbound mail, for staff (`GET /inbound/rejections`). */
  rejections: RejectionQueries;
}

export interface RouteContext {
  principal: Principal;
  params: Record<string, string>;
  query: unknown;
  body: unknown;
  /** Present on POSTs that sent an `Idempotency-Key`. */
  idempotency?: { key: string; requestHash: string };
  services: ApiServices;
  /** The token's tenant claim is `*` (staff serving every tenant). */
  allTenants: boolean;
  /** The request named its tenant (`X-Tenant-Id`, or a `{tenantId}` in the path). */
  tenantNamed: boolean;
  /** The request's `Accept` header. */
  accept?: string;
}

export interface RouteResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as is instead of the JSON body (`text/csv` reports). */
  text?: { contentType: string; body: string };
}

export interface RouteDefinition {
  method: HttpMethod;
  /** API Gateway style: `/tickets/{id}`. */
  path: string;
  operationId: string;
  summary: string;
  /** False only for `GET /openapi.json`. */
  auth: boolean;
  body?: z.ZodMiniType;
  query?: z.ZodMiniType;
  /** Roles allowed (before any finer rule in the service). */
  roles?: readonly Principal['role'][];
  success: {
    status: number;
    schema?: z.ZodMiniType;
    description: string;
    /** The same answer as CSV with `Accept: text/csv`: its description. */
    csv?: string;
    /** Further 2xx statuses with the same body (PUT answers 201 when it created). */
    otherStatuses?: readonly { status: number; description: string }[];
  };
  /** `*` staff may call it without naming a tenant (it spans tenants). */
  acrossTenants?: boolean;
  /** Error statuses this route can answer, for the document. */
  errors: readonly number[];
  handle(ctx: RouteContext): Promise<RouteResult>;
}

const STAFF = ['agent', 'admin'] as const;
const EVERYONE = ['customer', 'agent', 'admin'] as const;

const withReplay = (status: number, result: { replayed: boolean } & object): RouteResult => {
  const { replayed, ...body } = result;
  return { status, body, headers: replayed ? { 'Idempotent-Replayed': 'true' } : {} };
};

const idempotencyOf = (ctx: RouteContext) => (ctx.idempotency ? { idempotency: ctx.idempotency } : {});

/** The `{id}` of a `/tickets/{id}...` path (the matcher guarantees it is there). */
const ticketIdOf = (ctx: RouteContext) => ctx.params.id as string;

/** The `{tenantId}` of a `/tenants/{tenantId}` path. */
const tenantIdOf = (ctx: RouteContext) => ctx.params.tenantId as string;

const ok = (body: unknown): RouteResult => ({ status: 200, body });

/** The `{email}` of `DELETE /tickets/{id}/participants/{email}` (percent-encoded or not). */
const participantEmail = z.lazySchema(() => z.email().check(z.maxLength(320)));

/** Every route in the table needs a bearer token (only `GET /openapi.json` does not, outside it). */
const route = (definition: Omit<RouteDefinition, 'auth'>): RouteDefinition => ({ ...definition, auth: true });

export const ROUTES: readonly RouteDefinition[] = [
  route({
    method: 'POST',
    path: '/tickets',
    operationId: 'createTicket',
    summary: 'Open a ticket (customers for themselves; agents on behalf of a requester)',
    roles: EVERYONE,
    body: createTicketBodySchema,
    success: { status: 201, schema: ticketViewSchema, description: 'the ticket with its SLA' },
    errors: [400, 401, 403, 404, 422],
    async handle(ctx) {
      const result = await ctx.services.tickets.createTicket(
        ctx.principal,
        ctx.body as never,
        idempotencyOf(ctx),
      );
      return withReplay(201, { ...result.ticket, replayed: result.replayed });
    },
  }),
  route({
    method: 'GET',
    path: '/tickets',
    operationId: 'listTickets',
    summary: "List the tenant's tickets, newest first (milestone filters: soonest due first)",
    roles: EVERYONE,
    query: listTicketsQuerySchema,
    success: { status: 200, schema: ticketListSchema, description: 'a page of tickets and the next cursor' },
    errors: [400, 401, 404],
    async handle(ctx) {
      return ok(await ctx.services.tickets.listTickets(ctx.principal, ctx.query as never));
    },
  }),
  route({
    method: 'GET',
    path: '/tickets/{id}',
    operationId: 'getTicket',
    summary: 'A ticket with its live SLA state',
    roles: EVERYONE,
    success: { status: 200, schema: ticketViewSchema, description: 'the ticket' },
    errors: [401, 404],
    async handle(ctx) {
      return ok(await ctx.services.tickets.getTicket(ctx.principal, ticketIdOf(ctx)));
    },
  }),
  route({
    method: 'GET',
    path: '/tickets/{id}/sla',
    operationId: 'getSlaReceipt',
    summary:
      "The ticket's SLA receipt: per milestone cycle the target and its source, the time counted and skipped (up to now and to the due instant), pauses, priority recomputations, breaches (customers: the customer-safe part)",
    roles: EVERYONE,
    success: { status: 200, schema: slaReceiptSchema, description: 'the receipt' },
    errors: [401, 404],
    async handle(ctx) {
      return ok(await ctx.services.tickets.getSlaReceipt(ctx.principal, ticketIdOf(ctx)));
    },
  }),
  route({
    method: 'PATCH',
    path: '/tickets/{id}',
    operationId: 'updateTicket',
    summary: 'Change status, priority or assignee (customers: status resolved/open only)',
    roles: EVERYONE,
    body: updateTicketBodySchema,
    success: { status: 200, schema: ticketViewSchema, description: 'the changed ticket' },
    errors: [400, 401, 403, 404, 409],
    async handle(ctx) {
      const ticket = await ctx.services.tickets.updateTicket(
        ctx.principal,
        ticketIdOf(ctx),
        ctx.body as never,
      );
      return ok(ticket);
    },
  }),
  route({
    method: 'POST',
    path: '/tickets/{id}/comments',
    operationId: 'addComment',
    summary: 'Reply (public) or add an internal note (staff only)',
    roles: EVERYONE,
    body: addCommentBodySchema,
    success: { status: 201, schema: commentResultSchema, description: 'the comment and the ticket after it' },
    errors: [400, 401, 403, 404, 409, 422],
    async handle(ctx) {
      const result = await ctx.services.tickets.addComment(
        ctx.principal,
        ticketIdOf(ctx),
        ctx.body as never,
        idempotencyOf(ctx),
      );
      return withReplay(201, result);
    },
  }),
  route({
    method: 'GET',
    path: '/tickets/{id}/comments',
    operationId: 'listComments',
    summary: "The ticket's comments, oldest first, a page at a time (customers see public ones only)",
    roles: EVERYONE,
    query: collectionPageQuerySchema,
    success: {
      status: 200,
      schema: commentListSchema,
      description: 'a page of comments and the next cursor',
    },
    errors: [400, 401, 404],
    async handle(ctx) {
      return ok(await ctx.services.tickets.listComments(ctx.principal, ticketIdOf(ctx), ctx.query as never));
    },
  }),
  route({
    method: 'POST',
    path: '/tickets/{id}/escalations',
    operationId: 'requestEscalation',
    summary: "Escalate to the next level of the policy's chain (customers where the policy allows)",
    roles: EVERYONE,
    body: escalationBodySchema,
    success: { status: 201, schema: ticketViewSchema, description: 'the escalated ticket' },
    errors: [400, 401, 403, 404, 409, 422],
    async handle(ctx) {
      const result = await ctx.services.tickets.requestEscalation(
        ctx.principal,
        ticketIdOf(ctx),
        ctx.body as never,
        idempotencyOf(ctx),
      );
      return withReplay(201, { ...result.ticket, replayed: result.replayed });
    },
  }),
  route({
    method: 'POST',
    path: '/tickets/{id}/participants',
    operationId: 'addParticipants',
    summary: 'Copy people on a ticket (CC; staff only)',
    roles: STAFF,
    body: addParticipantsBodySchema,
    success: { status: 200, schema: ticketViewSchema, description: 'the ticket with its participants' },
    errors: [400, 401, 403, 404, 409, 422],
    async handle(ctx) {
      const body = ctx.body as { participants: { email: string; name?: string }[] };
      const result = await ctx.services.tickets.addParticipants(
        ctx.principal,
        ticketIdOf(ctx),
        body.participants,
        idempotencyOf(ctx),
      );
      return withReplay(200, { ...result.ticket, replayed: result.replayed });
    },
  }),
  route({
    method: 'DELETE',
    path: '/tickets/{id}/participants/{email}',
    operationId: 'removeParticipant',
    summary:
      'Take someone off a ticket (staff only): they no longer see it, get its mail or post on it by mail',
    roles: STAFF,
    success: { status: 200, schema: ticketViewSchema, description: 'the ticket without that participant' },
    errors: [400, 401, 403, 404, 409],
    async handle(ctx) {
      const email = participantEmail.safeParse(ctx.params.email);
      if (!email.success) {
        throw new RequestValidationError('validation_failed', 'invalid participant address', [
          { path: 'email', reason: 'must be an email address' },
        ]);
      }
      return ok(await ctx.services.tickets.removeParticipant(ctx.principal, ticketIdOf(ctx), email.data));
    },
  }),
  route({
    method: 'GET',
    path: '/tickets/{id}/events',
    operationId: 'listTicketEvents',
    summary: 'The full history, a page at a time: who did what, when, and every SLA change',
    roles: EVERYONE,
    query: collectionPageQuerySchema,
    success: {
      status: 200,
      schema: eventListSchema,
      description: 'a page of events, oldest first, and the next cursor',
    },
    errors: [400, 401, 404],
    async handle(ctx) {
      return ok(await ctx.services.tickets.listEvents(ctx.principal, ticketIdOf(ctx), ctx.query as never));
    },
  }),
  route({
    method: 'GET',
    path: '/inbound/rejections',
    operationId: 'listInboundRejections',
    summary:
      "The tenant's refused inbound mail, newest first, with the reason (staff; `*` staff name the tenant by X-Tenant-Id or ?tenant=)",
    roles: STAFF,
    acrossTenants: true,
    query: rejectionsQuerySchema,
    success: {
      status: 200,
      schema: rejectionListSchema,
      description: 'a page of rejections and the next cursor',
    },
    errors: [400, 401, 403, 404],
    async handle(ctx) {
      return ok(
        await ctx.services.rejections.listRejections(
          { principal: ctx.principal, allTenants: ctx.allTenants, tenantNamed: ctx.tenantNamed },
          ctx.query as RejectionListQuery,
        ),
      );
    },
  }),
  route({
    method: 'PUT',
    path: '/tenants/{tenantId}',
    operationId: 'putTenant',
    summary: "Create or replace a tenant's profile (admins)",
    roles: ['admin'],
    body: tenantBodySchema,
    success: {
      status: 200,
      schema: tenantViewSchema,
      description: 'the tenant, replaced',
      otherStatuses: [{ status: 201, description: 'the tenant, created' }],
    },
    errors: [400, 401, 403],
    async handle(ctx) {
      const { tenant, created } = await ctx.services.tenants.putTenant(
        ctx.principal,
        tenantIdOf(ctx),
        ctx.body as never,
      );
      return { status: created ? 201 : 200, body: tenant };
    },
  }),
  route({
    method: 'GET',
    path: '/tenants/{tenantId}',
    operationId: 'getTenant',
    summary: "A tenant's profile (agents and admins of the tenant)",
    roles: STAFF,
    success: { status: 200, schema: tenantViewSchema, description: 'the tenant' },
    errors: [401, 403, 404],
    async handle(ctx) {
      return ok(await ctx.services.tenants.getTenant(ctx.principal, tenantIdOf(ctx)));
    },
  }),
  route({
    method: 'GET',
    path: '/reports/sla',
    operationId: 'slaReport',
    summary:
      'SLA compliance per tenant, milestone and priority over local days from..to (admins: own tenant; `*` staff: any or all)',
    roles: STAFF,
    acrossTenants: true,
    query: slaReportQuerySchema,
    success: {
      status: 200,
      schema: slaReportSchema,
      description: 'the report',
      csv: 'the rows as CSV (Accept: text/csv), one header line',
    },
    errors: [400, 401, 403, 404],
    async handle(ctx) {
      const report = await ctx.services.reports.slaReport(
        { principal: ctx.principal, allTenants: ctx.allTenants, tenantNamed: ctx.tenantNamed },
        ctx.query as SlaReportQuery,
      );
      if (!prefersCsv(ctx.accept)) return ok(report);
      return {
        status: 200,
        body: undefined,
        text: { contentType: 'text/csv; charset=utf-8', body: reportCsv(report) },
      };
    },
  }),
];

/** `METHOD /path` for every route, plus the unauthenticated document route (for the CDK stack). */
export const API_ROUTES: readonly { method: HttpMethod; path: string; auth: boolean }[] = [
  ...ROUTES.map(({ method, path, auth }) => ({ method, path, auth })),
  { method: 'GET', path: '/openapi.json', auth: false },
];

export interface MatchedRoute {
  route: RouteDefinition | 'openapi';
  params: Record<string, string>;
}

const compiled = ROUTES.map((route) => {
  const names: string[] = [];
  const pattern = route.path.replace(/\{(\w+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, names, regex: new RegExp(`^${pattern}/?$`) };
});

/**
 * A path segment as the handler sees it. Malformed percent-encoding (`%E0%A4%A`) stays as sent: it can name no
 * ticket or tenant, so the id checks answer 404/400 instead of `decodeURIComponent` throwing a 500.
 */
function decodeParam(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Finds the route for a method and path. Throws nothing: `null` route means 404, `methodNotAllowed` 405. */
export function matchRoute(
  method: string,
  path: string,
): MatchedRoute | { route: null; methodNotAllowed: boolean } {
  if (path === '/openapi.json' || path === '/openapi.json/') {
    return method === 'GET' ? { route: 'openapi', params: {} } : { route: null, methodNotAllowed: true };
  }
  let pathMatched = false;
  for (const { route, names, regex } of compiled) {
    const m = regex.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (route.method !== method) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => {
      params[name] = decodeParam(m[i + 1] ?? '');
    });
    return { route, params };
  }
  return { route: null, methodNotAllowed: pathMatched };
}
