// Where a POST /tickets spends its time: the same local runtime as bench:api, with every DynamoDB call the
// API's client makes timed by command (a middleware on the runtime's client). `PROBE_COMPONENTS=none` runs the
// API alone (no stream pollers, no Scheduler, no SES) to show what the background consumers cost the API.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  PutItemCommand,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { startLocalRuntime } from '../shared/local/runtime.js';

const N = Number(process.env.BENCH_N ?? 200);
const none = process.env.PROBE_COMPONENTS === 'none';

function q(samples: number[], p: number): number {
  const s = [...samples].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
}

type TransactItems = NonNullable<TransactWriteItemsCommandInput['TransactItems']>;
let captured: TransactItems | undefined;

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
        if (input.TransactItems) {
          items.push(input.TransactItems.length);
          captured ??= structuredClone(input.TransactItems) as TransactItems;
        }
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
  const elu0 = performance.eventLoopUtilization();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await create();
    total.push(performance.now() - t);
  }
  const cpu = process.cpuUsage(cpu0);
  const elu = performance.eventLoopUtilization(elu0);
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
    `node CPU per create (the whole process, worker threads included): ${((cpu.user + cpu.system) / 1000 / N).toFixed(1)} ms`,
  );
  console.log(`API thread busy per create (its event loop's active time): ${(elu.active / N).toFixed(1)} ms`);
  for (const [name, samples] of calls) {
    const n = name === 'PutItemCommand' ? samples.length - N : samples.length;
    console.log(
      `${name.padEnd(28)} calls/create ${(n / N).toFixed(2)}  p50 ${q(samples, 0.5).toFixed(1)}  p99 ${q(samples, 0.99).toFixed(1)} ms`,
    );
  }
  console.log(`TransactWriteItems items: ${[...new Set(items)].sort((a, b) => a - b).join(', ')}`);
  // What a transaction costs DynamoDB Local by its size, next to a PutItem, in this same run: the floor a create
  // (one transaction of ticket, ref, two events, outbox, outcome) cannot go under.
  let k = 0;
  const ladder = async (label: string, op: () => Promise<unknown>) => {
    const samples: number[] = [];
    for (let i = 0; i < N / 2; i++) {
      const t = performance.now();
      await op();
      samples.push(performance.now() - t);
    }
    console.log(
      `${label.padEnd(28)} p50 ${q(samples, 0.5).toFixed(1)}  p99 ${q(samples, 0.99).toFixed(1)} ms`,
    );
  };
  const probeItem = (pad: number) => ({
    PK: { S: `LADDER#${k++}` },
    SK: { S: 'X' },
    body: { S: 'x'.repeat(pad) },
  });
  await ladder('PutItem (1.5 KB)', () =>
    runtime.dynamoDb.send(new PutItemCommand({ TableName: runtime.tableName, Item: probeItem(1500) })),
  );
  // A create's own transaction sent straight from here (fresh keys each time; the same conditions, sizes and
  // index keys), then without its index keys: what DynamoDB Local spends on the write itself, and on the GSIs.
  const replay = (withIndexes: boolean) => {
    const n = k++;
    return (captured ?? []).map((t) => {
      const item = { ...t.Put?.Item } as Record<string, { S?: string }>;
      item.PK = { S: `${item.PK?.S}#REPLAY${n}` };
      if (!withIndexes) for (const name of Object.keys(item)) if (/^GSI\d/.test(name)) delete item[name];
      return { Put: { ...t.Put, Item: item } } as TransactItems[number];
    });
  };
  await ladder("a create's transaction", () =>
    runtime.dynamoDb.send(new TransactWriteItemsCommand({ TransactItems: replay(true) })),
  );
  await ladder('  the same, no index keys', () =>
    runtime.dynamoDb.send(new TransactWriteItemsCommand({ TransactItems: replay(false) })),
  );
  for (const size of [1, 2, 4, 6]) {
    await ladder(`TransactWriteItems x${size}`, () =>
      runtime.dynamoDb.send(
        new TransactWriteItemsCommand({
          TransactItems: Array.from({ length: size }, (_, i) => ({
            Put: { TableName: runtime.tableName, Item: probeItem(i === 0 ? 1500 : 700) },
          })),
        }),
      ),
    );
  }
} finally {
  await runtime.stop();
}
