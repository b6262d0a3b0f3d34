// Where a POST /tickets spends its time: the same local runtime as bench:api, with every DynamoDB call the
// API's client makes timed by command (a middleware on the runtime's client). `PROBE_COMPONENTS=none` runs the
// API alone (no stream pollers, no Scheduler, no SES) to show what the background consumers cost the API.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalRuntime } from '../shared/local/runtime.js';

const N = Number(process.env.BENCH_N ?? 200);
const none = process.env.PROBE_COMPONENTS === 'none';

function q(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
}

function timeCommands(client: DynamoDBClient, into: Map<string, number[]>, items: number[]) {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const t = performance.now();
      try {
        return await next(args);
      } finally {
        const name = context.commandName ?? '?';
        if (!into.has(name)) into.set(name, []);
        into.get(name)!.push(performance.now() - t);
        const input = args.input as { TransactItems?: unknown[] };
        if (input.TransactItems) items.push(input.TransactItems.length);
      }
    },
    { step: 'initialize', name: 'probeTiming' },
  );
}

const runtime = await startLocalRuntime({
  port: 0,
  flags: { 'ses-port': '0', 'scheduler-port': '0', 'smtp-port': '0', 'events-port': '0' },
  ...(none ? { components: [] } : {}),
  log: () => {},
});
try {
  const calls = new Map<string, number[]>();
  const items: number[] = [];
  const ticket = {
    subject: 'VPN drops every hour',
    description: 'Since Monday it disconnects.',
    priority: 'high',
  };
  const create = async () => {
    const r = await fetch(`${runtime.apiUrl}/tickets`, {
      method: 'POST',
      headers: { authorization: `Bearer ${runtime.tokens.customer}`, 'content-type': 'application/json' },
      body: JSON.stringify(ticket),
    });
    if (r.status !== 201) throw new Error(`${r.status} ${await r.text()}`);
    await r.text();
  };
  for (let i = 0; i < 30; i++) await create();
  timeCommands(runtime.dynamoDb, calls, items);
  const total: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await create();
    total.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  const put: number[] = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await runtime.dynamoDb.send(
      new PutItemCommand({
        TableName: runtime.tableName,
        Item: { PK: { S: `PROBE#${i}` }, SK: { S: 'RAW' }, body: { S: 'x'.repeat(1500) } },
      }),
    );
    put.push(performance.now() - t);
  }
  console.log(`components: ${none ? 'none' : 'default'}; ${N} creates`);
  console.log(`create        p50 ${q(total, 0.5).toFixed(1)}  p99 ${q(total, 0.99).toFixed(1)} ms`);
  console.log(`raw PutItem   p50 ${q(put, 0.5).toFixed(1)}  p99 ${q(put, 0.99).toFixed(1)} ms`);
  console.log(
    `node CPU per create (this process, API + pollers): ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms`,
  );
  for (const [name, samples] of calls) {
    const n = name === 'PutItemCommand' ? samples.length - N : samples.length;
    console.log(
      `${name.padEnd(28)} calls/create ${(n / N).toFixed(2)}  p50 ${q(samples, 0.5).toFixed(1)}  p99 ${q(samples, 0.99).toFixed(1)} ms`,
    );
  }
  console.log(`TransactWriteItems items: ${[...new Set(items)].sort((a, b) => a - b).join(', ')}`);
} finally {
  await runtime.stop();
}
