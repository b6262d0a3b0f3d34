/**
 * `StreamConsumers.drainAll` (what `npm run bench:api` calls between timed requests): once it resolves, every
 * consumer has done its work for what was written (the acknowledgement is sent, the ticket's schedules exist), and
 * a second call finds nothing left. A second consumer under a running one's name is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, type RuntimeDriver, startRuntimeDriver } from './support/local-runtime.js';

let driver: RuntimeDriver;
beforeAll(async () => {
  driver = await startRuntimeDriver({ start: '2026-03-02T09:00:00Z' });
});
afterAll(async () => {
  await driver?.stop();
});

describe('the local stream consumers', () => {
  it('drainAll leaves nothing for any consumer to do', async () => {
    const consumers = driver.runtime.context.streamConsumers;
    const ticket: Json = await driver.openTicket(
      { tenant: 'enterprise-support', email: 'ada@example.org' },
      { subject: 'VPN drops every hour', description: 'Since Monday it disconnects.', priority: 'high' },
    );
    await consumers.drainAll();
    // Without waiting for anything else: the mail consumer sent the acknowledgement, timer-sync made the schedules.
    const mail = await driver.mailFor(ticket.reference);
    expect(mail.length).toBe(1);
    expect((await driver.schedulesOf('enterprise-support', ticket.id)).length).toBeGreaterThan(0);
    expect(await consumers.drainAll()).toBe(0);
  });

  it('refuses a second consumer under a name already running', async () => {
    await expect(
      driver.runtime.context.streamConsumers.add('events', {
        kind: 'events',
        eventBridgeEndpoint: driver.runtime.env.EVENTBRIDGE_ENDPOINT ?? '',
        eventBusName: 'sla-sentinel-local',
      }),
    ).rejects.toThrow(/events already runs/);
  });
});
