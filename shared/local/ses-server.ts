import type { Server } from 'node:http';
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
  stop(): Promise<void>;
}

export async function startLocalSes(options: { port?: number; host?: string } = {}): Promise<LocalSes> {
  const host = options.host ?? '127.0.0.1';
  // A CommonJS module with `exports.default`: under NodeNext ESM the function sits one `default` deeper.
  const exported = sesLocalModule.default as unknown as StartServer | { default: StartServer };
  const start = typeof exported === 'function' ? exported : exported.default;
  const server = await start({ port: options.port ?? 8005, host });
  const address = server.address() as AddressInfo;
  return {
    endpoint: `http://${host}:${address.port}`,
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
