/**
 * Re-syncing open tickets' timers when their tenant's SLA inputs change (closures, its own policy, ...). The
 * API's `GET` recomputes at once, but the timers a ticket owes (and so its schedules) only change when the
 * ticket is written: an untouched ticket would keep schedules at the old instants (stale when they fire) and
 * none at the new ones. timer-sync receives the tenant profile's stream records and calls this; each refresh
 * is a ticket write that flows through the stream like any other, so timer-sync then moves the schedules.
 */
import { SlaInputError } from '../sla/errors.js';
import { TICKET_STATUSES, type TicketStatus } from '../sla/types.js';
import { TenantNotFoundError, TicketNotFoundError } from '../tickets/errors.js';
import type { TicketLister, TimerRefresher } from './ports.js';

export interface TenantResyncDeps {
  tickets: TimerRefresher;
  repository: TicketLister;
  /** Refreshes in flight at once (default 8): bounded so a big tenant does not burst the table. */
  concurrency?: number;
  logger?: { warn(message: string, detail?: unknown): void };
}

export interface TenantResyncReport {
  tenantId: string;
  /** Tickets looked at (every status but closed). */
  tickets: number;
  /** Tickets whose owed timers changed (one write each). */
  refreshed: number;
  /** Tickets that cannot be recomputed any more (gone, or their policy no longer resolves): logged, left. */
  skipped: { ticketId: string; error: string }[];
}

/** Closed tickets owe nothing and never reopen (the state machine), so they are not read at all. */
export const RESYNC_STATUSES: readonly TicketStatus[] = TICKET_STATUSES.filter((s) => s !== 'closed');

const PAGE_SIZE = 100;
const DEFAULT_CONCURRENCY = 8;

/** Errors retrying cannot cure: the ticket is reported as skipped instead of failing (and re-running) it all. */
function isPermanent(error: unknown): boolean {
  return error instanceof TicketNotFoundError || error instanceof SlaInputError;
}

/** Runs `work` over the items, `limit` at a time; after a failure starts nothing new, waits, then rethrows it. */
async function eachBounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++] as T;
      try {
        await work(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}

/**
 * Refreshes the owed timers of every not-closed ticket of the tenant (each status page of the status index,
 * refreshes with bounded concurrency). Idempotent: a ticket already in step is not written. Throws on the
 * first error a retry may cure (throttling, a version conflict storm), so the caller lets the stream retry
 * the tenant record; tickets refreshed before that are simply found in step the next time.
 */
export async function resyncTenantTimers(
  tenantId: string,
  reason: string,
  deps: TenantResyncDeps,
): Promise<TenantResyncReport> {
  const report: TenantResyncReport = { tenantId, tickets: 0, refreshed: 0, skipped: [] };
  const concurrency = Math.max(1, deps.concurrency ?? DEFAULT_CONCURRENCY);
  for (const status of RESYNC_STATUSES) {
    let cursor: string | undefined;
    do {
      const page = await deps.repository.listTickets(tenantId, {
        status,
        limit: PAGE_SIZE,
        ...(cursor ? { cursor } : {}),
      });
      report.tickets += page.items.length;
      try {
        await eachBounded(page.items, concurrency, async (ticket) => {
          try {
            const { changed } = await deps.tickets.refreshTimers(tenantId, ticket.id, reason);
            if (changed) report.refreshed++;
          } catch (error) {
            if (!isPermanent(error)) throw error;
            const message = error instanceof Error ? error.message : String(error);
            report.skipped.push({ ticketId: ticket.id, error: message });
            deps.logger?.warn('ticket timers not re-synced', {
              tenantId,
              ticketId: ticket.id,
              error: message,
            });
          }
        });
      } catch (error) {
        // The tenant profile is gone (nothing to compute with): nothing left to re-sync.
        if (error instanceof TenantNotFoundError) return report;
        throw error;
      }
      cursor = page.cursor;
    } while (cursor);
  }
  return report;
}
