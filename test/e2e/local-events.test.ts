/**
 * End to end through a local runtime started with `--duplicate-timers` and `--events-webhook`: a ticket nobody
 * answers warns, breaches and escalates, and the local EventBridge receives each of those SLA events exactly
 * once (every timer was delivered twice), lists them at `GET /_local/events`, and forwards them to the webhook
 * as an API destination would.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEventDetail } from '../../shared/events/event-contract.js';
import { type Json, type RuntimeDriver, startRuntimeDriver } from './support/local-runtime.js';

let driver: RuntimeDriver;
let hook: Server;
const forwarded: Json[] = [];

beforeAll(async () => {
  hook = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      forwarded.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      res.writeHead(202).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  driver = await startRuntimeDriver({
    start: '2026-03-02T09:00:00Z',
    flags: {
      'duplicate-timers': true,
      'events-webhook': `http://127.0.0.1:${(hook.address() as AddressInfo).port}/sla`,
    },
  });
});
afterAll(async () => {
  await driver?.stop();
  await new Promise<void>((resolve) => hook?.close(() => resolve()));
});

describe('SLA events on the local EventBridge', () => {
  it('a ticket that breaches: Warned, Breached and Escalated once each, even with every timer delivered twice', async () => {
    const { banner, env } = driver.runtime;
    expect(banner).toContain(`EventBridge          ${env.EVENTBRIDGE_ENDPOINT}`);
    expect(banner).toContain('/_local/events');

    // enterprise-support: first response within 30 minutes, 24x7, a reminder at 75 %, a breach raises level 1.
    const ticket: Json = await driver.openTicket(
      { tenant: 'enterprise-support', email: 'ada@example.org' },
      {
        subject: 'VPN drops every hour',
        description: 'Since Monday the VPN disconnects hourly.',
        priority: 'high',
      },
    );
    await driver.moveClock({ advanceMinutes: 60 });

    const listed = await driver.call('GET', `/_local/events?ticketId=${ticket.id}`, null);
    expect(listed.status).toBe(200);
    const events: Json[] = listed.body.events.map((s: Json) => s.event);
    const types = events.map((e) => e['detail-type']);
    expect(types).toEqual([
      'Ticket Created',
      'SLA Milestone Started',
      'SLA Milestone Warned',
      'SLA Milestone Breached',
      'Ticket Escalated',
    ]);
    for (const e of events) {
      expect(e.source).toBe('sla-sentinel');
      expect(e.detail.tenantId).toBe('enterprise-support');
      expect(() => parseEventDetail(e['detail-type'], e.detail)).not.toThrow();
    }
    const byType = (t: string) => events.find((e) => e['detail-type'] === t).detail;
    expect(byType('SLA Milestone Warned')).toMatchObject({
      milestone: 'firstResponse',
      dueAt: '2026-03-02T09:30:00Z',
    });
    expect(byType('SLA Milestone Breached')).toMatchObject({
      milestone: 'firstResponse',
      breachedAt: '2026-03-02T09:30:00Z',
      escalatesTo: 1,
    });
    expect(byType('Ticket Escalated')).toMatchObject({
      toLevel: 1,
      levelName: 'Support team lead',
      cause: 'breach',
    });
    expect(new Set(events.map((e) => e.detail.eventId)).size).toBe(events.length);

    // Every timer was delivered twice; the repeats wrote nothing, so they derived nothing.
    const repeats = driver.timers.running!.deliveries.filter((d) => d.outcome === 'repeat');
    expect(repeats.length).toBeGreaterThanOrEqual(2);

    // The webhook got the same events, as delivered events.
    const mine = forwarded.filter((e) => e.detail?.ticket?.id === ticket.id);
    expect(mine.map((e) => e.detail.eventId)).toEqual(events.map((e) => e.detail.eventId));
  });

  it('filters by tenant: another tenant sees none of these events', async () => {
    const other = await driver.call('GET', '/_local/events?tenantId=interzen', null);
    expect(other.status).toBe(200);
    expect(other.body.events).toEqual([]);
  });
});
