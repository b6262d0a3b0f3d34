// `npm run reconcile-timers -- ...`: recreates the Scheduler schedules of every timer the tickets owe (see
// shared/timers/reconcile-timers.ts). Run by an operator with their own credentials after a StreamDlq alarm;
// every value comes from the stacks' outputs. Exit 0: every owed timer has its schedule; 1: some failed (each
// logged); 2: bad arguments (one line saying which).
import { createDynamoClient } from '../shared/adapters/dynamodb/client.js';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
} from '../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { systemClock } from '../shared/clock.js';
import { reconcileTableTimers } from '../shared/composition/reconcile-timers.js';
import { formatReconcileReport } from '../shared/timers/reconcile-timers.js';
import { SCHEDULE_NAME_PATTERN } from '../shared/timers/schedule-name.js';
import { readOperatorArgs, stoppedLine } from './operator-args.js';

const USAGE =
  'usage: npm run reconcile-timers -- --table NAME --group NAME --target-arn ARN --role-arn ARN --dlq-arn ARN [--region R] [--dynamodb-endpoint URL] [--scheduler-endpoint URL] [--concurrency N] [--dry-run]';

const PATTERNS = {
  table: { pattern: /^[a-zA-Z0-9_.-]{3,255}$/, what: 'a DynamoDB table name (TableName output)' },
  group: { pattern: SCHEDULE_NAME_PATTERN, what: 'a schedule group name (ScheduleGroupName output)' },
  'target-arn': {
    pattern: /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[a-zA-Z0-9_-]+(:[a-zA-Z0-9_$-]+)?$/,
    what: 'the sla-timer Lambda ARN (SlaTimerFunctionArn output)',
  },
  'role-arn': {
    pattern: /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/,
    what: 'an IAM role ARN (SchedulerRoleArn output)',
  },
  'dlq-arn': {
    pattern: /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[a-zA-Z0-9_-]+(\.fifo)?$/,
    what: 'an SQS queue ARN (TimerDlqArn output)',
  },
  region: { pattern: /^[a-z]{2}(-[a-z]+)+-\d+$/, what: 'an AWS region such as eu-west-1' },
  'dynamodb-endpoint': { pattern: /^https?:\/\/\S+$/, what: 'an http(s) URL' },
  'scheduler-endpoint': { pattern: /^https?:\/\/\S+$/, what: 'an http(s) URL' },
  concurrency: { pattern: /^([1-9]|[1-5]\d|6[0-4])$/, what: 'an integer from 1 to 64' },
} as const;

async function main(argv: string[]): Promise<number> {
  const args = readOperatorArgs({ name: 'reconcile-timers', usage: USAGE }, argv, PATTERNS, (v) =>
    // A dry run only reads the table, so it needs nothing of the Scheduler.
    v['dry-run'] === true ? ['table'] : ['table', 'group', 'target-arn', 'role-arn', 'dlq-arn'],
  );
  if ('exitCode' in args) return args.exitCode;
  const { values } = args;
  const dryRun = values['dry-run'] === true;
  const region = values.region ? { region: values.region } : {};
  const dynamo = createDynamoClient({
    ...(values['dynamodb-endpoint'] ? { endpoint: values['dynamodb-endpoint'] } : {}),
    ...region,
  });
  const schedulerEndpoint = values['scheduler-endpoint'];
  const schedulerClient = createSchedulerClient(
    { ...(schedulerEndpoint ? { SCHEDULER_ENDPOINT: schedulerEndpoint } : {}), ...pickRegionEnv() },
    region,
  );
  const scheduler = new EventBridgeTimerScheduler(
    schedulerClient,
    {
      groupName: values.group ?? '',
      targetArn: values['target-arn'] ?? '',
      roleArn: values['role-arn'] ?? '',
      deadLetterArn: values['dlq-arn'] ?? '',
    },
    systemClock,
  );
  const log = (line: string) => process.stderr.write(`reconcile-timers: ${line}\n`);
  try {
    const report = await reconcileTableTimers(
      { dynamo, tableName: values.table ?? '', scheduler, log },
      { dryRun, ...(values.concurrency ? { concurrency: Number(values.concurrency) } : {}) },
    );
    process.stdout.write(`${formatReconcileReport(report)}\n`);
    return report.failed > 0 ? 1 : 0;
  } catch (error) {
    // The Scan itself failed (credentials, region, table name, permissions): nothing was done past this point.
    log(stoppedLine(error));
    return 1;
  } finally {
    dynamo.destroy();
    schedulerClient.destroy();
  }
}

/** The region variables only (the local endpoint config reads `AWS_REGION`). */
function pickRegionEnv(): NodeJS.ProcessEnv {
  return process.env.AWS_REGION ? { AWS_REGION: process.env.AWS_REGION } : {};
}

process.exitCode = await main(process.argv.slice(2));
