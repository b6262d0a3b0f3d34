/**
 * The api, inbound-email and notification Lambdas' own composition roots (what runs in AWS), pointed by
 * environment at DynamoDB Local and aws-ses-v2-local, the table's stream read as Lambda's event source mapping
 * would (the local stream poller): the requester's mail is owed in each write and the notification Lambda's
 * composition sends it
 * (acknowledgement with the case number, agent public replies, Harmoni's status-change mail, closure), once
 * per event, and `SLA_PRESETS` limits the presets a tenant may be put on.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalStreamsClient, StreamPoller } from '../../../shared/adapters/dynamodb/stream-poller.js';
import { tableStreamArn } from '../../../shared/adapters/dynamodb/table.js';
import { ManualClock } from '../../../shared/clock.js';
import { composeApi } from '../../../shared/composition/api.js';
import { composeInboundMail } from '../../../shared/composition/inbound-mail.js';
import { createNotificationHandler } from '../../../shared/composition/notification.js';
import type { ApiHandler } from '../../../shared/http/api.js';
import { buildSesRecord, rawMailKey } from '../../../shared/inbound/ses-event.js';
import {
  clearSentMail,
  fetchSentMail,
  headerOf,
  type LocalSes,
  type StoredMail,
  startLocalSes,
} from '../../../shared/local/ses-server.js';
import { ENV } from '../../../shared/runtime/env.js';
import { type Caller, callComposedApi } from '../../support/api-harness.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';
import { InMemoryMailStore } from '../../unit/inbound/fakes.js';
import { fixture } from '../../unit/inbound/harness.js';

const DOMAIN = 'support.example.com';
const clock = new ManualClock(Date.parse('2026-03-03T09:15:00Z'));
let table: TestTable;
let ses: LocalSes;
let env: NodeJS.ProcessEnv;
let api: ApiHandler;

const admin = (tenant: string): Caller => ({ tenant, role: 'admin' });
const agent = (tenant: string): Caller => ({ tenant, role: 'agent', email: `agent@${tenant}.example` });

const call = (method: string, url: string, as: Caller, body?: unknown) =>
  callComposedApi(api, method, url, as, body);

let mailPoller: StreamPoller;
let streams: ReturnType<typeof createLocalStreamsClient>;

/** The notification Lambda has handled what the stream holds (as its event source mapping would), then the mail. */
const mailFor = async (reference: string): Promise<StoredMail[]> => {
  await mailPoller.drain();
  return (await fetchSentMail(ses.endpoint)).filter((m) => m.subject.includes(reference));
};

beforeAll(async () => {
  table = await createTestTable('aws-roots');
  ses = await startLocalSes({ port: 0 });
  env = {
    [ENV.tableName]: table.tableName,
    [ENV.dynamoDbEndpoint]: table.endpoint,
    [ENV.sesEndpoint]: ses.endpoint,
    [ENV.senderAddress]: `no-reply@${DOMAIN}`,
    [ENV.supportDomain]: DOMAIN,
    [ENV.sesConfigurationSet]: 'sla-sentinel-mail',
    [ENV.enabledPresets]: 'interzen,harmoni',
    AWS_REGION: 'us-east-1',
  };
  api = composeApi({ env, clock });
  const notification = createNotificationHandler({ env, clock });
  streams = createLocalStreamsClient(table.endpoint);
  mailPoller = new StreamPoller({
    client: streams,
    streamArn: (await tableStreamArn(table.client, table.tableName)) as string,
    handler: async (event) => {
      const { batchItemFailures } = await notification.handle(event);
      return { batchItemFailures };
    },
  });
  for (const [id, profile] of [
    ['interzen', { policy: 'interzen', language: 'it' }],
    ['harmoni', { policy: 'harmoni', region: 'emea' }],
  ] as const) {
    expect((await call('PUT', `/tenants/${id}`, admin(id), profile)).status).toBe(201);
  }
  await mailPoller.drain();
  await clearSentMail(ses.endpoint);
});

afterAll(async () => {
  await mailPoller?.stop();
  streams?.destroy();
  await ses?.stop();
  await table?.drop();
});

describe('the api Lambda in AWS (composeApi)', () => {
  it('refuses a preset the deployment did not enable, naming the field; an enabled one is accepted', async () => {
    const refused = await call('PUT', '/tenants/fenorri', admin('fenorri'), {
      policy: 'fenorri',
      timezone: 'Europe/Tallinn',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.fields).toEqual([
      { path: 'policy', reason: expect.stringContaining('fenorri') },
    ]);
    expect(refused.body.error.fields[0].reason).toContain('interzen, harmoni');
    // Nothing was stored: the tenant does not exist.
    expect((await call('GET', '/tenants/fenorri', admin('fenorri'))).status).toBe(404);
    // Admin checks still come first: a customer gets 403, not a hint about presets.
    const customer = await call(
      'PUT',
      '/tenants/fenorri',
      { tenant: 'fenorri', role: 'customer' },
      { policy: 'fenorri' },
    );
    expect(customer.status).toBe(403);
  });

  it('mails the requester: acknowledgement, agent public reply (not internal notes), status change, closure', async () => {
    const created = await call(
      'POST',
      '/tickets',
      { tenant: 'harmoni', role: 'customer', email: 'eva@client.example' },
      {
        subject: 'Printer queue stuck',
        description: 'Nothing prints since this morning.',
        priority: 'normal',
      },
    );
    expect(created.status).toBe(201);
    const { id, reference } = created.body;
    const ack = await mailFor(reference);
    expect(ack).toHaveLength(1);
    expect(ack[0]?.destination.to).toEqual(['eva@client.example']);
    // No tenant name on this profile: the product's name signs (a named tenant signs with its own).
    expect(ack[0]?.from).toBe(`"SLA Sentinel support" <no-reply@${DOMAIN}>`);
    expect(ack[0]?.replyTo).toEqual([`harmoni+${reference.toLowerCase()}@${DOMAIN}`]);
    expect(headerOf(ack[0] as StoredMail, 'Message-ID')).toBe(`<${reference}.0@${DOMAIN}>`);

    clock.advance(10 * 60_000);
    await call('POST', `/tickets/${id}/comments`, agent('harmoni'), {
      body: 'Checking.',
      visibility: 'internal',
    });
    await call('POST', `/tickets/${id}/comments`, agent('harmoni'), { body: 'Please restart the spooler.' });
    for (const status of ['pending_customer', 'resolved']) {
      expect((await call('PATCH', `/tickets/${id}`, agent('harmoni'), { status })).status).toBe(200);
    }

    const sent = await mailFor(reference);
    const subjects = sent.map((m) => m.subject);
    const count = (re: RegExp) => subjects.filter((s) => re.test(s)).length;
    expect(sent.every((m) => m.destination.to.join() === 'eva@client.example')).toBe(true);
    expect(count(/We received your request/)).toBe(1);
    expect(count(/Re: Printer queue stuck/)).toBe(1);
    expect(sent.find((m) => /Re:/.test(m.subject))?.body.text).toContain('Please restart the spooler.');
    expect(sent.some((m) => m.body.text?.includes('Checking.'))).toBe(false);
    // Harmoni notifies on status change for normal priority (the reply opened the ticket); the agent setting
    // pending_customer asks the customer (a clarification request); the resolution is a closure mail.
    expect(subjects.filter((s) => /Status changed: /.test(s))).toHaveLength(1);
    expect(count(/We need more information: /)).toBe(1);
    expect(count(/Case resolved: /)).toBe(1);
    // Every later mail threads on the acknowledgement; each has its own Message-ID.
    for (const m of sent.filter((m) => !/We received/.test(m.subject)))
      expect(headerOf(m, 'References')).toBe(`<${reference}.0@${DOMAIN}>`);
    const messageIds = sent.map((m) => headerOf(m, 'Message-ID'));
    expect(new Set(messageIds).size).toBe(messageIds.length);
  });

  it('sends no status-change mail where the policy does not ask for it (interzen), but the clarification and closure', async () => {
    const created = await call(
      'POST',
      '/tickets',
      { tenant: 'interzen', role: 'customer', email: 'ugo@client.example' },
      {
        subject: 'Login lento',
        description: 'Il login impiega un minuto.',
      },
    );
    const { id, reference } = created.body;
    for (const status of ['pending_customer', 'resolved', 'closed']) {
      expect((await call('PATCH', `/tickets/${id}`, agent('interzen'), { status })).status).toBe(200);
    }
    const sent = await mailFor(reference);
    // Italian text, Italian tenant: the acknowledgement, the clarification request (waiting on the customer is
    // always said), the two closure mails; no plain status-change mail.
    expect(sent.map((m) => m.subject)).toEqual([
      `[${reference}] Richiesta ricevuta: Login lento`,
      `[${reference}] Ci servono informazioni: Login lento`,
      `[${reference}] Pratica risolta: Login lento`,
      `[${reference}] Pratica chiusa: Login lento`,
    ]);
  });
});

describe('the inbound-email Lambda in AWS (composeInboundMail)', () => {
  it('a mail opens a ticket and the requester gets the acknowledgement with its case number, once', async () => {
    const store = new InMemoryMailStore();
    const { handle } = composeInboundMail({ env, store, clock });
    const sesMessageId = 'aws-root-1';
    store.objects.set(rawMailKey(sesMessageId), {
      body: fixture('plain.eml'),
      contentType: 'message/rfc822',
    });
    const event = {
      Records: [
        buildSesRecord({
          sesMessageId,
          source: 'marco.bianchi@acme-industrie.it',
          recipients: [`interzen@${DOMAIN}`],
          timestamp: new Date(clock.now()).toISOString(),
        }),
      ],
    };
    const [outcome] = await handle(event);
    expect(outcome).toMatchObject({ kind: 'ticket-created', tenantId: 'interzen' });
    const reference = (outcome as { ticket: { reference: string } }).ticket.reference;
    // SES delivering the same event again makes neither a second ticket nor a second mail.
    await handle(event);
    const sent = await mailFor(reference);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.destination.to).toEqual(['marco.bianchi@acme-industrie.it']);
    expect(sent[0]?.subject).toContain(reference);
    // It replies to the customer's own mail, so their client threads it under what they sent.
    const origin = '<20260303091240.4711@mail.acme-industrie.it>';
    expect(headerOf(sent[0] as StoredMail, 'In-Reply-To')).toBe(origin);
    expect(headerOf(sent[0] as StoredMail, 'References')).toBe(origin);
  });
});
