/**
 * End to end through a local runtime started with `--duplicate-timers` (every due schedule delivered twice),
 * its batches of due schedules also delivered in reverse order: each mail still goes out exactly once, each
 * breach is recorded once. Also checks what the banner tells the user.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, type RuntimeDriver, startRuntimeDriver } from './support/local-runtime.js';

let driver: RuntimeDriver;

beforeAll(async () => {
  driver = await startRuntimeDriver({ start: '2026-03-02T00:00:00Z', flags: { 'duplicate-timers': true } });
});
afterAll(async () => {
  await driver?.stop();
});

describe('npm start --duplicate-timers', () => {
  it('the banner lists the SES page, the Scheduler endpoint, the SMTP port and a clock example', () => {
    const { banner, apiUrl, env } = driver.runtime;
    expect(banner).toContain(`${env.SES_ENDPOINT}/store`);
    expect(banner).toContain(`Scheduler            ${env.SCHEDULER_ENDPOINT}`);
    expect(banner).toContain('every timer delivered twice');
    expect(banner).toContain(env.SMTP_ENDPOINT);
    expect(banner).toContain(
      `curl -sS -X POST ${apiUrl}/_local/clock -H 'Content-Type: application/json' -d '{"advanceMinutes":60}'`,
    );
  });

  it('every timer delivered twice and out of order: each mail once, each breach recorded once', async () => {
    const scheduler = driver.timers.running!.scheduler;
    expect(scheduler.duplicateTimers).toBe(true);
    scheduler.outOfOrder = true;

    // interzen blocking, created Tuesday 2026-03-03 10:30 Rome (09:30Z). firstResponse: 1 working hour ->
    // 11:30 Rome = 10:30Z (reminder 10:15Z); resolution: 8 working hours -> 10:30-13:00, 14:30-18:30 (6 h 30),
    // then 09:00-10:30 Wednesday = 09:30Z; its reminder after 6 h: 2 h 30 before lunch + 3 h 30 from 14:30 ->
    // 18:00 Rome = 17:00Z Tuesday.
    await driver.moveClock({ set: '2026-03-03T09:30:00Z' });
    const customer = await driver.token({
      tenant: 'interzen',
      role: 'customer',
      email: 'cliente@example.it',
    });
    const created = await driver.call('POST', '/tickets', customer, {
      subject: 'Gestionale bloccato',
      description: 'Il gestionale non si avvia più da stamattina, nessuno riesce a lavorare.',
      priority: 'blocking',
    });
    expect(created.status).toBe(201);
    const ticket: Json = created.body;
    await driver.moveClock({ advanceMinutes: 0 });
    expect(
      (await driver.schedulesOf('interzen', ticket.id))
        .map((s) => [s.milestone, s.kind, s.expression])
        .sort(),
    ).toEqual([
      ['firstResponse', 'deadline', 'at(2026-03-03T10:30:00)'],
      ['firstResponse', 'reminder', 'at(2026-03-03T10:15:00)'],
      ['resolution', 'deadline', 'at(2026-03-04T09:30:00)'],
      ['resolution', 'reminder', 'at(2026-03-03T17:00:00)'],
    ]);

    const deliveredBefore = scheduler.stats.deliveries;
    await driver.moveClock({ set: '2026-03-05T00:00:00Z' });
    expect(scheduler.stats.deliveries - deliveredBefore).toBeGreaterThanOrEqual(8);

    const subjects = (await driver.mailFor(ticket.reference)).map((m) => m.subject);
    // The tenant writes Italian and so does the customer: the Italian templates.
    expect(subjects.filter((s) => s.includes('Richiesta ricevuta'))).toHaveLength(1);
    expect(subjects.filter((s) => s.includes('Promemoria'))).toHaveLength(2);
    expect(subjects.filter((s) => s.includes('SLA violato'))).toHaveLength(2);
    expect(subjects).toHaveLength(5);

    const agent = await driver.token({ tenant: 'interzen', role: 'agent' });
    const events = (await driver.call('GET', `/tickets/${ticket.id}/events`, agent)).body.items as Json[];
    expect(events.filter((e) => e.type === 'sla.breached')).toHaveLength(2);
    expect(events.filter((e) => e.type === 'sla.reminder_sent')).toHaveLength(2);
    const repeats = driver.timers.running!.deliveries.filter((d) => d.outcome === 'repeat');
    expect(repeats.length).toBeGreaterThanOrEqual(4);
    const view = await driver.call('GET', `/tickets/${ticket.id}`, agent);
    // firstResponse escalates to level 1, resolution to level 2 (Service manager).
    expect(view.body.sla).toMatchObject({ escalationLevel: 2, escalationLevelName: 'Service manager' });
    expect(await driver.schedulesOf('interzen', ticket.id)).toEqual([]);
  });
});
