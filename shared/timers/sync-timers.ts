import { METRIC } from '../observability/metrics.js';
import type { BatchFailures, ItemChange } from '../runtime/table-changes.js';
import { changedSlaInputs } from '../tenants/tenant-sla-inputs.js';
import { type OwedTimer, sameOwedTimer } from '../tickets/owed-timers.js';
import { tenantChangeReason } from '../tickets/sla-changes.js';
import type { TimerMetrics, TimerScheduler } from './ports.js';
import { resyncTenantTimers, type TenantResyncDeps } from './tenant-resync.js';
import type { TimerRef } from './timer-payload.js';

export interface TimerSyncDeps {
  scheduler: TimerScheduler;
  /**
   * Re-syncs a tenant's open tickets when its profile's SLA inputs change (closures, own policy, ...). Without
   * it tenant profile records are ignored (their tickets then move at their next write).
   */
  tenantResync?: Omit<TenantResyncDeps, 'logger'>;
  metrics?: TimerMetrics;
  logger?: {
    error(message: string, detail?: unknown): void;
    warn?(message: string, detail?: unknown): void;
    info?(message: string, detail?: unknown): void;
  };
}

interface OwedSide {
  tenantId: string;
  ticketId: string;
  owed: Record<string, OwedTimer>;
}

function owedOf(item: Record<string, unknown> | undefined): OwedSide | null {
  if (!item) return null;
  if (item.entity !== 'ticket') return null;
  return {
    tenantId: item.tenantId as string,
    ticketId: item.ticketId as string,
    owed: (item.timersOwed as Record<string, OwedTimer> | undefined) ?? {},
  };
}

/**
 * A tenant profile record whose SLA inputs changed: the tenant and the fields, else null (another item, a
 * removed profile, or a write that left the SLA inputs as they were, e.g. a redelivered or repeated PUT).
 */
export function tenantSlaChange(change: ItemChange): { tenantId: string; fields: string[] } | null {
  const after = change.newImage;
  if (change.eventName === 'REMOVE' || !after) return null;
  if (after.entity !== 'tenant' || typeof after.tenantId !== 'string') return null;
  const before = change.oldImage ?? null;
  const fields = changedSlaInputs(before, after);
  return fields.length > 0 ? { tenantId: after.tenantId, fields } : null;
}

/** What one stream record asks of the Scheduler: schedules for timers newly owed, deletions for dropped ones. */
export function diffOwedTimers(change: ItemChange): { ensure: TimerRef[]; remove: TimerRef[] } {
  const before = owedOf(change.oldImage);
  const after = change.eventName === 'REMOVE' ? null : owedOf(change.newImage);
  const ensure: TimerRef[] = [];
  const remove: TimerRef[] = [];
  if (after) {
    for (const [id, timer] of Object.entries(after.owed)) {
      if (!sameOwedTimer(before?.owed[id], timer))
        ensure.push({ tenantId: after.tenantId, ticketId: after.ticketId, timer });
    }
  }
  if (before) {
    for (const [id, timer] of Object.entries(before.owed)) {
      if (!sameOwedTimer(timer, after?.owed[id]))
        remove.push({ tenantId: before.tenantId, ticketId: before.ticketId, timer });
    }
  }
  return { ensure, remove };
}

/**
 * The timer-sync Lambda's work: for each stream record, in order, create the schedules of timers the ticket
 * now owes and delete those it no longer owes. Records are processed in order and the first failure stops
 * the batch and is reported (`batchItemFailures`): Lambda retries from it, so a schedule is never created
 * after a later record removed it. Both port calls are idempotent, so replays are harmless. A tenant profile
 * record whose SLA inputs changed re-syncs the tenant's open tickets (`resyncTenantTimers`: idempotent too);
 * their writes come back through the stream as ticket records. Other items (events, comments, mail ledger)
 * are ignored.
 */
export async function syncTimers(
  changes: readonly ItemChange[],
  deps: TimerSyncDeps,
): Promise<BatchFailures> {
  for (const record of changes) {
    try {
      const tenantChange = tenantSlaChange(record);
      if (tenantChange) {
        await resyncTenant(tenantChange, deps);
        continue;
      }
      const { ensure, remove } = diffOwedTimers(record);
      // Deletions first: a superseded deadline must not fire while its replacement is being created.
      await Promise.all(remove.map((ref) => deps.scheduler.remove(ref)));
      await Promise.all(ensure.map((ref) => deps.scheduler.ensure(ref)));
    } catch (error) {
      deps.metrics?.count(METRIC.scheduleSyncFailures, 1);
      deps.logger?.error('schedule sync failed; the stream will retry from this record', {
        sequenceNumber: record.sequenceNumber,
        error: error instanceof Error ? error.message : String(error),
      });
      return { batchItemFailures: [{ itemIdentifier: record.sequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}

async function resyncTenant(
  change: { tenantId: string; fields: string[] },
  deps: TimerSyncDeps,
): Promise<void> {
  if (!deps.tenantResync) return;
  const warn = deps.logger?.warn;
  const report = await resyncTenantTimers(change.tenantId, tenantChangeReason(change.fields), {
    ...deps.tenantResync,
    ...(warn ? { logger: { warn: warn.bind(deps.logger) } } : {}),
  });
  deps.logger?.info?.('tenant timers re-synced', { ...report, fields: change.fields });
}
