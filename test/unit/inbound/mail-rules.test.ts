import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../shared/inbound/language.js';
import { detectMachineMail } from '../../../shared/inbound/loop-guard.js';
import {
  formatOutboundMessageId,
  formatReplyAddress,
  parseOutboundMessageId,
  parseSupportAddress,
} from '../../../shared/inbound/message-id.js';
import { extractMessageIds } from '../../../shared/inbound/parse-mail.js';
import { buildSesRecord } from '../../../shared/inbound/ses-event.js';
import { stripQuotedReply } from '../../../shared/inbound/strip-quotes.js';
import { priorityFromSubject } from '../../../shared/inbound/subject-priority.js';
import { collectThreadClues, ticketReferenceInSubject } from '../../../shared/inbound/threading.js';
import { isRequesterDomainAllowed, judgeVerdicts } from '../../../shared/inbound/trust.js';

describe('message-id and reply-address format', () => {
  it('round-trips our Message-ID and reply address', () => {
    const id = formatOutboundMessageId({
      ticketRef: 'int-000123',
      eventId: '01JNX0ACK7QF',
      domain: 'Support.Example.com',
    });
    expect(id).toBe('<INT-000123.01JNX0ACK7QF@support.example.com>');
    expect(parseOutboundMessageId(id)).toEqual({
      ticketRef: 'INT-000123',
      eventId: '01JNX0ACK7QF',
      domain: 'support.example.com',
    });
    const reply = formatReplyAddress({
      tenantId: 'interzen',
      ticketRef: 'INT-000123',
      domain: 'support.example.com',
    });
    expect(reply).toBe('interzen+int-000123@support.example.com');
    expect(parseSupportAddress(`"Support" <${reply}>`)).toEqual({
      tenantId: 'interzen',
      tag: 'int-000123',
      ticketRef: 'INT-000123',
      domain: 'support.example.com',
    });
  });

  it('event ids with characters a Message-ID cannot hold are made safe', () => {
    const id = formatOutboundMessageId({ ticketRef: 'INT-1', eventId: 'evt#7 <x>@y', domain: 'd.example' });
    expect(id).toBe('<INT-1.evt#7--x--y@d.example>');
    expect(parseOutboundMessageId(id)?.ticketRef).toBe('INT-1');
  });

  it("customers' own Message-IDs are not ours", () => {
    expect(parseOutboundMessageId('<CAH8yQk+Zq3Lx9=reply1@mail.gmail.com>')).toBeUndefined();
    expect(parseOutboundMessageId('<20260303091240.4711@mail.acme-industrie.it>')).toBeUndefined();
  });

  it('References with folding, commas and missing brackets yield every id', () => {
    expect(extractMessageIds('<a@x>\r\n <b@y>,<c@z>')).toEqual(['<a@x>', '<b@y>', '<c@z>']);
    expect(extractMessageIds('bare@id.example')).toEqual(['<bare@id.example>']);
    expect(extractMessageIds(undefined)).toEqual([]);
  });

  it('thread clues: nearest ancestor first, subject and address references', () => {
    const clues = collectThreadClues({
      inReplyTo: ['<INT-000124.e2@s.example>'],
      references: ['<INT-000123.e1@s.example>', '<INT-000124.e2@s.example>'],
      subject: 'Re: [Case #int-000125] help',
      addressRef: 'INT-000126',
    });
    expect(clues.headerRefs).toEqual(['INT-000124', 'INT-000123']);
    expect(clues.subjectRef).toBe('INT-000125');
    expect(ticketReferenceInSubject('RE: [INT-000123] Export')).toBe('INT-000123');
    expect(ticketReferenceInSubject('[P1] nothing here')).toBeUndefined();
  });
});

describe('trust', () => {
  const receipt = (v: Parameters<typeof buildSesRecord>[0]['verdicts'], dmarcPolicy?: 'none' | 'reject') =>
    buildSesRecord({
      sesMessageId: 'x',
      source: 'a@b.c',
      recipients: ['t@d'],
      timestamp: 't',
      ...(v ? { verdicts: v } : {}),
      ...(dmarcPolicy ? { dmarcPolicy } : {}),
    }).ses.receipt;

  it('passes clean mail, rejects virus/DMARC/spam and SPF+DKIM together, warns on one', () => {
    expect(judgeVerdicts(receipt({}))).toEqual({ accepted: true, warnings: [] });
    expect(judgeVerdicts(receipt({ virus: 'FAIL' }))).toMatchObject({ accepted: false, reason: 'virus' });
    expect(judgeVerdicts(receipt({ dmarc: 'FAIL' }, 'none'))).toMatchObject({
      accepted: false,
      reason: 'dmarc',
    });
    expect(judgeVerdicts(receipt({ spam: 'FAIL' }))).toMatchObject({ accepted: false, reason: 'spam' });
    expect(judgeVerdicts(receipt({ spf: 'FAIL', dkim: 'FAIL' }))).toMatchObject({
      reason: 'unauthenticated',
    });
    expect(judgeVerdicts(receipt({ dkim: 'FAIL', virus: 'PROCESSING_FAILED' }))).toEqual({
      accepted: true,
      warnings: ['dkim-fail', 'virus-processing_failed'],
    });
  });

  it('allowed requester domains admit subdomains and nothing else', () => {
    expect(isRequesterDomainAllowed('a@x.example', undefined)).toBe(true);
    expect(isRequesterDomainAllowed('a@x.example', [])).toBe(true);
    expect(isRequesterDomainAllowed('a@it.acme.example', ['acme.example'])).toBe(true);
    expect(isRequesterDomainAllowed('a@notacme.example', ['acme.example'])).toBe(false);
  });
});

describe('loop guard', () => {
  const guard = (
    headers: Record<string, string>,
    extra: Partial<Parameters<typeof detectMachineMail>[0]> = {},
  ) =>
    detectMachineMail({
      rawHeaders: new Map(Object.entries(headers).map(([k, v]) => [k, [v]])),
      contentType: 'text/plain',
      from: 'person@example.org',
      envelopeSender: 'person@example.org',
      ...extra,
    });

  it.each([
    [{ 'auto-submitted': 'auto-replied' }, 'auto-reply'],
    [{ 'auto-submitted': 'auto-generated; type=vacation' }, 'auto-reply'],
    [{ 'x-autoreply': 'yes' }, 'auto-reply'],
    [{ 'x-auto-response-suppress': 'All' }, 'auto-reply'],
    [{ precedence: 'bulk' }, 'list'],
    [{ precedence: 'junk' }, 'list'],
    [{ precedence: 'list' }, 'list'],
    [{ 'list-id': '<dev.lists.example>' }, 'list'],
    [{ 'list-unsubscribe': '<mailto:u@example>' }, 'list'],
    [{ 'return-path': '<>' }, 'bounce'],
  ])('%o -> %s', (headers, reason) => {
    expect(guard(headers)).toMatchObject({ machine: true, reason });
  });

  it('bounces by sender, envelope and DSN content type', () => {
    expect(guard({}, { from: 'MAILER-DAEMON@mx.example' })).toMatchObject({ reason: 'bounce' });
    expect(guard({}, { from: 'postmaster@mx.example' })).toMatchObject({ reason: 'bounce' });
    expect(guard({}, { envelopeSender: '' })).toMatchObject({ reason: 'bounce' });
    expect(guard({}, { contentType: 'multipart/report' })).toMatchObject({ reason: 'bounce' });
  });

  it('a person’s mail (Auto-Submitted: no, Precedence: normal) is not machine mail', () => {
    expect(guard({ 'auto-submitted': 'no', precedence: 'normal' })).toEqual({ machine: false });
  });
});

describe('quote and signature stripping', () => {
  it('Outlook header block in Italian', () => {
    const text =
      'Va bene, grazie.\n\nDa: Supporto <s@x.it>\nInviato: martedì 3 marzo 2026 10:00\nA: Marco\nOggetto: R: caso\n\nTesto vecchio';
    expect(stripQuotedReply(text)).toEqual({ text: 'Va bene, grazie.', stripped: true });
  });

  it('-----Original Message----- separator and Gmail Italian attribution', () => {
    expect(stripQuotedReply('Done.\n-----Original Message-----\nFrom: x\nold').text).toBe('Done.');
    expect(
      stripQuotedReply(
        'Ok.\n\nIl giorno mar 3 mar 2026 alle ore 10:02 Supporto <s@x.it> ha scritto:\n> vecchio',
      ).text,
    ).toBe('Ok.');
  });

  it('interleaved answers are kept whole', () => {
    const text = '> Which browser?\nFirefox 140.\n> Which version of the app?\n4.2.1';
    expect(stripQuotedReply(text)).toEqual({ text, stripped: false });
  });

  it('signature after "-- " and mobile footers', () => {
    expect(stripQuotedReply('It works now.\n-- \nAnna Rossi\nACME').text).toBe('It works now.');
    expect(stripQuotedReply('It works now.\n\nSent from my iPhone').text).toBe('It works now.');
  });

  it('a mail that is only quotes is kept rather than emptied', () => {
    expect(stripQuotedReply('> only quoted\n> text').text).toBe('> only quoted\n> text');
  });
});

describe('subject priority and language', () => {
  const interzen = ['blocking', 'high', 'medium', 'low'];
  it('[Pn] counts down the policy priorities; names work too; out of range is ignored', () => {
    expect(priorityFromSubject('[P1] Down', interzen)).toEqual({ priority: 'blocking', subject: 'Down' });
    expect(priorityFromSubject('Down [p4]', interzen)).toEqual({ priority: 'low', subject: 'Down' });
    expect(priorityFromSubject('[High] Slow', interzen)).toEqual({ priority: 'high', subject: 'Slow' });
    expect(priorityFromSubject('[P5] Slow', interzen)).toEqual({ priority: undefined, subject: '[P5] Slow' });
    expect(priorityFromSubject('Re: [INT-000123] x', interzen).priority).toBeUndefined();
  });

  it('Italian is detected, everything else (or too little text) is English', () => {
    expect(
      detectLanguage('Buongiorno, il sistema non funziona da stamattina e non riusciamo ad accedere'),
    ).toBe('it');
    expect(
      detectLanguage('Good morning, the system has not worked since this morning and we cannot log in'),
    ).toBe('en');
    expect(detectLanguage('ok')).toBe('en');
    expect(detectLanguage('ok', 'it')).toBe('it');
  });
});

describe('mail bucket keys', () => {
  it('the CDK receipt rule and grants use the same prefixes as the handler', async () => {
    const lib = await import('../../../lib/mail-keys.js');
    const { RAW_MAIL_KEY_PREFIX, ATTACHMENT_KEY_PREFIX } = await import(
      '../../../shared/inbound/mail-keys.js'
    );
    expect(lib.RAW_MAIL_PREFIX).toBe(RAW_MAIL_KEY_PREFIX);
    expect(lib.ATTACHMENT_PREFIX).toBe(ATTACHMENT_KEY_PREFIX);
  });

  it('attachment keys are deterministic and safe', async () => {
    const { attachmentKey } = await import('../../../shared/inbound/mail-keys.js');
    expect(attachmentKey('interzen', 'ses1', 0, '../../etc/pass wd.txt')).toBe(
      'attachments/interzen/ses1/1-_.._etc_pass_wd.txt',
    );
  });
});
