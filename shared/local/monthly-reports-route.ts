/**
 * `POST /_local/reports/monthly`: what the monthly-report Lambda does on the 1st, on demand. It records each
 * tenant's previous-month report as due (the same use case and table code as the Lambda), then lets the
 * notification handler take the `report_due` items from the stream, so when it answers the mail is in the
 * local SES (`GET :8005/store`). `{"at": ISO}` runs it as of that instant without moving the runtime's clock
 * (`{"at":"2026-12-01T06:00:00Z"}` reports November; from 2000 to a year past the runtime clock); no body runs it now. A tenant and month already
 * reported is not mailed again.
 */
import type { Clock } from '../clock.js';
import { monthlyReportsDeps } from '../composition/monthly-report.js';
import { type MonthlyReportsResult, recordMonthlyReports } from '../reports/monthly-reports.js';
import { formatInstant } from '../sla/instant.js';
import * as z from '../zod.js';
import type { LocalResponse, LocalRuntimeContext } from './component.js';

export const MONTHLY_REPORTS_PATH = '/_local/reports/monthly';
const EARLIEST_AT = Date.parse('2000-01-01T00:00:00Z');

const requestSchema = z.optional(z.strictObject({ at: z.optional(z.iso.datetime({ offset: true })) }));

export async function handleMonthlyReportsRequest(
  ctx: Pick<LocalRuntimeContext, 'clock' | 'dynamoDb' | 'tableName'>,
  settleMail: () => Promise<void>,
  body: unknown,
): Promise<LocalResponse> {
  const parsed = requestSchema.safeParse(body);
  if (!parsed.success) {
    return {
      status: 400,
      body: {
        message: 'Body must be empty or {"at": ISO-8601}',
        fields: parsed.error.issues.map((i) => ({ path: i.path.join('.'), reason: i.message })),
      },
    };
  }
  const at = parsed.data?.at === undefined ? null : Date.parse(parsed.data.at);
  // A rehearsal may run ahead of the runtime's clock (the walkthrough reports November before December comes),
  // but not by more than a year, and no tenant existed before 2000: anything else is a typo, not a report.
  const latest = ctx.clock.now() + 366 * 86_400_000;
  if (at !== null && (at > latest || at < EARLIEST_AT)) {
    return {
      status: 400,
      body: {
        message: `"at" must lie between ${formatInstant(EARLIEST_AT)} and a year after the runtime clock's now (${formatInstant(latest)})`,
        fields: [{ path: 'at', reason: 'outside the months that can be reported' }],
      },
    };
  }
  const clock: Clock = at === null ? ctx.clock : { now: () => at };
  const result: MonthlyReportsResult = await recordMonthlyReports(
    monthlyReportsDeps({ client: ctx.dynamoDb, tableName: ctx.tableName, clock }),
  );
  await settleMail();
  return { status: 200, body: { at: formatInstant(clock.now()), ...result } };
}
