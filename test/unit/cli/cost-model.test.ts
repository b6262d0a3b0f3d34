import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  byService,
  type CostProfile,
  DEFAULT_PROFILE,
  PRICES,
  profileWith,
  ticketCost,
  ticketUsage,
  totalUsd,
} from '../../../bin/cost-model.js';
import { PRICE_SOURCES } from '../../../bin/cost-price-sources.js';

/**
 * A profile small enough to work by hand: one ticket opened through the API, one agent reply (a comment and a
 * mail), two reads, one breach; every item 1 KB, one event per write, one second per invocation, no cold
 * starts, 1 MiB of logs per invocation, every invocation traced, kept one month.
 */
const HAND: CostProfile = {
  mailCreatedShare: 0,
  customerReplies: 0,
  customerRepliesByMailShare: 0,
  agentReplies: 1,
  internalNotes: 0,
  otherChanges: 0,
  statusMails: 0,
  apiReads: 2,
  rejectedMails: 0,
  schedulesCreated: 2,
  remindersFired: 0,
  breaches: 1,
  eventsPerWrite: 1,
  ticketKb: 1,
  eventKb: 1,
  commentKb: 1,
  ledgerKb: 1,
  inboundMailKb: 1,
  messageIdsPerMail: 1,
  retentionMonths: 1,
  rawMailRetentionMonths: 1,
  streamRecordsPerInvocation: 1,
  durationMs: {
    api: 1000,
    slaTimer: 1000,
    timerSync: 1000,
    slaEvents: 1000,
    inboundEmail: 1000,
    notification: 1000,
  },
  coldStartShare: 0,
  initMs: { api: 0, slaTimer: 0, timerSync: 0, slaEvents: 0, inboundEmail: 0, notification: 0 },
  logKbPerInvocation: 1024,
  tracedShare: 1,
};

describe('cost model', () => {
  it('counts what one ticket life makes AWS bill (worked by hand)', () => {
    // Writes (units): a ticket write = 2 (ticket, transaction) + 2 (event) + 4 (four GSI copies) = 8, with a
    // comment + 2. Creation 8 + counter 1 + reference 2; the reply 10; the breach 8. Each mail: ledger claim and
    // completion 2 + one Message-ID link 2 = 4, three mails (acknowledgement, reply, breach) = 12. 11+10+8+12 = 41.
    // Reads: one per write (3), one per API read (2), the sla-timer's read of the ticket (1) = 6.
    // Stored KB: ticket 1 x (1 + 4 GSIs) + reference 0.2 + events 3 + comment 1 + mail 3 x (1 + 0.2) = 12.8.
    // Each of the 3 writes wakes timer-sync and sla-events once and puts its one event on the bus; each of the
    // 3 mails (its outbox item) wakes the notification Lambda once.
    expect(ticketUsage(HAND)).toEqual({
      apiRequests: 4,
      invocations: { api: 4, slaTimer: 1, timerSync: 3, slaEvents: 3, inboundEmail: 0, notification: 3 },
      dynamoWriteUnits: 41,
      dynamoReadUnits: 6,
      dynamoStoredKb: expect.closeTo(12.8, 10),
      schedulesCreated: 2,
      schedulesFired: 1,
      busEvents: 3,
      mailsOut: 3,
      mailsIn: 0,
      inboundChunks: 0,
      s3Puts: 0,
      s3Gets: 0,
      s3StoredKb: 0,
    });
  });

  it('prices it line by line at the list prices (worked by hand)', () => {
    const lines = ticketCost(HAND);
    const line = (item: string) => lines.find((l) => l.item === item)?.usd;
    expect(line('HTTP API requests')).toBeCloseTo(4 * 1e-6, 12);
    // 4 s at 0.5 GB = 2 GB-s for api; 0.5 for sla-timer; 1.5 each for timer-sync and sla-events; at $0.0000133334.
    expect(line('api GB-seconds')).toBeCloseTo(2 * 0.0000133334, 12);
    expect(line('slaTimer GB-seconds')).toBeCloseTo(0.5 * 0.0000133334, 12);
    expect(line('timerSync GB-seconds')).toBeCloseTo(1.5 * 0.0000133334, 12);
    expect(line('slaEvents GB-seconds')).toBeCloseTo(1.5 * 0.0000133334, 12);
    expect(line('inboundEmail GB-seconds')).toBe(0);
    expect(line('notification GB-seconds')).toBeCloseTo(1.5 * 0.0000133334, 12);
    expect(line('requests')).toBeCloseTo(14 * 0.2e-6, 12);
    expect(line('write request units')).toBeCloseTo(41 * 0.625e-6, 12);
    expect(line('read request units')).toBeCloseTo(6 * 0.125e-6, 12);
    expect(line('storage over the retention')).toBeCloseTo((12.8 / 1048576) * 0.25, 12);
    expect(line('point-in-time recovery')).toBeCloseTo((12.8 / 1048576) * 0.2, 12);
    expect(line('schedules fired')).toBeCloseTo(1e-6, 12);
    expect(line('SLA events put on the bus')).toBeCloseTo(3e-6, 12);
    expect(line('mail sent')).toBeCloseTo(3 * 0.0001, 12);
    expect(line('mail received')).toBe(0);
    expect(line('raw mail: requests and storage')).toBe(0);
    // 14 invocations x 1 MiB = 14/1024 GB, at $0.50 ingested + $0.03 kept a month.
    expect(line('ingestion and a month kept')).toBeCloseTo((14 / 1024) * 0.53, 12);
    expect(line('traces recorded')).toBeCloseTo(14 * 5e-6, 12);
    expect(totalUsd(lines)).toBeCloseTo(0.0077520957, 9);
    const services = byService(lines);
    expect(services[0]).toEqual({
      service: 'CloudWatch Logs',
      usd: expect.any(Number),
      share: expect.any(Number),
    });
    expect(services.reduce((s, x) => s + x.share, 0)).toBeCloseTo(1, 12);
  });

  it('counts received mail: SES per message and per 256 KB chunk, one S3 object kept for the retention', () => {
    const p = profileWith({ mailCreatedShare: 1, inboundMailKb: 300, rawMailRetentionMonths: 3 }, HAND);
    const u = ticketUsage(p);
    expect([u.mailsIn, u.inboundChunks, u.s3Puts, u.s3Gets, u.s3StoredKb]).toEqual([1, 2, 1, 1, 900]);
    expect(u.invocations).toEqual({
      api: 3,
      slaTimer: 1,
      timerSync: 3,
      slaEvents: 3,
      inboundEmail: 1,
      notification: 3,
    });
    const line = (item: string) => ticketCost(p).find((l) => l.item === item)?.usd;
    expect(line('mail received')).toBeCloseTo(0.0001 + 2 * 0.00009, 12);
    expect(line('raw mail: requests and storage')).toBeCloseTo(
      0.000005 + 0.0000004 + (900 / 1048576) * 0.023,
      12,
    );
  });

  it('states its prices with a region and the date they were read', () => {
    expect(PRICES.region).toBe('us-east-1');
    expect(PRICES.readOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(totalUsd(ticketCost(DEFAULT_PROFILE))).toBeGreaterThan(0);
  });

  it('names a source, a date and how sure it is for every price (docs/cost.md shows them)', () => {
    const priced = Object.keys(PRICES).filter((k) => k !== 'region' && k !== 'readOn');
    expect(Object.keys(PRICE_SOURCES).sort()).toEqual(priced.sort());
    for (const [key, source] of Object.entries(PRICE_SOURCES)) {
      expect(source.urls.length, key).toBeGreaterThan(0);
      for (const url of source.urls) expect(url, key).toMatch(/^https:\/\//);
      expect(source.asOf, key).toMatch(/\d{4}/);
    }
    // What could not be confirmed says so, in the doc too.
    const doc = readFileSync(new URL('../../../docs/cost.md', import.meta.url), 'utf8');
    for (const [key, source] of Object.entries(PRICE_SOURCES))
      if (source.confirmed === 'unconfirmed') expect(doc, key).toContain(`\`${key}\``);
  });

  it('refuses a bad override, naming the field and the reason', () => {
    expect(() => profileWith({ replies: 2 })).toThrow('profile.replies: not a field of the cost profile');
    expect(() => profileWith({ breaches: -1 })).toThrow('profile.breaches: expected a non-negative number');
    expect(() => profileWith({ durationMs: { notifier: 5 } })).toThrow(
      /profile.durationMs.notifier: not a function/,
    );
    expect(() => profileWith({ streamRecordsPerInvocation: 0 })).toThrow(/must be above 0/);
    expect(profileWith({ durationMs: { api: 40 } }).durationMs).toEqual({
      ...DEFAULT_PROFILE.durationMs,
      api: 40,
    });
  });
});
