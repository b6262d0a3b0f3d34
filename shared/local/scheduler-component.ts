import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { LOCAL_REGION } from '../adapters/dynamodb/client.js';
import {
  createSchedulerClient,
  EventBridgeTimerScheduler,
} from '../adapters/scheduler/eventbridge-timer-scheduler.js';
import type { ManualClock } from '../clock.js';
import { reconcileTableTimers } from '../composition/reconcile-timers.js';
import { slaTimerDeps } from '../composition/sla-timer.js';
import type { TicketServices } from '../composition/ticket-services.js';
import type { RetryPolicy } from '../notifications/send-owed-mail.js';
import { handleTimer, type TimerResult } from '../timers/act-on-timer.js';
import { formatReconcileReport, type ReconcileTimersReport } from '../timers/reconcile-timers.js';
import { type ClockAnswer, handleClockRequest } from './clock-route.js';
import { RecordingTimerMetrics } from './recording-timer-metrics.js';
import { type LocalSchedulerServer, startLocalScheduler } from './scheduler-server.js';
import { type LocalSes, startLocalSes } from './ses-server.js';
import { StreamConsumers } from './stream-consumers.js';

/**
 * Everything issue 4 adds to the local runtime, as one component: aws-ses-v2-local, the local Scheduler, the
 * real timer-sync code on the table's stream, the real sla-timer code as the schedules' target, the
 * notification Lambda's code on the stream (the outbox mail), and `POST /_local/clock`. The two stream
 * consumers run in the runtime's stream-consumers worker thread (`stream-consumers.ts`), not on the API's
 * event loop, as their Lambdas run apart from the api Lambda in AWS. The runtime wires it with one call and
 * mounts `handleClock`.
 */
export const LOCAL_SCHEDULE_GROUP = 'sla-sentinel';
export const LOCAL_TIMER_TARGET = {
  targetArn: 'arn:aws:lambda:us-east-1:000000000000:function:sla-timer',
  roleArn: 'arn:aws:iam::000000000000:role/sla-sentinel-scheduler',
  deadLetterArn: 'arn:aws:sqs:us-east-1:000000000000:sla-sentinel-timer-dlq',
} as const;

/** Locally a failed send is retried twice within the handler, then again by the stream poller (every 250 ms). */
export const LOCAL_MAIL_RETRY: RetryPolicy = { attempts: 2, baseDelayMs: 50, maxDelayMs: 200 };

export interface TimersComponentOptions {
  clock: ManualClock;
  dynamo: DynamoDBClient;
  dynamoEndpoint: string;
  tableName: string;
  services: TicketServices;
  /** 8005 by default (0: any free port, for tests). */
  sesPort?: number;
  /** `--ses-outage SECONDS`: the local SES refuses every send for this long after start. */
  sesOutageSeconds?: number;
  /** The notification handler's retries (short locally, so an outage ends in mail quickly). */
  mailRetry?: RetryPolicy;
  /** Any free port by default. */
  schedulerPort?: number;
  duplicateTimers?: boolean;
  outOfOrder?: boolean;
  throttleRate?: number;
  supportDomain?: string;
  sender?: string;
  /** Background stream polling (the clock route drains the stream itself either way). */
  pollIntervalMs?: number;
  /** The runtime's stream-consumers worker; without it the component starts (and stops) its own. */
  consumers?: StreamConsumers;
  log?: (message: string) => void;
}

export interface TimersComponent {
  sesEndpoint: string;
  schedulerEndpoint: string;
  scheduler: LocalSchedulerServer;
  metrics: RecordingTimerMetrics;
  /** What the notification handler did: mails sent and failed sends (after its retries). */
  mail: { sent: number; failed: number };
  /** Drains the stream into the notification handler (owed mail sent), unless the local SES is in an outage. */
  settleMail(): Promise<void>;
  /** Results of every timer delivery, in order (for tests and the runtime's log). */
  deliveries: TimerResult[];
  /** `POST|GET /_local/clock`. */
  handleClock(method: string, body: unknown): Promise<ClockAnswer>;
  /**
   * What the start-up reconciliation found: the local Scheduler keeps schedules in memory, so on tables kept
   * with `--data` every timer the tickets still owe is ensured again (null if the scan itself failed).
   */
  reconciled: ReconcileTimersReport | null;
  /** Drains the stream into timer-sync (schedules now match the table). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export async function startTimersComponent(options: TimersComponentOptions): Promise<TimersComponent> {
  const { clock } = options;
  const supportDomain = options.supportDomain ?? 'support.localhost';
  const ses: LocalSes = await startLocalSes({
    port: options.sesPort ?? 8005,
    ...(options.sesOutageSeconds ? { outageSeconds: options.sesOutageSeconds } : {}),
  });
  const metrics = new RecordingTimerMetrics();
  const mail = { sent: 0, failed: 0 };
  const consumers =
    options.consumers ??
    StreamConsumers.start({
      dynamoEndpoint: options.dynamoEndpoint,
      tableName: options.tableName,
      clock,
      ...(options.log ? { log: options.log } : {}),
    });
  const ownConsumers = options.consumers === undefined;
  consumers.onMail((delta) => {
    mail.sent += delta.sent;
    mail.failed += delta.failed;
  });

  const deliveries: TimerResult[] = [];
  // The same wiring as the sla-timer Lambda (shared/composition/sla-timer.ts), on the local notifier and clock.
  const timerDeps = slaTimerDeps({ services: options.services, clock, metrics });
  const { server: scheduler, endpoint: schedulerEndpoint } = await startLocalScheduler({
    clock,
    ...(options.schedulerPort !== undefined ? { port: options.schedulerPort } : {}),
    groups: [LOCAL_SCHEDULE_GROUP],
    duplicateTimers: options.duplicateTimers ?? false,
    outOfOrder: options.outOfOrder ?? false,
    throttleRate: options.throttleRate ?? 0,
    onFire: async (input) => {
      const result = await handleTimer(JSON.parse(input), timerDeps);
      deliveries.push(result);
      options.log?.(`timer ${result.timerId}: ${result.outcome}`);
    },
  });
  const schedulerClient = createSchedulerClient({
    SCHEDULER_ENDPOINT: schedulerEndpoint,
    AWS_REGION: LOCAL_REGION,
  });
  const timerScheduler = new EventBridgeTimerScheduler(
    schedulerClient,
    {
      groupName: LOCAL_SCHEDULE_GROUP,
      ...LOCAL_TIMER_TARGET,
      retry: { baseDelayMs: 5, maxDelayMs: 100, maxAttempts: 12 },
    },
    clock,
  );

  // timer-sync and the notification Lambda's code (shared/composition/timer-sync.ts, notification.ts), in the
  // stream-consumers worker; a tenant PUT re-syncs its open tickets' timers there too.
  const timerSync = await consumers.add(
    'timer-sync',
    {
      kind: 'timer-sync',
      schedulerEndpoint,
      target: { groupName: LOCAL_SCHEDULE_GROUP, ...LOCAL_TIMER_TARGET },
    },
    options.pollIntervalMs,
  );
  const mailConsumer = await consumers.add(
    'mail',
    {
      kind: 'mail',
      sesEndpoint: ses.endpoint,
      sender: options.sender ?? `support@${supportDomain}`,
      supportDomain,
      retry: options.mailRetry ?? LOCAL_MAIL_RETRY,
    },
    options.pollIntervalMs,
  );

  // While the local SES refuses (--ses-outage) the mail waits for the background poller: the clock route and
  // the API never wait on SES, as in AWS.
  const settleMail = async () => {
    if (ses.outageUntil !== null && Date.now() < ses.outageUntil) return;
    await mailConsumer.drain();
  };
  const settle = async () => {
    await timerSync.drain();
    await settleMail();
  };
  // The stream first (what it still holds replays in order), then the table: whatever the stream no longer
  // holds (records older than 24 h, a stream re-enabled) is re-derived from `timersOwed`, so a restart on
  // persisted tables has every owed schedule back before the banner.
  let reconciled: ReconcileTimersReport | null = null;
  try {
    await settle();
    reconciled = await reconcileTableTimers({
      dynamo: options.dynamo,
      tableName: options.tableName,
      scheduler: timerScheduler,
    });
    options.log?.(`schedules reconciled from the table: ${formatReconcileReport(reconciled)}`);
    for (const f of reconciled.failures) {
      options.log?.(`  failed ${f.tenantId}/${f.ticketId} ${f.timerId}: ${f.error}`);
    }
  } catch (error) {
    options.log?.(`schedule reconciliation failed: ${String(error)}`);
  }
  return {
    reconciled,
    sesEndpoint: ses.endpoint,
    schedulerEndpoint,
    scheduler,
    metrics,
    mail,
    deliveries,
    settle,
    settleMail,
    handleClock: (method, body) =>
      handleClockRequest({ clock, scheduler, settle, isLocalRuntime: true }, method, body),
    async stop() {
      if (ownConsumers) await consumers.stop();
      schedulerClient.destroy();
      await scheduler.stop();
      await ses.stop();
    },
  };
}
