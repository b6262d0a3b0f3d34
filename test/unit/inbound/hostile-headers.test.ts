/**
 * Hostile header values at the inbound bounds (shared/inbound/parse-mail.ts): a From that parses to no valid
 * address is no sender, and control characters never reach a ticket's subject or a person's name.
 */
import { describe, expect, it } from 'vitest';
import { boundedHeaderText, parseMail } from '../../../shared/inbound/parse-mail.js';
import { makeWorld } from './harness.js';

function mail(headers: string[], body = 'Every CSV export fails.'): Buffer {
  return Buffer.from(
    [...headers, 'To: interzen@support.example.com', 'Message-ID: <h1@example.org>', '', body, ''].join(
      '\r\n',
    ),
    'latin1',
  );
}

describe('hostile mail headers', () => {
  for (const from of ['<<<>>>@@@', '@@@', 'not an address', '"Ada" <ada@>', 'ada@example.org, <<<>>>@@@']) {
    it(`From: ${from} is no sender: rejected as no-sender, no ticket, no acknowledgement`, async () => {
      const w = makeWorld();
      const outcome = await w.deliver(mail([`From: ${from}`, 'Subject: garbage from']), {
        source: 'ada@example.org',
      });
      expect(outcome).toMatchObject({ kind: 'rejected', reason: 'no-sender' });
      expect(w.tickets.tickets).toHaveLength(0);
    });
  }

  it('control characters in the subject and the display name become spaces (tab too)', async () => {
    const w = makeWorld();
    const outcome = await w.deliver(
      mail([
        'From: "Ada\x1b[31m\x00 Lovelace" <ada@example.org>',
        'Subject: nul \x00 \x01 \x1b[31m red\tend',
      ]),
    );
    expect(outcome.kind).toBe('ticket-created');
    const ticket = w.tickets.tickets[0]!;
    expect(ticket.subject).toBe('nul [31m red end');
    expect(ticket.created.requester.email).toBe('ada@example.org');
    expect(ticket.created.requester.name).toMatch(/^Ada ?\[31m Lovelace$/);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none.
    expect(JSON.stringify(ticket.created)).not.toMatch(/\\u00[01][0-9a-f]|[\u0000-\u001f]/);
  });

  it('a valid From still parses, name and address', async () => {
    const parsed = await parseMail(mail(['From: Ada Lovelace <Ada@Example.org>', 'Subject: hi']));
    expect(parsed.from).toEqual({ address: 'ada@example.org', name: 'Ada Lovelace' });
  });

  it('boundedHeaderText strips C0 and C1 controls, collapses whitespace and cuts', () => {
    expect(boundedHeaderText('\x00a\x7f\x9fb\t\tc \r\n d', 100)).toBe('a b c d');
    expect(boundedHeaderText('x'.repeat(50), 10)).toBe('x'.repeat(10));
  });

  it("a mail refused on SES's DMARC verdict records SES's From, Subject and Message-ID, bounded", async () => {
    const w = makeWorld();
    const outcome = await w.deliver(mail(['From: x@spoofed.example', 'Subject: whatever']), {
      verdicts: { dmarc: 'FAIL' },
      dmarcPolicy: 'reject',
      commonHeaders: {
        from: ['Mallory\u001b[31m <mallory@spoofed.example>'],
        subject: `Invoice\u0000 overdue ${'x'.repeat(2_000)}`,
        messageId: '<spoof@spoofed.example>',
      },
    });
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'dmarc' });
    const record = w.tickets.rejections.at(-1)!.record;
    expect(record.from).toBe('Mallory [31m <mallory@spoofed.example>');
    expect(record.subject?.startsWith('Invoice overdue xxx')).toBe(true);
    expect(record.subject?.length).toBeLessThanOrEqual(1_000);
    expect(record.messageId).toBe('<spoof@spoofed.example>');
  });
});
