/**
 * The outcome backfill against DynamoDB Local: tickets written through the API, their outcome items then
 * removed (as tickets written before outcomes existed have none), so the report counts nothing. A dry run
 * counts and writes nothing; the backfill (the composition, then `npm run backfill-outcomes` as an operator
 * runs it) brings the report back to exactly what it was; a second run writes nothing, and `--tenant` touches
 * only that tenant.
 */
import { execFile } from 'node:child_process';
import { BatchWriteItemCommand, type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backfillTableOutcomes } from '../../../shared/composition/backfill-outcomes.js';
import { type ApiHarness, type Caller, createApiHarness } from '../../support/api-harness.js';

const TENANTS = ['backfill-a', 'backfill-b'] as const;
const PERIOD = '/reports/sla?from=2026-11-01&to=2026-11-30';
let h: ApiHarness;
const reportBefore: Record<string, unknown> = {};
/** How many outcome items each tenant's tickets had before they were removed. */
const dropped: Record<string, number> = {};

const admin = (tenant: string): Caller => ({ tenant, role: 'admin' });

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bin/backfill-outcomes.ts', ...args],
      { env: { ...process.env, AWS_REGION: 'us-east-1' } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Removes the outcome items of `tenant` (a test-only Scan: the product never scans for them). */
async function dropOutcomes(client: DynamoDBClient, tableName: string, tenant: string): Promise<number> {
  const { Items = [] } = await client.send(
    new ScanCommand({
      TableName: tableName,
      FilterExpression: 'entity = :outcome AND tenantId = :tenant',
      ExpressionAttributeValues: { ':outcome': { S: 'outcome' }, ':tenant': { S: tenant } },
      ProjectionExpression: 'PK, SK',
    }),
  );
  for (let i = 0; i < Items.length; i += 25) {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [tableName]: Items.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
        },
      }),
    );
  }
  return Items.length;
}

/** A fixture write, which must succeed. */
async function ok(...args: Parameters<ApiHarness['call']>) {
  const res = await h.call(...args);
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  return res;
}

const report = async (tenant: string) => {
  const res = await h.call('GET', PERIOD, { as: admin(tenant) });
  expect(res.status).toBe(200);
  return res.body.rows;
};

beforeAll(async () => {
  h = await createApiHarness('backfill');
  for (const tenant of TENANTS) {
    await h.putTenant(tenant, { policy: 'enterprise-support', timezone: 'UTC' });
  }
  const customer = (tenant: string): Caller => ({ tenant, role: 'customer', email: 'ada@example.org' });
  const agent = (tenant: string): Caller => ({ tenant, role: 'agent' });
  for (const tenant of TENANTS) {
    // One answered in time and resolved, one breached and left open, one answered late.
    h.clock.set(Date.parse('2026-11-02T09:00:00Z'));
    const a = await ok('POST', '/tickets', {
      as: customer(tenant),
      body: { subject: 'A', description: 'a', priority: 'high' },
    });
    h.clock.set(Date.parse('2026-11-02T09:10:00Z'));
    await ok('POST', `/tickets/${a.body.id}/comments`, { as: agent(tenant), body: { body: 'On it.' } });
    h.clock.set(Date.parse('2026-11-02T11:00:00Z'));
    await ok('PATCH', `/tickets/${a.body.id}`, { as: agent(tenant), body: { status: 'resolved' } });
    h.clock.set(Date.parse('2026-11-05T09:00:00Z'));
    await ok('POST', '/tickets', {
      as: customer(tenant),
      body: { subject: 'B', description: 'b', priority: 'medium' },
    });
    h.clock.set(Date.parse('2026-11-09T09:00:00Z'));
    const c = await ok('POST', '/tickets', {
      as: customer(tenant),
      body: { subject: 'C', description: 'c', priority: 'low' },
    });
    h.clock.set(Date.parse('2026-11-09T12:00:00Z'));
    await ok('POST', `/tickets/${c.body.id}/comments`, { as: agent(tenant), body: { body: 'Late.' } });
  }
  h.clock.set(Date.parse('2026-12-02T12:00:00Z'));
  for (const tenant of TENANTS) {
    reportBefore[tenant] = await report(tenant);
    expect((reportBefore[tenant] as unknown[]).length).toBeGreaterThan(0);
    dropped[tenant] = await dropOutcomes(h.table.client, h.table.tableName, tenant);
    expect(dropped[tenant]).toBeGreaterThan(0);
    expect(await report(tenant)).toEqual([]);
  }
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('backfill-outcomes', () => {
  it('a dry run counts the missing outcomes and writes none', async () => {
    const lines: string[] = [];
    const dry = await backfillTableOutcomes(
      { dynamo: h.table.client, tableName: h.table.tableName, clock: h.clock, log: (l) => lines.push(l) },
      { tenantId: 'backfill-a', dryRun: true },
    );
    expect(dry).toMatchObject({ tenants: 1, tickets: 3, present: 0, skippedTickets: 0, dryRun: true });
    expect(dry.written).toBe(dropped['backfill-a']);
    expect(lines.at(-1)).toBe(`backfill-a: 3 tickets, ${dry.written} outcomes to write`);
    expect(await report('backfill-a')).toEqual([]);
  });

  it("writes one tenant's missing outcomes: its report is what it was, the other tenant untouched; again writes nothing", async () => {
    const deps = { dynamo: h.table.client, tableName: h.table.tableName, clock: h.clock };
    const first = await backfillTableOutcomes(deps, { tenantId: 'backfill-a' });
    expect(first).toMatchObject({
      tenants: 1,
      tickets: 3,
      written: dropped['backfill-a'],
      present: 0,
      dryRun: false,
    });
    expect(await report('backfill-a')).toEqual(reportBefore['backfill-a']);
    expect(await report('backfill-b')).toEqual([]);
    const again = await backfillTableOutcomes(deps, { tenantId: 'backfill-a' });
    expect(again).toMatchObject({ written: 0, present: first.written });
  });

  it('npm run backfill-outcomes: every tenant, progress on stderr, the summary on stdout; a bad argument exits 2', async () => {
    const endpoint = ['--table', h.table.tableName, '--dynamodb-endpoint', h.table.endpoint];
    const all = await run(endpoint);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stderr).toContain('backfill-outcomes: backfill-b: 3 tickets, ');
    expect(all.stdout).toMatch(
      /^2 tenants, 6 tickets: \d+ outcomes written, \d+ already present, 0 tickets skipped\n$/,
    );
    expect(await report('backfill-b')).toEqual(reportBefore['backfill-b']);
    expect(await report('backfill-a')).toEqual(reportBefore['backfill-a']);

    const rerun = await run([...endpoint, '--tenant', 'backfill-b']);
    expect(rerun.stdout).toMatch(/^1 tenants, 3 tickets: 0 outcomes written, \d+ already present/);

    const bad = await run([...endpoint, '--tenant', 'Not A Tenant']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'backfill-outcomes: --tenant "Not A Tenant" is not a tenant id (--help for usage)\n',
    );
    const missing = await run([]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--table is required');
  }, 60_000);
});
