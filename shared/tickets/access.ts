/**
 * Who sees and acts on a ticket, and what customers see of the people on it: the one home of the access model
 * (README "Who sees and does what"). Pure: the queries and the commands call it with the ticket and tenant they
 * already read.
 *
 * - Staff (agent, admin, `*` staff naming the tenant) and internal callers see every ticket of the tenant.
 * - A customer sees a ticket they requested or take part in (CC); under `customerVisibility: "organisation"`
 *   every ticket of the tenant. Anything else is answered as if the ticket did not exist (404), so case numbers
 *   and ids reveal nothing.
 * - Customers see staff by role and display name only: no `sub`, no email. That covers the assignee too (a
 *   free text staff type: often an address or a `sub`): customers see that the staff has it, not who.
 */
import type { Principal } from '../auth/principal.js';
import type { Tenant } from '../tenants/tenant.js';
import { ForbiddenActionError } from './errors.js';
import type { ActorRef, Requester, Ticket } from './ticket.js';

/** Requester and participants: the people the ticket is for (and whose mail acts as the customer). */
export function ticketPeople(ticket: Pick<Ticket, 'requester' | 'participants'>): Requester[] {
  return [ticket.requester, ...(ticket.participants ?? [])];
}

/** True when `email` is the requester or a participant (case-insensitive). */
export function isTicketPerson(
  ticket: Pick<Ticket, 'requester' | 'participants'>,
  email: string | undefined,
): boolean {
  if (!email) return false;
  const wanted = email.toLowerCase();
  return ticketPeople(ticket).some((p) => p.email.toLowerCase() === wanted);
}

/** Whether a customer of the tenant sees every ticket of it (older tenant items have no setting: `own`). */
export function customersSeeAll(tenant: Pick<Tenant, 'customerVisibility'>): boolean {
  return tenant.customerVisibility === 'organisation';
}

export function canSeeTicket(
  actor: Principal,
  ticket: Pick<Ticket, 'tenantId' | 'requester' | 'participants'>,
  tenant: Pick<Tenant, 'customerVisibility'>,
): boolean {
  if (ticket.tenantId !== actor.tenantId) return false;
  if (actor.role !== 'customer') return true;
  return customersSeeAll(tenant) || isTicketPerson(ticket, actor.email);
}

/** An actor as the viewer may see it: staff and internal callers lose `sub` and email before a customer. */
export function actorFor(
  viewer: Pick<Principal, 'role'> | undefined,
  actor: ActorRef,
): Omit<ActorRef, 'sub'> & { sub?: string } {
  if (viewer?.role !== 'customer' || actor.role === 'customer') return actor;
  return actor.name ? { role: actor.role, name: actor.name } : { role: actor.role };
}

/** What a customer sees of an assignee: `agent` when someone on the staff has the ticket, else null. */
export const ASSIGNED_TO_STAFF = 'agent' as const;

/** The assignee as the viewer may see it (staff and internal callers: as stored). */
export function assigneeFor<T>(
  viewer: Pick<Principal, 'role'> | undefined,
  assignee: T,
): T | typeof ASSIGNED_TO_STAFF {
  if (viewer?.role !== 'customer' || assignee === null || assignee === undefined) return assignee;
  return ASSIGNED_TO_STAFF;
}

/** Escalation level names are the tenant's internal organisation ("Support team lead"): staff only. */
export function escalationLevelNameFor(
  viewer: Pick<Principal, 'role'> | undefined,
  name: string | null,
): string | null {
  return viewer?.role === 'customer' ? null : name;
}

/** Why staff escalated is theirs; a customer sees only the reason a customer gave (their own, or their colleague's). */
export function escalationReasonFor(
  viewer: Pick<Principal, 'role'> | undefined,
  escalatedBy: Pick<ActorRef, 'role'>,
  reason: unknown,
): unknown {
  return viewer?.role === 'customer' && escalatedBy.role !== 'customer' ? null : reason;
}

/** `people` without those already in `existing` or repeated (addresses compare case-insensitively). */
export function withoutDuplicates(people: Requester[], existing: Requester[]): Requester[] {
  const seen = new Set(existing.map((p) => p.email.toLowerCase()));
  const out: Requester[] = [];
  for (const person of people) {
    const email = person.email.toLowerCase();
    if (seen.has(email)) continue;
    seen.add(email);
    out.push(person);
  }
  return out;
}

/** A customer chooses only among the tenant's `customerPriorities` (all of the policy's when unset). */
export function assertCustomerPriority(allowed: readonly string[] | undefined, priority: string): void {
  if (allowed && !allowed.includes(priority)) {
    throw new ForbiddenActionError(
      `customers of this tenant may choose priority ${allowed.join(', ')} only (customerPriorities)`,
    );
  }
}
