// `npm run bench:api`: the local runtime (DynamoDB Local, the API, the notification handler on the stream),
// a single client timing create ticket / public comment / internal note / get ticket over HTTP, next to raw
// PutItem / GetItem on the same DynamoDB Local in the same run. Prints p50/p99/throughput per operation; the
// last line is the create-to-PutItem ratio at p50 (the goal: 5x or less at p50 and p99).
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalRuntime } from '../shared/local/runtime.js';

const N = Number(process.env.BENCH_N ?? 300);
const WARMUP = 30;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const total = samples.reduce((s, x) => s + x, 0);
  return { p50: q(0.5), p99: q(0.99), perSecond: (samples.length / total) * 1000 };
}

async function time(n: number, op: (i: number) => Promise<void>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await op(-1 - i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await op(i);
    out.push(performance.now() - t);
  }
  return out;
}

const runtime = await startLocalRuntime({
  port: 0,
  flags: { 'ses-port': '0', 'scheduler-port': '0', 'smtp-port': '0', 'events-port': '0' },
  log: () => {},
});
try {
  const api = runtime.apiUrl;
  const { customer, agent } = runtime.tokens;
  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const r = await fetch(`${api}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await r.text();
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return JSON.parse(text);
  };
  const ticket = {
    subject: 'VPN drops every hour',
    description: 'Since Monday it disconnects.',
    priority: 'high',
  };
  const created = await time(N, async () => void (await call('POST', '/tickets', customer, ticket)));
  const one = (await call('POST', '/tickets', customer, ticket)).id as string;
  const comment = await time(
    N,
    async () =>
      void (await call('POST', `/tickets/${one}/comments`, agent, { body: 'On it.', visibility: 'public' })),
  );
  const other = (await call('POST', '/tickets', customer, ticket)).id as string;
  const note = await time(
    N,
    async () =>
      void (await call('POST', `/tickets/${other}/comments`, agent, {
        body: 'Note.',
        visibility: 'internal',
      })),
  );
  const get = await time(N, async () => void (await call('GET', `/tickets/${one}`, agent)));
  const item = (i: number) => ({
    PK: { S: `BENCH#${i}` },
    SK: { S: 'RAW' },
    body: { S: JSON.stringify({ ...ticket, i, pad: 'x'.repeat(1500) }) },
  });
  const put = await time(
    N,
    async (i) =>
      void (await runtime.dynamoDb.send(new PutItemCommand({ TableName: runtime.tableName, Item: item(i) }))),
  );
  const getItem = await time(
    N,
    async (i) =>
      void (await runtime.dynamoDb.send(
        new GetItemCommand({
          TableName: runtime.tableName,
          Key: { PK: { S: `BENCH#${Math.max(0, i)}` }, SK: { S: 'RAW' } },
          ConsistentRead: true,
        }),
      )),
  );
  const rows: Array<[string, number[]]> = [
    ['create ticket (POST /tickets)', created],
    ['public comment', comment],
    ['internal note', note],
    ['get ticket', get],
    ['raw PutItem', put],
    ['raw GetItem', getItem],
  ];
  console.log(`single client, ${N} each after ${WARMUP} warm-up, DynamoDB Local ${runtime.dynamoDbEndpoint}`);
  console.log(
    `${'operation'.padEnd(32)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'per s'.padStart(9)}`,
  );
  for (const [label, samples] of rows) {
    const s = stats(samples);
    console.log(
      `${label.padEnd(32)}${s.p50.toFixed(1).padStart(9)}${s.p99.toFixed(1).padStart(9)}${s.perSecond.toFixed(0).padStart(9)}`,
    );
  }
  const c = stats(created);
  const p = stats(put);
  console.log(`create p99 vs raw PutItem: ${(c.p99 / p.p99).toFixed(1)}x`);
  console.log(`create p50 vs raw PutItem: ${(c.p50 / p.p50).toFixed(1)}x`);
} finally {
  await runtime.stop();
}
