/**
 * The compliance report over a fixture month, computed by hand: tickets of a 24x7 tenant policy (so business
 * minutes are wall minutes) in Europe/Rome (UTC+1 in November), written through the API against DynamoDB
 * Local, reported on December 2nd for the local days 2026-11-01..2026-11-30.
 *
 * | ticket | opened (UTC)       | what happens                                                                |
 * | T0     | 10-31 23:30 (= Rome Nov 1 00:30) | answered after 60 min; resolution never ends (due 11-01 23:30: breached, level 2) |
 * | T1     | 11-02 09:00        | answered 10:30 (90 min), resolved 12:00 (180 min)                            |
 * | T2     | 11-03 09:00        | nobody answers by 13:00 (breached, level 1), answered 15:00 (360), resolved 16:00 (420) |
 * | T3     | 11-10 09:00 normal | priority urgent at 09:20 (first response due 10:00), answered 09:50 (50), resolved 12:00 (180, urgent 8h) |
 * | T4     | 11-30 20:00        | answered 20:30 (30); pending_customer 21:00 (resolution paused at 60 min) until 12-01 09:00, resolved 10:00 (120) |
 * | T5     | 11-30 23:30 (= Rome Dec 1 00:30) | outside the month: not counted                              |
 */

import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoOutcomeStore } from '../../../shared/adapters/dynamodb/outcome-store.js';
import { DynamoReportDueSink, reportDueKey } from '../../../shared/adapters/dynamodb/report-due.js';
import { recordMonthlyReports } from '../../../shared/reports/monthly-reports.js';
import { ReportService } from '../../../shared/reports/report-service.js';
import { type ApiHarness, type Caller, createApiHarness } from '../../support/api-harness.js';

const TENANT = 'report-fixture';
const admin: Caller = { tenant: TENANT, role: 'admin' };
const agent: Caller = { tenant: TENANT, role: 'agent' };
const customer: Caller = { tenant: TENANT, role: 'customer', email: 'ada@example.org' };
const staff: Caller = { tenant: '*', role: 'agent' };

const POLICY = {
  id: 'report-fixture',
  name: 'Report fixture (24x7)',
  priorities: ['urgent', 'normal'],
  defaultPriority: 'normal',
  calendar: 'always',
  targets: {
    urgent: { firstResponse: { within: '1h' }, resolution: { within: '8h' } },
    normal: { firstResponse: { within: '4h' }, resolution: { within: '24h' } },
  },
  reminders: [],
  escalation: {
    levels: [
      { level: 1, name: 'Team lead', recipients: ['lead@fixture.example'] },
      { level: 2, name: 'Manager', recipients: ['manager@fixture.example'] },
    ],
    onBreach: { firstResponse: 1, resolution: 2 },
  },
};

let h: ApiHarness;

async function at(iso: string): Promise<void> {
  h.clock.set(Date.parse(iso));
}

async function open(iso: string, priority = 'normal'): Promise<string> {
  await at(iso);
  const res = await h.call('POST', '/tickets', {
    as: customer,
    body: { subject: `opened ${iso}`, description: 'fixture', priority },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

async function answer(id: string, iso: string): Promise<void> {
  await at(iso);
  const res = await h.call('POST', `/tickets/${id}/comments`, { as: agent, body: { body: 'On it.' } });
  expect(res.status).toBe(201);
}

async function patch(id: string, iso: string, body: Record<string, string>): Promise<void> {
  await at(iso);
  const res = await h.call('PATCH', `/tickets/${id}`, { as: agent, body });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

beforeAll(async () => {
  h = await createApiHarness('report');
  await h.putTenant(TENANT, {
    name: 'Fixture',
    policy: POLICY,
    timezone: 'Europe/Rome',
    language: 'it',
    reportContacts: ['boss@fixture.example'],
  });
  await h.putTenant('other-tenant', { policy: 'enterprise-support' });

  const t0 = await open('2026-10-31T23:30:00Z');
  await answer(t0, '2026-11-01T00:30:00Z');

  const t1 = await open('2026-11-02T09:00:00Z');
  await answer(t1, '2026-11-02T10:30:00Z');
  await patch(t1, '2026-11-02T12:00:00Z', { status: 'resolved' });

  const t2 = await open('2026-11-03T09:00:00Z');
  await answer(t2, '2026-11-03T15:00:00Z');
  await patch(t2, '2026-11-03T16:00:00Z', { status: 'resolved' });

  const t3 = await open('2026-11-10T09:00:00Z');
  await patch(t3, '2026-11-10T09:20:00Z', { priority: 'urgent' });
  await answer(t3, '2026-11-10T09:50:00Z');
  await patch(t3, '2026-11-10T12:00:00Z', { status: 'resolved' });

  const t4 = await open('2026-11-30T20:00:00Z');
  await answer(t4, '2026-11-30T20:30:00Z');
  await patch(t4, '2026-11-30T21:00:00Z', { status: 'pending_customer' });
  await patch(t4, '2026-12-01T09:00:00Z', { status: 'open' });
  await patch(t4, '2026-12-01T10:00:00Z', { status: 'resolved' });

  await open('2026-11-30T23:30:00Z');
  await at('2026-12-02T12:00:00Z');
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const NOVEMBER = '/reports/sla?from=2026-11-01&to=2026-11-30';

describe('GET /reports/sla over the fixture month', () => {
  it('counts, judges and times every milestone as computed by hand', async () => {
    const res = await h.call('GET', NOVEMBER, { as: admin });
    expect(res.status).toBe(200);
    expect(res.body.tenants).toEqual([{ tenantId: TENANT, timezone: 'Europe/Rome' }]);
    expect(res.body.generatedAt).toBe('2026-12-02T12:00:00Z');
    expect(res.body.rows).toEqual([
      {
        tenantId: TENANT,
        milestone: 'firstResponse',
        priority: 'normal',
        counted: 4,
        met: 3,
        breached: 1,
        running: 0,
        cancelled: 0,
        compliancePercent: 75,
        medianBusinessMinutes: 60,
        p90BusinessMinutes: 360,
        breachesByEscalationLevel: { '1': 1 },
      },
      {
        tenantId: TENANT,
        milestone: 'firstResponse',
        priority: 'urgent',
        counted: 1,
        met: 1,
        breached: 0,
        running: 0,
        cancelled: 0,
        compliancePercent: 100,
        medianBusinessMinutes: 50,
        p90BusinessMinutes: 50,
        breachesByEscalationLevel: {},
      },
      {
        tenantId: TENANT,
        milestone: 'resolution',
        priority: 'normal',
        counted: 4,
        met: 3,
        breached: 1,
        running: 0,
        cancelled: 0,
        compliancePercent: 75,
        medianBusinessMinutes: 180,
        p90BusinessMinutes: 420,
        breachesByEscalationLevel: { '2': 1 },
      },
      {
        tenantId: TENANT,
        milestone: 'resolution',
        priority: 'urgent',
        counted: 1,
        met: 1,
        breached: 0,
        running: 0,
        cancelled: 0,
        compliancePercent: 100,
        medianBusinessMinutes: 180,
        p90BusinessMinutes: 180,
        breachesByEscalationLevel: {},
      },
    ]);
  });

  it('judges a milestone still open at the instant of the report: before T0 resolution was due, it runs', async () => {
    await at('2026-11-01T12:00:00Z');
    const res = await h.call('GET', '/reports/sla?from=2026-11-01&to=2026-11-01', { as: admin });
    await at('2026-12-02T12:00:00Z');
    expect(res.body.rows).toEqual([
      expect.objectContaining({ milestone: 'firstResponse', counted: 1, met: 1, medianBusinessMinutes: 60 }),
      expect.objectContaining({ milestone: 'resolution', counted: 1, running: 1, compliancePercent: null }),
    ]);
  });

  it('gives the same rows as CSV with Accept: text/csv', async () => {
    const res = await h.call('GET', NOVEMBER, { as: admin, headers: { accept: 'text/csv' } });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect((res.body as string).split('\r\n')).toEqual([
      'tenantId,milestone,priority,counted,met,breached,running,cancelled,compliancePercent,medianBusinessMinutes,p90BusinessMinutes,breachesByEscalationLevel',
      'report-fixture,firstResponse,normal,4,3,1,0,0,75,60,360,1:1',
      'report-fixture,firstResponse,urgent,1,1,0,0,0,100,50,50,',
      'report-fixture,resolution,normal,4,3,1,0,0,75,180,420,2:1',
      'report-fixture,resolution,urgent,1,1,0,0,0,100,180,180,',
      '',
    ]);
  });

  it('lets * staff read one tenant or every tenant, and no one else cross tenants', async () => {
    const all = await h.call('GET', NOVEMBER, { as: staff });
    expect(all.status).toBe(200);
    expect(all.body.tenants.map((t: { tenantId: string }) => t.tenantId)).toEqual(['other-tenant', TENANT]);
    expect(all.body.rows).toHaveLength(4);
    const one = await h.call('GET', `${NOVEMBER}&tenant=other-tenant`, { as: staff });
    expect(one.body.tenants).toEqual([{ tenantId: 'other-tenant', timezone: 'UTC' }]);
    expect(one.body.rows).toEqual([]);
    // X-Tenant-Id names the tenant here as on every route (it was ignored: every tenant came back).
    const byHeader = await h.call('GET', NOVEMBER, { as: staff, headers: { 'X-Tenant-Id': 'other-tenant' } });
    expect(byHeader.status).toBe(200);
    expect(byHeader.body.tenants).toEqual([{ tenantId: 'other-tenant', timezone: 'UTC' }]);
    const agreeing = await h.call('GET', `${NOVEMBER}&tenant=other-tenant`, {
      as: staff,
      headers: { 'X-Tenant-Id': 'other-tenant' },
    });
    expect(agreeing.body.tenants).toEqual([{ tenantId: 'other-tenant', timezone: 'UTC' }]);
    const disagreeing = await h.call('GET', `${NOVEMBER}&tenant=other-tenant`, {
      as: staff,
      headers: { 'X-Tenant-Id': TENANT },
    });
    expect(disagreeing.status).toBe(400);
    expect(disagreeing.body.error.fields).toEqual([expect.objectContaining({ path: 'tenant' })]);

    const otherAdmin = await h.call('GET', `${NOVEMBER}&tenant=${TENANT}`, {
      as: { tenant: 'other-tenant', role: 'admin' },
    });
    expect(otherAdmin.status).toBe(403);
    expect((await h.call('GET', NOVEMBER, { as: agent })).status).toBe(403);
    expect((await h.call('GET', NOVEMBER, { as: customer })).status).toBe(403);
    const unknown = await h.call('GET', `${NOVEMBER}&tenant=nobody-here`, { as: staff });
    expect(unknown.status).toBe(404);
  });

  it('refuses a bad period with a 400 naming the field', async () => {
    const backwards = await h.call('GET', '/reports/sla?from=2026-11-30&to=2026-11-01', { as: admin });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.fields).toEqual([expect.objectContaining({ path: 'to' })]);
    const notADate = await h.call('GET', '/reports/sla?from=2026-02-30&to=2026-03-01', { as: admin });
    expect(notADate.status).toBe(400);
    expect(notADate.body.error.fields).toEqual([expect.objectContaining({ path: 'from' })]);
    const missing = await h.call('GET', '/reports/sla?from=2026-11-01', { as: admin });
    expect(missing.status).toBe(400);
    const tooLong = await h.call('GET', '/reports/sla?from=2025-01-01&to=2026-11-01', { as: admin });
    expect(tooLong.status).toBe(400);
  });
});

describe('the monthly reports', () => {
  it('records each tenant with report contacts its previous local month, in its language, once', async () => {
    await at('2026-12-01T06:00:00Z');
    const { client, tableName } = h.table;
    const tenants = h.services.tenantRepository;
    const deps = {
      tenants,
      reports: new ReportService({
        outcomes: new DynamoOutcomeStore(client, tableName),
        tenants,
        clock: h.clock,
      }),
      sink: new DynamoReportDueSink(client, tableName),
      clock: h.clock,
    };
    expect(await recordMonthlyReports(deps)).toEqual({
      recorded: [TENANT],
      alreadyRecorded: [],
      skipped: ['other-tenant'],
    });
    expect((await recordMonthlyReports(deps)).alreadyRecorded).toEqual([TENANT]);

    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: marshall(reportDueKey(TENANT, '2026-11')) }),
    );
    const due = unmarshall(Item ?? {});
    expect(due).toMatchObject({
      entity: 'report_due',
      recipients: ['boss@fixture.example'],
      language: 'it',
      timezone: 'Europe/Rome',
      subject: 'Report SLA novembre 2026: Fixture',
    });
    expect(due.text).toContain('prima risposta | normal | 4 | 3 | 1 | 0 | 75 % | 60 | 360');
    expect(due.text).toContain('risoluzione | urgent | 1 | 1 | 0 | 0 | 100 % | 180 | 180');
    await at('2026-12-02T12:00:00Z');
  });
});
