/**
 * `GET /reports/sla` and `npm run report`: who may see which tenants' report, and the report itself from the
 * outcome items of the months the period touches. Admins see their own tenant; staff whose token serves every
 * tenant (`*`) see the one they name (`X-Tenant-Id` or `?tenant=`) or, naming none, all of them.
 */
import { type AcrossTenantsCaller, tenantNamedByStaff } from '../auth/staff-tenant.js';
import type { Clock } from '../clock.js';
import { formatInstant } from '../sla/instant.js';
import { ForbiddenActionError, TenantNotFoundError } from '../tickets/errors.js';
import type { OutcomeStore, TenantDirectory } from './ports.js';
import {
  monthsCovering,
  periodInstants,
  reportRows,
  type SlaReport,
  type SlaReportQuery,
} from './sla-report.js';

/** Who asks: their principal, and whether a `*` token named the tenant by header. */
export type ReportCaller = AcrossTenantsCaller;

export class ReportService {
  readonly #outcomes: OutcomeStore;
  readonly #tenants: TenantDirectory;
  readonly #clock: Clock;

  constructor(deps: { outcomes: OutcomeStore; tenants: TenantDirectory; clock: Clock }) {
    this.#outcomes = deps.outcomes;
    this.#tenants = deps.tenants;
    this.#clock = deps.clock;
  }

  async slaReport(caller: ReportCaller, query: SlaReportQuery): Promise<SlaReport> {
    return this.report(await this.#tenantIds(caller, query.tenant), query.from, query.to);
  }

  /** The report of these tenants, each over its own local days `from`..`to` (no access check: callers do it). */
  async report(tenantIds: readonly string[], from: string, to: string): Promise<SlaReport> {
    const now = this.#clock.now();
    const report: SlaReport = { from, to, generatedAt: formatInstant(now), tenants: [], rows: [] };
    for (const tenantId of tenantIds) {
      const tenant = await this.#tenants.getTenant(tenantId);
      if (!tenant) throw new TenantNotFoundError(tenantId);
      const timezone = tenant.timezone ?? 'UTC';
      const period = periodInstants(from, to, timezone);
      const outcomes = [];
      for (const month of monthsCovering(period.start, period.end)) {
        outcomes.push(...(await this.#outcomes.listOutcomes(tenantId, month)));
      }
      report.tenants.push({ tenantId, timezone });
      report.rows.push(...reportRows(tenantId, outcomes, period, now));
    }
    return report;
  }

  async #tenantIds(caller: ReportCaller, tenant: string | undefined): Promise<string[]> {
    const { principal } = caller;
    if (caller.allTenants && (principal.role === 'admin' || principal.role === 'agent')) {
      // One tenant when they name one (X-Tenant-Id or ?tenant=, as on every route), every tenant when they name none.
      const named = tenantNamedByStaff(caller, tenant);
      return named !== undefined ? [named] : (await this.#tenants.listTenantIds()).sort();
    }
    if (principal.role !== 'admin' && principal.role !== 'system') {
      throw new ForbiddenActionError('only admins (or staff serving every tenant) read SLA reports');
    }
    if (tenant !== undefined && tenant !== principal.tenantId) {
      throw new ForbiddenActionError('an admin reads the report of their own tenant only');
    }
    return [principal.tenantId];
  }
}
