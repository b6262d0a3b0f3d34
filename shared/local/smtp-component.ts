/**
 * The local runtime's inbound-mail component: the SMTP listener on 127.0.0.1:2525, raw mail in a folder
 * (`<mailDir>/inbound/<id>`, attachments under `<mailDir>/attachments/`), and the inbound-email Lambda's
 * plain function over the runtime's own ticket service (same table, same clock, same events sink, so a
 * mail-opened ticket is acknowledged through aws-ses-v2-local like any other).
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { FolderMailStore } from '../adapters/s3/folder-mail-store.js';
import type { Clock } from '../clock.js';
import { createInboundMail } from '../composition/inbound-mail.js';
import type { TicketServices } from '../composition/ticket-services.js';
import type { InboundLogger, InboundMetrics } from '../inbound/ports.js';
import type { InboundOutcome } from '../inbound/process-inbound-mail.js';
import type { LocalComponent, LocalRuntimeContext } from './component.js';
import { LOCAL_SMTP_PORT, LOCAL_SUPPORT_DOMAIN, startLocalSmtp } from './smtp-server.js';

export interface LocalInboundMailOptions {
  services: Pick<TicketServices, 'tickets' | 'tenantRepository'>;
  client: DynamoDBClient;
  tableName: string;
  clock: Clock;
  /** Where raw mail and attachments are kept; a fresh temporary folder when absent. */
  mailDir?: string;
  port?: number;
  host?: string;
  supportDomain?: string;
  logger?: InboundLogger;
  /** Told about every processed mail (the runtime prints a line; tests wait on it). */
  onOutcome?: (outcome: InboundOutcome) => void;
}

export interface LocalInboundMail {
  host: string;
  port: number;
  supportDomain: string;
  mailDir: string;
  /** One-line description for the runtime's banner. */
  describe(): string;
  stop(): Promise<void>;
}

const consoleLogger: InboundLogger = {
  info: () => {},
  warn: (message, extra) => console.warn(`[inbound-mail] ${message}`, extra ?? ''),
  error: (message, extra) => console.error(`[inbound-mail] ${message}`, extra ?? ''),
};

/** Locally metrics have nowhere to go; rejections are logged by the use case already. */
const noMetrics: InboundMetrics = { count: () => {} };

export async function startLocalInboundMail(options: LocalInboundMailOptions): Promise<LocalInboundMail> {
  const supportDomain = options.supportDomain ?? LOCAL_SUPPORT_DOMAIN;
  const mailDir = options.mailDir ?? (await mkdtemp(join(tmpdir(), 'sla-sentinel-mail-')));
  const store = new FolderMailStore(mailDir);
  const handle = createInboundMail({
    services: options.services,
    client: options.client,
    tableName: options.tableName,
    store,
    supportDomain,
    clock: options.clock,
    logger: options.logger ?? consoleLogger,
    metrics: noMetrics,
  });
  const smtp = await startLocalSmtp({
    port: options.port ?? LOCAL_SMTP_PORT,
    ...(options.host ? { host: options.host } : {}),
    store,
    supportDomain,
    clock: options.clock,
    onMessage: async (record) => {
      for (const outcome of await handle({ Records: [record] })) options.onOutcome?.(outcome);
    },
  });
  return {
    host: smtp.host,
    port: smtp.port,
    supportDomain,
    mailDir,
    describe: () => `SMTP (inbound mail)  smtp://${smtp.host}:${smtp.port}  -> <tenant id>@${supportDomain}`,
    stop: () => smtp.close(),
  };
}

/**
 * The SMTP listener as a local runtime component (`DEFAULT_COMPONENTS`). Uses the runtime's services, so the
 * ticket-events sinks other components add (the acknowledgement mail) see mail-opened tickets too.
 * `--smtp-port N` moves it; raw mail is kept under `--data DIR`/mail when given, else a temporary folder.
 */
export function inboundMailComponent(): LocalComponent {
  let running: LocalInboundMail | undefined;
  return {
    name: 'inbound-mail',
    async start(ctx: LocalRuntimeContext) {
      const flag = ctx.flags['smtp-port'];
      const port = typeof flag === 'string' && /^\d+$/.test(flag) ? Number(flag) : LOCAL_SMTP_PORT;
      let mailDir: string | undefined;
      if (ctx.dataDir) {
        mailDir = join(ctx.dataDir, 'mail');
        await mkdir(mailDir, { recursive: true });
      }
      running = await startLocalInboundMail({
        services: ctx.services,
        client: ctx.dynamoDb,
        tableName: ctx.tableName,
        clock: ctx.clock,
        port,
        ...(mailDir ? { mailDir } : {}),
        onOutcome: (outcome) => ctx.log(describeOutcome(outcome)),
      });
      ctx.env.SMTP_ENDPOINT = `smtp://${running.host}:${running.port}`;
      ctx.addBannerLines(
        running.describe(),
        `  swaks --server ${running.host}:${running.port} --from you@example.com --to interzen@${running.supportDomain} --header 'Subject: [P2] Export fails' --body 'Every CSV export fails.'`,
      );
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
  };
}

function describeOutcome(outcome: InboundOutcome): string {
  switch (outcome.kind) {
    case 'ticket-created':
      return `[inbound-mail] ${outcome.tenantId}: opened ${outcome.ticket.reference}`;
    case 'comment-added':
      return `[inbound-mail] ${outcome.tenantId}: comment on ${outcome.ticket.reference} (by ${outcome.threadedBy})`;
    case 'duplicate':
      return `[inbound-mail] ${outcome.tenantId}: duplicate ${outcome.messageId} ignored`;
    case 'rejected':
      return `[inbound-mail] ${outcome.tenantId ?? '(no tenant)'}: rejected (${outcome.reason}) ${outcome.details}`;
  }
}
