/**
 * The one place named errors become HTTP answers. Anything unnamed is a 500 `internal_error` (logged) and,
 * because every input is validated first, never the answer to something a client sent.
 */

import { UnauthenticatedError } from '../auth/principal.js';
import { SlaInputError } from '../sla/errors.js';
import {
  ConcurrentUpdateError,
  DomainError,
  ForbiddenActionError,
  IdempotencyKeyReuseError,
  InvalidCursorError,
  InvalidInputError,
  InvalidTransitionError,
  ParticipantNotFoundError,
  TenantNotFoundError,
  TicketNotFoundError,
  TicketStateConflictError,
} from '../tickets/errors.js';
import type * as z from '../zod.js';

export interface FieldError {
  path: string;
  reason: string;
}

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[] };
}

/**
 * A request that failed its schema (or could not be parsed at all): a 400, or the more precise 413 (body too
 * large) and 415 (not JSON) that HTTP clients and proxies understand.
 */
export class RequestValidationError extends Error {
  readonly code: string;
  readonly fields: FieldError[];
  readonly status: 400 | 413 | 415;

  constructor(code: string, message: string, fields: FieldError[] = [], status: 400 | 413 | 415 = 400) {
    super(message);
    this.name = 'RequestValidationError';
    this.code = code;
    this.fields = fields;
    this.status = status;
  }

  static fromZod(
    issues: readonly z.core.$ZodIssue[],
    where: 'body' | 'query' | 'path' | 'header',
  ): RequestValidationError {
    const fields = issues.map((issue) => ({
      path: issue.path.length > 0 ? issue.path.map(String).join('.') : where,
      reason: issue.message,
    }));
    return new RequestValidationError('validation_failed', `invalid request ${where}`, fields);
  }
}

/** No such route (404) or method (405). */
export class RouteError extends Error {
  readonly status: number;
  readonly code: string;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'RouteError';
    this.status = status;
    this.code = code;
  }
}

const STATUS_BY_CLASS: [abstract new (...args: never[]) => Error, number][] = [
  [UnauthenticatedError, 401],
  [ForbiddenActionError, 403],
  [TicketNotFoundError, 404],
  [TenantNotFoundError, 404],
  [ParticipantNotFoundError, 404],
  [InvalidTransitionError, 409],
  [TicketStateConflictError, 409],
  [ConcurrentUpdateError, 409],
  [IdempotencyKeyReuseError, 422],
  [InvalidCursorError, 400],
  [InvalidInputError, 400],
];

export function errorToHttp(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof RequestValidationError) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message, fields: error.fields } },
    };
  }
  if (error instanceof RouteError) {
    return { status: error.status, body: { error: { code: error.code, message: error.message } } };
  }
  if (error instanceof SlaInputError) {
    // The engine's named input errors (unknown priority, plan, region, zone, policy): the client's input.
    return {
      status: 400,
      body: {
        error: {
          code: 'invalid_input',
          message: error.message,
          fields: [{ path: error.field, reason: error.message }],
        },
      },
    };
  }
  for (const [cls, status] of STATUS_BY_CLASS) {
    if (error instanceof cls) {
      const named = error as Error & { code?: string; field?: string };
      const body: ErrorBody = { error: { code: named.code ?? 'error', message: named.message } };
      if (error instanceof InvalidInputError)
        body.error.fields = [{ path: error.field, reason: error.message }];
      return { status, body };
    }
  }
  if (error instanceof DomainError)
    return { status: 400, body: { error: { code: error.code, message: error.message } } };
  return { status: 500, body: { error: { code: 'internal_error', message: 'internal error' } } };
}
