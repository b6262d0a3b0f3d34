/**
 * The breach mail of a timer must not be lost when a sender dies between claiming it in the send ledger and
 * sending it: a retry that finds the claim still held fails (so it is retried again) instead of answering
 * success, and the retry after the lease ran out sends the mail, once, with the breach recorded once.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { ManualClock } from '../../../shared/clock.js';
import { RecordingTimerMetrics } from '../../../shared/local/recording-timer-metrics.js';
import { Notifier } from '../../../shared/notifications/notifier.js';
import type { Mailer, OutboundMail, SendKey } from '../../../shared/notifications/ports.js';
import type { OwedTimer } from '../../../shared/tickets/owed-timers.js';
import type { Ticket } from '../../../shared/tickets/ticket.js';
import type { TicketService } from '../../../shared/tickets/ticket-service.js';
import { handleTimer, TimerMailInFlightError } from '../../../shared/timers/act-on-timer.js';
import { toTimerPayload } from '../../../shared/timers/timer-payload.js';
import { InMemorySendLedger } from '../../doubles/in-memory-send-ledger.js';
import type { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import type { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';
import { customer, interzenFixture } from './interzen-fixture.js';

const LEASE_MS = 90_000;

/** Fails its first send the way a dying Lambda does: the mail is not sent and nothing after it runs. */
class CrashOnceMailer implements Mailer {
  readonly sent: OutboundMail[] = [];
  #crashes = 1;
  async send(mail: OutboundMail): Promise<{ providerMessageId: string }> {
    if (this.#crashes-- > 0) throw new Error('Task timed out');
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

beforeEach(async () => {
  ({ clock, tickets, tenants, service } = await interzenFixture());
});

describe('a breach mail whose sender died after claiming it', () => {
  it('the retry within the lease fails (retried again), the one after it sends the mail once', async () => {
    const { ticket } = await service.createTicket(customer, {
      subject: 's',
      description: 'd',
      priority: 'blocking',
    });
    const stored = (await tickets.getTicket('izen', ticket.id)) as Ticket;
    const deadline = Object.values(stored.timersOwed).find(
      (t) => t.milestone === 'firstResponse' && t.kind === 'deadline',
    ) as OwedTimer;
    const payload = toTimerPayload({ tenantId: 'izen', ticketId: ticket.id, timer: deadline });
    const mailer = new CrashOnceMailer();
    const deps = {
      tickets: service,
      tenants,
      notifier: new Notifier({
        mailer,
        ledger: new DyingSenderLedger(),
        clock,
        config: { sender: 'support@support.example', supportDomain: 'support.example', leaseMs: LEASE_MS },
      }),
      clock,
      metrics: new RecordingTimerMetrics(),
    };

    clock.set(deadline.fireAt);
    await expect(handleTimer(payload, deps)).rejects.toThrow('Task timed out');
    clock.advance(60_000);
    await expect(handleTimer(payload, deps)).rejects.toBeInstanceOf(TimerMailInFlightError);
    expect(mailer.sent).toEqual([]);
    clock.advance(LEASE_MS);
    expect(await handleTimer(payload, deps)).toMatchObject({ outcome: 'repeat' });
    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]?.tags?.template).toBe('breach');
    const breached = (await tickets.listEvents('izen', ticket.id)).filter((e) => e.type === 'sla.breached');
    expect(breached).toHaveLength(1);
  });
});

describe('the reminder and breach mail say why the deadline is then', () => {
  it("carries the cycle's explanation: the budget, its start, what was counted", async () => {
    const { ticket } = await service.createTicket(customer, {
      subject: 's',
      description: 'd',
      priority: 'blocking',
    });
    const stored = (await tickets.getTicket('izen', ticket.id)) as Ticket;
    const timer = (kind: 'reminder' | 'deadline') =>
      Object.values(stored.timersOwed).find(
        (t) => t.milestone === 'firstResponse' && t.kind === kind,
      ) as OwedTimer;
    const sent: OutboundMail[] = [];
    const deps = {
      tickets: service,
      tenants,
      notifier: new Notifier({
        mailer: {
          send: async (mail: OutboundMail) => {
            sent.push(mail);
            return { providerMessageId: `ses-${sent.length}` };
          },
        },
        ledger: new InMemorySendLedger(),
        clock,
        config: { sender: 'support@support.example', supportDomain: 'support.example' },
      }),
      clock,
      metrics: new RecordingTimerMetrics(),
    };
    for (const kind of ['reminder', 'deadline'] as const) {
      clock.set(timer(kind).fireAt);
      await handleTimer(toTimerPayload({ tenantId: 'izen', ticketId: ticket.id, timer: timer(kind) }), deps);
    }
    expect(sent.map((m) => m.tags?.template)).toEqual(['reminder', 'breach']);
    for (const mail of sent) {
      expect(mail.text).toMatch(/Why this deadline:\n {2}1 business hour from \w{3} \d\d:\d\d, due /);
      expect(mail.text).toMatch(/\n {2}counted /);
    }
  });
});
