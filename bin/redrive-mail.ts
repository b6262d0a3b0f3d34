// `npm run redrive-mail -- ...`: sends the mail the notification Lambda gave up on (its DLQ alarm), from the
// outbox and report_due items in the table, through the deployed notification Lambda (see
// shared/notifications/redrive-mail.ts).
// Run by an operator with their own credentials; values from the stacks' outputs. Exit 0: nothing owed is left
// unsent and the dead letters are deleted (or a dry run); 1: some mail failed again (the dead letters stay);
// 2: bad arguments (one line saying which).
import { parseArgs } from 'node:util';
import { createDynamoClient } from '../shared/adapters/dynamodb/client.js';
import { createLambdaClient, lambdaTarget } from '../shared/adapters/lambda/owed-mail-target.js';
import { createSqsClient, SqsMailDeadLetters } from '../shared/adapters/sqs/mail-dead-letters.js';
import { redriveTableMail } from '../shared/composition/redrive-mail.js';
import { formatRedriveReport } from '../shared/notifications/redrive-mail.js';

const USAGE =
  'usage: npm run redrive-mail -- --table NAME --queue-url URL --function NAME [--region R] [--min-age-minutes N] [--dry-run] [--dynamodb-endpoint URL] [--sqs-endpoint URL]';

class UsageError extends Error {}

const PATTERNS = {
  table: { pattern: /^[a-zA-Z0-9_.-]{3,255}$/, what: 'a DynamoDB table name (TableName output)' },
  'queue-url': {
    pattern: /^https?:\/\/\S+\/\d{12}\/[a-zA-Z0-9_-]{1,80}$/,
    what: 'an SQS queue URL (MailDlqUrl output)',
  },
  function: {
    pattern: /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:)?[a-zA-Z0-9_-]{1,140}$/,
    what: 'the notification Lambda name or ARN (NotificationFunctionName output)',
  },
  region: { pattern: /^[a-z]{2}(-[a-z]+)+-\d+$/, what: 'an AWS region such as eu-west-1' },
  'min-age-minutes': { pattern: /^\d{1,5}$/, what: 'whole minutes (default 15)' },
  'dynamodb-endpoint': { pattern: /^https?:\/\/\S+$/, what: 'an http(s) URL' },
  'sqs-endpoint': { pattern: /^https?:\/\/\S+$/, what: 'an http(s) URL' },
} as const;

type Option = keyof typeof PATTERNS;

function parse(argv: string[]) {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...(Object.fromEntries(Object.keys(PATTERNS).map((name) => [name, { type: 'string' }])) as Record<
          Option,
          { type: 'string' }
        >),
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const values = parsed.values as Partial<Record<Option, string>> & { 'dry-run'?: boolean; help?: boolean };
  if (values.help === true) return { values, dryRun: false, help: true };
  const dryRun = values['dry-run'] === true;
  // A dry run sends nothing, so it needs no function.
  const required: Option[] = dryRun ? ['table', 'queue-url'] : ['table', 'queue-url', 'function'];
  for (const name of required) {
    if (values[name] === undefined) throw new UsageError(`--${name} is required: ${PATTERNS[name].what}`);
  }
  for (const name of Object.keys(PATTERNS) as Option[]) {
    const value = values[name];
    if (value !== undefined && !PATTERNS[name].pattern.test(value)) {
      throw new UsageError(`--${name} ${JSON.stringify(value)} is not ${PATTERNS[name].what}`);
    }
  }
  return { values, dryRun, help: false };
}

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`redrive-mail: ${error.message} (--help for usage)\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { values, dryRun } = options;
  const region = values.region;
  const dynamo = createDynamoClient({
    ...(values['dynamodb-endpoint'] ? { endpoint: values['dynamodb-endpoint'] } : {}),
    ...(region ? { region } : {}),
  });
  const sqs = createSqsClient({
    ...(values['sqs-endpoint'] ? { endpoint: values['sqs-endpoint'] } : {}),
    ...(region ? { region } : {}),
  });
  const lambda = createLambdaClient(region);
  const log = (line: string) => process.stderr.write(`redrive-mail: ${line}\n`);
  try {
    const report = await redriveTableMail(
      {
        dynamo,
        tableName: values.table ?? '',
        // A dry run hides the messages from other readers briefly only.
        deadLetters: new SqsMailDeadLetters(sqs, values['queue-url'] ?? '', dryRun ? 30 : 15 * 60),
        target: lambdaTarget(lambda, values.function ?? ''),
        log,
      },
      {
        dryRun,
        ...(values['min-age-minutes'] ? { minAgeMs: Number(values['min-age-minutes']) * 60_000 } : {}),
      },
    );
    process.stdout.write(`${formatRedriveReport(report)}\n`);
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    const e = error as { name?: string; message?: string };
    log(`stopped: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`);
    return 1;
  } finally {
    dynamo.destroy();
    sqs.destroy();
    lambda.destroy();
  }
}

process.exitCode = await main(process.argv.slice(2));
