/**
 * SES accepted the mail, then the ledger's `complete` write failed (a throttle the SDK's retries did not
 * outlast). Failing the notification would make its caller retry (the sla-timer Lambda is retried on error)
 * and, once the claim's lease ran out, send the same breach mail again. The mail is out: `sent`, once.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock.js';
import { type Notification, Notifier } from '../../../shared/notifications/notifier.js';
import type { Mailer, OutboundMail, SendKey, SendRecord } from '../../../shared/notifications/ports.js';
import { InMemorySendLedger } from '../../doubles/in-memory-send-ledger.js';

class RecordingMailer implements Mailer {
  readonly sent: OutboundMail[] = [];
  async send(mail: OutboundMail): Promise<{ providerMessageId: string }> {
    this.sent.push(mail);
    return { providerMessageId: `ses-${this.sent.length}` };
  }
}

class FailingCompleteLedger extends InMemorySendLedger {
  override async complete(_key: SendKey, _record: SendRecord): Promise<void> {
    throw new Error('ProvisionedThroughputExceededException');
  }
}

const breach: Notification = {
  ticket: { tenantId: 'izen', id: 't1', reference: 'INT-000007', subject: 'Printer on fire' },
  eventId: 'firstResponse#1#deadline#0@1772460000000',
  to: ['lead@interzen.example'],
  input: {
    template: 'breach',
    reference: 'INT-000007',
    subject: 'Printer on fire',
    milestone: 'firstResponse',
    priority: 'high',
    dueAt: 1772460000000,
    escalation: null,
  },
};

describe('Notifier when the ledger cannot record a sent mail', () => {
  it('reports the mail sent (no error for the caller to retry) and a retry sends nothing', async () => {
    const mailer = new RecordingMailer();
    const clock = new ManualClock(Date.parse('2026-03-02T14:00:00Z'));
    const notifier = new Notifier({
      mailer,
      ledger: new FailingCompleteLedger(),
      clock,
      config: { sender: 'support@support.example', supportDomain: 'support.example', leaseMs: 90_000 },
    });
    expect(await notifier.notify(breach)).toBe('sent');
    expect(await notifier.notify(breach)).toBe('in-flight');
    expect(mailer.sent).toHaveLength(1);
  });
});
