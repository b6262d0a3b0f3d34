// `npm run backfill-outcomes -- --table NAME [--tenant T] [--dry-run]`: writes the milestone outcome items that
// tickets written before outcomes existed lack, derived from each ticket's stored SLA history (see
// shared/reports/backfill-outcomes.ts), so the compliance reports count them. Run by an operator with their own
// credentials (TableName output of the stateful stack); safe to re-run: every write is conditional, a second run
// writes nothing. Progress on stderr, the summary on stdout. Exit 0: done; 1: stopped by an error (logged);
// 2: bad arguments (one line saying which).
import { createDynamoClient } from '../shared/adapters/dynamodb/client.js';
import { TENANT_ID_PATTERN } from '../shared/auth/principal.js';
import { systemClock } from '../shared/clock.js';
import { backfillTableOutcomes } from '../shared/composition/backfill-outcomes.js';
import { formatBackfillReport } from '../shared/reports/backfill-outcomes.js';
import { readOperatorArgs, stoppedLine } from './operator-args.js';

const USAGE =
  'usage: npm run backfill-outcomes -- --table NAME [--tenant ID] [--dry-run] [--region R] [--dynamodb-endpoint URL]';

const PATTERNS = {
  table: { pattern: /^[a-zA-Z0-9_.-]{3,255}$/, what: 'a DynamoDB table name (TableName output)' },
  tenant: { pattern: TENANT_ID_PATTERN, what: 'a tenant id' },
  region: { pattern: /^[a-z]{2}(-[a-z]+)+-\d+$/, what: 'an AWS region such as eu-west-1' },
  'dynamodb-endpoint': { pattern: /^https?:\/\/\S+$/, what: 'an http(s) URL' },
} as const;

async function main(argv: string[]): Promise<number> {
  const args = readOperatorArgs({ name: 'backfill-outcomes', usage: USAGE }, argv, PATTERNS, () => ['table']);
  if ('exitCode' in args) return args.exitCode;
  const { values } = args;
  const dynamo = createDynamoClient({
    ...(values['dynamodb-endpoint'] ? { endpoint: values['dynamodb-endpoint'] } : {}),
    ...(values.region ? { region: values.region } : {}),
  });
  const log = (line: string) => process.stderr.write(`backfill-outcomes: ${line}\n`);
  try {
    const report = await backfillTableOutcomes(
      { dynamo, tableName: values.table ?? '', clock: systemClock, log },
      { ...(values.tenant ? { tenantId: values.tenant } : {}), dryRun: values['dry-run'] === true },
    );
    process.stdout.write(`${formatBackfillReport(report)}\n`);
    return 0;
  } catch (error) {
    // Credentials, region, table name, permissions: what was written so far stays (each put stands alone).
    log(stoppedLine(error));
    return 1;
  } finally {
    dynamo.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
