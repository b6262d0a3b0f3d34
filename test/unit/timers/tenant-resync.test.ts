/**
 * timer-sync and tenant profile records, with the in-memory repositories and a recording scheduler: a change
 * of the tenant's SLA inputs refreshes every not-closed ticket once; other profile changes, redeliveries and
 * closed tickets write nothing; a failure a retry may cure reports the record for the stream to retry.
 */
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeStreamEvent, decodeStreamRecord } from '../../../shared/adapters/dynamodb/stream-images.js';
import type { Principal } from '../../../shared/auth/principal.js';
import { ManualClock } from '../../../shared/clock.js';
import { RecordingTimerMetrics } from '../../../shared/local/recording-timer-metrics.js';
import { METRIC } from '../../../shared/observability/metrics.js';
import { UnknownPolicyError } from '../../../shared/sla/errors.js';
import { type Tenant, tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { changedSlaInputs } from '../../../shared/tenants/tenant-sla-inputs.js';
import { sequentialIds } from '../../../shared/tickets/ids.js';
import { TicketService } from '../../../shared/tickets/ticket-service.js';
import type { TimerScheduler } from '../../../shared/timers/ports.js';
import { syncTimers, tenantSlaChange } from '../../../shared/timers/sync-timers.js';
import { RESYNC_STATUSES, resyncTenantTimers } from '../../../shared/timers/tenant-resync.js';
import type { TimerRef } from '../../../shared/timers/timer-payload.js';
import { InMemoryTenantRepository } from '../../doubles/in-memory-tenant-repository.js';
import { InMemoryTicketRepository } from '../../doubles/in-memory-ticket-repository.js';

const CREATED = Date.parse('2026-07-31T08:00:00Z');
const DUE_CLOSED = Date.parse('2026-08-24T08:00:00Z');
const SUMMER = { from: '2026-08-03', to: '2026-08-21' };
const customer: Principal = { tenantId: 'izen', role: 'customer', sub: 'c1', email: 'ann@client.example' };
const agent: Principal = { tenantId: 'izen', role: 'agent', sub: 'a1', email: 'bob@support.example' };

let clock: ManualClock;
let tickets: InMemoryTicketRepository;
let tenants: InMemoryTenantRepository;
let service: TicketService;
let sequence = 0;

function tenantOf(profile: Record<string, unknown>): Tenant {
  return buildTenant('izen', tenantProfileSchema.parse(profile), clock.now());
}

/** The stream record DynamoDB writes for a tenant profile PUT (item as DynamoTenantRepository stores it). */
function profileRecord(before: Tenant | null, after: Tenant): DynamoDBRecord {
  const item = (t: Tenant) =>
    marshall(
      {
        PK: `T#${t.tenantId}`,
        SK: 'PROFILE',
        entity: 'tenant',
        ...t,
        updatedAt: new Date(t.updatedAt).toISOString(),
      },
      { removeUndefinedValues: true },
    ) as never;
  return {
    eventName: before ? 'MODIFY' : 'INSERT',
    dynamodb: {
      Keys: { PK: { S: `T#${after.tenantId}` }, SK: { S: 'PROFILE' } },
      ...(before ? { OldImage: item(before) } : {}),
      NewImage: item(after),
      SequenceNumber: String(++sequence),
    },
  };
}

function recordingScheduler() {
  const calls: string[] = [];
  const scheduler: TimerScheduler = {
    ensure: async (ref: TimerRef) => {
      calls.push(`ensure ${ref.timer.key}@${ref.timer.dueAt}`);
      return 'created';
    },
    remove: async (ref: TimerRef) => void calls.push(`remove ${ref.timer.key}@${ref.timer.dueAt}`),
  };
  return { scheduler, calls };
}

beforeEach(async () => {
  clock = new ManualClock(CREATED);
  tickets = new InMemoryTicketRepository();
  tenants = new InMemoryTenantRepository();
  service = new TicketService({ tickets, tenants, clock, ids: sequentialIds(), sleep: async () => {} });
  await tenants.putTenant(tenantOf({ policy: 'interzen' }));
});

async function openTickets(n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const { ticket } = await service.createTicket(customer, {
      subject: `ticket ${i}`,
      description: 'd',
      priority: 'blocking',
    });
    ids.push(ticket.id);
  }
  return ids;
}

const deadlineOf = async (id: string) =>
  Object.values((await tickets.getTicket('izen', id))?.timersOwed ?? {}).find(
    (t) => t.milestone === 'resolution' && t.kind === 'deadline',
  )?.dueAt;

describe('which tenant records ask for a re-sync', () => {
  it('the SLA inputs: closures, own policy, policy id, plan, region, zone; not contacts or recipients', () => {
    const base = tenantOf({ policy: 'interzen' });
    expect(changedSlaInputs(base, tenantOf({ policy: 'interzen', closures: [SUMMER] }))).toEqual([
      'closures',
    ]);
    expect(changedSlaInputs(base, tenantOf({ policy: 'fenorri', timezone: 'Europe/Rome' }))).toEqual([
      'policyId',
      'timezone',
    ]);
    expect(
      changedSlaInputs(base, tenantOf({ policy: 'interzen', supportContacts: [{ email: 'x@y.example' }] })),
    ).toEqual([]);
    expect(changedSlaInputs(null, base)).toHaveLength(6);
  });

  it('reads stream images: a repeated PUT (only updatedAt moves) is no change; a non-tenant item is none', () => {
    const before = tenantOf({ policy: 'interzen', closures: [SUMMER] });
    clock.set(CREATED + 60_000);
    const same = tenantOf({ policy: 'interzen', closures: [SUMMER] });
    expect(tenantSlaChange(decodeStreamRecord(profileRecord(before, same)))).toBeNull();
    expect(
      tenantSlaChange(decodeStreamRecord(profileRecord(tenantOf({ policy: 'interzen' }), same))),
    ).toEqual({
      tenantId: 'izen',
      fields: ['closures'],
    });
    const ticketRecord: DynamoDBRecord = {
      eventName: 'MODIFY',
      dynamodb: { NewImage: marshall({ entity: 'ticket', tenantId: 'izen' }) as never },
    };
    expect(tenantSlaChange(decodeStreamRecord(ticketRecord))).toBeNull();
  });
});

describe('syncTimers with tenant profile records', () => {
  it('refreshes every not-closed ticket of the tenant once; the redelivered record writes nothing', async () => {
    const [a, b, c, d] = await openTickets(4);
    await service.updateTicket(agent, b as string, { status: 'open' });
    await service.updateTicket(agent, c as string, { status: 'pending_customer' });
    await service.updateTicket(agent, d as string, { status: 'resolved' });
    await service.updateTicket(agent, d as string, { status: 'closed' });
    const closedVersion = (await tickets.getTicket('izen', d as string))?.version;

    const old = (await tenants.getTenant('izen')) as Tenant;
    const next = tenantOf({ policy: 'interzen', closures: [SUMMER] });
    await tenants.putTenant(next);
    const { scheduler, calls } = recordingScheduler();
    const deps = { scheduler, tenantResync: { tickets: service, repository: tickets, concurrency: 2 } };
    const record = profileRecord(old, next);

    expect(await syncTimers(decodeStreamEvent({ Records: [record] }), deps)).toEqual({
      batchItemFailures: [],
    });
    // The tenant record itself touches no schedule: the ticket writes it caused come back through the stream.
    expect(calls).toEqual([]);
    const versions = new Map<string, number>();
    for (const id of [a, b] as string[]) {
      expect(await deadlineOf(id)).toBe(DUE_CLOSED);
      versions.set(id, (await tickets.getTicket('izen', id))?.version as number);
    }
    // pending_customer pauses resolution (no resolution timer owed), and first response is due on 31 July
    // before the closure: nothing of that ticket moved, so it is not written.
    const pending = await tickets.listEvents('izen', c as string);
    expect(pending.filter((e) => e.type === 'sla.recomputed')).toHaveLength(0);
    expect((await tickets.getTicket('izen', d as string))?.version).toBe(closedVersion);

    // Stream redelivery of the same record: nothing new is written.
    expect(await syncTimers(decodeStreamEvent({ Records: [record] }), deps)).toEqual({
      batchItemFailures: [],
    });
    for (const id of [a, b] as string[]) {
      expect((await tickets.getTicket('izen', id))?.version).toBe(versions.get(id));
      const events = await tickets.listEvents('izen', id);
      expect(events.filter((e) => e.type === 'sla.recomputed')).toHaveLength(1);
      expect(events.find((e) => e.type === 'sla.recomputed')?.data.reason).toBe(
        'tenant profile changed (closures)',
      );
    }
  });

  it('a profile change outside the SLA inputs reads no ticket', async () => {
    await openTickets(1);
    const old = (await tenants.getTenant('izen')) as Tenant;
    const next = tenantOf({ policy: 'interzen', escalationRecipients: { '1': ['lead@izen.example'] } });
    let listed = 0;
    const repository = {
      listTickets: async (...args: Parameters<InMemoryTicketRepository['listTickets']>) => {
        listed++;
        return tickets.listTickets(...args);
      },
    };
    const { scheduler } = recordingScheduler();
    await syncTimers(decodeStreamEvent({ Records: [profileRecord(old, next)] }), {
      scheduler,
      tenantResync: { tickets: service, repository },
    });
    expect(listed).toBe(0);
  });

  it('pages through every status but closed', async () => {
    const asked: string[] = [];
    const report = await resyncTenantTimers('izen', 'r', {
      tickets: { refreshTimers: async () => ({ changed: true }) },
      repository: {
        listTickets: async (_tenant, query) => {
          asked.push(`${query.status}:${query.cursor ?? ''}`);
          // Two pages for `new`, one for the others.
          if (query.status === 'new' && !query.cursor)
            return { items: [{ id: 't1' }, { id: 't2' }] as never, cursor: 'p2' };
          return { items: [{ id: `t-${query.status}` }] as never };
        },
      },
    });
    expect(asked).toEqual([
      'new:',
      'new:p2',
      ...RESYNC_STATUSES.filter((s) => s !== 'new').map((s) => `${s}:`),
    ]);
    expect(RESYNC_STATUSES).not.toContain('closed');
    expect(report).toMatchObject({
      tickets: 2 + RESYNC_STATUSES.length,
      refreshed: 2 + RESYNC_STATUSES.length,
    });
  });

  it('bounds the refreshes in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const items = Array.from({ length: 20 }, (_, i) => ({ id: `t${i}` }));
    await resyncTenantTimers('izen', 'r', {
      concurrency: 3,
      tickets: {
        refreshTimers: async () => {
          inFlight++;
          peak = Math.max(peak, inFlight);
          await new Promise((resolve) => setImmediate(resolve));
          inFlight--;
          return { changed: false };
        },
      },
      repository: {
        listTickets: async (_t, q) => (q.status === 'new' ? { items: items as never } : { items: [] }),
      },
    });
    expect(peak).toBe(3);
  });

  it('a failure a retry may cure reports the record; a ticket that cannot be recomputed is skipped', async () => {
    const old = tenantOf({ policy: 'interzen' });
    const next = tenantOf({ policy: 'interzen', closures: [SUMMER] });
    const metrics = new RecordingTimerMetrics();
    const { scheduler } = recordingScheduler();
    const record = profileRecord(old, next);
    const repository = {
      listTickets: async (_t: string, q: { status?: string }) =>
        q.status === 'new' ? { items: [{ id: 't1' }, { id: 't2' }] as never } : { items: [] },
    };
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const failing = await syncTimers(decodeStreamEvent({ Records: [record] }), {
      scheduler,
      metrics,
      tenantResync: { tickets: { refreshTimers: async () => Promise.reject(throttled) }, repository },
    });
    expect(failing).toEqual({ batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber }] });
    expect(metrics.points.map((p) => p.name)).toEqual([METRIC.scheduleSyncFailures]);

    const warned: unknown[] = [];
    const skipping = await syncTimers(decodeStreamEvent({ Records: [record] }), {
      scheduler,
      logger: { error: () => {}, warn: (_m, d) => void warned.push(d) },
      tenantResync: {
        tickets: {
          refreshTimers: async (_t, id) => {
            if (id === 't1') throw new UnknownPolicyError('unknown policy "gone"', 'policy');
            return { changed: true };
          },
        },
        repository,
      },
    });
    expect(skipping).toEqual({ batchItemFailures: [] });
    expect(warned).toEqual([expect.objectContaining({ ticketId: 't1' })]);
  });

  it('without tenantResync (a composition that does not offer it) tenant records are ignored', async () => {
    const { scheduler, calls } = recordingScheduler();
    const result = await syncTimers(
      decodeStreamEvent({
        Records: [
          profileRecord(
            tenantOf({ policy: 'interzen' }),
            tenantOf({ policy: 'interzen', closures: [SUMMER] }),
          ),
        ],
      }),
      { scheduler },
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(calls).toEqual([]);
  });
});
