/**
 * `POST /_local/reports/monthly`: what the monthly-report Lambda does on the 1st, on demand. It records each
 * tenant's previous-month report as due (the same use case and table code as the Lambda), then lets the
 * notification handler take the `report_due` items from the stream, so when it answers the mail is in the
 * local SES (`GET :8005/store`). `{"at": ISO}` runs it as of that instant without moving the runtime's clock
 * (`{"at":"2026-12-01T06:00:00Z"}` reports November); no body runs it now. A tenant and month already
 * reported is not mailed again.
 */
import type { Clock } from '../clock.js';
import { monthlyReportsDeps } from '../composition/monthly-report.js';
import { type MonthlyReportsResult, recordMonthlyReports } from '../reports/monthly-reports.js';
import { formatInstant } from '../sla/instant.js';
import * as z from '../zod.js';
import type { LocalResponse, LocalRuntimeContext } from './component.js';

export const MONTHLY_REPORTS_PATH = '/_local/reports/monthly';

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
  const clock: Clock = at === null ? ctx.clock : { now: () => at };
  const result: MonthlyReportsResult = await recordMonthlyReports(
    monthlyReportsDeps({ client: ctx.dynamoDb, tableName: ctx.tableName, clock }),
  );
  await settleMail();
  return { status: 200, body: { at: formatInstant(clock.now()), ...result } };
}
