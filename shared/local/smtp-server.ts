/**
 * The local stand-in for SES inbound: an SMTP listener (smtp-server) that does what the receipt rule does
 * in AWS. It accepts mail for `<tenant>@<supportDomain>` (and `<tenant>+<tag>@...`), writes the raw
 * message where the S3 action would (`inbound/<id>` in the folder store), and hands the inbound handler
 * the SES receipt event for it, verdicts PASS (or those an `X-Local-Verdicts` header asks for: see
 * `simulatedVerdicts`). The handler cannot tell the difference.
 *
 * A handler failure answers 451 (try again later), as an unavailable Lambda would make SES retry: the
 * client resends and Message-ID idempotency keeps it from doubling anything.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';
import type { FolderMailStore } from '../adapters/s3/folder-mail-store.js';
import type { Clock } from '../clock.js';
import { parseSupportAddress } from '../inbound/message-id.js';
import { buildSesRecord, rawMailKey, type SesRecord } from '../inbound/ses-event.js';

export const LOCAL_SUPPORT_DOMAIN = 'support.localhost';
export const LOCAL_SMTP_PORT = 2525;
/** SES accepts up to 40 MB; locally ~15 MB keeps a laptop's runtime responsive and covers the 10 MB tests. */
export const LOCAL_SMTP_MAX_BYTES = 15 * 1024 * 1024;

export interface LocalSmtpOptions {
  port?: number;
  host?: string;
  store: Pick<FolderMailStore, 'putRawMail'>;
  /** Called once per accepted message with its SES-shaped record (the inbound handler). */
  onMessage: (record: SesRecord) => Promise<unknown>;
  supportDomain?: string;
  clock?: Clock;
  maxBytes?: number;
}

export interface LocalSmtp {
  port: number;
  host: string;
  close(): Promise<void>;
}

class SmtpError extends Error {
  constructor(
    message: string,
    readonly responseCode: number,
  ) {
    super(message);
  }
}

/** SES message ids are 20+ lowercase alphanumerics; ours look alike and never collide with a previous run. */
function newSesMessageId(): string {
  return `local${randomBytes(12).toString('hex')}`;
}

const VERDICT_NAMES = ['spam', 'virus', 'spf', 'dkim', 'dmarc'] as const;
const VERDICT_VALUES = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'] as const;
type Verdicts = Partial<Record<(typeof VERDICT_NAMES)[number], (typeof VERDICT_VALUES)[number]>>;

/**
 * Verdicts default to PASS (the walkthrough works). A mail may ask for others with an
 * `X-Local-Verdicts: dmarc=FAIL spf=FAIL dkim=FAIL` header, to try what SES would do with a forged sender
 * (docs/inbound-email.md). Only the header block is read; unknown names and values are ignored.
 */
/**
 * SES's `mail.commonHeaders` of a raw mail, as SES fills them before anything reads the body (a rejection on
 * SES's verdicts records them): From, To and Cc as lists, Subject, Date and Message-ID, unfolded. The use case
 * bounds them as it does every header value.
 */
export function commonHeadersOf(raw: Buffer): NonNullable<SesRecord['ses']['mail']['commonHeaders']> {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 64 * 1024) : end).toString('latin1');
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const first = (name: string): string | undefined =>
    new RegExp(`^${name}:[ \\t]*([^\\r\\n]*)`, 'im').exec(unfolded)?.[1]?.trim();
  const list = (name: string): string[] | undefined => {
    const value = first(name);
    return value === undefined ? undefined : [value];
  };
  const headers = {
    from: list('from'),
    to: list('to'),
    cc: list('cc'),
    subject: first('subject'),
    date: first('date'),
    messageId: first('message-id'),
  };
  return Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined));
}

export function simulatedVerdicts(raw: Buffer): Verdicts {
  const end = raw.indexOf('\r\n\r\n');
  const head = raw.subarray(0, end < 0 ? Math.min(raw.length, 64 * 1024) : end).toString('latin1');
  const line = /^x-local-verdicts:[ \t]*([^\r\n]*)/im.exec(head)?.[1] ?? '';
  const verdicts: Verdicts = {};
  for (const [, name, value] of line.matchAll(/([a-z]+)\s*=\s*([A-Z_]+)/gi)) {
    const n = name!.toLowerCase() as (typeof VERDICT_NAMES)[number];
    const v = value!.toUpperCase() as (typeof VERDICT_VALUES)[number];
    if (VERDICT_NAMES.includes(n) && VERDICT_VALUES.includes(v)) verdicts[n] = v;
  }
  return verdicts;
}

export async function startLocalSmtp(options: LocalSmtpOptions): Promise<LocalSmtp> {
  const host = options.host ?? '127.0.0.1';
  const domain = (options.supportDomain ?? LOCAL_SUPPORT_DOMAIN).toLowerCase();
  const maxBytes = options.maxBytes ?? LOCAL_SMTP_MAX_BYTES;
  const now = () => new Date(options.clock?.now() ?? Date.now()).toISOString();

  const server = new SMTPServer({
    name: domain,
    banner: 'SLA Sentinel local inbound mail',
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    size: maxBytes,
    logger: false,
    onRcptTo(address, _session, callback) {
      const parsed = parseSupportAddress(address.address);
      if (!parsed || parsed.domain !== domain)
        return callback(
          new SmtpError(`5.1.1 <${address.address}>: this server only accepts mail for @${domain}`, 550),
        );
      callback();
    },
    onData(stream, session: SMTPServerSession, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (error) => callback(error));
      stream.on('end', () => {
        if ((stream as unknown as { sizeExceeded?: boolean }).sizeExceeded)
          return callback(new SmtpError(`5.3.4 Message exceeds the ${maxBytes}-byte limit`, 552));
        const raw = Buffer.concat(chunks);
        const sesMessageId = newSesMessageId();
        const mailFrom = session.envelope.mailFrom;
        const record = buildSesRecord({
          sesMessageId,
          source: mailFrom ? mailFrom.address : '',
          recipients: session.envelope.rcptTo.map((r) => r.address.toLowerCase()),
          timestamp: now(),
          commonHeaders: commonHeadersOf(raw),
          verdicts: simulatedVerdicts(raw),
        });
        options.store
          .putRawMail(rawMailKey(sesMessageId), raw)
          .then(() => options.onMessage(record))
          .then(
            () => callback(null, `Queued as ${sesMessageId}`),
            (error: unknown) =>
              callback(new SmtpError(`4.3.0 Temporary failure: ${(error as Error)?.message ?? error}`, 451)),
          );
      });
    },
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? LOCAL_SMTP_PORT, host, () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  // Errors after start (a client dropping mid-session) must not crash the runtime.
  server.on('error', () => {});
  const address = (server as unknown as { server: { address(): AddressInfo } }).server.address();

  return {
    port: address.port,
    host,
    close: () => new Promise<void>((resolveClose) => server.close(() => resolveClose())),
  };
}
