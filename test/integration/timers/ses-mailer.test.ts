import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSesClient, SesV2Mailer } from '../../../shared/adapters/ses/sesv2-mailer.js';
import { ManualClock } from '../../../shared/clock.js';
import { fetchSentMail, headerOf, type LocalSes, startLocalSes } from '../../../shared/local/ses-server.js';
import { Notifier } from '../../../shared/notifications/notifier.js';
import { InMemorySendLedger } from '../../doubles/in-memory-send-ledger.js';

describe('SESv2 mailer against aws-ses-v2-local', () => {
  let ses: LocalSes;
  beforeAll(async () => {
    ses = await startLocalSes({ port: 0 });
  });
  afterAll(async () => {
    await ses?.stop();
  });

  it('sends Simple content whose headers, reply address and recipients arrive as sent', async () => {
    const client = createSesClient({ SES_ENDPOINT: ses.endpoint });
    const notifier = new Notifier({
      mailer: new SesV2Mailer(client, { configurationSet: 'sla-sentinel' }),
      ledger: new InMemorySendLedger(),
      clock: new ManualClock(Date.parse('2026-03-02T10:00:00Z')),
      config: { sender: 'support@support.localhost', supportDomain: 'support.localhost' },
    });
    const notification = {
      ticket: {
        tenantId: 'harmoni',
        id: 't_9',
        reference: 'HAR-000042',
        subject: 'VPN down',
        language: 'en',
      },
      eventId: 'v3-1',
      to: ['customer@example.com'],
      input: {
        template: 'statusChange' as const,
        reference: 'HAR-000042',
        subject: 'VPN down',
        from: 'open' as const,
        to: 'pending_customer' as const,
      },
    };
    expect(await notifier.notify(notification)).toBe('sent');
    expect(await notifier.notify(notification)).toBe('already-sent');
    const mail = (await fetchSentMail(ses.endpoint)).filter((m) => m.subject.includes('HAR-000042'));
    expect(mail).toHaveLength(1);
    const sent = mail[0]!;
    expect(sent.destination.to).toEqual(['customer@example.com']);
    expect(sent.replyTo).toEqual(['harmoni+har-000042@support.localhost']);
    expect(headerOf(sent, 'Message-ID')).toBe('<HAR-000042.v3-1@support.localhost>');
    expect(headerOf(sent, 'References')).toBe('<HAR-000042.0@support.localhost>');
    expect(sent.body.text).toContain('waiting for your reply');
    client.destroy();
  });
});
