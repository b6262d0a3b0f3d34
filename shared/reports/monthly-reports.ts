/**
 * The monthly reports (the monthly-report Lambda, fired by an EventBridge Scheduler recurring schedule on the
 * 1st): for every tenant with report contacts, its previous month's report (local days in its zone), rendered in
 * its language and recorded as due once per tenant and month. A repeated run (Scheduler retries, a manual
 * re-invoke) records nothing twice. The `report_due` item is the mail owed: the notification Lambda takes it
 * from the table's stream and sends it (shared/notifications/send-owed-mail.ts), as it sends the outbox.
 */
import { DateTime } from 'luxon';
import type { Clock } from '../clock.js';
import type { ReportDueSink, TenantDirectory } from './ports.js';
import { renderReportMail } from './report-mail.js';
import type { ReportService } from './report-service.js';

export interface MonthlyReportsDeps {
  tenants: TenantDirectory;
  reports: ReportService;
  sink: ReportDueSink;
  clock: Clock;
}

export interface MonthlyReportsResult {
  recorded: string[];
  alreadyRecorded: string[];
  /** Tenants without report contacts. */
  skipped: string[];
}

/** The local month before the one `now` falls in, in `zone`: `2026-11`, first and last day. */
export function previousMonth(now: number, zone: string): { month: string; from: string; to: string } {
  const first = DateTime.fromMillis(now, { zone }).startOf('month').minus({ months: 1 });
  return {
    month: first.toFormat('yyyy-MM'),
    from: first.toISODate() as string,
    to: first.endOf('month').toISODate() as string,
  };
}

export async function recordMonthlyReports(deps: MonthlyReportsDeps): Promise<MonthlyReportsResult> {
  const result: MonthlyReportsResult = { recorded: [], alreadyRecorded: [], skipped: [] };
  const now = deps.clock.now();
  for (const tenantId of (await deps.tenants.listTenantIds()).sort()) {
    const tenant = await deps.tenants.getTenant(tenantId);
    if (!tenant || (tenant.reportContacts ?? []).length === 0) {
      result.skipped.push(tenantId);
      continue;
    }
    const timezone = tenant.timezone ?? 'UTC';
    const { month, from, to } = previousMonth(now, timezone);
    const report = await deps.reports.report([tenantId], from, to);
    const mail = renderReportMail(report, { ...tenant, timezone }, month);
    const stored = await deps.sink.recordReportDue({
      tenantId,
      ...(tenant.name ? { tenantName: tenant.name } : {}),
      month,
      recipients: [...tenant.reportContacts],
      language: mail.language,
      timezone,
      subject: mail.subject,
      text: mail.text,
      createdAt: now,
    });
    (stored ? result.recorded : result.alreadyRecorded).push(tenantId);
  }
  return result;
}
