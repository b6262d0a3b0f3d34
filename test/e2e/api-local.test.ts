/**
 * End to end: `npm start`'s entry (bin/local.ts) as a real process on a free port, the curl session it prints
 * run by bash exactly as printed, tokens from `sla token` accepted and foreign tokens refused, and Ctrl-C
 * stopping everything (DynamoDB Local's Java process included).
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, runTokenCommand } from '../../shared/auth/local-token.js';
import { extractCurlSession } from '../../shared/local/curl-session.js';
import { freePort } from '../../shared/local/free-port.js';
import { assertApiContract } from '../support/api-contract.js';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');

let child: ChildProcess;
let output = '';
let apiUrl = '';
let dataDir = '';

function descendants(pid: number, table: { pid: number; ppid: number }[]): number[] {
  const kids = table.filter((p) => p.ppid === pid).map((p) => p.pid);
  return kids.flatMap((kid) => [kid, ...descendants(kid, table)]);
}

async function processTable(): Promise<{ pid: number; ppid: number }[]> {
  const { stdout } = await run('ps', ['-eo', 'pid=,ppid=']);
  return stdout
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number))
    .map(([pid = 0, ppid = 0]) => ({ pid, ppid }));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output so far:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sla-e2e-'));
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  // Its own process group, so the test can send Ctrl-C the way a terminal does (to the whole group).
  // Fixed-port components get free ports, so this test can run beside others that start the runtime.
  // What `npm start` runs: one node process with tsx as a loader (no tsx CLI in between).
  child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'bin/local.ts',
      '--smtp-port=0',
      '--ses-port=0',
      '--scheduler-port=0',
      '--events-port=0',
    ],
    {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), SLA_LOCAL_DATA_DIR: dataDir, DYNAMODB_ENDPOINT: '' },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString('utf8');
  });
  await waitFor(() => extractCurlSession(output) !== null || child.exitCode !== null, 90_000, 'the banner');
  expect(child.exitCode).toBeNull();
}, 120_000);

afterAll(async () => {
  if (child && child.exitCode === null && child.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('prints the URLs and a curl session that works exactly as printed', async () => {
    expect(output).toContain(`API        ${apiUrl}`);
    const session = extractCurlSession(output)!;
    const { stdout } = await run('bash', ['-e', '-o', 'pipefail', '-c', session], {
      cwd: ROOT,
      timeout: 60_000,
    });
    const lines = stdout.trim().split('\n');
    const ticketId = /^ticket (t_[a-z0-9]+)$/.exec(lines[0] ?? '')?.[1];
    expect(ticketId).toBeDefined();
    const [list, reply, paused, resumed, escalated, events, tenant] = lines
      .slice(1)
      .map((l) => JSON.parse(l));
    // curl's --fail-with-body stopped the session on anything but a 2xx: each answer is its route's success.
    for (const [method, url, status, body] of [
      ['GET', '/tickets', 200, list],
      ['POST', `/tickets/${ticketId}/comments`, 201, reply],
      ['PATCH', `/tickets/${ticketId}`, 200, paused],
      ['POST', `/tickets/${ticketId}/comments`, 201, resumed],
      ['POST', `/tickets/${ticketId}/escalations`, 201, escalated],
      ['GET', `/tickets/${ticketId}/events`, 200, events],
      ['GET', '/tenants/enterprise-support', 200, tenant],
    ] as const) {
      assertApiContract({ method, url, status, body });
    }
    expect(list.items[0].id).toBe(ticketId);
    expect(reply.ticket.sla.milestones[0]).toMatchObject({ name: 'firstResponse', state: 'met' });
    expect(paused.status).toBe('pending_customer');
    expect(resumed.ticket.status).toBe('open');
    // The customer escalated: they see the level, never its (staff) name.
    expect(escalated.sla).toMatchObject({ escalationLevel: 1, escalationLevelName: null });
    expect(events.items.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining([
        'ticket.created',
        'comment.added',
        'status.changed',
        'escalation.requested',
        'sla.changed',
      ]),
    );
    expect(tenant).toMatchObject({ tenantId: 'enterprise-support', policy: 'enterprise-support' });
  });

  it('seeds one demo tenant per preset and accepts tokens from `sla token`', async () => {
    for (const [tenant, extra] of [
      ['fenorri', { timezone: 'Europe/Tallinn' }],
      ['managry', { plan: 'premier' }],
      ['harmoni', { region: 'emea' }],
      ['interzen', {}],
      ['standard-support', {}],
    ] as const) {
      const minted = await runTokenCommand(['--tenant', tenant, '--role', 'admin'], { dataDir });
      expect(minted.code).toBe(0);
      const answer = await fetch(`${apiUrl}/tenants/${tenant}`, {
        headers: { authorization: `Bearer ${minted.stdout.trim()}` },
      });
      expect(answer.status).toBe(200);
      const body = await answer.json();
      assertApiContract({ method: 'GET', url: `/tenants/${tenant}`, status: answer.status, body });
      expect(body).toMatchObject({ tenantId: tenant, policy: tenant, ...extra });
    }
    const customer = (
      await runTokenCommand(['--tenant', 'interzen', '--role', 'customer', '--email', 'm@rossi.example'], {
        dataDir,
      })
    ).stdout.trim();
    const created = await fetch(`${apiUrl}/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${customer}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'Stampante', description: 'Non stampa', priority: 'blocking' }),
    });
    expect(created.status).toBe(201);
    const ticket = await created.json();
    assertApiContract({ method: 'POST', url: '/tickets', status: created.status, body: ticket });
    expect(ticket).toMatchObject({
      reference: expect.stringMatching(/^INT-\d{6}$/),
      requester: { email: 'm@rossi.example' },
    });
  });

  it('refuses tokens from anywhere else, expired tokens and no token with 401; serves /openapi.json without one', async () => {
    const foreign = await new SignJWT({ 'custom:tenant': 'interzen', 'custom:role': 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setIssuer(LOCAL_ISSUER)
      .setAudience(LOCAL_AUDIENCE)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-local-secret-not-the-local-secret'));
    const expired = (
      await runTokenCommand(['--tenant', 'interzen', '--role', 'agent', '--ttl-hours', '0.0001'], { dataDir })
    ).stdout.trim();
    await new Promise((r) => setTimeout(r, 1500));
    for (const authorization of [`Bearer ${foreign}`, `Bearer ${expired}`, 'Bearer nonsense', '']) {
      const answer = await fetch(`${apiUrl}/tickets`, { headers: authorization ? { authorization } : {} });
      expect(answer.status, authorization.slice(0, 20)).toBe(401);
      assertApiContract({ method: 'GET', url: '/tickets', status: answer.status, body: await answer.json() });
    }
    const doc = await fetch(`${apiUrl}/openapi.json`);
    expect(doc.status).toBe(200);
    expect(((await doc.json()) as { openapi: string }).openapi).toBe('3.1.0');
    const malformed = await fetch(`${apiUrl}/tickets`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${(await runTokenCommand(['--tenant', 'interzen', '--role', 'agent'], { dataDir })).stdout.trim()}`,
        'content-type': 'application/json',
      },
      body: '{not json',
    });
    expect(malformed.status).toBe(400);
    assertApiContract({ method: 'POST', url: '/tickets', status: 400, body: await malformed.json() });
  });

  it('stops cleanly on Ctrl-C, Java child included', async () => {
    const pid = child.pid!;
    const family = descendants(pid, await processTable());
    expect(family.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    process.kill(-pid, 'SIGINT');
    expect(await exited).toBe(0);
    await waitFor(() => family.every((p) => !alive(p)), 15_000, 'every child process to exit');
    await expect(fetch(`${apiUrl}/openapi.json`)).rejects.toThrow();
  });
});

describe('npm start stopped while it is still starting', () => {
  it('leaves no DynamoDB Local (Java) behind, even when only its own process is signalled', async () => {
    const dbDir = join(dataDir, 'interrupted-db');
    const javaOf = async () =>
      (await run('pgrep', ['-f', `DynamoDBLocal\\.jar.*${dbDir}`]).catch(() => ({ stdout: '' }))).stdout
        .trim()
        .split('\n')
        .filter(Boolean);
    const starting = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'bin/local.ts',
        '--port=0',
        '--smtp-port=0',
        '--ses-port=0',
        '--scheduler-port=0',
        '--events-port=0',
        '--data',
        dbDir,
      ],
      { cwd: ROOT, env: { ...process.env, DYNAMODB_ENDPOINT: '' }, stdio: 'ignore' },
    );
    const exited = new Promise<void>((done) => starting.once('exit', () => done()));
    const deadline = Date.now() + 30_000;
    while ((await javaOf()).length === 0) {
      if (Date.now() > deadline) throw new Error('DynamoDB Local never started');
      await new Promise((r) => setTimeout(r, 100));
    }
    // Not the process group (a terminal's Ctrl-C reaches Java directly): npm start's own processes only, as
    // `pkill -f` or a process manager would. Java used to outlive them. (npm start runs node with tsx as a loader,
    // not the tsx CLI: the CLI relays a signal and SIGKILLs its child when the child does not acknowledge within
    // 30 ms, which on a loaded machine skipped the child's exit hook and orphaned Java.)
    const java = new Set(await javaOf());
    const own = [starting.pid!, ...descendants(starting.pid!, await processTable())];
    for (const pid of own) if (!java.has(String(pid))) process.kill(pid, 'SIGINT');
    await exited;
    const gone = Date.now() + 15_000;
    while ((await javaOf()).length > 0) {
      if (Date.now() > gone) throw new Error(`Java still running: ${(await javaOf()).join(', ')}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }, 60_000);
});

describe('sla token', () => {
  it('prints usage and exits 2 on bad arguments', async () => {
    for (const argv of [
      [],
      ['--tenant', 'x1'],
      ['--tenant', 'x1', '--role', 'root'],
      ['--tenant', 'UPPER', '--role', 'agent'],
      ['--bogus'],
    ]) {
      const result = await runTokenCommand(argv, { dataDir });
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.stderr).toMatch(/^sla token: /);
    }
  });
});
