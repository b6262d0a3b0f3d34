import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as sesLocalModule from 'aws-ses-v2-local';

type StartServer = (config?: { port?: number; host?: string }) => Promise<Server>;

/**
 * aws-ses-v2-local, started in-process (its package exports the server function): the SESv2 API on
 * 127.0.0.1:8005 by default, a web page listing sent mail at `/`, the mail as JSON at `GET /store`, and
 * `POST /clear-store`. Its store is module-global, so one process runs one of these.
 */
export interface StoredMail {
  messageId: string;
  from: string;
  replyTo: string[];
  destination: { to: string[]; cc: string[]; bcc: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

export interface LocalSes {
  endpoint: string;
  /** When a `--ses-outage` ends (epoch ms), or null. */
  outageUntil: number | null;
  stop(): Promise<void>;
}

export async function startLocalSes(
  options: {
    port?: number;
    host?: string;
    /** `--ses-outage SECONDS`: every send is refused for this long after start (wall time). */
    outageSeconds?: number;
    /** Wall time, for tests. */
    now?: () => number;
  } = {},
): Promise<LocalSes> {
  const host = options.host ?? '127.0.0.1';
  // A CommonJS module with `exports.default`: under NodeNext ESM the function sits one `default` deeper.
  const exported = sesLocalModule.default as unknown as StartServer | { default: StartServer };
  const start = typeof exported === 'function' ? exported : exported.default;
  const server = await start({ port: options.port ?? 8005, host });
  const address = server.address() as AddressInfo;
  const now = options.now ?? Date.now;
  const outageUntil = now() + Math.max(0, options.outageSeconds ?? 0) * 1000;
  if (outageUntil > now()) refuseSendsUntil(server, outageUntil, now);
  return {
    endpoint: `http://${host}:${address.port}`,
    outageUntil: outageUntil > now() ? outageUntil : null,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The mail aws-ses-v2-local holds (what its web page lists). */
export async function fetchSentMail(endpoint: string, since?: number): Promise<StoredMail[]> {
  const response = await fetch(`${endpoint}/store${since === undefined ? '' : `?since=${since}`}`);
  if (!response.ok) throw new Error(`aws-ses-v2-local /store answered ${response.status}`);
  const body = (await response.json()) as { emails: StoredMail[] };
  return body.emails;
}

export async function clearSentMail(endpoint: string): Promise<void> {
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });
}

export function headerOf(mail: StoredMail, name: string): string | undefined {
  return mail.headers?.find((h) => h.name.toLowerCase() === name.toLowerCase())?.value;
}

/**
 * The outage front: until `until`, every SendEmail (`POST /v2/email/outbound-emails`) is answered as SES answers
 * a throttled or paused account, 429 `TooManyRequestsException`, which the SDK treats as retryable; the web
 * page and `/store` keep working. It sits in front of aws-ses-v2-local's own request listener on the same port.
 */
function refuseSendsUntil(server: Server, until: number, now: () => number): void {
  const listeners = server.listeners('request') as ((req: IncomingMessage, res: ServerResponse) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    if (now() < until && req.method === 'POST' && req.url?.startsWith('/v2/email/outbound-emails')) {
      req.resume();
      res.writeHead(429, {
        'content-type': 'application/json',
        'x-amzn-errortype': 'TooManyRequestsException',
      });
      res.end(JSON.stringify({ message: 'local SES outage (--ses-outage): sending refused' }));
      return;
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
}
