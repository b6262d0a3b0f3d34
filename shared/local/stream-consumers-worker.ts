/**
 * The local runtime's stream consumers, in a worker thread of their own: in AWS timer-sync, the notification
 * Lambda and the sla-events Lambda each run in their own function, never in the api Lambda's process, so here
 * they do not share the API's event loop either (their SLA evaluation, mail rendering and SDK work used to run
 * between the API's requests: about twice the API's own CPU per created ticket). Each is the same composition
 * the Lambda runs, fed by the local stream poller, talking to the local Scheduler, SES and EventBridge over
 * HTTP and reading the runtime's clock through shared memory. Started by `stream-consumers-boot.mjs`.
 */
import { type MessagePort, parentPort, workerData } from 'node:worker_threads';
import { createDynamoClient, LOCAL_REGION } from '../adapters/dynamodb/client.js';
import { createLocalStreamsClient, StreamPoller } from '../adapters/dynamodb/stream-poller.js';
import { tableStreamArn } from '../adapters/dynamodb/table.js';
import { DynamoTenantRepository } from '../adapters/dynamodb/tenant-repository.js';
import {
  createEventBridgeClient,
  EventBridgePublisher,
} from '../adapters/eventbridge/eventbridge-publisher.js';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
} from '../adapters/scheduler/eventbridge-timer-scheduler.js';
import { createSesClient } from '../adapters/ses/sesv2-mailer.js';
import { ManualClock } from '../clock.js';
import { createOutboxNotifier, sendOwedMailFromStream } from '../composition/notification.js';
import { publishTicketEventsFromStream, slaEventsDeps } from '../composition/sla-events.js';
import { createTicketServices } from '../composition/ticket-services.js';
import { syncTimersFromStream, timerSyncDeps } from '../composition/timer-sync.js';
import type { SendOwedMailDeps } from '../notifications/send-owed-mail.js';
import { RecordingTimerMetrics } from './recording-timer-metrics.js';
import type {
  ConsumerSpec,
  FromWorker,
  StreamConsumersWorkerData,
  ToWorker,
} from './stream-consumers-protocol.js';

if (!parentPort) throw new Error('stream-consumers-worker runs in a worker thread');
const port: MessagePort = parentPort;
const data = workerData as StreamConsumersWorkerData;
const clock = ManualClock.over(data.clock);
const dynamo = createDynamoClient({ endpoint: data.dynamoEndpoint });
const streams = createLocalStreamsClient(data.dynamoEndpoint);
const services = createTicketServices({ client: dynamo, tableName: data.tableName, clock });
const pollers = new Map<string, StreamPoller>();
const destroy: (() => void)[] = [];
const post = (message: FromWorker) => port.postMessage(message);
const log = (line: string) => post({ log: line });
let streamArn: Promise<string> | undefined;

function handlerFor(name: string, spec: ConsumerSpec) {
  const env = { AWS_REGION: LOCAL_REGION };
  switch (spec.kind) {
    case 'timer-sync': {
      const client = createSchedulerClient({ ...env, SCHEDULER_ENDPOINT: spec.schedulerEndpoint });
      destroy.push(() => client.destroy());
      const scheduler = new EventBridgeTimerScheduler(
        client,
        { ...spec.target, retry: { baseDelayMs: 5, maxDelayMs: 100, maxAttempts: 12 } },
        clock,
      );
      const deps = timerSyncDeps({ services, scheduler, metrics: new RecordingTimerMetrics() });
      return (event: Parameters<typeof syncTimersFromStream>[0]) => syncTimersFromStream(event, deps);
    }
    case 'mail': {
      const ses = createSesClient({ ...env, SES_ENDPOINT: spec.sesEndpoint });
      destroy.push(() => ses.destroy());
      const metrics: SendOwedMailDeps['metrics'] = {
        count(metric, _dimensions, value = 1) {
          if (metric === 'NotificationsSent') post({ mail: { sent: value, failed: 0 } });
          if (metric === 'NotificationsFailed') post({ mail: { sent: 0, failed: value } });
        },
        milliseconds() {},
      };
      const deps: SendOwedMailDeps = {
        notifier: createOutboxNotifier({
          ses,
          dynamo,
          tableName: data.tableName,
          clock,
          config: { sender: spec.sender, supportDomain: spec.supportDomain },
          metrics,
        }),
        clock,
        metrics,
        retry: spec.retry,
        logger: {
          warn: (message, detail) => log(`${message} ${JSON.stringify(detail)}`),
          error: (message, detail) => log(`${message} ${JSON.stringify(detail)}`),
        },
      };
      return (event: Parameters<typeof sendOwedMailFromStream>[0]) => sendOwedMailFromStream(event, deps);
    }
    case 'events': {
      const client = createEventBridgeClient({ EVENTBRIDGE_ENDPOINT: spec.eventBridgeEndpoint, ...env });
      destroy.push(() => client.destroy());
      const publisher = new EventBridgePublisher(client, {
        eventBusName: spec.eventBusName,
        baseDelayMs: 5,
        maxDelayMs: 100,
      });
      const deps = slaEventsDeps({
        publisher,
        tenants: new DynamoTenantRepository(dynamo, data.tableName),
        logger: {
          error: (message, detail) => log(`[${name}] ${message}: ${JSON.stringify(detail)}`),
          warn: (message, detail) => log(`[${name}] ${message}: ${JSON.stringify(detail)}`),
        },
      });
      return (event: Parameters<typeof publishTicketEventsFromStream>[0]) =>
        publishTicketEventsFromStream(event, deps);
    }
  }
}

async function start(name: string, spec: ConsumerSpec, intervalMs: number | undefined): Promise<void> {
  // A second poller under one name would orphan the first, its timer still polling.
  if (pollers.has(name)) throw new Error(`a stream consumer named ${name} already runs`);
  streamArn ??= tableStreamArn(dynamo, data.tableName).then((arn) => {
    if (!arn) throw new Error(`table ${data.tableName} has no stream`);
    return arn;
  });
  const poller = new StreamPoller({
    client: streams,
    streamArn: await streamArn,
    handler: handlerFor(name, spec) as never,
    ...(intervalMs !== undefined ? { intervalMs } : {}),
    onError: (error) => log(`${name} stream poll failed: ${String(error)}`),
  });
  pollers.set(name, poller);
  if (intervalMs !== 0) poller.start();
}

async function handle(message: ToWorker): Promise<number | undefined> {
  switch (message.op) {
    case 'start':
      await start(message.name, message.spec, message.intervalMs);
      return undefined;
    case 'drain': {
      const poller = pollers.get(message.name);
      if (!poller) throw new Error(`no stream consumer ${message.name}`);
      return poller.drain();
    }
    case 'stop':
      for (const poller of pollers.values()) await poller.stop();
      for (const d of destroy.splice(0)) d();
      streams.destroy();
      dynamo.destroy();
      // The API thread terminates the worker once it has this answer.
      return undefined;
  }
}

port.on('message', (message: ToWorker) => {
  handle(message).then(
    (value) => post(value === undefined ? { id: message.id, ok: true } : { id: message.id, ok: true, value }),
    (error: unknown) => post({ id: message.id, ok: false, error: String(error) }),
  );
});
