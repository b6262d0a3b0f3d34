/**
 * The monthly report, end to end through the Lambdas' own composition roots: the api Lambda's (tenants and
 * November tickets), the monthly-report Lambda's (`composeMonthlyReports`, a fixed clock on December 1st) and the
 * notification Lambda's (`createNotificationHandler`) fed by the table's stream as its event source mapping
 * would feed it (the local stream poller), against DynamoDB Local and aws-ses-v2-local. Each tenant with report
 * contacts gets one mail for its previous local month, in its language, with its name as the sender; the
 * stream delivered again, or the monthly run repeated, sends nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStreamsClient, StreamPoller } from '../../../shared/adapters/dynamodb/stream-poller.js';
import { tableStreamArn } from '../../../shared/adapters/dynamodb/table.js';
import { ManualClock } from '../../../shared/clock.js';
import { composeApi } from '../../../shared/composition/api.js';
import { composeMonthlyReports } from '../../../shared/composition/monthly-report.js';
import { createNotificationHandler } from '../../../shared/composition/notification.js';
import type { ApiHandler } from '../../../shared/http/api.js';
import {
  fetchSentMail,
  headerOf,
  type LocalSes,
  type StoredMail,
  startLocalSes,
} from '../../../shared/local/ses-server.js';
import { ENV } from '../../../shared/runtime/env.js';
import { type Caller, callComposedApi } from '../../support/api-harness.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';

const DOMAIN = 'support.example.com';
const clock = new ManualClock(Date.parse('2026-11-10T09:00:00Z'));
let table: TestTable;
let ses: LocalSes;
let env: NodeJS.ProcessEnv;
let api: ApiHandler;
let streams: ReturnType<typeof createLocalStreamsClient>;
let streamArn: string;
const pollers: StreamPoller[] = [];

const call = (method: string, url: string, as: Caller, body?: unknown) =>
  callComposedApi(api, method, url, as, body);

/** A fresh notification Lambda (a new container) reading the whole stream from its oldest record. */
function notificationLambda(): StreamPoller {
  const notification = createNotificationHandler({ env, clock });
  const poller = new StreamPoller({
    client: streams,
    streamArn,
    handler: async (event) => ({ batchItemFailures: (await notification.handle(event)).batchItemFailures }),
  });
  pollers.push(poller);
  return poller;
}

const reportMail = async (): Promise<StoredMail[]> =>
  (await fetchSentMail(ses.endpoint)).filter((m) => /^(SLA report|Report SLA) /.test(m.subject));

beforeAll(async () => {
  table = await createTestTable('report-mail');
  ses = await startLocalSes({ port: 0 });
  env = {
    [ENV.tableName]: table.tableName,
    [ENV.dynamoDbEndpoint]: table.endpoint,
    [ENV.sesEndpoint]: ses.endpoint,
    [ENV.senderAddress]: `no-reply@${DOMAIN}`,
    [ENV.supportDomain]: DOMAIN,
    AWS_REGION: 'us-east-1',
  };
  api = composeApi({ env, clock });
  streams = createLocalStreamsClient(table.endpoint);
  streamArn = (await tableStreamArn(table.client, table.tableName)) as string;
  const tenants = [
    [
      'rossi',
      {
        name: 'Rossi Srl',
        policy: 'interzen',
        language: 'it',
        timezone: 'Europe/Rome',
        reportContacts: ['capo@rossi.example', 'qualita@rossi.example'],
      },
    ],
    [
      'acme',
      {
        name: 'Acme',
        policy: 'enterprise-support',
        timezone: 'America/New_York',
        reportContacts: ['ops@acme.example'],
      },
    ],
    ['quiet', { policy: 'enterprise-support' }],
  ] as const;
  for (const [id, profile] of tenants) {
    expect((await call('PUT', `/tenants/${id}`, { tenant: id, role: 'admin' }, profile)).status).toBe(201);
  }
  for (const tenant of ['rossi', 'acme', 'quiet']) {
    const created = await call(
      'POST',
      '/tickets',
      { tenant, role: 'customer', email: 'eva@client.example' },
      { subject: 'Export fails', description: 'Every CSV export fails.' },
    );
    expect(created.status).toBe(201);
  }
  // December 1st, 06:00 UTC: November is over in Rome and in New York.
  clock.set(Date.parse('2026-12-01T06:00:00Z'));
});

afterAll(async () => {
  for (const poller of pollers) await poller.stop();
  streams?.destroy();
  await ses?.stop();
  await table?.drop();
});

describe('the monthly report mail', () => {
  it('mails each tenant with report contacts its November report, in its language, from its name, once', async () => {
    const run = composeMonthlyReports({ env, clock });
    expect(await run()).toEqual({ recorded: ['acme', 'rossi'], alreadyRecorded: [], skipped: ['quiet'] });
    await notificationLambda().drain();

    const sent = await reportMail();
    expect(sent.map((m) => m.subject).sort()).toEqual([
      'Report SLA novembre 2026: Rossi Srl',
      'SLA report November 2026: Acme',
    ]);
    const rossi = sent.find((m) => m.subject.startsWith('Report SLA')) as StoredMail;
    expect(rossi.from).toBe(`"Assistenza Rossi Srl" <no-reply@${DOMAIN}>`);
    expect(rossi.destination.to).toEqual(['capo@rossi.example', 'qualita@rossi.example']);
    expect(headerOf(rossi, 'Content-Language')).toBe('it');
    expect(headerOf(rossi, 'Auto-Submitted')).toBe('auto-generated');
    expect(rossi.body.text).toContain('(giorni locali in Europe/Rome)');
    expect(rossi.body.text).toContain('prima risposta | ');
    const acme = sent.find((m) => m.subject.startsWith('SLA report')) as StoredMail;
    expect(acme.from).toBe(`"Acme support" <no-reply@${DOMAIN}>`);
    expect(acme.destination.to).toEqual(['ops@acme.example']);
    expect(acme.body.text).toContain('(local days in America/New_York)');
    expect(acme.body.text).toMatch(/first response \| \w+ \| 1 \| /);
  });

  it('sends nothing twice: the stream delivered again to a new container, the monthly run repeated', async () => {
    // A redelivery: another container of the notification Lambda reads the same records from the start.
    await notificationLambda().drain();
    expect(await composeMonthlyReports({ env, clock })()).toEqual({
      recorded: [],
      alreadyRecorded: ['acme', 'rossi'],
      skipped: ['quiet'],
    });
    await notificationLambda().drain();
    expect(await reportMail()).toHaveLength(2);
  });
});
