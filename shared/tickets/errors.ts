/**
 * Named errors of the ticket and tenant use cases. Each carries a stable `code` (the API's error code); the
 * HTTP status for each class is decided in one place, `shared/http/error-mapping.ts`.
 */

export class DomainError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** Unknown ticket, or another tenant's: the two are indistinguishable on purpose. */
export class TicketNotFoundError extends DomainError {
  constructor(ticketId: string) {
    super('ticket_not_found', `ticket ${ticketId} not found`);
  }
}

/** `DELETE /tickets/{id}/participants/{email}` of an address not copied on the ticket. */
export class ParticipantNotFoundError extends DomainError {
  constructor(reference: string, email: string) {
    super('participant_not_found', `${email} is not a participant of ticket ${reference}`);
  }
}

export class TenantNotFoundError extends DomainError {
  constructor(tenantId: string) {
    super('tenant_not_found', `tenant ${tenantId} is not configured`);
  }
}

/** A status change the state machine does not allow (e.g. `closed` -> `open`). */
export class InvalidTransitionError extends DomainError {
  readonly from: string;
  readonly to: string;

  constructor(from: string, to: string, reason?: string) {
    super('invalid_transition', `cannot move a ticket from ${from} to ${to}${reason ? `: ${reason}` : ''}`);
    this.from = from;
    this.to = to;
  }
}

/** An action on a ticket that its state forbids (a comment on a closed ticket, escalation past the top level). */
export class TicketStateConflictError extends DomainError {
  constructor(message: string) {
    super('ticket_state_conflict', message);
  }
}

/** The caller's role may not do this (a customer writing an internal note, a customer changing priority). */
export class ForbiddenActionError extends DomainError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** The ticket kept changing under us: the bounded retry loop gave up. Safe to retry. */
export class ConcurrentUpdateError extends DomainError {
  constructor(ticketId: string, attempts: number) {
    super(
      'concurrent_update',
      `ticket ${ticketId} changed concurrently ${attempts} times; retry the request`,
    );
  }
}

/** The same `Idempotency-Key` was used before with a different request. */
export class IdempotencyKeyReuseError extends DomainError {
  constructor() {
    super('idempotency_key_reused', 'this Idempotency-Key was already used with a different request');
  }
}

/** A listing cursor that this API did not hand out (or not to this tenant, or for another listing). */
export class InvalidCursorError extends DomainError {
  constructor() {
    super('invalid_cursor', 'cursor is not valid for this listing');
  }
}

/** Input that passed the request schema but not a business rule; names the field like a schema error. */
export class InvalidInputError extends DomainError {
  readonly field: string;

  constructor(field: string, message: string) {
    super('invalid_input', message);
    this.field = field;
  }
}
