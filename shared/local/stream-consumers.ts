/**
 * The API thread's side of the local runtime's stream consumers: one worker thread
 * (`stream-consumers-worker.ts`) runs timer-sync, the notification handler and the sla-events consumer, each
 * fed by its own stream poller, as their Lambdas run apart from the api Lambda in AWS. Components add their
 * consumer (`add`) and drain it when they need the stream caught up (the clock route, `GET /_local/events`,
 * tests); the worker's log lines and mail counts come back as messages.
 */
import { Worker } from 'node:worker_threads';
import type { ManualClock } from '../clock.js';
import type {
  ConsumerSpec,
  FromWorker,
  StreamConsumersWorkerData,
  ToWorker,
} from './stream-consumers-protocol.js';

export interface StreamConsumer {
  /** Polls until the stream holds nothing this consumer has not handled. */
  drain(): Promise<void>;
}

type Pending = { resolve: (value: number | undefined) => void; reject: (error: Error) => void };
type Request = ToWorker extends infer T ? (T extends { id: number } ? Omit<T, 'id'> : never) : never;

export class StreamConsumers {
  readonly #worker: Worker;
  readonly #pending = new Map<number, Pending>();
  readonly #mailListeners: ((delta: { sent: number; failed: number }) => void)[] = [];
  readonly #names: string[] = [];
  #nextId = 1;
  #stopped = false;

  private constructor(worker: Worker, log: (line: string) => void) {
    this.#worker = worker;
    worker.on('message', (message: FromWorker) => {
      if ('log' in message) log(message.log);
      else if ('mail' in message) for (const listener of this.#mailListeners) listener(message.mail);
      else {
        const pending = this.#pending.get(message.id);
        this.#pending.delete(message.id);
        if (message.ok) pending?.resolve(message.value);
        else pending?.reject(new Error(message.error));
      }
    });
    const fail = (error: Error) => {
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on('error', (error) => {
      log(`stream consumers failed: ${String(error)}`);
      fail(error);
    });
    worker.on('exit', (code) => {
      if (!this.#stopped) fail(new Error(`the stream consumers' worker exited (${code})`));
    });
  }

  static start(options: {
    dynamoEndpoint: string;
    tableName: string;
    clock: ManualClock;
    log?: (line: string) => void;
  }): StreamConsumers {
    const workerData: StreamConsumersWorkerData = {
      dynamoEndpoint: options.dynamoEndpoint,
      tableName: options.tableName,
      clock: options.clock.buffer,
    };
    const worker = new Worker(new URL('./stream-consumers-boot.mjs', import.meta.url), { workerData });
    return new StreamConsumers(worker, options.log ?? (() => {}));
  }

  /** Starts a consumer; `intervalMs` 0: no background polling, only `drain()`. */
  async add(name: string, spec: ConsumerSpec, intervalMs?: number): Promise<StreamConsumer> {
    await this.#call({ op: 'start', name, spec, intervalMs });
    this.#names.push(name);
    return {
      drain: async () => {
        await this.#call({ op: 'drain', name });
      },
    };
  }

  /**
   * Drains every consumer, sweep after sweep, until a whole sweep handles nothing: one consumer's work (a send
   * ledger record, an outbox item marked sent) is a new record for the others. The API bench calls it between
   * timed requests, so no consumer races a request for the CPU. Resolves to the records handled.
   */
  async drainAll(maxSweeps = 10): Promise<number> {
    let total = 0;
    for (let sweep = 0; sweep < maxSweeps; sweep++) {
      let handled = 0;
      for (const name of this.#names) handled += (await this.#call({ op: 'drain', name })) ?? 0;
      total += handled;
      if (handled === 0) break;
    }
    return total;
  }

  /** Told what the notification handler sent and failed, as it happens. */
  onMail(listener: (delta: { sent: number; failed: number }) => void): void {
    this.#mailListeners.push(listener);
  }

  async stop(): Promise<void> {
    if (this.#stopped) return;
    try {
      await this.#call({ op: 'stop' });
    } finally {
      this.#stopped = true;
      await this.#worker.terminate();
    }
  }

  #call(request: Request): Promise<number | undefined> {
    if (this.#stopped) return Promise.reject(new Error('the stream consumers are stopped'));
    const id = this.#nextId++;
    return new Promise<number | undefined>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...request, id } as ToWorker);
    });
  }
}
