/**
 * End to end through the local runtime: `POST /_local/reports/monthly` runs what the monthly-report Lambda runs
 * on the 1st, the notification handler takes the `report_due` items off the stream, and each demo tenant's
 * report contact finds November's report in aws-ses-v2-local (in the tenant's language, from its name) by the
 * time the route answers; a second run mails nothing, and a bad body is a 400 naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANT_IDS } from '../../shared/local/demo-tenants.js';
import { fetchSentMail, type StoredMail } from '../../shared/local/ses-server.js';
import { type Json, type RuntimeDriver, startRuntimeDriver } from './support/local-runtime.js';

let driver: RuntimeDriver;

beforeAll(async () => {
  driver = await startRuntimeDriver({ start: '2026-11-20T09:00:00Z' });
});
afterAll(async () => {
  await driver?.stop();
});

const reports = async (): Promise<StoredMail[]> =>
  (await fetchSentMail(driver.sesEndpoint)).filter((m) => /^(SLA report|Report SLA) /.test(m.subject));

describe('POST /_local/reports/monthly', () => {
  it("mails every demo tenant's report contact its November report, once", async () => {
    expect(driver.runtime.banner).toContain('/_local/reports/monthly');
    await driver.openTicket(
      { tenant: 'enterprise-support', email: 'ada@example.org' },
      { subject: 'VPN drops every hour', description: 'Hourly.', priority: 'high' },
    );
    await driver.moveClock({ advanceMinutes: 60 });

    const run = await driver.call('POST', '/_local/reports/monthly', null, { at: '2026-12-01T06:00:00Z' });
    expect(run.status, JSON.stringify(run.body)).toBe(200);
    expect(run.body).toEqual({
      at: '2026-12-01T06:00:00Z',
      recorded: [...DEMO_TENANT_IDS].sort(),
      alreadyRecorded: [],
      skipped: [],
    });
    const sent = await reports();
    expect(sent).toHaveLength(DEMO_TENANT_IDS.length);
    const enterprise = sent.find(
      (m: Json) => m.destination.to[0] === 'reports@enterprise-support.example.com',
    );
    expect(enterprise?.subject).toMatch(/^SLA report November 2026: /);
    expect(enterprise?.from).toMatch(/support" <support@support\.localhost>$/);
    // The breached first response of the VPN ticket: 1 counted, 0 met, 1 breached, 0 running.
    expect(enterprise?.body.text).toContain('first response | high | 1 | 0 | 1 | 0 | 0 %');
    const interzen = sent.find((m: Json) => m.destination.to[0] === 'reports@interzen.example.com');
    expect(interzen?.subject).toMatch(/^Report SLA novembre 2026: /);
    expect(interzen?.body.text).toContain('Nessuna scadenza SLA è iniziata nel mese.');
  });

  it('a second run records and mails nothing; a bad body is a 400 naming the field', async () => {
    const again = await driver.call('POST', '/_local/reports/monthly', null, { at: '2026-12-01T07:00:00Z' });
    expect(again.status).toBe(200);
    expect(again.body.recorded).toEqual([]);
    expect(again.body.alreadyRecorded).toHaveLength(DEMO_TENANT_IDS.length);
    expect(await reports()).toHaveLength(DEMO_TENANT_IDS.length);

    const bad = await driver.call('POST', '/_local/reports/monthly', null, { at: 'December' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toEqual([{ path: 'at', reason: expect.any(String) }]);
    for (const at of ['0001-01-01T00:00:00Z', '2099-01-01T00:00:00Z']) {
      const outside = await driver.call('POST', '/_local/reports/monthly', null, { at });
      expect(outside.status).toBe(400);
      expect(outside.body.fields).toEqual([
        { path: 'at', reason: 'outside the months that can be reported' },
      ]);
    }
  });
});
