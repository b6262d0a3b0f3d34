// `npm run report -- --tenant T --month 2026-11 [--csv | --json] [--api URL]`: the SLA compliance report of one
// tenant's month (its local days), read from the running local product (`npm start`) through the same
// `GET /reports/sla` the API serves, with a local staff token. Exit 0: printed; 1: the API refused or is not
// running (its message on stderr); 2: bad arguments (one line saying which).
import { parseArgs } from 'node:util';
import { DateTime } from 'luxon';
import { signLocalToken } from '../shared/auth/local-token.js';
import type { SlaReport } from '../shared/reports/sla-report.js';

const USAGE = 'usage: npm run report -- --tenant ID --month YYYY-MM [--csv | --json] [--api URL]';

function fail(code: number, message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function table(report: SlaReport): string {
  const head = [
    'milestone',
    'priority',
    'counted',
    'met',
    'breached',
    'running',
    'compliance %',
    'median min',
    'p90 min',
    'breaches by level',
  ];
  const rows = report.rows.map((r) =>
    [
      r.milestone,
      r.priority,
      r.counted,
      r.met,
      r.breached,
      r.running,
      r.compliancePercent ?? '-',
      r.medianBusinessMinutes ?? '-',
      r.p90BusinessMinutes ?? '-',
      Object.entries(r.breachesByEscalationLevel)
        .map(([level, n]) => `L${level}: ${n}`)
        .join(', ') || '-',
    ].map(String),
  );
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  const zones = report.tenants.map((t) => `${t.tenantId} (${t.timezone})`).join(', ');
  return [
    `SLA report ${report.from}..${report.to}, ${zones}, as of ${report.generatedAt}`,
    '',
    line(head),
    ...(rows.length === 0 ? ['(no SLA milestone started in the period)'] : rows.map(line)),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  let values: { tenant?: string; month?: string; api?: string; csv?: boolean; json?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        tenant: { type: 'string' },
        month: { type: 'string' },
        api: { type: 'string', default: 'http://127.0.0.1:3000' },
        csv: { type: 'boolean' },
        json: { type: 'boolean' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail(2, `${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
  }
  if (!values.tenant) fail(2, `--tenant is required\n${USAGE}`);
  const month = DateTime.fromFormat(values.month ?? '', 'yyyy-MM', { zone: 'UTC' });
  if (!/^\d{4}-\d{2}$/.test(values.month ?? '') || !month.isValid)
    fail(2, `--month must be YYYY-MM\n${USAGE}`);
  if (values.csv && values.json) fail(2, `--csv and --json exclude each other\n${USAGE}`);

  const from = month.toISODate() as string;
  const to = month.endOf('month').toISODate() as string;
  const token = await signLocalToken({ tenant: '*', role: 'admin', sub: 'local-report' });
  const url = new URL('/reports/sla', values.api);
  url.search = new URLSearchParams({ from, to, tenant: values.tenant }).toString();
  let response: Response;
  try {
    response = await fetch(url, {
      headers: { authorization: `Bearer ${token}`, accept: values.csv ? 'text/csv' : 'application/json' },
    });
  } catch (error) {
    fail(
      1,
      `cannot reach ${values.api} (is npm start running?): ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const text = await response.text();
  if (!response.ok) fail(1, `GET ${url.pathname} answered ${response.status}: ${text}`);
  if (values.csv) process.stdout.write(text);
  else if (values.json) process.stdout.write(`${JSON.stringify(JSON.parse(text), null, 2)}\n`);
  else process.stdout.write(table(JSON.parse(text) as SlaReport));
}

await main();
