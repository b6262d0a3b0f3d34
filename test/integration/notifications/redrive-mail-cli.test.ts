/**
 * `npm run redrive-mail` as an operator runs it (the real process through tsx), pointed at DynamoDB Local and the
 * local SQS: a dry run's summary line and exit code, one line and exit 2 for a bad argument. (Sending goes
 * through the deployed Lambda; redrive-mail.test.ts runs the same redrive with the handler in-process.)
 */
import { execFile } from 'node:child_process';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReportDueSink } from '../../../shared/adapters/dynamodb/report-due.js';
import { createSqsClient } from '../../../shared/adapters/sqs/mail-dead-letters.js';
import { ManualClock } from '../../../shared/clock.js';
import { createTicketServices } from '../../../shared/composition/ticket-services.js';
import { seedDemoTenants } from '../../../shared/local/runtime.js';
import { type LocalSqs, startLocalSqs } from '../../../shared/local/sqs-server.js';
import { reportMonths } from '../../../shared/notifications/redrive-mail.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/redrive-mail.ts', ...args],
      { env: { ...process.env, AWS_REGION: 'us-east-1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

let table: TestTable;
let sqs: LocalSqs;

beforeAll(async () => {
  table = await createTestTable('redrive-cli');
  sqs = await startLocalSqs();
  // An hour ago (the command reads the real clock): the acknowledgement is owed and old enough.
  const services = createTicketServices({
    client: table.client,
    tableName: table.tableName,
    clock: new ManualClock(Date.now() - 3_600_000),
  });
  await seedDemoTenants(services);
  await services.tickets.createTicket(
    { tenantId: 'interzen', role: 'customer', sub: 'c', email: 'c@example.org' },
    { subject: 'Export fails', description: 'Every CSV export fails.' },
  );
  // Last month's report, recorded an hour ago and never sent: owed too.
  await new DynamoReportDueSink(table.client, table.tableName).recordReportDue({
    tenantId: 'interzen',
    month: reportMonths(Date.now())[1] as string,
    recipients: ['reports@interzen.example.org'],
    language: 'it',
    timezone: 'Europe/Rome',
    subject: 'Rapporto SLA',
    text: 'Conformità.',
    createdAt: Date.now() - 3_600_000,
  });
  const client = createSqsClient({ endpoint: sqs.endpoint });
  await client.send(
    new SendMessageCommand({
      QueueUrl: sqs.queueUrl('mail-dlq'),
      MessageBody: JSON.stringify({ DDBStreamBatchInfo: { batchSize: 1, shardId: 'shardId-1' } }),
    }),
  );
  client.destroy();
});

afterAll(async () => {
  await sqs?.stop();
  await table?.drop();
});

describe('npm run redrive-mail (the command)', () => {
  it('a dry run counts the dead letters and the owed mail, sends and deletes nothing, exits 0', async () => {
    const args = [
      '--table',
      table.tableName,
      '--queue-url',
      sqs.queueUrl('mail-dlq'),
      '--dynamodb-endpoint',
      table.endpoint,
      '--sqs-endpoint',
      sqs.endpoint,
      '--dry-run',
    ];
    const result = await run(args);
    expect(result.stdout).toBe(
      '1 dead letters, 2 owed mails unsent, 1 of them monthly reports (dry run: nothing sent, nothing deleted)\n',
    );
    expect(result.stderr).toContain('owed: interzen/t_');
    expect(result.stderr).toContain(`owed: interzen/report ${reportMonths(Date.now())[1]} monthlyReport`);
    expect(result.code).toBe(0);
    expect(sqs.bodies('mail-dlq')).toHaveLength(1);
  });

  it('a bad or missing argument: one line naming it, exit 2', async () => {
    const missing = await run(['--table', 'tickets', '--queue-url', sqs.queueUrl('mail-dlq')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      'redrive-mail: --function is required: the notification Lambda name or ARN (NotificationFunctionName output) (--help for usage)\n',
    );
    const bad = await run(['--table', 'tickets', '--queue-url', 'not a url', '--dry-run']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(bad.stderr).toContain('--queue-url');
  });
});
