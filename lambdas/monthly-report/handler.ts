/**
 * The monthly-report Lambda: an EventBridge Scheduler recurring schedule invokes it on the 1st of each month;
 * it records each tenant's previous-month SLA report as due for its report contacts (once per tenant and
 * month, so Scheduler's retries are harmless); the notification Lambda mails each one off the table's stream.
 * A failure throws: Scheduler retries, then its DLQ keeps the invocation. The wiring is
 * `shared/composition/monthly-report.ts`.
 */
import { composeMonthlyReports } from '../../shared/composition/monthly-report.js';
import type { MonthlyReportsResult } from '../../shared/reports/monthly-reports.js';

let run: ReturnType<typeof composeMonthlyReports> | undefined;

export const handler = async (): Promise<MonthlyReportsResult> => {
  run ??= composeMonthlyReports();
  return run();
};
