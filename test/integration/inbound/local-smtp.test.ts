/**
 * The local SMTP listener and the folder store: real SMTP (nodemailer as the client) into the same use
 * case the Lambda runs. The ticket port is the in-memory fake here; the DynamoDB-backed one is covered by
 * the end-to-end test through the local runtime.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FolderMailStore } from '../../../shared/adapters/s3/folder-mail-store.js';
import { ManualClock } from '../../../shared/clock.js';
import { type InboundOutcome, processInboundMail } from '../../../shared/inbound/process-inbound-mail.js';
import { rawMailKey, type SesRecord, sesRecordSchema } from '../../../shared/inbound/ses-event.js';
import { type LocalSmtp, startLocalSmtp } from '../../../shared/local/smtp-server.js';
import { FakeTicketPort, RecordingMetrics, silentLogger } from '../../unit/inbound/fakes.js';
import { fixture } from '../../unit/inbound/harness.js';

let dir: string;
let smtp: LocalSmtp;
let store: FolderMailStore;
const tickets = new FakeTicketPort('support.localhost');
const records: SesRecord[] = [];
const outcomes: InboundOutcome[] = [];
let failNext = false;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sla-mail-'));
  store = new FolderMailStore(dir);
  tickets.addTenant({
    tenantId: 'interzen',
    priorities: ['blocking', 'high', 'medium', 'low'],
    defaultPriority: 'medium',
    allowSubjectPriority: true,
  });
  const clock = new ManualClock(Date.parse('2026-03-04T10:00:00Z'));
  smtp = await startLocalSmtp({
    port: 0,
    store,
    clock,
    maxBytes: 12 * 1024 * 1024,
    onMessage: async (record) => {
      if (failNext) {
        failNext = false;
        throw new Error('table unavailable');
      }
      records.push(record);
      outcomes.push(
        await processInboundMail(
          { store, tickets, clock, logger: silentLogger, metrics: new RecordingMetrics() },
          record,
        ),
      );
    },
  });
});

afterAll(async () => {
  await smtp?.close();
  await rm(dir, { recursive: true, force: true });
});

const transport = () =>
  createTransport({
    host: '127.0.0.1',
    port: smtp.port,
    secure: false,
    ignoreTLS: true,
    disableFileAccess: true,
  });

describe('local SMTP listener', () => {
  it('stores the raw mail where the handler reads it and invokes it with an SES-shaped record (PASS)', async () => {
    const info = await transport().sendMail({
      from: 'Marco Bianchi <marco.bianchi@acme-industrie.it>',
      to: 'interzen@support.localhost',
      subject: '[P2] Report export is slow',
      text: 'Exports take ten minutes since the upgrade.',
      attachments: [{ filename: 'timing.txt', content: 'export 612s' }],
    });
    expect(info.accepted).toEqual(['interzen@support.localhost']);
    const record = records.at(-1)!;
    expect(sesRecordSchema.safeParse(record).success).toBe(true);
    expect(record.ses.receipt.recipients).toEqual(['interzen@support.localhost']);
    expect(record.ses.receipt.dmarcVerdict.status).toBe('PASS');
    expect(record.ses.mail.source).toBe('marco.bianchi@acme-industrie.it');
    const raw = await readFile(join(dir, rawMailKey(record.ses.mail.messageId)), 'utf8');
    expect(raw).toContain('Subject: [P2] Report export is slow');

    const outcome = outcomes.at(-1)!;
    expect(outcome.kind).toBe('ticket-created');
    expect(tickets.tickets.at(-1)).toMatchObject({
      priority: 'high',
      subject: 'Report export is slow',
      tenantId: 'interzen',
    });
    if (outcome.kind !== 'ticket-created') return;
    const attachment = outcome.attachments[0]!;
    expect(attachment).toMatchObject({ filename: 'timing.txt', contentType: 'text/plain', size: 11 });
    expect(await readFile(join(dir, attachment.key), 'utf8')).toBe('export 612s');
  });

  it('takes a corpus message as-is (raw) and threads a plus-addressed reply', async () => {
    await transport().sendMail({
      envelope: { from: 'marco.bianchi@acme-industrie.it', to: ['interzen@support.localhost'] },
      raw: fixture('plain.eml'),
    });
    const ticket = tickets.tickets.at(-1)!;
    await transport().sendMail({
      from: 'marco.bianchi@acme-industrie.it',
      to: `interzen+${ticket.reference.toLowerCase()}@support.localhost`,
      subject: 'more',
      text: 'It also fails for XLSX.',
    });
    expect(outcomes.at(-1)).toMatchObject({ kind: 'comment-added', threadedBy: 'address' });
    expect(ticket.comments.at(-1)!.body).toBe('It also fails for XLSX.');
  });

  it("a mail refused on SES's verdicts (DMARC, SPF and DKIM) records its sender, subject and Message-ID", async () => {
    for (const verdicts of ['dmarc=FAIL', 'spf=FAIL dkim=FAIL']) {
      await transport().sendMail({
        from: 'Mallory <mallory@spoofed.example>',
        to: 'interzen@support.localhost',
        subject: `Invoice overdue (${verdicts})`,
        messageId: `<spoof-${verdicts.length}@spoofed.example>`,
        headers: { 'X-Local-Verdicts': verdicts },
        text: 'Pay now.',
      });
      const record = records.at(-1)!;
      expect(record.ses.mail.commonHeaders).toMatchObject({
        from: ['Mallory <mallory@spoofed.example>'],
        messageId: `<spoof-${verdicts.length}@spoofed.example>`,
      });
      expect(outcomes.at(-1)?.kind).toBe('rejected');
      const rejection = tickets.rejections.at(-1)!.record;
      expect(rejection).toMatchObject({
        from: 'Mallory <mallory@spoofed.example>',
        subject: `Invoice overdue (${verdicts})`,
        messageId: `<spoof-${verdicts.length}@spoofed.example>`,
        recipients: ['interzen@support.localhost'],
      });
    }
  });

  it('refuses recipients outside the support domain at RCPT TO', async () => {
    await expect(
      transport().sendMail({ from: 'a@acme-industrie.it', to: 'someone@elsewhere.example', text: 'x' }),
    ).rejects.toMatchObject({ responseCode: 550 });
  });

  it('refuses a message over the size limit with 552', async () => {
    await expect(
      transport().sendMail({
        from: 'a@acme-industrie.it',
        to: 'interzen@support.localhost',
        text: 'big',
        attachments: [{ filename: 'big.bin', content: Buffer.alloc(13 * 1024 * 1024, 1) }],
      }),
    ).rejects.toMatchObject({ responseCode: 552 });
  });

  it('answers 451 when the handler fails, and the resend goes through once', async () => {
    const before = tickets.tickets.length;
    failNext = true;
    const mail = {
      from: 'a@acme-industrie.it',
      to: 'interzen@support.localhost',
      subject: 'retry me',
      text: 'A retried mail.',
      messageId: '<retry-1@acme-industrie.it>',
    };
    await expect(transport().sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });
    await transport().sendMail(mail);
    await transport().sendMail(mail);
    expect(tickets.tickets.length).toBe(before + 1);
    expect(outcomes.at(-1)!.kind).toBe('duplicate');
  });
});

describe('folder mail store', () => {
  it('refuses keys that escape its root', async () => {
    await expect(store.putAttachment('../outside', Buffer.from('x'), 'text/plain')).rejects.toThrow(
      RangeError,
    );
    expect(await store.getRawMail('inbound/never-written')).toBeUndefined();
  });
});
