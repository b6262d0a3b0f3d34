/**
 * End to end through the local runtime `npm start` runs (default components, free ports, the run's DynamoDB
 * Local): tickets over HTTP with local tokens, the clock moved with `POST /_local/clock`, the schedules read
 * from the local Scheduler with the real SDK client, the mail read from aws-ses-v2-local's `GET /store`.
 *
 * One runtime serves every case. Its clock only moves forward, so each case sets the clock to its own fixed
 * instant, later than where the previous case left it; timers of earlier cases that fall due on the way fire
 * too, which is why every assertion looks at one ticket's mail and schedules only. Expected instants are
 * computed by hand in the comments (and agree with `npx sla due`).
 */
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiHandler } from '../../shared/http/api.js';
import { API_ROUTES } from '../../shared/http/routes.js';
import { buildApiEvent } from '../../shared/local/api-event.js';
import { type Json, type RuntimeDriver, startRuntimeDriver } from './support/local-runtime.js';

let driver: RuntimeDriver;

beforeAll(async () => {
  driver = await startRuntimeDriver({ start: '2026-03-01T00:00:00Z' });
});
afterAll(async () => {
  await driver?.stop();
});

const at = (iso: string) => `at(${iso.replace(/Z$/, '')})`;
const REMINDER = /Reminder|Promemoria/;
const BREACH = /SLA breached|SLA violato/;

async function openTicket(
  tenant: string,
  priority: string,
  subject = 'The export to CSV fails',
): Promise<Json> {
  const customer = await driver.token({ tenant, role: 'customer', email: `customer@${tenant}.example.org` });
  const created = await driver.call('POST', '/tickets', customer, {
    subject,
    description: 'Since this morning every export to CSV fails with an HTTP 500 error.',
    priority,
    language: 'en',
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return { ...created.body, customer };
}

async function agentOf(tenant: string): Promise<string> {
  return driver.token({ tenant, role: 'agent', email: `agent@${tenant}.example.com` });
}

/** Lets the table's stream reach timer-sync without moving time: the schedules then match the tickets. */
const settle = () => driver.moveClock({ advanceMinutes: 0 });

interface PresetCase {
  tenant: string;
  priority: string;
  created: string;
  reminder: string;
  due: string;
  levelName: string;
  why: string;
}

// In start order: each case's window ends before the next one opens.
const PRESETS: PresetCase[] = [
  {
    tenant: 'enterprise-support',
    priority: 'high',
    created: '2026-03-02T09:00:00Z',
    // 30 min on `always`: due 09:30; the 0.75 reminder after 22.5 min.
    reminder: '2026-03-02T09:22:30Z',
    due: '2026-03-02T09:30:00Z',
    levelName: 'Support team lead',
    why: '30 minutes around the clock',
  },
  {
    tenant: 'managry',
    priority: 'critical',
    created: '2026-03-03T18:00:00Z',
    // Premier plan, 19:00 in Prague (CET): outside 08:00-17:00, so the 8 calendar hours alternative applies:
    // due 02:00Z; reminder after 6 h, 00:00Z.
    reminder: '2026-03-04T00:00:00Z',
    due: '2026-03-04T02:00:00Z',
    levelName: 'Support team lead',
    why: 'premier, created outside business hours',
  },
  {
    tenant: 'interzen',
    priority: 'blocking',
    created: '2026-03-04T11:30:00Z',
    // 12:30 in Rome: 30 min until the 13:00 lunch break, 14:30 + 30 min = 15:00 Rome = 14:00Z.
    // Reminder after 45 working minutes: 14:45 Rome = 13:45Z.
    reminder: '2026-03-04T13:45:00Z',
    due: '2026-03-04T14:00:00Z',
    levelName: 'Support team lead',
    why: 'working hours with a lunch break',
  },
  {
    tenant: 'standard-support',
    priority: 'high',
    created: '2026-03-05T15:00:00Z',
    // 09:00 in Chicago (CST): 1 business day = 9 business hours: 8 on Thursday, 08:00-09:00 on Friday
    // -> Friday 09:00 CST = 15:00Z. Reminder after 6 h 45 min: Thursday 15:45 CST = 21:45Z.
    reminder: '2026-03-05T21:45:00Z',
    due: '2026-03-06T15:00:00Z',
    levelName: 'Support team lead',
    why: 'US central business hours',
  },
  {
    tenant: 'fenorri',
    priority: 'medium',
    created: '2026-03-08T23:00:00Z',
    // Sunday 23:00Z is already Monday 01:00 in Tallinn (the demo tenant's zone, EET): the 24x5 clock runs at
    // once, 8 h -> 07:00Z (in UTC the week would only start at 00:00Z: 08:00Z). Reminder after 6 h: 05:00Z.
    reminder: '2026-03-09T05:00:00Z',
    due: '2026-03-09T07:00:00Z',
    levelName: 'Escalation team',
    why: "24x5 in the customer's time zone",
  },
  {
    tenant: 'harmoni',
    priority: 'urgent',
    created: '2026-03-10T15:00:00Z',
    // EMEA, 08:30-17:00 London (GMT): 2 h on Tuesday, 08:30 + 2 h on Wednesday = 10:30Z.
    // Reminder after 3 h: Wednesday 09:30Z.
    reminder: '2026-03-11T09:30:00Z',
    due: '2026-03-11T10:30:00Z',
    levelName: 'Support team lead',
    why: 'EMEA region',
  },
];

describe('timers through npm start (local Scheduler, stream -> timer-sync, sla-timer, aws-ses-v2-local)', () => {
  it.each(PRESETS)('$tenant ($why): reminder, breach mail, ticket breached and escalated', async (c) => {
    await driver.moveClock({ set: c.created });
    const ticket = await openTicket(c.tenant, c.priority);
    await settle();

    const firstResponse = (await driver.schedulesOf(c.tenant, ticket.id)).filter(
      (s) => s.milestone === 'firstResponse',
    );
    expect(firstResponse.map((s) => [s.kind, s.expression]).sort()).toEqual([
      ['deadline', at(c.due)],
      ['reminder', at(c.reminder)],
    ]);

    // A second before the deadline only the reminder has gone out.
    await driver.moveClock({ set: new Date(Date.parse(c.due) - 1000).toISOString() });
    let mail = await driver.mailFor(ticket.reference);
    expect(mail.filter((m) => REMINDER.test(m.subject))).toHaveLength(1);
    expect(mail.filter((m) => BREACH.test(m.subject))).toHaveLength(0);

    await driver.moveClock({ set: c.due });
    mail = await driver.mailFor(ticket.reference);
    const reminders = mail.filter((m) => REMINDER.test(m.subject));
    const breaches = mail.filter((m) => BREACH.test(m.subject));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.destination.to).toContain(`support@${c.tenant}.example.com`);
    expect(breaches).toHaveLength(1);
    expect(breaches[0]!.destination.to).toContain(`level1@${c.tenant}.example.com`);
    expect(breaches[0]!.body.text).toContain(c.levelName);

    const view = await driver.call('GET', `/tickets/${ticket.id}`, await agentOf(c.tenant));
    expect(view.body.sla.milestones.find((m: Json) => m.name === 'firstResponse')).toMatchObject({
      state: 'breached',
      dueAt: c.due,
    });
    expect(view.body.sla).toMatchObject({ escalationLevel: 1, escalationLevelName: c.levelName });
    expect(
      (await driver.schedulesOf(c.tenant, ticket.id)).filter((s) => s.milestone === 'firstResponse'),
    ).toEqual([]);
  });

  it('a public agent reply before the deadline: no breach mail, and the schedules are gone', async () => {
    await driver.moveClock({ set: '2026-03-16T09:00:00Z' });
    // enterprise-support high: firstResponse due 09:30Z, reminder 09:22:30Z.
    const ticket = await openTicket('enterprise-support', 'high', 'VPN drops every hour');
    await settle();
    expect(
      (await driver.schedulesOf('enterprise-support', ticket.id)).map((s) => s.expression).sort(),
    ).toEqual([at('2026-03-16T09:22:30Z'), at('2026-03-16T09:30:00Z')]);

    await driver.moveClock({ set: '2026-03-16T09:10:00Z' });
    const reply = await driver.call(
      'POST',
      `/tickets/${ticket.id}/comments`,
      await agentOf('enterprise-support'),
      { body: 'Looking into it. Which client version?' },
    );
    expect(reply.status).toBe(201);
    await settle();
    expect(await driver.schedulesOf('enterprise-support', ticket.id)).toEqual([]);

    await driver.moveClock({ set: '2026-03-16T12:00:00Z' });
    const mail = await driver.mailFor(ticket.reference);
    expect(mail.filter((m) => BREACH.test(m.subject) || REMINDER.test(m.subject))).toEqual([]);
    const toRequester = mail.filter((m) =>
      m.destination.to.includes('customer@enterprise-support.example.org'),
    );
    expect(toRequester.some((m) => m.body.text?.includes('Which client version?'))).toBe(true);
    const view = await driver.call('GET', `/tickets/${ticket.id}`, await agentOf('enterprise-support'));
    expect(view.body.sla.milestones[0]).toMatchObject({
      name: 'firstResponse',
      state: 'met',
      metAt: '2026-03-16T09:10:00Z',
    });
  });

  it('pending_customer pauses resolution; the customer reply resumes it with the time it had left', async () => {
    // interzen blocking, created Tuesday 09:00 Rome (08:00Z). Resolution: 1 working day = 8 working hours
    // (09:00-13:00, 14:30-18:30) -> 18:30 Rome = 17:30Z; its reminder after 6 h: 16:30 Rome = 15:30Z.
    await driver.moveClock({ set: '2026-03-17T08:00:00Z' });
    const ticket = await openTicket('interzen', 'blocking', 'The ERP does not start');
    await settle();
    const resolution = async () =>
      (await driver.schedulesOf('interzen', ticket.id))
        .filter((s) => s.milestone === 'resolution')
        .map((s) => [s.kind, s.expression])
        .sort();
    expect(await resolution()).toEqual([
      ['deadline', at('2026-03-17T17:30:00Z')],
      ['reminder', at('2026-03-17T15:30:00Z')],
    ]);

    // 09:30 Rome: the agent answers (firstResponse met) and waits for the customer: 30 min used, 7 h 30 left.
    await driver.moveClock({ set: '2026-03-17T08:30:00Z' });
    const agent = await agentOf('interzen');
    expect(
      (
        await driver.call('POST', `/tickets/${ticket.id}/comments`, agent, {
          body: 'Which error do you see?',
        })
      ).status,
    ).toBe(201);
    const paused = await driver.call('PATCH', `/tickets/${ticket.id}`, agent, { status: 'pending_customer' });
    expect(paused.status).toBe(200);
    await settle();
    expect(await resolution()).toEqual([]);

    // The customer answers on Wednesday 10:00 Rome (09:00Z). 7 h 30 left: 10:00-13:00 (3 h), 14:30-18:30
    // (4 h), then 30 min on Thursday: due Thursday 09:30 Rome = 08:30Z. The reminder is due after 6 h of the
    // 8, i.e. 5 h 30 after resuming: 3 h before lunch + 2 h 30 -> Wednesday 17:00 Rome = 16:00Z.
    await driver.moveClock({ set: '2026-03-18T09:00:00Z' });
    const answer = await driver.call('POST', `/tickets/${ticket.id}/comments`, ticket.customer, {
      body: 'Error 0x80070005 at start-up.',
    });
    expect(answer.status).toBe(201);
    expect(answer.body.ticket.status).toBe('open');
    await settle();
    expect(await resolution()).toEqual([
      ['deadline', at('2026-03-19T08:30:00Z')],
      ['reminder', at('2026-03-18T16:00:00Z')],
    ]);
    const view = await driver.call('GET', `/tickets/${ticket.id}`, agent);
    expect(view.body.sla.milestones.find((m: Json) => m.name === 'resolution')).toMatchObject({
      state: 'running',
      dueAt: '2026-03-19T08:30:00Z',
      remainingMinutes: 450,
    });
  });

  it('a priority change moves the schedule: the old one is deleted, the new one is at the new due instant', async () => {
    // interzen medium, created Tuesday 09:00 Rome (08:00Z): firstResponse 8 working hours -> 18:30 Rome =
    // 17:30Z. Raised to blocking at 09:30 Rome: 1 working hour from the start -> 10:00 Rome = 09:00Z, the
    // reminder after 45 min -> 09:45 Rome = 08:45Z.
    await driver.moveClock({ set: '2026-03-24T08:00:00Z' });
    const ticket = await openTicket('interzen', 'medium', 'Slow reports');
    await settle();
    const firstResponse = async () =>
      (await driver.schedulesOf('interzen', ticket.id)).filter((s) => s.milestone === 'firstResponse');
    const before = await firstResponse();
    expect(before.find((s) => s.kind === 'deadline')?.expression).toBe(at('2026-03-24T17:30:00Z'));

    await driver.moveClock({ set: '2026-03-24T08:30:00Z' });
    const raised = await driver.call('PATCH', `/tickets/${ticket.id}`, await agentOf('interzen'), {
      priority: 'blocking',
    });
    expect(raised.status).toBe(200);
    await settle();
    const after = await firstResponse();
    expect(after.map((s) => [s.kind, s.expression]).sort()).toEqual([
      ['deadline', at('2026-03-24T09:00:00Z')],
      ['reminder', at('2026-03-24T08:45:00Z')],
    ]);
    for (const old of before) expect(after.map((s) => s.name)).not.toContain(old.name);
  });

  it('with half the Scheduler calls throttled, every owed timer still gets its schedule', async () => {
    await driver.moveClock({ set: '2026-03-25T08:00:00Z' });
    const scheduler = driver.timers.running!.scheduler;
    const throttledBefore = scheduler.stats.throttled;
    scheduler.throttleRate = 0.5;
    const tickets: Json[] = [];
    try {
      for (const priority of ['blocking', 'high', 'medium', 'low', 'blocking', 'high']) {
        tickets.push(await openTicket('interzen', priority, `Throttled ${priority}`));
      }
      await settle();
    } finally {
      scheduler.throttleRate = 0;
    }
    expect(scheduler.stats.throttled - throttledBefore).toBeGreaterThan(0);
    for (const ticket of tickets) {
      const stored = await driver.runtime.services.tickets.loadTicket('interzen', ticket.id);
      const owed = Object.values(stored!.timersOwed).map((t) => [t.milestone, t.kind, t.fireAt]);
      expect(owed.length).toBeGreaterThan(0);
      const scheduled = (await driver.schedulesOf('interzen', ticket.id)).map((s) => [
        s.milestone,
        s.kind,
        Date.parse(`${s.expression.slice(3, -1)}Z`),
      ]);
      expect(scheduled.sort()).toEqual(owed.sort());
    }
  });

  it('a ticket opened by mail over SMTP is acknowledged through aws-ses-v2-local', async () => {
    const smtp = new URL(driver.runtime.env.SMTP_ENDPOINT ?? '');
    const sent = await createTransport({
      host: smtp.hostname,
      port: Number(smtp.port),
      secure: false,
      ignoreTLS: true,
    }).sendMail({
      from: 'Ada Lovelace <ada@example.org>',
      to: 'harmoni@support.localhost',
      subject: '[P2] Invoices are not generated',
      text: 'Since yesterday no invoice has been generated for any customer.',
    });
    expect(sent.accepted).toEqual(['harmoni@support.localhost']);
    const agent = await agentOf('harmoni');
    const listed = await driver.call('GET', '/tickets?limit=1', agent);
    const ticket = listed.body.items[0];
    expect(ticket).toMatchObject({ channel: 'email', subject: 'Invoices are not generated' });
    const ack = (await driver.mailFor(ticket.reference)).filter((m) =>
      m.destination.to.some((to) => to.includes('ada@example.org')),
    );
    expect(ack).toHaveLength(1);
    expect(ack[0]!.subject).toContain('We received your request');
  });

  it('the clock route: local runtime only (the Lambda router answers 404), forward only, validated', async () => {
    expect(API_ROUTES.some((r) => r.path.startsWith('/_local'))).toBe(false);
    const lambda = createApiHandler(driver.runtime.services, { error: () => {} });
    for (const method of ['GET', 'POST']) {
      const answer = await lambda(
        buildApiEvent({
          method,
          url: '/_local/clock',
          headers: { 'content-type': 'application/json' },
          ...(method === 'POST' ? { body: '{"advanceMinutes":60}' } : {}),
          claims: { sub: 'admin', 'custom:tenant': 'interzen', 'custom:role': 'admin' },
        }),
      );
      expect(answer.statusCode).toBe(404);
    }

    const now = await driver.call('GET', '/_local/clock', null);
    expect(now.status).toBe(200);
    expect(await driver.call('POST', '/_local/clock', null, { set: '2020-01-01T00:00:00Z' })).toMatchObject({
      status: 409,
    });
    expect(await driver.call('POST', '/_local/clock', null, { advanceMinutes: -5 })).toMatchObject({
      status: 400,
    });
    expect(await driver.call('POST', '/_local/clock', null, { minutes: 5 })).toMatchObject({ status: 400 });
    expect((await driver.call('GET', '/_local/clock', null)).body).toEqual(now.body);
  });

  it("a tenant's new closure re-syncs an untouched ticket's schedules (tenant record -> timer-sync)", async () => {
    // standard-support high, created Monday 2026-04-06 10:00 CDT (15:00Z): 9 business hours = 7 on Monday
    // + 08:00-10:00 Tuesday -> Tue 10:00 CDT = 15:00Z. With Tuesday 04-07 closed: Wed 10:00 CDT = 15:00Z.
    await driver.moveClock({ set: '2026-04-06T15:00:00Z' });
    const ticket = await openTicket('standard-support', 'high', 'Closure re-sync');
    await settle();
    const deadline = async () =>
      (await driver.schedulesOf('standard-support', ticket.id)).find(
        (s) => s.milestone === 'firstResponse' && s.kind === 'deadline',
      )?.expression;
    expect(await deadline()).toBe(at('2026-04-07T15:00:00Z'));

    const admin = await driver.token({ tenant: 'standard-support', role: 'admin' });
    const current = await driver.call('GET', '/tenants/standard-support', admin);
    const { tenantId: _id, policyId: _policy, updatedAt: _at, ...profile } = current.body;
    const put = await driver.call('PUT', '/tenants/standard-support', admin, {
      ...profile,
      closures: ['2026-04-07'],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    await settle();
    // Nobody touched the ticket: the tenant's stream record made timer-sync refresh its owed timers.
    expect(await deadline()).toBe(at('2026-04-08T15:00:00Z'));

    await driver.moveClock({ set: '2026-04-07T15:00:00Z' });
    expect((await driver.mailFor(ticket.reference)).filter((m) => BREACH.test(m.subject))).toHaveLength(0);
    await driver.moveClock({ set: '2026-04-08T15:00:00Z' });
    expect((await driver.mailFor(ticket.reference)).filter((m) => BREACH.test(m.subject))).toHaveLength(1);
  });
});
