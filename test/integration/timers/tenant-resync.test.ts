/**
 * A tenant's SLA inputs change under open tickets, against DynamoDB Local (a table of its own, its stream read
 * by the stream poller into the real timer-sync code), the local Scheduler (firing the real sla-timer code)
 * and aws-ses-v2-local: after the stream is drained the tickets owe, and the Scheduler holds, the new instants
 * only; the new deadline mails its breach once and the old one nothing; a redelivered tenant record writes
 * nothing; an earlier deadline (the tenant's own policy shortened) gets its earlier schedule.
 */

import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../../shared/adapters/dynamodb/client.js';
import { decodeStreamEvent, decodeStreamRecord } from '../../../shared/adapters/dynamodb/stream-images.js';
import { StreamPoller } from '../../../shared/adapters/dynamodb/stream-poller.js';
import { tableStreamArn } from '../../../shared/adapters/dynamodb/table.js';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
} from '../../../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { createSesClient } from '../../../shared/adapters/ses/sesv2-mailer.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { createOutboxNotifier } from '../../../shared/composition/notification.js';
import { createTicketServices, type TicketServices } from '../../../shared/composition/ticket-services.js';
import { moveClock } from '../../../shared/local/clock-route.js';
import { RecordingTimerMetrics } from '../../../shared/local/recording-timer-metrics.js';
import { type LocalSchedulerServer, startLocalScheduler } from '../../../shared/local/scheduler-server.js';
import { fetchSentMail, type LocalSes, startLocalSes } from '../../../shared/local/ses-server.js';
import { type SendOwedMailDeps, sendOwedMail } from '../../../shared/notifications/send-owed-mail.js';
import { formatInstant } from '../../../shared/sla/instant.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import { handleTimer, type TimerResult } from '../../../shared/timers/act-on-timer.js';
import { atExpression } from '../../../shared/timers/schedule-name.js';
import { syncTimers, type TimerSyncDeps, tenantSlaChange } from '../../../shared/timers/sync-timers.js';
import { toTimerPayload } from '../../../shared/timers/timer-payload.js';
import { createTestTable, type TestTable } from '../../support/dynamodb.js';

// Fri 31 July 2026 10:00 Rome: an Interzen blocking ticket's resolution (1 working day) is due Mon 3 Aug
// 10:00 Rome, or Mon 24 Aug 10:00 Rome once the tenant closes 3-21 August.
const CREATED = Date.parse('2026-07-31T08:00:00Z');
const DUE_OPEN = Date.parse('2026-08-03T08:00:00Z');
const DUE_CLOSED = Date.parse('2026-08-24T08:00:00Z');
const SUMMER = { from: '2026-08-03', to: '2026-08-21', note: 'summer closing' };
const GROUP = 'sla-sentinel';
const system: Principal = { tenantId: 'interzen', role: 'system', sub: 'test' };

let table: TestTable;
let clock: ManualClock;
let services: TicketServices;
let ses: LocalSes;
let scheduler: LocalSchedulerServer;
let poller: StreamPoller;
let streams: DynamoDBStreamsClient;
let schedulerClient: ReturnType<typeof createSchedulerClient>;
let syncDeps: TimerSyncDeps;
let mailPoller: StreamPoller;
let mailDeps: SendOwedMailDeps;
const deliveries: TimerResult[] = [];
/** Every tenant profile record timer-sync was handed, to hand one over again (a redelivery). */
const tenantRecords: DynamoDBRecord[] = [];

beforeAll(async () => {
  table = await createTestTable('resync');
  clock = new ManualClock(CREATED);
  services = createTicketServices({ client: table.client, tableName: table.tableName, clock });
  ses = await startLocalSes({ port: 0 });
  const metrics = { count: () => {}, milliseconds: () => {} };
  const notifier = createOutboxNotifier({
    ses: createSesClient({ SES_ENDPOINT: ses.endpoint, AWS_REGION: LOCAL_REGION }),
    dynamo: table.client,
    tableName: table.tableName,
    clock,
    config: { sender: 'support@support.localhost', supportDomain: 'support.localhost' },
    metrics,
  });
  mailDeps = { notifier, clock, metrics };
  const timerDeps = {
    tickets: services.tickets,
    tenants: services.tenantRepository,
    clock,
    metrics: new RecordingTimerMetrics(),
  };
  const started = await startLocalScheduler({
    clock,
    groups: [GROUP],
    onFire: async (input) => void deliveries.push(await handleTimer(JSON.parse(input), timerDeps)),
  });
  scheduler = started.server;
  schedulerClient = createSchedulerClient({ SCHEDULER_ENDPOINT: started.endpoint, AWS_REGION: LOCAL_REGION });
  syncDeps = {
    scheduler: new EventBridgeTimerScheduler(
      schedulerClient,
      {
        groupName: GROUP,
        targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:sla-timer',
        roleArn: 'arn:aws:iam::000000000000:role/sla-scheduler',
        deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:timer-dlq',
        retry: { baseDelayMs: 1, maxDelayMs: 4, maxAttempts: 10 },
      },
      clock,
    ),
    tenantResync: { tickets: services.tickets, repository: services.ticketRepository },
  };
  const streamArn = await tableStreamArn(table.client, table.tableName);
  streams = new DynamoDBStreamsClient({
    endpoint: table.endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
  });
  poller = new StreamPoller({
    client: streams,
    streamArn: streamArn as string,
    handler: (event) => {
      tenantRecords.push(...event.Records.filter((r) => r.dynamodb?.Keys?.SK?.S === 'PROFILE'));
      return syncTimers(decodeStreamEvent(event), syncDeps);
    },
  });
  // The notification Lambda's work on the same stream: the breach mail is owed in the timer's write.
  mailPoller = new StreamPoller({
    client: streams,
    streamArn: streamArn as string,
    handler: (event) => sendOwedMail(decodeStreamEvent(event), mailDeps),
  });
}, 60_000);

afterAll(async () => {
  await poller?.stop();
  await mailPoller?.stop();
  streams?.destroy();
  schedulerClient?.destroy();
  await scheduler?.stop();
  await ses?.stop();
  await table?.drop();
});

const settle = async () => {
  await poller.drain();
  await mailPoller.drain();
};

async function putTenant(tenantId: string, profile: Record<string, unknown>) {
  await services.tenants.putTenant({ ...system, tenantId }, tenantId, tenantProfileSchema.parse(profile));
}

async function stored(tenantId: string, ticketId: string): Promise<Ticket> {
  return (await services.tickets.loadTicket(tenantId, ticketId)) as Ticket;
}

/** The `at(...)` expressions of the ticket's schedules in the local Scheduler, sorted. */
function schedulesOf(ticketId: string): string[] {
  return scheduler
    .list(GROUP)
    .filter((s) => !s.completed && s.Target.Input?.includes(ticketId))
    .map((s) => s.ScheduleExpression)
    .sort();
}

const resolutionDeadline = (t: Ticket) =>
  Object.values(t.timersOwed).find((x) => x.milestone === 'resolution' && x.kind === 'deadline');

describe('tenant closures re-sync open tickets through the stream', () => {
  let ticketId: string;
  let reference: string;
  const tenant = 'interzen';
  const profile = { policy: 'interzen', supportContacts: [{ email: 'desk@interzen.example' }] };

  it("an August closure moves the ticket's owed timers and schedules to the new instants", async () => {
    await putTenant(tenant, profile);
    const { ticket } = await services.tickets.createTicket(
      { tenantId: tenant, role: 'customer', sub: 'c1', email: 'ann@client.example' },
      { subject: 'Server down', description: 'Nothing answers', priority: 'blocking' },
    );
    ticketId = ticket.id;
    reference = ticket.reference;
    // An agent takes it at once: first response met, only the resolution timers stay owed.
    await services.tickets.addComment({ tenantId: tenant, role: 'agent', sub: 'a1' }, ticketId, {
      body: 'on it',
    });
    await settle();
    expect(resolutionDeadline(await stored(tenant, ticketId))?.dueAt).toBe(DUE_OPEN);
    expect(schedulesOf(ticketId)).toContain(atExpression(DUE_OPEN));

    await putTenant(tenant, { ...profile, closures: [SUMMER] });
    await settle();

    const after = await stored(tenant, ticketId);
    expect(resolutionDeadline(after)?.dueAt).toBe(DUE_CLOSED);
    expect(Object.values(after.timersOwed).some((t) => t.dueAt === DUE_OPEN)).toBe(false);
    const schedules = schedulesOf(ticketId);
    expect(schedules).toContain(atExpression(DUE_CLOSED));
    expect(schedules).not.toContain(atExpression(DUE_OPEN));
    // One schedule per owed timer, no more (the old ones are gone).
    expect(schedules).toHaveLength(Object.keys(after.timersOwed).length);
    const events = await services.ticketRepository.listEvents(tenant, ticketId);
    expect(events.filter((e) => e.type === 'sla.recomputed').map((e) => e.data.reason)).toEqual([
      'tenant profile changed (closures)',
    ]);
  });

  it('the tenant record delivered again writes nothing and changes no schedule', async () => {
    const before = await stored(tenant, ticketId);
    const schedules = schedulesOf(ticketId);
    const record = tenantRecords
      .filter((r) => tenantSlaChange(decodeStreamRecord(r))?.tenantId === tenant)
      .at(-1);
    expect(record).toBeDefined();
    expect(await syncTimers(decodeStreamEvent({ Records: [record as DynamoDBRecord] }), syncDeps)).toEqual({
      batchItemFailures: [],
    });
    await settle();
    expect((await stored(tenant, ticketId)).version).toBe(before.version);
    expect(schedulesOf(ticketId)).toEqual(schedules);
  });

  it('the old instant sends nothing; the new deadline sends the breach mail once', async () => {
    const breachMail = async () =>
      (await fetchSentMail(ses.endpoint)).filter(
        (m) => m.subject.includes(reference) && m.subject.includes('SLA breached'),
      );
    await moveClock({ clock, scheduler, settle }, DUE_OPEN + 3_600_000);
    expect(await breachMail()).toEqual([]);
    // Even an old schedule that somehow survived is stale when it fires, and mails nothing.
    const old = {
      key: 'resolution#1#deadline#0',
      milestone: 'resolution' as const,
      cycle: 1,
      kind: 'deadline' as const,
    };
    const stale = await handleTimer(
      toTimerPayload({ tenantId: tenant, ticketId, timer: { ...old, fireAt: DUE_OPEN, dueAt: DUE_OPEN } }),
      {
        tickets: services.tickets,
        tenants: services.tenantRepository,
        clock,
        metrics: new RecordingTimerMetrics(),
      },
    );
    expect(stale).toEqual({ outcome: 'stale', timerId: `resolution#1#deadline#0@${DUE_OPEN}` });

    await moveClock({ clock, scheduler, settle }, DUE_CLOSED + 3_600_000);
    expect(await breachMail()).toHaveLength(1);
    const breaches = (await services.ticketRepository.listEvents(tenant, ticketId)).filter(
      (e) => e.type === 'sla.breached',
    );
    expect(breaches.map((e) => e.data)).toEqual([
      // One instant format everywhere (SLA-SPEC: UTC ISO-8601 to the second): no `.000Z` in history events.
      expect.objectContaining({ milestone: 'resolution', dueAt: formatInstant(DUE_CLOSED) }),
    ]);
    expect(deliveries.filter((d) => d.outcome === 'breached')).toHaveLength(1);
  });
});

describe("a tenant's own policy shortened: the earlier deadline gets its schedule", () => {
  it('3 working days -> 1: the schedule moves from Wed 9 Sept to Mon 7 Sept', async () => {
    const policy = {
      id: 'acme-own',
      name: 'Acme',
      priorities: ['normal'],
      defaultPriority: 'normal',
      calendar: 'interzen-working',
      targets: { normal: { resolution: { within: '3bd' } } },
    };
    const start = Date.parse('2026-09-04T08:00:00Z'); // Fri 4 Sept 10:00 Rome
    clock.set(Math.max(clock.now(), start));
    expect(clock.now()).toBe(start);
    await putTenant('acme', { policy });
    const { ticket } = await services.tickets.createTicket(
      { tenantId: 'acme', role: 'customer', sub: 'c2', email: 'bo@acme.example' },
      { subject: 'Slow', description: 'Very slow' },
    );
    await settle();
    // 7 h on Friday, 8 on Monday and Tuesday, 1 on Wednesday.
    const later = Date.parse('2026-09-09T08:00:00Z');
    const earlier = Date.parse('2026-09-07T08:00:00Z');
    expect(resolutionDeadline(await stored('acme', ticket.id))?.dueAt).toBe(later);
    expect(schedulesOf(ticket.id)).toContain(atExpression(later));

    await putTenant('acme', {
      policy: { ...policy, targets: { normal: { resolution: { within: '1bd' } } } },
    });
    await settle();
    expect(resolutionDeadline(await stored('acme', ticket.id))?.dueAt).toBe(earlier);
    expect(schedulesOf(ticket.id)).toContain(atExpression(earlier));
    expect(schedulesOf(ticket.id)).not.toContain(atExpression(later));
  });
});
