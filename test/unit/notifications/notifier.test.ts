import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import { parseOutboundMessageId, parseSupportAddress } from '../../../shared/inbound/message-id.js';
import { type Notification, Notifier } from '../../../shared/notifications/notifier.js';
import type { Mailer, OutboundMail } from '../../../shared/notifications/ports.js';
import { InMemorySendLedger } from '../../doubles/in-memory-send-ledger.js';

class RecordingMailer implements Mailer {
  readonly sent: OutboundMail[] = [];
  failNext = 0;
  async send(mail: OutboundMail) {
    if (this.failNext > 0) {
      this.failNext--;
      throw new Error('SES unavailable');
    }
    this.sent.push(mail);
    return { providerMessageId: `ses-${this.sent.length}` };
  }
}

const ticket = {
  tenantId: 'interzen',
  id: 't_1',
  reference: 'INT-000007',
  subject: 'Printer',
  description: 'Broken printer on floor two, nothing prints at all.',
};
const breach: Notification = {
  ticket,
  eventId: 'firstResponse#1#deadline#0@1772460000000',
  to: ['lead@interzen.example', 'agent@interzen.example'],
  input: {
    template: 'breach',
    reference: ticket.reference,
    subject: ticket.subject,
    milestone: 'firstResponse',
    priority: 'high',
    dueAt: 1772460000000,
    escalation: { level: 1, name: 'team lead' },
  },
};

function setup() {
  const mailer = new RecordingMailer();
  const ledger = new InMemorySendLedger();
  const clock = new ManualClock(Date.parse('2026-03-02T14:00:00Z'));
  const linked: string[] = [];
  const notifier = new Notifier({
    mailer,
    ledger,
    clock,
    config: { sender: 'support@support.example', supportDomain: 'support.example' },
    threads: { linkMessageIds: async (_t, _id, ids) => void linked.push(...ids) },
  });
  return { mailer, ledger, clock, notifier, linked };
}

describe('Notifier', () => {
  it('threads every mail: Message-ID from ticket + event, References/In-Reply-To to the thread root, reply address with the reference', async () => {
    const { mailer, notifier, linked } = setup();
    expect(await notifier.notify(breach)).toBe('sent');
    const mail = mailer.sent[0]!;
    const header = (name: string) => mail.headers.find((h) => h.name === name)?.value;
    expect(parseOutboundMessageId(header('Message-ID')!)).toMatchObject({
      ticketRef: 'INT-000007',
      domain: 'support.example',
    });
    // A breach mail goes to staff only: its References also carry the internal marker, which a reply
    // repeats, so a staff reply to it is kept as an internal note (sender-identity.ts).
    expect(header('References')).toBe('<INT-000007.0@support.example> <INT-000007.internal@support.example>');
    expect(header('In-Reply-To')).toBe('<INT-000007.0@support.example>');
    expect(header('Auto-Submitted')).toBe('auto-generated');
    expect(parseSupportAddress(mail.replyTo[0]!)).toMatchObject({
      tenantId: 'interzen',
      ticketRef: 'INT-000007',
    });
    expect(linked).toContain(header('Message-ID'));
  });

  it('sends once per event and recipient set, however often it is asked', async () => {
    const { mailer, notifier } = setup();
    const outcomes = [
      await notifier.notify(breach),
      await notifier.notify(breach),
      await notifier.notify({ ...breach, to: [...breach.to].reverse() }),
    ];
    expect(outcomes).toEqual(['sent', 'already-sent', 'already-sent']);
    expect(mailer.sent).toHaveLength(1);
    expect(await notifier.notify({ ...breach, to: ['exec@interzen.example'] })).toBe('sent');
    expect(mailer.sent).toHaveLength(2);
  });

  it('a failed send releases its claim so the retry sends; a live claim of another sender is left alone', async () => {
    const { mailer, notifier, ledger, clock } = setup();
    mailer.failNext = 1;
    await expect(notifier.notify(breach)).rejects.toThrow('SES unavailable');
    expect(await notifier.notify(breach)).toBe('sent');
    const other = { ...breach, eventId: 'other' };
    const key = {
      tenantId: 'interzen',
      ticketId: 't_1',
      eventId: 'other',
      template: 'breach',
      recipientsHash: 'x',
    };
    expect(await ledger.claim(key, clock.now(), 1000)).toBe('claimed');
    expect(await ledger.claim(key, clock.now() + 10, 1000)).toBe('in-flight');
    expect(await ledger.claim(key, clock.now() + 2000, 1000)).toBe('claimed');
    expect(await notifier.notify(other)).toBe('sent');
  });

  it('writes Italian to an Italian ticket and opens the thread with the acknowledgement', async () => {
    const { mailer, notifier } = setup();
    await notifier.notify({
      ticket: { ...ticket, language: 'it' },
      eventId: 'v1-0',
      to: ['giulia@cliente.example'],
      input: {
        template: 'acknowledgement',
        reference: ticket.reference,
        subject: ticket.subject,
        priority: 'high',
      },
    });
    const mail = mailer.sent[0]!;
    expect(mail.subject).toContain('Richiesta ricevuta');
    expect(mail.headers.find((h) => h.name === 'Message-ID')?.value).toBe('<INT-000007.0@support.example>');
    expect(mail.headers.find((h) => h.name === 'In-Reply-To')).toBeUndefined();
  });

  it('sends nothing without recipients', async () => {
    const { mailer, notifier } = setup();
    expect(await notifier.notify({ ...breach, to: [] })).toBe('no-recipients');
    expect(mailer.sent).toHaveLength(0);
  });
});
