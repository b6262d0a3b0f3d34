import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../shared/auth/principal.js';
import { ManualClock } from '../../shared/clock.js';
import { startTimersComponent, type TimersComponent } from '../../shared/local/scheduler-component.js';
import { clearSentMail, fetchSentMail } from '../../shared/local/ses-server.js';
import { tenantProfileSchema } from '../../shared/tenants/tenant.js';
import { createTicketServices, type TicketServices } from '../../shared/tickets/compose.js';
import { CompositeTicketEventsSink } from '../../shared/tickets/ticket-events-sink.js';
import { scheduleNamePrefix } from '../../shared/timers/schedule-name.js';
import { createTestTable, type TestTable } from '../support/dynamodb.js';

const START = Date.parse('2026-03-03T09:30:00Z'); // a Tuesday, inside every preset's hours
const agent: Principal = {
  tenantId: 'interzen',
  role: 'agent',
  sub: 'agent-1',
  email: 'agent@interzen.example',
};

describe('timers end to end (DynamoDB Local, stream -> timer-sync -> local Scheduler -> sla-timer -> aws-ses-v2-local)', () => {
  let table: TestTable;
  let services: TicketServices;
  let timers: TimersComponent;
  const clock = new ManualClock(START);

  beforeAll(async () => {
    table = await createTestTable('timers');
    const sink = new CompositeTicketEventsSink();
    services = createTicketServices({
      client: table.client,
      tableName: table.tableName,
      clock,
      events: sink,
    });
    await services.tenants.putTenant(
      { tenantId: 'interzen', role: 'system', sub: 'test' },
      'interzen',
      tenantProfileSchema.parse({
        policy: 'interzen',
        language: 'it',
        supportContacts: [{ email: 'team@interzen.example' }],
        escalationRecipients: { '1': ['lead@interzen.example'], '2': ['manager@interzen.example'] },
      }),
    );
    timers = await startTimersComponent({
      clock,
      dynamo: table.client,
      dynamoEndpoint: table.endpoint,
      tableName: table.tableName,
      services,
      sink,
      sesPort: 0,
      pollIntervalMs: 0,
      duplicateTimers: true,
      outOfOrder: true,
    });
  });
  afterAll(async () => {
    await timers?.stop();
    await table?.drop();
  });

  it('acknowledges, reminds and breaches once each although every timer is delivered twice, out of order', async () => {
    await clearSentMail(timers.sesEndpoint);
    const created = await services.tickets.createTicket(agent, {
      subject: 'Gestionale bloccato',
      description: 'Il gestionale non si avvia più da stamattina, nessuno riesce a lavorare.',
      priority: 'blocking',
      requester: { email: 'cliente@example.it' },
      assignee: 'tecnico@interzen.example',
    });
    const id = created.ticket.id;
    await timers.settle();
    const ticket = await services.tickets.loadTicket('interzen', id);
    const owed = Object.values(ticket!.timersOwed);
    expect(owed.length).toBeGreaterThan(0);
    expect(
      timers.scheduler.list().filter((s) => s.Name.startsWith(scheduleNamePrefix('interzen', id))),
    ).toHaveLength(owed.length);

    const answer = await timers.handleClock('POST', { advanceMinutes: 5 * 24 * 60 });
    expect(answer.status).toBe(200);

    const mail = (await fetchSentMail(timers.sesEndpoint)).filter((m) =>
      m.subject.includes(created.ticket.reference),
    );
    const subjects = mail.map((m) => m.subject);
    expect(subjects.filter((s) => s.includes('Richiesta ricevuta'))).toHaveLength(1);
    const deadlines = owed.filter((t) => t.kind === 'deadline').length;
    const reminders = owed.filter((t) => t.kind === 'reminder').length;
    expect(subjects.filter((s) => s.includes('SLA violato'))).toHaveLength(deadlines);
    expect(subjects.filter((s) => s.includes('Promemoria'))).toHaveLength(reminders);
    const breach = mail.find((m) => m.subject.includes('SLA violato'))!;
    expect(breach.destination.to).toContain('tecnico@interzen.example');

    const view = await services.tickets.getTicket(agent, id);
    expect(view.sla.milestones.some((m: { state: string }) => m.state === 'breached')).toBe(true);
    const events = await services.tickets.listEvents(agent, id);
    expect(events.filter((e: { type: string }) => e.type === 'sla.breached')).toHaveLength(deadlines);
    expect(timers.deliveries.filter((d) => d.outcome === 'repeat').length).toBeGreaterThan(0);
    expect(
      timers.scheduler.list().filter((s) => s.Name.startsWith(scheduleNamePrefix('interzen', id))),
    ).toHaveLength(0);
  });

  it('a reply before the deadline means no breach mail, and the firstResponse schedule is gone', async () => {
    await clearSentMail(timers.sesEndpoint);
    const created = await services.tickets.createTicket(agent, {
      subject: 'Stampante',
      description: 'La stampante del secondo piano non stampa più nulla da ieri sera.',
      priority: 'low',
      requester: { email: 'cliente@example.it' },
    });
    await timers.settle();
    const prefix = scheduleNamePrefix('interzen', created.ticket.id);
    const before = timers.scheduler
      .list()
      .filter((s) => s.Name.startsWith(prefix) && s.Name.includes('.fr1.'));
    expect(before.length).toBeGreaterThan(0);
    await services.tickets.addComment(agent, created.ticket.id, {
      body: 'Ci stiamo lavorando.',
      visibility: 'public',
    });
    await timers.settle();
    expect(
      timers.scheduler.list().filter((s) => s.Name.startsWith(prefix) && s.Name.includes('.fr1.')),
    ).toHaveLength(0);
    await timers.handleClock('POST', { advanceMinutes: 3 * 24 * 60 });
    const mail = (await fetchSentMail(timers.sesEndpoint)).filter((m) =>
      m.subject.includes(created.ticket.reference),
    );
    expect(mail.some((m) => m.subject.includes('prima risposta'))).toBe(false);
    expect(mail.some((m) => m.body.text?.includes('Ci stiamo lavorando.'))).toBe(true);
  });

  it('refuses to move the clock backwards', async () => {
    const answer = await timers.handleClock('POST', { set: '2020-01-01T00:00:00Z' });
    expect(answer.status).toBe(409);
  });
});
