/**
 * What the local runtime's API thread and its stream-consumers worker say to each other
 * (`stream-consumers.ts` is the API side, `stream-consumers-worker.ts` the worker).
 */
import type { RetryPolicy } from '../notifications/send-owed-mail.js';

export interface StreamConsumersWorkerData {
  dynamoEndpoint: string;
  tableName: string;
  /** The runtime's ManualClock (`clock.buffer`): the worker reads the same instant. */
  clock: SharedArrayBuffer;
}

/** One consumer of the table's stream: what the timer-sync, notification and sla-events Lambdas are in AWS. */
export type ConsumerSpec =
  | {
      kind: 'timer-sync';
      schedulerEndpoint: string;
      target: { groupName: string; targetArn: string; roleArn: string; deadLetterArn: string };
    }
  | { kind: 'mail'; sesEndpoint: string; sender: string; supportDomain: string; retry: RetryPolicy }
  | { kind: 'events'; eventBridgeEndpoint: string; eventBusName: string };

export type ToWorker =
  | { id: number; op: 'start'; name: string; spec: ConsumerSpec; intervalMs: number | undefined }
  | { id: number; op: 'drain'; name: string }
  | { id: number; op: 'stop' };

export type FromWorker =
  /** `value`: a drain's count of records handled. */
  | { id: number; ok: true; value?: number }
  | { id: number; ok: false; error: string }
  | { log: string }
  /** What the notification handler did since the last such message. */
  | { mail: { sent: number; failed: number } };
