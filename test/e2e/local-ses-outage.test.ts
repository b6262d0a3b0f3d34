/**
 * No mail lost: `npm start -- --ses-outage 20` (the local SES refuses every send for its first 20 s of wall
 * time). Tickets are still created and answered, and a breach still fires, while SES refuses; none of their
 * mail is out yet (it waits in the outbox, the notification handler retrying). Once SES answers again, every
 * owed mail goes out, each once. No timing is asserted: only what was sent, and how often.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMail } from '../../shared/local/ses-server.js';
import { type Json, type RuntimeDriver, startRuntimeDriver } from './support/local-runtime.js';

const OUTAGE_SECONDS = 20;
let driver: RuntimeDriver;

beforeAll(async () => {
  driver = await startRuntimeDriver({
    start: '2026-03-02T09:00:00Z',
    flags: { 'ses-outage': String(OUTAGE_SECONDS) },
  });
});
afterAll(async () => {
  await driver?.stop();
});

const TENANT = 'enterprise-support';

async function open(subject: string, customer: string): Promise<Json> {
  const created = await driver.call('POST', '/tickets', customer, {
    subject,
    description: 'Since this morning every export to CSV fails with an HTTP 500 error.',
    priority: 'high',
    language: 'en',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body;
}

/** Polls the sent mail until `done` holds (the outage ends within the test's timeout), then returns it. */
async function mailUntil(references: string[], done: (mail: StoredMail[]) => boolean): Promise<StoredMail[]> {
  for (;;) {
    const mail = (await Promise.all(references.map((r) => driver.mailFor(r)))).flat();
    if (done(mail)) return mail;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('an SES outage', () => {
  it('delays the mail of ticket creation, an agent reply and a breach, and loses none, sends none twice', async () => {
    const customer = await driver.token({ tenant: TENANT, role: 'customer', email: 'ada@example.org' });
    const agent = await driver.token({
      tenant: TENANT,
      role: 'agent',
      email: 'agent@enterprise-support.example.com',
    });

    // While SES refuses: two tickets, a public agent reply on the first, and the clock past the second's
    // first-response deadline (30 min, 24x7; reminder at 75 %).
    const replied = await open('VPN drops every hour', customer);
    const breached = await open('Export to CSV fails', customer);
    const reply = await driver.call('POST', `/tickets/${replied.id}/comments`, agent, {
      body: 'Please send us the VPN client log.',
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    await driver.moveClock({ advanceMinutes: 60 });
    const ticket = await driver.call('GET', `/tickets/${breached.id}`, agent);
    expect(ticket.body.sla.milestones.find((m: Json) => m.name === 'firstResponse')).toMatchObject({
      state: 'breached',
    });

    // Nothing went out yet: every send was refused, the handler keeps retrying.
    const during = [
      ...(await driver.mailFor(replied.reference)),
      ...(await driver.mailFor(breached.reference)),
    ];
    expect(during).toEqual([]);
    while ((driver.timers.running?.mail.failed ?? 0) === 0) await new Promise((r) => setTimeout(r, 200));
    expect(driver.timers.running?.mail.sent).toBe(0);

    // After the outage: all five owed mails, each once.
    const expected = 5;
    const after = await mailUntil([replied.reference, breached.reference], (m) => m.length >= expected);
    await driver.timers.running?.settleMail();
    const final = [
      ...(await driver.mailFor(replied.reference)),
      ...(await driver.mailFor(breached.reference)),
    ];
    expect(final).toHaveLength(after.length);
    const subjects = final.map((m) => m.subject);
    for (const subject of [
      `[${replied.reference}] We received your request: VPN drops every hour`,
      `[${replied.reference}] Re: VPN drops every hour`,
      `[${breached.reference}] We received your request: Export to CSV fails`,
      `[${breached.reference}] SLA breached: first response overdue`,
    ]) {
      expect(
        subjects.filter((s) => s === subject),
        subject,
      ).toHaveLength(1);
    }
    expect(
      subjects.filter((s) => s.startsWith(`[${breached.reference}] Reminder: first response due `)),
    ).toHaveLength(1);
    expect(final.find((m) => m.subject.includes('Re:'))?.body.text).toContain(
      'Please send us the VPN client log.',
    );
  }, 90_000);
});
