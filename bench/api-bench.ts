// `npm run bench:api`: the local runtime (DynamoDB Local, the API, the stream consumers in their worker thread),
// a single client timing create ticket / public comment / internal note / get ticket over HTTP, next to raw
// PutItem / GetItem on the same DynamoDB Local in the same run. Prints p50/p99/throughput per operation; the
// last line is the create-to-PutItem ratio at p50 (the goal: 5x or less at p50 and p99).
//
// Two phases, both printed:
// - **The request path.** Rounds of create, PutItem, comment, note, get and GetItem, so every operation sees the
//   same JVM warmth and the same machine. Before each timed request the stream consumers are drained: in AWS they
//   run in their own Lambdas and never share the api Lambda's CPU or DynamoDB's, but here they share two cores
//   with DynamoDB Local and the API. The goal lines come from this phase.
// - **Consumers racing.** Creates and PutItems alternating back to back while the consumers work off the
//   stream on the same cores: what `npm start` feels like under a burst on this machine.
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalRuntime } from '../shared/local/runtime.js';

const N = Number(process.env.BENCH_N ?? 300);
const WARMUP = 50;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const total = samples.reduce((s, x) => s + x, 0);
  return { p50: q(0.5), p99: q(0.99), perSecond: (samples.length / total) * 1000 };
}

const runtime = await startLocalRuntime({
  port: 0,
  flags: { 'ses-port': '0', 'scheduler-port': '0', 'smtp-port': '0', 'events-port': '0' },
  log: () => {},
});
try {
  const api = runtime.apiUrl;
  const { customer, agent } = runtime.tokens;
  const settle = () => runtime.context.streamConsumers.drainAll();
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
  const one = (await call('POST', '/tickets', customer, ticket)).id as string;
  const other = (await call('POST', '/tickets', customer, ticket)).id as string;
  const item = (i: number) => ({
    PK: { S: `BENCH#${i}` },
    SK: { S: 'RAW' },
    body: { S: JSON.stringify({ ...ticket, i, pad: 'x'.repeat(1500) }) },
  });
  let puts = 0;
  const operations: Array<[string, () => Promise<unknown>]> = [
    ['create ticket (POST /tickets)', () => call('POST', '/tickets', customer, ticket)],
    [
      'raw PutItem',
      () => runtime.dynamoDb.send(new PutItemCommand({ TableName: runtime.tableName, Item: item(puts++) })),
    ],
    [
      'public comment',
      () => call('POST', `/tickets/${one}/comments`, agent, { body: 'On it.', visibility: 'public' }),
    ],
    [
      'internal note',
      () => call('POST', `/tickets/${other}/comments`, agent, { body: 'Note.', visibility: 'internal' }),
    ],
    ['get ticket', () => call('GET', `/tickets/${one}`, agent)],
    [
      'raw GetItem',
      () =>
        runtime.dynamoDb.send(
          new GetItemCommand({
            TableName: runtime.tableName,
            Key: { PK: { S: 'BENCH#0' }, SK: { S: 'RAW' } },
            ConsistentRead: true,
          }),
        ),
    ],
  ];
  const samples = new Map(operations.map(([label]) => [label, [] as number[]]));
  for (let round = -WARMUP; round < N; round++) {
    for (const [label, op] of operations) {
      await settle();
      const t = performance.now();
      await op();
      if (round >= 0) samples.get(label)!.push(performance.now() - t);
    }
    if (round > 0 && round % 100 === 0) console.error(`request path: ${round}/${N} rounds`);
  }
  const racing = { create: [] as number[], put: [] as number[] };
  await settle();
  for (let i = -WARMUP; i < N; i++) {
    let t = performance.now();
    await operations[0]![1]();
    if (i >= 0) racing.create.push(performance.now() - t);
    t = performance.now();
    await operations[1]![1]();
    if (i >= 0) racing.put.push(performance.now() - t);
  }
  const row = (label: string, s: ReturnType<typeof stats>) =>
    console.log(
      `${label.padEnd(40)}${s.p50.toFixed(1).padStart(9)}${s.p99.toFixed(1).padStart(9)}${s.perSecond.toFixed(0).padStart(9)}`,
    );
  console.log(
    `single client, ${N} rounds after ${WARMUP} warm-up, DynamoDB Local ${runtime.dynamoDbEndpoint}`,
  );
  console.log(
    `${'operation'.padEnd(40)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'per s'.padStart(9)}`,
  );
  console.log('the request path (stream consumers drained before each request):');
  for (const [label, s] of samples) row(`  ${label}`, stats(s));
  const rc = stats(racing.create);
  const rp = stats(racing.put);
  console.log('consumers racing (creates and PutItems back to back, consumers working the stream):');
  row('  create ticket (POST /tickets)', rc);
  row('  raw PutItem', rp);
  console.log(
    `consumers racing: create p50 vs raw PutItem ${(rc.p50 / rp.p50).toFixed(1)}x, p99 ${(rc.p99 / rp.p99).toFixed(1)}x`,
  );
  const c = stats(samples.get(operations[0]![0])!);
  const p = stats(samples.get('raw PutItem')!);
  console.log(`create p99 vs raw PutItem: ${(c.p99 / p.p99).toFixed(1)}x`);
  console.log(`create p50 vs raw PutItem: ${(c.p50 / p.p50).toFixed(1)}x`);
} finally {
  await runtime.stop();
}
