/**
 * The outcome backfill (`npm run backfill-outcomes`): tickets written before outcome items existed have none, so
 * the compliance report under-counts them. For every ticket of the chosen tenants this derives the outcome of
 * each milestone from the ticket's stored SLA history, exactly as the ticket writer derives it on a write
 * (`changedOutcomes` of a new ticket, at the run's instant), and writes the ones the ticket lacks. Each write is
 * conditional on no outcome existing for that ticket, milestone and cycle: one a ticket write stored meanwhile
 * is never overwritten, and a second run writes nothing. Tickets are read per tenant on an index, never by Scan.
 */
import type { Clock } from '../clock.js';
import { computeSla } from '../sla/milestones.js';
import { resolveTenantPolicy } from '../tenants/tenant-service.js';
import type { Ticket } from '../tickets/ticket.js';
import { changedOutcomes, type MilestoneOutcome } from './milestone-outcome.js';
import type { TenantDirectory } from './ports.js';

export interface OutcomeBackfillStore {
  /** The tenant's tickets, a page at a time (a Query on the tenant's index partition). */
  ticketPages(tenantId: string): AsyncIterable<Ticket[]>;
  /** `milestone#cycle` of every outcome the ticket already has. */
  existingOutcomes(tenantId: string, ticketId: string): Promise<Set<string>>;
  /** Writes it unless that ticket, milestone and cycle has an outcome; true when it wrote it. */
  putIfAbsent(outcome: MilestoneOutcome): Promise<boolean>;
}

export interface BackfillOutcomesDeps {
  store: OutcomeBackfillStore;
  tenants: TenantDirectory;
  clock: Clock;
  log?: (line: string) => void;
}

export interface BackfillOutcomesOptions {
  /** Only this tenant (else every tenant the tenants' index lists). */
  tenantId?: string;
  /** Count what would be written, write nothing. */
  dryRun?: boolean;
}

export interface BackfillOutcomesReport {
  tenants: number;
  tickets: number;
  /** Outcomes written (with `dryRun`: that would be written). */
  written: number;
  /** Outcomes the tickets already had (or a ticket write stored between the read and the put). */
  present: number;
  /** Tickets left alone: their tenant is gone, or their history could not be replayed (each logged). */
  skippedTickets: number;
  dryRun: boolean;
}

export const outcomeKey = (o: { milestone: string; cycle: number }) => `${o.milestone}#${o.cycle}`;

export async function backfillOutcomes(
  deps: BackfillOutcomesDeps,
  options: BackfillOutcomesOptions = {},
): Promise<BackfillOutcomesReport> {
  const dryRun = options.dryRun === true;
  const report: BackfillOutcomesReport = {
    tenants: 0,
    tickets: 0,
    written: 0,
    present: 0,
    skippedTickets: 0,
    dryRun,
  };
  const log = deps.log ?? (() => {});
  const tenantIds = options.tenantId ? [options.tenantId] : (await deps.tenants.listTenantIds()).sort();
  // One instant for the whole run: a milestone still running is judged as of it, like a write at that instant.
  const now = deps.clock.now();
  for (const tenantId of tenantIds) {
    const tenant = await deps.tenants.getTenant(tenantId);
    if (!tenant) {
      log(`${tenantId}: no such tenant, skipped`);
      continue;
    }
    report.tenants++;
    const before = { tickets: report.tickets, written: report.written };
    for await (const page of deps.store.ticketPages(tenantId)) {
      for (const ticket of page) {
        report.tickets++;
        let outcomes: MilestoneOutcome[];
        try {
          const snapshot = computeSla(
            ticket.slaSubject,
            ticket.slaEvents,
            now,
            resolveTenantPolicy(tenant, ticket.slaSubject),
          );
          outcomes = changedOutcomes(ticket, snapshot, null);
        } catch (error) {
          report.skippedTickets++;
          log(`${tenantId}/${ticket.id}: SLA history not replayable, skipped: ${String(error)}`);
          continue;
        }
        const existing = await deps.store.existingOutcomes(tenantId, ticket.id);
        for (const outcome of outcomes) {
          if (existing.has(outcomeKey(outcome))) report.present++;
          else if (dryRun || (await deps.store.putIfAbsent(outcome))) report.written++;
          else report.present++;
        }
      }
      log(`${tenantId}: ${report.tickets - before.tickets} tickets read so far`);
    }
    log(
      `${tenantId}: ${report.tickets - before.tickets} tickets, ${report.written - before.written} outcomes ${dryRun ? 'to write' : 'written'}`,
    );
  }
  return report;
}

export function formatBackfillReport(r: BackfillOutcomesReport): string {
  return (
    `${r.tenants} tenants, ${r.tickets} tickets: ${r.written} outcomes ${r.dryRun ? 'would be written (dry run)' : 'written'}, ` +
    `${r.present} already present, ${r.skippedTickets} tickets skipped`
  );
}
