/**
 * The outcome backfill with fakes of its ports: every milestone of a ticket's replayed history is written
 * unless the ticket has it (or a ticket write stores it first), a dry run writes nothing, a tenant that is gone
 * and a history the engine refuses are skipped and logged, never fatal.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import {
  backfillOutcomes,
  formatBackfillReport,
  type OutcomeBackfillStore,
  outcomeKey,
} from '../../../shared/reports/backfill-outcomes.js';
import type { MilestoneOutcome } from '../../../shared/reports/milestone-outcome.js';
import type { TenantDirectory } from '../../../shared/reports/ports.js';
import type { SlaEvent } from '../../../shared/sla/types.js';
import type { Tenant } from '../../../shared/tenants/tenant.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import { at, image, T0 } from '../events/ticket-images.js';

const { policy: _policy, ...profile } = tenantProfileSchema.parse({
  policy: 'fenorri',
  timezone: 'Europe/Tallinn',
});
const FEN: Tenant = { ...profile, tenantId: 'fen', policyId: 'fenorri', updatedAt: T0 };

const answered: SlaEvent[] = [
  { type: 'created', at: T0, priority: 'high' },
  { type: 'agentReply', at: at(10) },
];
const ticket = (id: string, events: SlaEvent[]): Ticket => ({ ...image(2, at(10), events), id });

class FakeStore implements OutcomeBackfillStore {
  readonly written: MilestoneOutcome[] = [];
  constructor(
    readonly tickets: Ticket[],
    readonly existing: Map<string, Set<string>> = new Map(),
    /** Outcomes a ticket write stores between the backfill's read and its put. */
    readonly racing: Set<string> = new Set(),
  ) {}
  async *ticketPages(tenantId: string): AsyncIterable<Ticket[]> {
    yield this.tickets.filter((t) => t.tenantId === tenantId);
  }
  async existingOutcomes(_tenantId: string, ticketId: string): Promise<Set<string>> {
    return this.existing.get(ticketId) ?? new Set();
  }
  async putIfAbsent(outcome: MilestoneOutcome): Promise<boolean> {
    if (this.racing.has(`${outcome.ticketId}/${outcomeKey(outcome)}`)) return false;
    this.written.push(outcome);
    return true;
  }
}

const tenants = (known: Tenant[], listed: string[]): TenantDirectory => ({
  getTenant: async (id) => known.find((t) => t.tenantId === id) ?? null,
  listTenantIds: async () => listed,
});

describe('backfillOutcomes', () => {
  it("writes each milestone of a ticket's replayed history that the ticket lacks, as of the run's instant", async () => {
    const store = new FakeStore(
      [ticket('t_1', answered), ticket('t_2', answered)],
      new Map([['t_2', new Set(['firstResponse#1'])]]),
      new Set(['t_2/escalation#1']),
    );
    const lines: string[] = [];
    const report = await backfillOutcomes(
      {
        store,
        tenants: tenants([FEN], ['fen', 'gone']),
        clock: new ManualClock(at(12)),
        log: (l) => lines.push(l),
      },
      {},
    );
    // fenorri high: firstResponse (met at 10:00, 60 min), escalation and resolution still running.
    expect(store.written.map((o) => `${o.ticketId}/${o.milestone}/${o.state}`)).toEqual([
      't_1/firstResponse/met',
      't_1/escalation/running',
      't_1/resolution/running',
      't_2/resolution/running',
    ]);
    expect(store.written[0]).toMatchObject({
      priority: 'high',
      startedAt: T0,
      metAt: at(10),
      msToMet: 60 * 60_000,
    });
    expect(report).toEqual({
      tenants: 1,
      tickets: 2,
      written: 4,
      present: 2,
      skippedTickets: 0,
      dryRun: false,
    });
    expect(lines).toContain('gone: no such tenant, skipped');
    expect(formatBackfillReport(report)).toBe(
      '1 tenants, 2 tickets: 4 outcomes written, 2 already present, 0 tickets skipped',
    );
  });

  it('a dry run counts and writes nothing; a history the engine refuses is skipped and logged', async () => {
    // No `created` event: the engine refuses the history (a hand-edited or corrupt item).
    const broken: Ticket = { ...ticket('t_bad', answered), slaEvents: [{ type: 'agentReply', at: at(10) }] };
    const store = new FakeStore([broken, ticket('t_1', answered)]);
    const lines: string[] = [];
    const report = await backfillOutcomes(
      { store, tenants: tenants([FEN], []), clock: new ManualClock(at(12)), log: (l) => lines.push(l) },
      { tenantId: 'fen', dryRun: true },
    );
    expect(store.written).toEqual([]);
    expect(report).toEqual({
      tenants: 1,
      tickets: 2,
      written: 3,
      present: 0,
      skippedTickets: 1,
      dryRun: true,
    });
    expect(lines.some((l) => l.startsWith('fen/t_bad: SLA history not replayable, skipped'))).toBe(true);
    expect(lines.at(-1)).toBe('fen: 2 tickets, 3 outcomes to write');
  });
});
