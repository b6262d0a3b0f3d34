import { isOwedTimer, timerId } from '../tickets/owed-timers.js';
import type { OwedTimersSource, TimerScheduler } from './ports.js';
import type { TimerRef } from './timer-payload.js';

/**
 * Re-derives the Scheduler's schedules from the table: every timer a ticket item still owes (`timersOwed`) is
 * ensured through the scheduler port. It is the way back when the stream could not deliver (a batch timer-sync
 * gave up on lands in StreamDlq with no records, and the stream keeps records 24 h only), after the stateless
 * stack is deployed (the reconcile-timers Lambda, run by a deployment trigger: a redeployed stack has a new,
 * empty schedule group), and after a local restart on persisted tables (the local Scheduler keeps its
 * schedules in memory). Safe to run any time: a
 * schedule that exists is a ConflictException (`present`), a fire time already past is scheduled a few seconds
 * ahead by the adapter, and the sla-timer handler's stale/due checks decide what a late timer still does.
 * It never deletes: a schedule nobody owes any more fires, finds nothing to do and deletes itself.
 */
export interface ReconcileTimersDeps {
  /** Every ticket item owing timers (`DynamoOwedTimersScan`: a table Scan). */
  source: OwedTimersSource;
  scheduler: Pick<TimerScheduler, 'ensure'>;
  /** Progress and failure lines (one a page, one a failed timer, one summary). */
  log?: (line: string) => void;
}

export interface ReconcileTimersOptions {
  /** Count tickets and owed timers; create nothing. */
  dryRun?: boolean;
  /** Scheduler calls in flight at once (default 8): enough to be quick, little enough to stay under its quota. */
  concurrency?: number;
  /** Items the Scan evaluates per page (default: DynamoDB's 1 MB pages). */
  pageSize?: number;
  /** At most this many failures are kept in the report (all are counted and logged). */
  maxFailuresKept?: number;
  /**
   * Asked after each page: true stops the run there with `complete: false` (the Lambda's time budget; the
   * command has none). Every page read so far is fully ensured, so a later run only repeats `present` work.
   */
  shouldStop?: () => boolean;
}

export interface ReconcileFailure {
  tenantId: string;
  ticketId: string;
  timerId: string;
  error: string;
}

export interface ReconcileTimersReport {
  dryRun: boolean;
  /** Ticket items carrying `timersOwed` the Scan returned. */
  ticketsScanned: number;
  /** Owed timers found (in a dry run, what a real run would ensure). */
  timersOwed: number;
  /** Schedules this run created. */
  created: number;
  /** Schedules that were already there. */
  alreadyPresent: number;
  failed: number;
  failures: ReconcileFailure[];
  /** False when `shouldStop` ended the run before the Scan did: tickets past that point were not looked at. */
  complete: boolean;
}

const DEFAULT_CONCURRENCY = 8;
const DEFAULT_MAX_FAILURES_KEPT = 100;

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One line an operator can read and grep. */
export function formatReconcileReport(report: ReconcileTimersReport): string {
  const found = `${plural(report.ticketsScanned, 'ticket')} scanned, ${plural(report.timersOwed, 'timer')} owed`;
  const stopped = report.complete ? '' : ' (stopped before the end of the table)';
  if (report.dryRun) return `dry run: ${found} (nothing created)${stopped}`;
  return `${found}: ${report.created} created, ${report.alreadyPresent} already present, ${report.failed} failed${stopped}`;
}

function describe(error: unknown): string {
  if (error instanceof Error)
    return error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
  return String(error);
}

/** Runs `work` over `items` with at most `limit` in flight; never rejects (work handles its own errors). */
async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export async function reconcileTimers(
  deps: ReconcileTimersDeps,
  options: ReconcileTimersOptions = {},
): Promise<ReconcileTimersReport> {
  const dryRun = options.dryRun ?? false;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  if (!Number.isInteger(concurrency) || concurrency < 1)
    throw new RangeError('concurrency must be a positive integer');
  const maxFailuresKept = options.maxFailuresKept ?? DEFAULT_MAX_FAILURES_KEPT;
  const report: ReconcileTimersReport = {
    dryRun,
    ticketsScanned: 0,
    timersOwed: 0,
    created: 0,
    alreadyPresent: 0,
    failed: 0,
    failures: [],
    complete: true,
  };
  const fail = (failure: ReconcileFailure) => {
    report.failed++;
    if (report.failures.length < maxFailuresKept) report.failures.push(failure);
    deps.log?.(`failed ${failure.tenantId}/${failure.ticketId} ${failure.timerId}: ${failure.error}`);
  };

  const pages = deps.source.pages(options.pageSize !== undefined ? { pageSize: options.pageSize } : {});
  const iterator = pages[Symbol.asyncIterator]();
  let page = await iterator.next();
  while (!page.done) {
    const refs: TimerRef[] = [];
    for (const item of page.value) {
      report.ticketsScanned++;
      const { tenantId, ticketId, timersOwed: owed } = item;
      if (typeof owed !== 'object' || owed === null) continue;
      for (const [timerId, timer] of Object.entries(owed as Record<string, unknown>)) {
        report.timersOwed++;
        if (!isOwedTimer(timer)) {
          fail({ tenantId, ticketId, timerId, error: 'malformed timersOwed entry' });
          continue;
        }
        refs.push({ tenantId, ticketId, timer });
      }
    }

    if (!dryRun) {
      await forEachLimited(refs, concurrency, async (ref) => {
        try {
          // The adapter already retries throttling with jittered backoff; what still fails is counted here.
          const outcome = await deps.scheduler.ensure(ref);
          if (outcome === 'present') report.alreadyPresent++;
          else report.created++;
        } catch (error) {
          fail({
            tenantId: ref.tenantId,
            ticketId: ref.ticketId,
            timerId: timerId(ref.timer),
            error: describe(error),
          });
        }
      });
    }
    // The next page is read before this one is reported, so the line can say whether the scan goes on.
    const next = await iterator.next();
    if (!next.done && options.shouldStop?.() === true) {
      // Out of time: report what was done rather than be cut off mid-page by the Lambda timeout.
      report.complete = false;
      await iterator.return?.();
      deps.log?.(formatReconcileReport(report));
      return report;
    }
    deps.log?.(formatReconcileReport(report) + (next.done ? '' : ' (scanning on)'));
    page = next;
  }
  return report;
}
