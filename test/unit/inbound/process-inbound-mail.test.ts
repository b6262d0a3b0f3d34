import { describe, expect, it } from 'vitest';
import { MAX_BODY_CHARS, MAX_RAW_MAIL_BYTES } from '../../../shared/inbound/parse-mail.js';
import { TicketRefusedError } from '../../../shared/inbound/ports.js';
import { processInboundMail } from '../../../shared/inbound/process-inbound-mail.js';
import { METRIC } from '../../../shared/observability/metrics.js';
import { silentLogger } from './fakes.js';
import { fixture, makeWorld, OUR_ACK_ID } from './harness.js';

function created(outcome: Awaited<ReturnType<ReturnType<typeof makeWorld>['deliver']>>) {
  if (outcome.kind !== 'ticket-created') throw new Error(`expected a ticket, got ${JSON.stringify(outcome)}`);
  return outcome;
}

describe('processInboundMail: the MIME corpus opens tickets', () => {
  it('plain text: a ticket with channel email, default priority, English, the sender as requester', async () => {
    const w = makeWorld();
    const outcome = created(await w.deliver(fixture('plain.eml')));
    const ticket = w.tickets.tickets.find((t) => t.ticketId === outcome.ticket.ticketId)!;
    expect(ticket).toMatchObject({
      tenantId: 'interzen',
      channel: 'email',
      subject: 'Export to CSV fails with error 500',
      priority: 'medium',
      language: 'en',
      requesterEmail: 'marco.bianchi@acme-industrie.it',
    });
    expect(ticket.description).toContain('every export to CSV');
    expect(ticket.created.origin.messageId).toBe('<20260303091240.4711@mail.acme-industrie.it>');
    expect(ticket.created.requester.name).toBe('Marco Bianchi');
  });

  it('multipart/alternative: the text part is the description', async () => {
    const w = makeWorld();
    created(await w.deliver(fixture('multipart-alternative.eml')));
    const ticket = w.tickets.tickets[0]!;
    expect(ticket.tenantId).toBe('standard-support');
    expect(ticket.description).toContain('expires before I can click it — it says "token expired"');
    expect(ticket.description).not.toContain('<div');
  });

  it('HTML only: the HTML becomes text', async () => {
    const w = makeWorld();
    created(await w.deliver(fixture('html-only.eml')));
    const ticket = w.tickets.tickets[0]!;
    expect(ticket.tenantId).toBe('managry');
    expect(ticket.description).toContain('computes 21% VAT on items that should be 12%');
    expect(ticket.description).toContain('Jan Novák');
    expect(ticket.description).not.toMatch(/<p>|<b>|font-family/);
  });

  it('attachments: stored under deterministic keys and listed on the ticket with name, type, size', async () => {
    const w = makeWorld();
    const outcome = created(await w.deliver(fixture('attachments.eml'), { sesMessageId: 'ses-att' }));
    expect(outcome.attachments).toEqual([
      {
        filename: 'manifest-0306.pdf',
        contentType: 'application/pdf',
        size: expect.any(Number),
        key: 'attachments/harmoni/ses-att/1-manifest-0306.pdf',
      },
      {
        filename: 'screenshot.png',
        contentType: 'image/png',
        size: 70,
        key: 'attachments/harmoni/ses-att/2-screenshot.png',
      },
    ]);
    const pdf = w.store.objects.get('attachments/harmoni/ses-att/1-manifest-0306.pdf')!;
    expect(Buffer.from(pdf.body).subarray(0, 8).toString()).toBe('%PDF-1.4');
    expect(pdf.body.byteLength).toBe(outcome.attachments[0]!.size);
    expect(w.tickets.tickets[0]!.created.attachments).toEqual(outcome.attachments);
  });

  it('ISO-8859-1 body and subject: decoded, detected as Italian', async () => {
    const w = makeWorld();
    created(await w.deliver(fixture('iso-8859-1.eml')));
    const ticket = w.tickets.tickets[0]!;
    expect(ticket.subject).toBe('Impossibile accedere al portale (perché?)');
    expect(ticket.description).toContain('non riusciamo più ad accedere');
    expect(ticket.description).toContain('È un problema bloccante');
    expect(ticket.language).toBe('it');
  });

  it('Shift_JIS body and encoded-word subject: decoded; not Italian, so English templates', async () => {
    const w = makeWorld();
    created(await w.deliver(fixture('shift-jis.eml')));
    const ticket = w.tickets.tickets[0]!;
    expect(ticket.tenantId).toBe('fenorri');
    expect(ticket.subject).toBe('CSVの文字化けについて');
    expect(ticket.description).toContain('管理画面から CSV をダウンロードすると文字化けします。');
    expect(ticket.created.requester.name).toBe('田中 太郎');
    expect(ticket.language).toBe('en');
  });

  it('encoded-word subject with [P1]: decoded, priority taken from the subject where the tenant allows', async () => {
    const w = makeWorld();
    created(await w.deliver(fixture('encoded-word-subject.eml')));
    const ticket = w.tickets.tickets[0]!;
    expect(ticket.subject).toBe('Produzione ferma: ordini non sincronizzati');
    expect(ticket.priority).toBe('blocking');
    expect(ticket.language).toBe('it');
    expect(ticket.created.requester.name).toBe('Lorenzo Cafè');
  });

  it('a subject-stated priority is ignored where the tenant does not allow it', async () => {
    const w = makeWorld();
    const raw = Buffer.from(
      fixture('multipart-alternative.eml')
        .toString('latin1')
        .replace('Subject: Cannot', 'Subject: [P1] Cannot'),
      'latin1',
    );
    created(await w.deliver(raw));
    expect(w.tickets.tickets[0]).toMatchObject({ priority: 'low', subject: '[P1] Cannot reset my password' });
  });

  it('a truncated message (cut inside an attachment) still opens a ticket with what arrived', async () => {
    const w = makeWorld();
    const outcome = created(await w.deliver(fixture('truncated.eml')));
    expect(w.tickets.tickets[0]!.description).toContain('logs from the failed nightly sync');
    expect(outcome.attachments.map((a) => a.filename)).toEqual(['logs.pdf']);
  });

  it('a malformed message (broken headers and body) becomes a best-effort ticket, not a crash', async () => {
    const w = makeWorld();
    const outcome = created(
      await w.deliver(fixture('malformed.eml'), { to: ['harmoni@support.example.com'] }),
    );
    const ticket = w.tickets.tickets.find((t) => t.ticketId === outcome.ticket.ticketId)!;
    expect(ticket.requesterEmail).toBe('priya@kiwi-logistics.co.nz');
    expect(ticket.subject.startsWith('Hello')).toBe(true);
    expect(ticket.description).toBe('(no text)');
    // No Message-ID header: SES's id stands in, so a redelivery is still recognised.
    expect(ticket.created.origin.messageId).toMatch(/^<ses-\d+@ses\.inbound>$/);
  });

  it('bytes that are not mail at all still end in a recorded outcome', async () => {
    const w = makeWorld();
    const outcome = await w.deliver(Buffer.from([0, 1, 2, 255, 254, 13, 10, 13, 10, 0]), {
      to: ['interzen@support.example.com'],
    });
    expect(outcome.kind).toBe('rejected');
    expect(outcome).toMatchObject({ reason: 'no-sender' });
    expect(w.tickets.rejections).toHaveLength(1);
  });
});

describe('processInboundMail: size', () => {
  it('a 10 MB message with a large attachment opens a ticket and keeps the attachment whole', async () => {
    const w = makeWorld();
    const attachment = Buffer.alloc(7 * 1024 * 1024);
    for (let i = 0; i < attachment.length; i++) attachment[i] = (i * 31 + 7) & 0xff;
    const b64 = attachment.toString('base64').replace(/.{76}/g, '$&\r\n');
    const raw = Buffer.from(
      [
        'From: Priya Raman <priya@kiwi-logistics.co.nz>',
        'To: harmoni@support.example.com',
        'Subject: Full database dump for the import failure',
        'Message-ID: <bigdump.1@kiwi-logistics.co.nz>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/mixed; boundary="big"',
        '',
        '--big',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'The dump is attached.',
        '--big',
        'Content-Type: application/octet-stream; name="dump.bin"',
        'Content-Disposition: attachment; filename="dump.bin"',
        'Content-Transfer-Encoding: base64',
        '',
        b64,
        '--big--',
        '',
      ].join('\r\n'),
    );
    expect(raw.byteLength).toBeGreaterThan(9.5 * 1024 * 1024);
    const outcome = created(await w.deliver(raw));
    expect(outcome.attachments).toHaveLength(1);
    expect(outcome.attachments[0]!.size).toBe(attachment.length);
    const stored = w.store.objects.get(outcome.attachments[0]!.key)!;
    expect(Buffer.compare(Buffer.from(stored.body), attachment)).toBe(0);
  });

  it('a body longer than the cap is cut and marked', async () => {
    const w = makeWorld();
    const long = 'The sync fails again. '.repeat(3000);
    const raw = Buffer.from(
      `From: a@acme-industrie.it\r\nTo: interzen@support.example.com\r\nSubject: long\r\nMessage-ID: <long@x>\r\n\r\n${long}`,
    );
    created(await w.deliver(raw));
    const description = w.tickets.tickets[0]!.description;
    expect(description.length).toBeLessThanOrEqual(MAX_BODY_CHARS + 40);
    expect(description.endsWith('[message truncated]')).toBe(true);
  });

  it('a message over the raw cap is rejected as too-large without being parsed', async () => {
    const w = makeWorld();
    const outcome = await w.deliver(Buffer.alloc(MAX_RAW_MAIL_BYTES + 1, 0x61));
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'too-large', tenantId: 'interzen' });
  });
});

describe('processInboundMail: replies thread onto their ticket', () => {
  it('by headers alone (In-Reply-To is our Message-ID; plain address, no reference in the subject)', async () => {
    const w = makeWorld();
    const ticket = w.tickets.seedTicket({
      tenantId: 'interzen',
      reference: 'INT-000123',
      status: 'pending_customer',
      requesterEmail: 'marco.bianchi@acme-industrie.it',
    });
    const outcome = await w.deliver(fixture('reply-gmail.eml'));
    expect(outcome).toMatchObject({
      kind: 'comment-added',
      threadedBy: 'headers',
      ticket: { ticketId: ticket.ticketId },
    });
    expect(ticket.comments).toHaveLength(1);
    const comment = ticket.comments[0]!;
    expect(comment.body).toBe(
      'Hi,\nthe export now works for CSV, but the column headers are missing.\nCan you check that as well?\n\nMarco',
    );
    expect(comment.quotedTextStripped).toBe(true);
    expect(comment.author.email).toBe('marco.bianchi@acme-industrie.it');
    // A customer reply resumes a ticket waiting for the customer.
    expect(ticket.status).toBe('open');
    expect(w.tickets.tickets).toHaveLength(1);
  });

  it('by subject reference alone (Outlook reply without threading headers)', async () => {
    const w = makeWorld();
    const ticket = w.tickets.seedTicket({ tenantId: 'interzen', reference: 'INT-000123' });
    const outcome = await w.deliver(fixture('reply-outlook-subject-only.eml'));
    expect(outcome).toMatchObject({ kind: 'comment-added', threadedBy: 'subject' });
    expect(ticket.comments[0]!.body).toBe(
      'Hello,\n\nthe problem is back this morning, same error 500 on every CSV export.\n\nBest regards\nMarco Bianchi\nACME Industrie S.p.A.',
    );
  });

  it('by the plus-address alone', async () => {
    const w = makeWorld();
    const ticket = w.tickets.seedTicket({ tenantId: 'interzen', reference: 'INT-000123' });
    const raw = Buffer.from(
      'From: Marco <marco.bianchi@acme-industrie.it>\r\nTo: interzen+int-000123@support.example.com\r\nSubject: one more thing\r\nMessage-ID: <plus@acme-industrie.it>\r\n\r\nAlso the PDF export is slow.\r\n',
    );
    const outcome = await w.deliver(raw);
    expect(outcome).toMatchObject({ kind: 'comment-added', threadedBy: 'address' });
    expect(ticket.comments[0]!.body).toBe('Also the PDF export is slow.');
  });

  it('by an earlier inbound Message-ID (the requester answers their own mail)', async () => {
    const w = makeWorld();
    const first = created(await w.deliver(fixture('plain.eml')));
    const raw = Buffer.from(
      `From: ${first.ticket.requesterEmail}\r\nTo: interzen@support.example.com\r\nSubject: Re: Export\r\nMessage-ID: <marco2@acme-industrie.it>\r\nIn-Reply-To: <20260303091240.4711@mail.acme-industrie.it>\r\n\r\nSame here on my account.\r\n`,
    );
    const outcome = await w.deliver(raw);
    expect(outcome).toMatchObject({
      kind: 'comment-added',
      threadedBy: 'message-ids',
      ticket: { ticketId: first.ticket.ticketId },
    });
  });

  it('a colleague who is not on the ticket posts nothing: the mail is recorded as a rejection', async () => {
    const w = makeWorld();
    const first = created(await w.deliver(fixture('plain.eml')));
    const raw = Buffer.from(
      'From: Anna <anna@acme-industrie.it>\r\nTo: interzen@support.example.com\r\nSubject: Re: Export\r\nMessage-ID: <anna1@acme-industrie.it>\r\nIn-Reply-To: <20260303091240.4711@mail.acme-industrie.it>\r\n\r\nSame here on my account.\r\n',
    );
    const outcome = await w.deliver(raw);
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'not-a-participant' });
    const ticket = w.tickets.tickets.find((t) => t.ticketId === first.ticket.ticketId)!;
    expect(ticket.comments).toHaveLength(0);
    expect(w.tickets.rejections.at(-1)?.record).toMatchObject({ reason: 'not-a-participant' });
  });

  it('Thunderbird (Italian) reply: attribution, quotes and signature stripped', async () => {
    const w = makeWorld();
    const ticket = w.tickets.seedTicket({ tenantId: 'interzen', reference: 'INT-000123' });
    await w.deliver(fixture('reply-thunderbird-it.eml'));
    expect(ticket.comments[0]!.body).toBe(
      "Confermo, adesso l'esportazione funziona anche con le intestazioni.\nPotete chiudere la richiesta.",
    );
  });

  it("a reference to another tenant's ticket does not thread: it opens a new ticket for the addressed tenant", async () => {
    const w = makeWorld();
    const other = w.tickets.seedTicket({ tenantId: 'harmoni', reference: 'INT-000123' });
    const outcome = created(await w.deliver(fixture('reply-outlook-subject-only.eml')));
    expect(outcome.tenantId).toBe('interzen');
    expect(other.comments).toHaveLength(0);
  });

  it('a reply to a closed ticket opens a follow-up ticket', async () => {
    const w = makeWorld();
    const closed = w.tickets.seedTicket({ tenantId: 'interzen', reference: 'INT-000123', status: 'closed' });
    const outcome = created(await w.deliver(fixture('reply-outlook-subject-only.eml')));
    const ticket = w.tickets.tickets.find((t) => t.ticketId === outcome.ticket.ticketId)!;
    expect(ticket.created.followUpOf).toBe('INT-000123');
    expect(ticket.description.startsWith('Follow-up to closed ticket INT-000123.')).toBe(true);
    expect(closed.comments).toHaveLength(0);
  });
});

describe('processInboundMail: no duplicates', () => {
  it('the same Message-ID delivered twice (two SES deliveries) makes one ticket', async () => {
    const w = makeWorld();
    const first = await w.deliver(fixture('plain.eml'), { sesMessageId: 'ses-a' });
    const second = await w.deliver(fixture('plain.eml'), { sesMessageId: 'ses-b' });
    expect(first.kind).toBe('ticket-created');
    expect(second).toMatchObject({
      kind: 'duplicate',
      messageId: '<20260303091240.4711@mail.acme-industrie.it>',
    });
    expect(w.tickets.tickets).toHaveLength(1);
  });

  it('two concurrent deliveries of one mail make one ticket (the port is idempotent on Message-ID)', async () => {
    const w = makeWorld();
    const outcomes = await Promise.all([
      w.deliver(fixture('plain.eml'), { sesMessageId: 'ses-a' }),
      w.deliver(fixture('plain.eml'), { sesMessageId: 'ses-b' }),
    ]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['duplicate', 'ticket-created']);
    expect(w.tickets.tickets).toHaveLength(1);
  });

  it('a reply delivered twice makes one comment', async () => {
    const w = makeWorld();
    const ticket = w.tickets.seedTicket({ tenantId: 'interzen', reference: 'INT-000123' });
    await w.deliver(fixture('reply-gmail.eml'));
    const again = await w.deliver(fixture('reply-gmail.eml'));
    expect(again.kind).toBe('duplicate');
    expect(ticket.comments).toHaveLength(1);
  });
});

describe('processInboundMail: rejections are recorded with a reason and counted', () => {
  const cases: [string, string, Parameters<ReturnType<typeof makeWorld>['deliver']>[1], string][] = [
    ['auto-reply.eml', 'out-of-office auto-reply', {}, 'auto-reply'],
    ['bounce-dsn.eml', 'bounce (DSN from MAILER-DAEMON, Return-Path <>)', { source: '' }, 'bounce'],
    ['list-mail.eml', 'newsletter (List-Id, Precedence: bulk)', {}, 'list'],
    [
      'spoofed-dmarc-fail.eml',
      'DMARC FAIL, policy reject',
      { verdicts: { dmarc: 'FAIL' }, dmarcPolicy: 'reject' },
      'dmarc',
    ],
    [
      'spoofed-dmarc-fail.eml',
      'DMARC FAIL, policy none',
      { verdicts: { dmarc: 'FAIL' }, dmarcPolicy: 'none' },
      'dmarc',
    ],
    ['plain.eml', 'virus', { verdicts: { virus: 'FAIL' } }, 'virus'],
    ['plain.eml', 'spam', { verdicts: { spam: 'FAIL' } }, 'spam'],
    [
      'plain.eml',
      'SPF and DKIM both fail',
      { verdicts: { spf: 'FAIL', dkim: 'FAIL', dmarc: 'GRAY' } },
      'unauthenticated',
    ],
    ['plain.eml', 'unknown recipient', { to: ['nobody@support.example.com'] }, 'unknown-recipient'],
    [
      'attachments.eml',
      'sender outside the tenant’s allowed domains',
      { to: ['managry@support.example.com'] },
      'domain-not-allowed',
    ],
  ];

  for (const [file, label, options, reason] of cases) {
    it(`${label} -> ${reason}, no ticket`, async () => {
      const w = makeWorld();
      w.tickets.seedTicket({ tenantId: 'interzen', reference: 'INT-000123', messageIds: [OUR_ACK_ID] });
      const outcome = await w.deliver(fixture(file), options);
      expect(outcome).toMatchObject({ kind: 'rejected', reason });
      expect(w.tickets.tickets).toHaveLength(1);
      expect(w.tickets.tickets[0]!.comments).toHaveLength(0);
      expect(w.tickets.rejections).toHaveLength(1);
      expect(w.tickets.rejections[0]!.record.reason).toBe(reason);
      expect(w.metrics.counts).toEqual([
        { name: METRIC.inboundMailRejected, dimensions: { reason }, value: 1 },
      ]);
    });
  }

  it('SPF failure alone is accepted, recorded as a warning on the ticket and logged', async () => {
    const w = makeWorld();
    created(await w.deliver(fixture('plain.eml'), { verdicts: { spf: 'FAIL' } }));
    expect(w.tickets.tickets[0]!.created.origin.trustWarnings).toEqual(['spf-fail']);
    expect(w.tickets.tickets[0]!.created.origin.verdicts).toMatchObject({ spf: 'FAIL', dkim: 'PASS' });
    expect(w.warnings).toEqual([
      {
        message: 'Inbound mail accepted with trust warnings',
        extra: expect.objectContaining({ tenantId: 'interzen', trustWarnings: ['spf-fail'] }),
      },
    ]);
  });

  it('an allowed domain may open a ticket at a restricted tenant', async () => {
    const w = makeWorld();
    created(await w.deliver(fixture('html-only.eml')));
    expect(w.tickets.tickets[0]!.tenantId).toBe('managry');
  });

  it('an event that is not an SES record is recorded as invalid-event', async () => {
    const w = makeWorld();
    const outcome = await processInboundMail(
      { store: w.store, tickets: w.tickets, clock: w.clock, logger: silentLogger, metrics: w.metrics },
      { Records: 'nope' },
    );
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'invalid-event', tenantId: null });
  });

  it('a missing raw object is recorded as raw-mail-missing', async () => {
    const w = makeWorld();
    const { buildSesRecord } = await import('../../../shared/inbound/ses-event.js');
    const outcome = await processInboundMail(
      { store: w.store, tickets: w.tickets, clock: w.clock, logger: silentLogger, metrics: w.metrics },
      buildSesRecord({
        sesMessageId: 'never-stored',
        source: 'a@b.c',
        recipients: ['interzen@support.example.com'],
        timestamp: '2026-03-04T10:00:00Z',
      }),
    );
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'raw-mail-missing' });
  });

  it('a permanent refusal by the ticket service is recorded; an infrastructure failure propagates for a retry', async () => {
    const w = makeWorld();
    w.tickets.failNextWith = new TicketRefusedError('priority not in policy');
    expect(await w.deliver(fixture('plain.eml'))).toMatchObject({
      kind: 'rejected',
      reason: 'ticket-refused',
    });
    w.tickets.failNextWith = new Error('ProvisionedThroughputExceededException');
    await expect(w.deliver(fixture('multipart-alternative.eml'))).rejects.toThrow('ProvisionedThroughput');
    // The retry after the blip succeeds.
    expect((await w.deliver(fixture('multipart-alternative.eml'))).kind).toBe('ticket-created');
  });
});
