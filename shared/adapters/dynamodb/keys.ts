/**
 * Every key of the single table (docs/data-model.md). The tenant id leads every partition key, so no query
 * built here can reach another tenant's items.
 */
import { createHash } from 'node:crypto';

/**
 * Index sort-key instants (GSI sort keys, not shown to anyone): full ISO with milliseconds, as stored since the
 * first release, so tables kept with `--data` keep sorting. Shown instants use `formatInstant` (to the second).
 */
export const iso = (ms: number): string => new Date(ms).toISOString();

export const keys = {
  ticketPk: (tenant: string, ticketId: string) => `T#${tenant}#TICKET#${ticketId}`,
  ticketPkPrefix: (tenant: string) => `T#${tenant}#TICKET#`,
  ticketSk: 'TICKET',
  eventSk: (version: number, seq: number) =>
    `EVENT#${String(version).padStart(10, '0')}#${String(seq).padStart(3, '0')}`,
  eventPrefix: 'EVENT#',
  commentSk: (createdAt: number, commentId: string) => `COMMENT#${iso(createdAt)}#${commentId}`,
  commentPrefix: 'COMMENT#',
  /** A mail the ticket owes (the outbox), keyed like its send-ledger record. */
  outboxSk: (key: string) => `OUTBOX#${key}`,
  refPk: (tenant: string, reference: string) => `T#${tenant}#REF#${reference}`,
  refSk: 'REF',
  msgPk: (tenant: string, messageId: string) => `T#${tenant}#MSG#${messageId.trim().replace(/^<|>$/g, '')}`,
  msgSk: 'MSG',
  tenantPk: (tenant: string) => `T#${tenant}`,
  profileSk: 'PROFILE',
  counterSk: 'COUNTER#TICKET',
  idempotencyPk: (tenant: string, scope: string) =>
    `T#${tenant}#IDEMP#${createHash('sha256').update(scope).digest('base64url')}`,
  idempotencySk: 'IDEMP',
  /** A milestone outcome (the compliance report's item) under its ticket's partition. */
  outcomeSk: (milestone: string, cycle: number) => `OUTCOME#${milestone}#${String(cycle).padStart(4, '0')}`,
  outcomePrefix: 'OUTCOME#',
  /** GSI partition keys. */
  allTickets: (tenant: string) => `T#${tenant}#TICKETS`,
  byStatus: (tenant: string, status: string) => `T#${tenant}#STATUS#${status}`,
  due: (tenant: string) => `T#${tenant}#DUE`,
  attention: (tenant: string) => `T#${tenant}#ATTENTION`,
  /** GSI5: a tenant's milestone outcomes by the UTC month they started in (`2026-11`). */
  outcomesByMonth: (tenant: string, month: string) => `T#${tenant}#OUTCOMES#${month}`,
  /** GSI1 partition of the tenant profiles (the one key not led by a tenant: it lists the tenants themselves). */
  allTenants: 'TENANTS',
  /** GSI sort keys: an instant then the id, so equal instants still sort stably. */
  instantSk: (ms: number, ticketId: string) => `${iso(ms)}#${ticketId}`,
};
