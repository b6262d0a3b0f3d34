/**
 * A local stand-in for the SQS queues the stack uses as dead-letter queues, enough for the mail redrive
 * command and its tests: `CreateQueue`, `GetQueueUrl`, `SendMessage`, `ReceiveMessage` (visibility timeout,
 * receipt handles), `DeleteMessage`, `DeleteMessageBatch`, `GetQueueAttributes` (message counts), in SQS's
 * JSON protocol (`X-Amz-Target: AmazonSQS.<Action>`), so `@aws-sdk/client-sqs` talks to it as to SQS. In memory.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenLocally, sendAwsJson } from './aws-json-server.js';
import { readBody } from './read-body.js';

interface StoredMessage {
  id: string;
  body: string;
  /** Invisible until then (ms, wall time) once received. */
  invisibleUntil: number;
  receiptHandle: string | null;
  receiveCount: number;
}

export interface LocalSqs {
  endpoint: string;
  /** The queue's URL (created if absent). */
  queueUrl(name: string): string;
  /** Bodies of the messages still in the queue (visible or not). */
  bodies(name: string): string[];
  stop(): Promise<void>;
}

/** The SDK checks each body against its MD5, as SQS sends it. */
const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

class SqsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export async function startLocalSqs(options: { port?: number } = {}): Promise<LocalSqs> {
  const queues = new Map<string, StoredMessage[]>();
  let endpoint = '';
  const urlOf = (name: string) => `${endpoint}/000000000000/${name}`;
  const queue = (url: unknown): StoredMessage[] => {
    const name = typeof url === 'string' ? url.split('/').pop() : undefined;
    const found = name === undefined ? undefined : queues.get(name);
    if (!found) throw new SqsError('AWS.SimpleQueueService.NonExistentQueue', `no queue ${String(url)}`);
    return found;
  };
  const ensure = (name: string) => {
    if (!queues.has(name)) queues.set(name, []);
    return urlOf(name);
  };
  const remove = (messages: StoredMessage[], handle: unknown) => {
    const index = messages.findIndex((m) => m.receiptHandle !== null && m.receiptHandle === handle);
    if (index >= 0) messages.splice(index, 1);
  };

  const actions: Record<string, (input: Record<string, unknown>) => unknown> = {
    CreateQueue: (input) => ({ QueueUrl: ensure(String(input.QueueName)) }),
    GetQueueUrl: (input) => {
      queue(urlOf(String(input.QueueName)));
      return { QueueUrl: urlOf(String(input.QueueName)) };
    },
    SendMessage: (input) => {
      const id = randomUUID();
      queue(input.QueueUrl).push({
        id,
        body: String(input.MessageBody),
        invisibleUntil: 0,
        receiptHandle: null,
        receiveCount: 0,
      });
      return { MessageId: id, MD5OfMessageBody: md5(String(input.MessageBody)) };
    },
    ReceiveMessage: (input) => {
      const now = Date.now();
      const max = Math.min(10, Number(input.MaxNumberOfMessages ?? 1));
      const visibility = Number(input.VisibilityTimeout ?? 30) * 1000;
      const out = queue(input.QueueUrl)
        .filter((m) => m.invisibleUntil <= now)
        .slice(0, max);
      for (const m of out) {
        m.invisibleUntil = now + visibility;
        m.receiptHandle = randomUUID();
        m.receiveCount++;
      }
      return {
        Messages: out.map((m) => ({
          MessageId: m.id,
          ReceiptHandle: m.receiptHandle,
          Body: m.body,
          MD5OfBody: md5(m.body),
          Attributes: { ApproximateReceiveCount: String(m.receiveCount) },
        })),
      };
    },
    DeleteMessage: (input) => {
      remove(queue(input.QueueUrl), input.ReceiptHandle);
      return {};
    },
    DeleteMessageBatch: (input) => {
      const messages = queue(input.QueueUrl);
      const entries = (input.Entries ?? []) as { Id: string; ReceiptHandle: string }[];
      for (const entry of entries) remove(messages, entry.ReceiptHandle);
      return { Successful: entries.map((e) => ({ Id: e.Id })), Failed: [] };
    },
    GetQueueAttributes: (input) => {
      const messages = queue(input.QueueUrl);
      const now = Date.now();
      return {
        Attributes: {
          ApproximateNumberOfMessages: String(messages.filter((m) => m.invisibleUntil <= now).length),
          ApproximateNumberOfMessagesNotVisible: String(
            messages.filter((m) => m.invisibleUntil > now).length,
          ),
        },
      };
    },
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      sendAwsJson(res, 'application/x-amz-json-1.0', status, body, headers);
    try {
      const target = String(req.headers['x-amz-target'] ?? '');
      const action = actions[target.replace(/^AmazonSQS\./, '')];
      if (!target.startsWith('AmazonSQS.') || !action) {
        throw new SqsError('UnsupportedOperation', `the local SQS does not offer ${target || '(no target)'}`);
      }
      const text = await readBody(req, 1024 * 1024);
      reply(200, action(text ? (JSON.parse(text) as Record<string, unknown>) : {}));
    } catch (error) {
      const e = error instanceof SqsError ? error : new SqsError('InternalError', String(error), 500);
      reply(e.status, { __type: e.type, message: e.message }, { 'x-amzn-query-error': `${e.type};Sender` });
    }
  };
  const { server, endpoint: url } = await listenLocally(
    (req, res) => void handle(req, res),
    options.port ?? 0,
  );
  endpoint = url;
  return {
    endpoint,
    queueUrl: ensure,
    bodies: (name) => (queues.get(name) ?? []).map((m) => m.body),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
