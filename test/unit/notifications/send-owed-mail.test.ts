/**
 * The notification handler's work on outbox items, through the real ticket service (the timer's breach write
 * owes the mail), the real notifier and the in-memory send ledger: SES errors are retried with backoff, a
 * record that still fails is reported (the stream hands it over again, nothing after it is skipped), a sender
 * that died after claiming holds the mail off only until its lease runs out, and every mail goes out once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../shared/clock.js';
import { RecordingTimerMetrics } from '../../../shared/local/recording-timer-metrics.js';
import { Notifier } from '../../../shared/notifications/notifier.js';
import type { Mailer, OutboundMail, SendKey } from '../../../shared/notifications/ports.js';
import { type SendOwedMailDeps, sendOwedMail } from '../../../shared/notifications/send-owed-mail.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import type { TicketService } from '../../../shared/tickets/ticket-service.js';
import { handleTimer } from '../../../shared/timers/act-on-timer.js';
import { InMemorySendLedger } from '../../doubles/in-memory-send-ledger.js';
import type { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import type { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';
import { interzenFixture, openBlockingTicket, owed, payloadOf } from '../timers/interzen-fixture.js';

const LEASE_MS = 90_000;

/** Refuses its first `failures` sends (an SES outage or a dying Lambda), then accepts. */
class FlakyMailer implements Mailer {
  readonly sent: OutboundMail[] = [];
  constructor(public failures: number) {}
  async send(mail: OutboundMail): Promise<{ providerMessageId: string }> {
    if (this.failures-- > 0) throw new Error('TooManyRequestsException');
    this.sent.push(mail);
    return { providerMessageId: `ses-${this.sent.length}` };
  }
}

/** A ledger whose sender died before releasing its claim (a timeout, not a caught error). */
class DyingSenderLedger extends InMemorySendLedger {
  override async release(_key: SendKey): Promise<void> {}
}

let clock: ManualClock;
let tickets: InMemoryTicketRepository;
let tenants: InMemoryTenantRepository;
let service: TicketService;
let counts: { name: string; value: number }[];
let sleeps: number[];

beforeEach(async () => {
  ({ clock, tickets, tenants, service } = await interzenFixture());
  counts = [];
  sleeps = [];
});

function deps(mailer: Mailer, ledger = new InMemorySendLedger()): SendOwedMailDeps {
  return {
    notifier: new Notifier({
      mailer,
      ledger,
      clock,
      config: { sender: 'support@support.example', supportDomain: 'support.example', leaseMs: LEASE_MS },
    }),
    clock,
    metrics: {
      count: (name, _d, value = 1) => counts.push({ name, value }),
      milliseconds: (name, _d, value) => counts.push({ name, value }),
    },
    retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1_000 },
    sleep: async (ms) => {
      sleeps.push(ms);
    },
  };
}

async function breachTicket(): Promise<Ticket> {
  const ticket = await openBlockingTicket({ clock, tickets, tenants, service });
  const deadline = owed(ticket, 'firstResponse', 'deadline');
  clock.set(deadline.fireAt);
  const result = await handleTimer(payloadOf(ticket, deadline), {
    tickets: service,
    tenants,
    clock,
    metrics: new RecordingTimerMetrics(),
  });
  expect(result.outcome).toBe('breached');
  return ticket;
}

describe('outbox mail through the notification handler', () => {
  it('the breach write owes the acknowledgement and the breach mail; both go out once', async () => {
    await breachTicket();
    const mailer = new FlakyMailer(0);
    const d = deps(mailer);
    const first = await sendOwedMail(tickets.outboxChanges(), d);
    expect(first).toMatchObject({ sent: 2, skipped: 0, batchItemFailures: [] });
    expect(mailer.sent.map((m) => m.tags?.template)).toEqual(['acknowledgement', 'breach']);
    // The stream redelivers the batch: the ledger says sent, nothing goes twice.
    const again = await sendOwedMail(tickets.outboxChanges(), d);
    expect(again).toMatchObject({ sent: 0, skipped: 2 });
    expect(mailer.sent).toHaveLength(2);
    expect(counts.filter((c) => c.name === 'NotificationDelayMs')).toHaveLength(2);
  });

  it('retries an SES error with growing backoff inside the invocation', async () => {
    await breachTicket();
    const mailer = new FlakyMailer(2);
    const outcome = await sendOwedMail(tickets.outboxChanges(), deps(mailer));
    expect(outcome).toMatchObject({ sent: 2, batchItemFailures: [] });
    expect(sleeps).toHaveLength(2);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
  });

  it('reports the first record that still fails, sends nothing after it, and sends all on the retry', async () => {
    await breachTicket();
    const mailer = new FlakyMailer(3);
    const d = deps(mailer);
    const changes = tickets.outboxChanges();
    const failed = await sendOwedMail(changes, d);
    expect(failed.batchItemFailures).toEqual([{ itemIdentifier: changes[0]?.sequenceNumber }]);
    expect(mailer.sent).toEqual([]);
    expect(counts.some((c) => c.name === 'NotificationsFailed')).toBe(true);
    // The stream hands the failed record and those after it over again.
    const retried = await sendOwedMail(changes, d);
    expect(retried).toMatchObject({ sent: 2, batchItemFailures: [] });
    expect(mailer.sent.map((m) => m.tags?.template)).toEqual(['acknowledgement', 'breach']);
  });

  it('a sender that died after claiming holds the mail off until its lease ends, then it goes once', async () => {
    await breachTicket();
    const mailer = new FlakyMailer(1);
    const d = deps(mailer, new DyingSenderLedger());
    const changes = tickets.outboxChanges();
    expect((await sendOwedMail(changes, d)).batchItemFailures).toHaveLength(1);
    clock.advance(60_000);
    expect((await sendOwedMail(changes, d)).batchItemFailures).toHaveLength(1);
    expect(mailer.sent).toEqual([]);
    clock.advance(LEASE_MS);
    expect(await sendOwedMail(changes, d)).toMatchObject({ sent: 2, batchItemFailures: [] });
    expect(mailer.sent).toHaveLength(2);
  });

  it('skips what is not an inserted outbox item, and counts a malformed one without blocking the stream', async () => {
    await breachTicket();
    const mailer = new FlakyMailer(0);
    const changes = tickets.outboxChanges();
    const outcome = await sendOwedMail(
      [
        { eventName: 'INSERT', sequenceNumber: '0', oldImage: undefined, newImage: { entity: 'ticket' } },
        { ...changes[0]!, eventName: 'REMOVE' },
        {
          eventName: 'INSERT',
          sequenceNumber: 'x',
          oldImage: undefined,
          newImage: { entity: 'outbox', template: 'breach', mail: '{"to":' },
        },
        changes[1]!,
      ],
      deps(mailer),
    );
    expect(outcome).toMatchObject({ sent: 1, malformed: 1, batchItemFailures: [] });
    expect(mailer.sent.map((m) => m.tags?.template)).toEqual(['breach']);
  });
});

describe('monthly reports through the notification handler', () => {
  const reportDue = (sequence: string, over: Record<string, unknown> = {}) => ({
    eventName: 'INSERT' as const,
    sequenceNumber: sequence,
    oldImage: undefined,
    newImage: {
      PK: 'T#rossi#REPORT#2026-11',
      SK: 'REPORT',
      entity: 'report_due',
      tenantId: 'rossi',
      tenantName: 'Rossi Srl',
      month: '2026-11',
      recipients: ['capo@rossi.example'],
      language: 'it',
      timezone: 'Europe/Rome',
      subject: 'Report SLA novembre 2026: Rossi Srl',
      text: 'La conformità SLA di novembre 2026',
      createdAt: '2026-12-01T06:00:00Z',
      ...over,
    },
  });

  it('sends a report_due item once, as written, from the tenant; an SES error is retried, a redelivery skipped', async () => {
    const mailer = new FlakyMailer(1);
    const d = deps(mailer);
    expect(await sendOwedMail([reportDue('1')], d)).toMatchObject({ sent: 1, batchItemFailures: [] });
    expect(sleeps).toHaveLength(1);
    expect(mailer.sent).toEqual([
      expect.objectContaining({
        from: '"Assistenza Rossi Srl" <support@support.example>',
        to: ['capo@rossi.example'],
        subject: 'Report SLA novembre 2026: Rossi Srl',
        text: 'La conformità SLA di novembre 2026',
        tags: { template: 'monthlyReport', tenant: 'rossi' },
      }),
    ]);
    expect(await sendOwedMail([reportDue('1')], d)).toMatchObject({ sent: 0, skipped: 1 });
    expect(mailer.sent).toHaveLength(1);
    expect(counts.filter((c) => c.name === 'NotificationDelayMs')).toHaveLength(1);
  });

  it('a malformed report_due item is counted and skipped; a report still failing is reported to the stream', async () => {
    const mailer = new FlakyMailer(3);
    const d = deps(mailer);
    const outcome = await sendOwedMail([reportDue('1', { language: 'fr' }), reportDue('2')], d);
    expect(outcome).toMatchObject({ sent: 0, malformed: 1, batchItemFailures: [{ itemIdentifier: '2' }] });
    expect(counts.filter((c) => c.name === 'NotificationsFailed')).toHaveLength(2);
  });
});
