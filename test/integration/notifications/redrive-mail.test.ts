// The mail redrive against DynamoDB Local, aws-ses-v2-local and the local SQS, with the real notification
// handler (shared/composition/notification.ts) as its target: the owed mail comes from the outbox items and the
// monthly reports' report_due items, the send ledger keeps it to once, the dead letters go only when
// everything owed went.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoReportDueSink } from '../../../shared/adapters/dynamodb/report-due.js';
import { DynamoUnsentOutbox } from '../../../shared/adapters/dynamodb/unsent-outbox.js';
import { DynamoUnsentReports } from '../../../shared/adapters/dynamodb/unsent-reports.js';
import { handlerTarget, owedMailStreamEvent } from '../../../shared/adapters/lambda/owed-mail-target.js';
import { createSqsClient, SqsMailDeadLetters } from '../../../shared/adapters/sqs/mail-dead-letters.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { createNotificationHandler } from '../../../shared/composition/notification.js';
import { redriveTableMail } from '../../../shared/composition/redrive-mail.js';
import { createTicketServices, type TicketServices } from '../../../shared/composition/ticket-services.js';
import { seedDemoTenants } from '../../../shared/local/runtime.js';
import { fetchSentMail, type LocalSes, startLocalSes } from '../../../shared/local/ses-server.js';
import { type LocalSqs, startLocalSqs } from '../../../shared/local/sqs-server.js';
import { formatRedriveReport } from '../../../shared/notifications/redrive-mail.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const customer: Principal = {
  tenantId: 'enterprise-support',
  role: 'customer',
  sub: 'ada',
  email: 'ada@example.org',
};

/** Lambda's on-failure record of a stream batch, as it lands in the notification stream's DLQ. */
function onFailureRecord(at: string) {
  return JSON.stringify({
    requestContext: {
      requestId: 'r-1',
      functionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:notify',
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: at,
    DDBStreamBatchInfo: {
      shardId: 'shardId-00000001573689847184-864758bb',
      startSequenceNumber: '800000000003126276362',
      endSequenceNumber: '800000000003126276370',
      approximateArrivalOfFirstRecord: at,
      approximateArrivalOfLastRecord: at,
      batchSize: 2,
      streamArn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/t/stream/2026-03-01T00:00:00.000',
    },
  });
}

describe('npm run redrive-mail: owed mail from the outbox and the monthly reports, once', () => {
  let table: TestTable;
  let ses: LocalSes;
  let sqs: LocalSqs;
  let services: TicketServices;
  const clock = new ManualClock(T0);
  const sqsClient = () => createSqsClient({ endpoint: sqs.endpoint });

  const notificationHandler = (sesEndpoint: string) =>
    createNotificationHandler({
      env: {
        TABLE_NAME: table.tableName,
        DYNAMODB_ENDPOINT: table.endpoint,
        SES_ENDPOINT: sesEndpoint,
        SENDER_ADDRESS: 'support@support.localhost',
        SUPPORT_DOMAIN: 'support.localhost',
        AWS_REGION: 'us-east-1',
        POWERTOOLS_METRICS_NAMESPACE: 'SlaSentinelTest',
      },
      clock,
      retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });

  const redrive = (
    queueUrl: string,
    sesEndpoint: string,
    options: { dryRun?: boolean } = {},
    lines: string[] = [],
  ) => {
    const handler = notificationHandler(sesEndpoint);
    const client = sqsClient();
    return redriveTableMail(
      {
        dynamo: table.client,
        tableName: table.tableName,
        // Visibility 0: a message not deleted is there again at once (the next assertion reads the queue).
        deadLetters: new SqsMailDeadLetters(client, queueUrl, 0),
        target: handlerTarget(async (event) => ({
          batchItemFailures: (await handler.handle(event)).batchItemFailures,
        })),
        clock,
        log: (line) => lines.push(line),
      },
      options,
    ).finally(() => client.destroy());
  };

  const mailsAbout = async (reference: string) =>
    (await fetchSentMail(ses.endpoint)).filter((m) => m.subject.includes(reference));

  beforeAll(async () => {
    table = await createTestTable('redrive');
    ses = await startLocalSes({ port: 0 });
    sqs = await startLocalSqs();
    services = createTicketServices({ client: table.client, tableName: table.tableName, clock });
    await seedDemoTenants(services);
  });
  afterAll(async () => {
    await sqs?.stop();
    await ses?.stop();
    await table?.drop();
  });

  it('dry run lists the owed mail and touches nothing; the run sends each once and deletes the dead letters', async () => {
    const one = await services.tickets.createTicket(customer, {
      subject: 'VPN drops',
      description: 'Hourly.',
    });
    const two = await services.tickets.createTicket(customer, {
      subject: 'Export fails',
      description: 'CSV.',
    });
    const queueUrl = sqs.queueUrl('mail-dlq');
    const client = sqsClient();
    await client.send(
      new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: onFailureRecord('2026-03-02T10:00:05Z') }),
    );
    client.destroy();
    clock.advance(20 * 60_000);

    const lines: string[] = [];
    const dry = await redrive(queueUrl, ses.endpoint, { dryRun: true }, lines);
    expect(dry).toMatchObject({ dryRun: true, deadLetters: 1, owed: 2, delivered: 0, deadLettersDeleted: 0 });
    expect(lines.some((l) => l.includes('2 stream records, 2026-03-02T10:00:05Z'))).toBe(true);
    expect(await mailsAbout(one.ticket.reference)).toHaveLength(0);
    expect(sqs.bodies('mail-dlq')).toHaveLength(1);

    const report = await redrive(queueUrl, ses.endpoint);
    expect(report).toMatchObject({
      dryRun: false,
      deadLetters: 1,
      owed: 2,
      delivered: 2,
      failed: 0,
      deadLettersDeleted: 1,
    });
    expect(formatRedriveReport(report)).toBe(
      '1 dead letters, 2 owed mails unsent, 0 of them monthly reports: 2 delivered, 0 failed, 1 dead letters deleted',
    );
    for (const ticket of [one.ticket, two.ticket]) {
      const mails = await mailsAbout(ticket.reference);
      expect(mails.map((m) => m.destination.to)).toEqual([['ada@example.org']]);
      expect(mails[0]?.subject).toContain('We received your request');
    }
    expect(sqs.bodies('mail-dlq')).toHaveLength(0);

    // Redriven again: the ledger says sent, nothing is owed, nothing goes twice.
    const again = await redrive(queueUrl, ses.endpoint);
    expect(again).toMatchObject({ owed: 0, delivered: 0, failed: 0 });
    expect(await mailsAbout(one.ticket.reference)).toHaveLength(1);
  });

  it('a mail the stream already sent, or still young, is not owed; handed over twice it still goes once', async () => {
    const sent = await services.tickets.createTicket(customer, { subject: 'Printer', description: 'Jam.' });
    expect((await redrive(sqs.queueUrl('empty-dlq'), ses.endpoint, { dryRun: true })).owed).toBe(0); // young
    // The stream's own delivery (the live notification Lambda's handler, the same stream record shape).
    const items = [];
    for await (const page of new DynamoUnsentOutbox(table.client, table.tableName).unsent(clock.now())) {
      items.push(...page.filter((i) => i.ticketId === sent.ticket.id));
    }
    expect(items.map((i) => i.template)).toEqual(['acknowledgement']);
    const handled = await notificationHandler(ses.endpoint).handle(owedMailStreamEvent(items));
    expect(handled).toMatchObject({ sent: 1, batchItemFailures: [] });
    clock.advance(16 * 60_000);
    const young = await services.tickets.createTicket(customer, { subject: 'Mouse', description: 'Dead.' });
    clock.advance(60_000);
    const report = await redrive(sqs.queueUrl('empty-dlq'), ses.endpoint);
    expect(report).toMatchObject({ deadLetters: 0, owed: 0, delivered: 0 });
    expect(await mailsAbout(sent.ticket.reference)).toHaveLength(1);
    expect(await mailsAbout(young.ticket.reference)).toHaveLength(0);

    // Two redrives one after the other once it is old enough: one mail.
    clock.advance(15 * 60_000);
    expect((await redrive(sqs.queueUrl('empty-dlq'), ses.endpoint)).delivered).toBe(1);
    expect((await redrive(sqs.queueUrl('empty-dlq'), ses.endpoint)).owed).toBe(0);
    expect(await mailsAbout(young.ticket.reference)).toHaveLength(1);
  });

  it('while SES still refuses: the mail stays owed, the dead letters stay, the report says failed', async () => {
    const refusing = await startLocalSes({ port: 0, outageSeconds: 600 });
    try {
      const down = await services.tickets.createTicket(customer, { subject: 'Wifi', description: 'Off.' });
      const queueUrl = sqs.queueUrl('outage-dlq');
      const client = sqsClient();
      await client.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: onFailureRecord('2026-03-02T11:00:00Z') }),
      );
      client.destroy();
      clock.advance(20 * 60_000);
      const report = await redrive(queueUrl, refusing.endpoint);
      expect(report).toMatchObject({ owed: 1, delivered: 0, failed: 1, deadLettersDeleted: 0 });
      expect(formatRedriveReport(report)).toContain('1 dead letters kept');
      expect(sqs.bodies('outage-dlq')).toHaveLength(1);

      // SES answers again: the same command sends it, once, and clears the queue.
      const after = await redrive(queueUrl, ses.endpoint);
      expect(after).toMatchObject({ owed: 1, delivered: 1, failed: 0, deadLettersDeleted: 1 });
      expect(await mailsAbout(down.ticket.reference)).toHaveLength(1);
      expect(sqs.bodies('outage-dlq')).toHaveLength(0);
    } finally {
      await refusing.stop();
    }
  });

  it('monthly report mail: a failed send is redriven once, a sent one not, a dry run sends nothing', async () => {
    const sink = new DynamoReportDueSink(table.client, table.tableName);
    const queueUrl = sqs.queueUrl('report-dlq');
    const due = (tenantId: string, month: string, recipient: string) => ({
      tenantId,
      tenantName: 'Redrive Co',
      month,
      recipients: [recipient, ' '],
      language: 'en',
      timezone: 'UTC',
      subject: `SLA report ${month} for ${recipient}`,
      text: `Compliance ${month}.`,
      createdAt: clock.now(),
    });
    const failed = due('enterprise-support', '2026-02', 'ops@enterprise.example.org');
    const sentByStream = due('interzen', '2026-02', 'ops@interzen.example.org');
    // Older than the months the redrive reads (this UTC month and the two before): never looked up.
    const tooOld = due('harmoni', '2025-11', 'ops@harmoni.example.org');
    for (const report of [failed, sentByStream, tooOld])
      expect(await sink.recordReportDue(report)).toBe(true);
    const reportMails = async (report: { subject: string }) =>
      (await fetchSentMail(ses.endpoint)).filter((m) => m.subject === report.subject);

    // The stream's delivery, through the live handler (the same record shape): SES refuses the first (the
    // Lambda gives up on it, its batch lands in the DLQ), the second goes out.
    const recorded = await new DynamoUnsentReports(table.client, table.tableName).unsent({
      tenantIds: ['enterprise-support', 'interzen', 'harmoni'],
      months: ['2026-02', '2025-11'],
      createdBefore: clock.now(),
    });
    const item = (tenantId: string) => recorded.filter((r) => r.tenantId === tenantId);
    expect(recorded).toHaveLength(3);
    const refusing = await startLocalSes({ port: 0, outageSeconds: 600 });
    try {
      const refused = await notificationHandler(refusing.endpoint).handle(
        owedMailStreamEvent(item('enterprise-support')),
      );
      expect(refused.batchItemFailures).toHaveLength(1);
      const delivered = await notificationHandler(ses.endpoint).handle(owedMailStreamEvent(item('interzen')));
      expect(delivered).toMatchObject({ sent: 1, batchItemFailures: [] });
      expect(await reportMails(sentByStream)).toHaveLength(1);

      // A ticket's acknowledgement failed alongside, a little later: both are owed, the report first.
      clock.advance(60_000);
      const ticket = await services.tickets.createTicket(customer, {
        subject: 'Report',
        description: 'Late.',
      });
      const client = sqsClient();
      await client.send(
        new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: onFailureRecord('2026-03-02T12:00:00Z') }),
      );
      client.destroy();
      clock.advance(20 * 60_000);

      const lines: string[] = [];
      const dry = await redrive(queueUrl, ses.endpoint, { dryRun: true }, lines);
      expect(dry).toMatchObject({ deadLetters: 1, owed: 2, owedReports: 1, delivered: 0 });
      expect(formatRedriveReport(dry)).toBe(
        '1 dead letters, 2 owed mails unsent, 1 of them monthly reports (dry run: nothing sent, nothing deleted)',
      );
      const owedLines = lines.filter((l) => l.startsWith('owed: '));
      expect(owedLines[0]).toMatch(/^owed: enterprise-support\/report 2026-02 monthlyReport \(/);
      expect(owedLines[1]).toContain(`enterprise-support/${ticket.ticket.id} acknowledgement`);
      expect(await reportMails(failed)).toHaveLength(0);
      expect(sqs.bodies('report-dlq')).toHaveLength(1);

      // SES still refuses: the report fails first, the ticket mail after it waits, the dead letter stays.
      const down = await redrive(queueUrl, refusing.endpoint);
      expect(down).toMatchObject({ owed: 2, owedReports: 1, delivered: 0, failed: 2, deadLettersDeleted: 0 });
      expect(sqs.bodies('report-dlq')).toHaveLength(1);
    } finally {
      await refusing.stop();
    }

    const report = await redrive(queueUrl, ses.endpoint);
    expect(formatRedriveReport(report)).toBe(
      '1 dead letters, 2 owed mails unsent, 1 of them monthly reports: 2 delivered, 0 failed, 1 dead letters deleted',
    );
    const mails = await reportMails(failed);
    expect(mails.map((m) => m.destination.to)).toEqual([['ops@enterprise.example.org']]);
    expect(mails[0]?.from).toContain('Redrive Co');
    expect(sqs.bodies('report-dlq')).toHaveLength(0);

    // Redriven again: the ledger says sent; each report went once, the out-of-window one was never read.
    expect(await redrive(queueUrl, ses.endpoint)).toMatchObject({ owed: 0, owedReports: 0, delivered: 0 });
    expect(await reportMails(failed)).toHaveLength(1);
    expect(await reportMails(sentByStream)).toHaveLength(1);
    expect(await reportMails(tooOld)).toHaveLength(0);
  });
});
