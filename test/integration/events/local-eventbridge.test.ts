/**
 * The local EventBridge endpoint through the real SDK client (pointed at it by endpoint, as `npm start` does),
 * and the EventBridge publisher against it: batches of at most 10, retried per failed entry, permanent
 * failures reported by event id, and every accepted event forwarded to a webhook as an API destination would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createEventBridgeClient,
  EventBridgePublisher,
} from '../../../shared/adapters/eventbridge/eventbridge-publisher.js';
import { ManualClock } from '../../../shared/clock.js';
import type { Transition } from '../../../shared/events/derive-transitions.js';
import { EVENT_SOURCE } from '../../../shared/events/event-contract.js';
import { EVENT_EXAMPLES } from '../../../shared/events/event-examples.js';
import {
  type LocalEventBridgeServer,
  startLocalEventBridge,
} from '../../../shared/local/eventbridge-server.js';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const BUS = 'sla-sentinel-events';

function transitions(count: number, prefix = 'e'): Transition[] {
  const example = EVENT_EXAMPLES['SLA Milestone Breached'];
  return Array.from({ length: count }, (_, i) => {
    const eventId = `t_${prefix}/v${i + 1}/milestone-breached/firstResponse/1`;
    return {
      eventId,
      time: T0 + i * 1000,
      event: { detailType: 'SLA Milestone Breached', detail: { ...example, eventId, ticketVersion: i + 1 } },
    };
  });
}

describe('the local EventBridge through the real SDK client', () => {
  const clock = new ManualClock(T0);
  const received: unknown[] = [];
  let hookStatus = 200;
  let hook: Server;
  let local: LocalEventBridgeServer;
  let client: EventBridgeClient;
  let calls = 0;

  beforeAll(async () => {
    hook = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(hookStatus).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    const webhookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`;
    const started = await startLocalEventBridge({ clock, buses: [BUS], webhookUrl, webhookBaseDelayMs: 1 });
    local = started.server;
    client = createEventBridgeClient({ EVENTBRIDGE_ENDPOINT: started.endpoint });
    client.middlewareStack.add(
      (next) => async (args) => {
        calls++;
        return next(args);
      },
      { step: 'finalizeRequest' },
    );
  });

  afterAll(async () => {
    client.destroy();
    await local.stop();
    await new Promise<void>((resolve) => hook.close(() => resolve()));
  });

  beforeEach(() => {
    calls = 0;
    hookStatus = 200;
  });

  it('PutEvents: accepted entries get an id, invalid ones a per-entry error, as the service answers', async () => {
    const before = local.list().length;
    const out = await client.send(
      new PutEventsCommand({
        Entries: [
          { EventBusName: BUS, Source: EVENT_SOURCE, DetailType: 'Ticket Created', Detail: '{"a":1}' },
          { EventBusName: BUS, Source: EVENT_SOURCE, DetailType: 'Ticket Created', Detail: 'not json' },
          { EventBusName: BUS, Source: EVENT_SOURCE, Detail: '{}' },
          { EventBusName: 'nope', Source: EVENT_SOURCE, DetailType: 'Ticket Created', Detail: '{}' },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(3);
    expect(out.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Entries?.slice(1).map((e) => e.ErrorCode)).toEqual([
      'MalformedDetail',
      'InvalidArgument',
      'InvalidArgument',
    ]);
    expect(out.Entries?.[2]?.ErrorMessage).toContain('DetailType');
    const stored = local.list().slice(before);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.event).toMatchObject({
      'detail-type': 'Ticket Created',
      source: EVENT_SOURCE,
      detail: { a: 1 },
    });
  });

  it('PutEvents with more than 10 entries is a ValidationException of the whole call', async () => {
    const entry = { Source: EVENT_SOURCE, DetailType: 'x', Detail: '{}' };
    await expect(
      client.send(new PutEventsCommand({ Entries: Array.from({ length: 11 }, () => entry) })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('the publisher sends 25 events in 3 calls, as delivered events with the detail and the transition time', async () => {
    const before = local.list().length;
    const publisher = new EventBridgePublisher(client, { eventBusName: BUS, sleep: async () => {} });
    const events = transitions(25, 'batch');
    expect(await publisher.publish(events)).toEqual([]);
    expect(calls).toBe(3);
    const stored = local.list().slice(before);
    expect(stored.map((s) => (s.event.detail as { eventId: string }).eventId)).toEqual(
      events.map((e) => e.eventId),
    );
    expect(stored[1]).toMatchObject({
      eventBusName: BUS,
      event: {
        source: EVENT_SOURCE,
        'detail-type': 'SLA Milestone Breached',
        time: '2026-03-02T09:00:01Z',
        detail: { tenantId: 'fenorri', ticketVersion: 2 },
      },
    });
  });

  it('retries only the entries that failed with a retryable code, with backoff', async () => {
    const before = local.list().length;
    const sleeps: number[] = [];
    const publisher = new EventBridgePublisher(client, {
      eventBusName: BUS,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 1,
    });
    local.failNextEntries(2, 'ThrottlingException');
    local.failNextEntries(1, 'InternalFailure');
    const events = transitions(5, 'retry');
    expect(await publisher.publish(events)).toEqual([]);
    // 5 entries, 3 failed and re-sent once: each event exactly once on the bus.
    const ids = local
      .list()
      .slice(before)
      .map((s) => (s.event.detail as { eventId: string }).eventId);
    expect(ids.sort()).toEqual(events.map((e) => e.eventId).sort());
    expect(calls).toBe(2);
    expect(sleeps).toEqual([50]);
  });

  it('reports what keeps failing, by event id, and what fails for good at once', async () => {
    // The first entry of every attempt is throttled: the stuck event fails 3 times, its neighbours go through.
    const publisher = new EventBridgePublisher(client, {
      eventBusName: BUS,
      maxAttempts: 3,
      sleep: async () => local.failNextEntries(1, 'ThrottlingException'),
    });
    local.failNextEntries(1, 'ThrottlingException');
    const [stuck, ...fine] = transitions(3, 'stuck');
    expect(await publisher.publish([stuck!, ...fine])).toEqual([
      { eventId: stuck!.eventId, errorCode: 'ThrottlingException', errorMessage: expect.any(String) },
    ]);
    expect(calls).toBe(3);

    calls = 0;
    const wrongBus = new EventBridgePublisher(client, { eventBusName: 'missing-bus', sleep: async () => {} });
    const failures = await wrongBus.publish(transitions(2, 'lost'));
    expect(failures.map((f) => f.errorCode)).toEqual(['InvalidArgument', 'InvalidArgument']);
    expect(calls).toBe(1);
  });

  it('an unreachable endpoint is a retryable failure of every entry', async () => {
    const dead = createEventBridgeClient({ EVENTBRIDGE_ENDPOINT: 'http://127.0.0.1:9' });
    const publisher = new EventBridgePublisher(dead, {
      eventBusName: BUS,
      maxAttempts: 2,
      sleep: async () => {},
    });
    const failures = await publisher.publish(transitions(2, 'down'));
    dead.destroy();
    expect(failures).toHaveLength(2);
    expect(failures[0]?.errorCode).toMatch(/ECONNREFUSED|Error/);
  });

  it('forwards every accepted event to the webhook as the delivered event; a 4xx answer is a dead letter', async () => {
    await local.drain();
    const before = received.length;
    const publisher = new EventBridgePublisher(client, { eventBusName: BUS, sleep: async () => {} });
    await publisher.publish(transitions(2, 'hook'));
    await local.drain();
    const bodies = received.slice(before) as { 'detail-type': string; detail: { eventId: string } }[];
    expect(bodies.map((b) => b.detail.eventId)).toEqual(transitions(2, 'hook').map((t) => t.eventId));
    expect(bodies[0]).toMatchObject({
      version: '0',
      source: EVENT_SOURCE,
      'detail-type': 'SLA Milestone Breached',
    });

    hookStatus = 400;
    const deadBefore = local.webhookDeadLetters.length;
    await publisher.publish(transitions(1, 'refused'));
    await local.drain();
    expect(local.webhookDeadLetters.slice(deadBefore)).toEqual([
      { eventId: expect.any(String), attempts: 1, error: 'HTTP 400' },
    ]);
  });
});
