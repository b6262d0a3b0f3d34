// The mail redrive against DynamoDB Local, aws-ses-v2-local and the local SQS, with the real notification
// handler (shared/composition/notification.ts) as its target: the owed mail comes from the outbox items, the
// send ledger keeps it to once, the dead letters go only when everything owed went.
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoUnsentOutbox } from '../../../shared/adapters/dynamodb/unsent-outbox.js';
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

describe('npm run redrive-mail: owed mail from the outbox, once', () => {
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
      '1 dead letters, 2 owed mails unsent: 2 delivered, 0 failed, 1 dead letters deleted',
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
});
