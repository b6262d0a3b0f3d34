// `npm run bench:api`: the local runtime (DynamoDB Local, the API, the stream consumers in their worker thread),
// a single client timing create ticket / public comment / internal note / get ticket over HTTP, next to raw
// PutItem / GetItem on the same DynamoDB Local in the same run. Prints p50/p99 per operation; the last line is the
// create-to-PutItem ratio at p50 (the goal: 5x or less at p50 and p99).
//
// Two phases, both printed:
// - **The request path.** Rounds of create, PutItem, comment, note, get and GetItem (every other round in reverse
//   order), so every operation sees the same JVM warmth and the same machine, and neither the create nor the
//   PutItem always follows the other. Before each timed request the stream consumers are drained: in AWS they run
//   in their own Lambdas and never share the api Lambda's CPU, but here they share two cores with DynamoDB Local
//   and the API. The goal lines come from this phase.
// - **Consumers live.** Creates back to back with nothing drained, the consumers working off the stream on the
//   same cores (what `npm start` feels like under a burst), against the request path's uncontended PutItem; and
//   the creates per second that phase sustained.
// A run in which the consumers failed anything (a mail not sent, a poll that failed) says so and exits 1: a
// consumer doing less work would flatter the figures.
import { GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { startLocalRuntime } from '../shared/local/runtime.js';

const N = Number(process.env.BENCH_N ?? 1000);
const WARMUP = 50;

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  return { p50: q(0.5), p99: q(0.99) };
}

const problems: string[] = [];
const runtime = await startLocalRuntime({
  port: 0,
  flags: { 'ses-port': '0', 'scheduler-port': '0', 'smtp-port': '0', 'events-port': '0' },
  log: (line) => {
    // "0 failed" is a summary saying nothing failed (the timers' start-up reconcile); any other failure counts.
    if (/(?<!\b0 )failed|error/i.test(line)) problems.push(line);
  },
});
let exitCode = 0;
try {
  const api = runtime.apiUrl;
  const { customer, agent } = runtime.tokens;
  const consumers = runtime.context.streamConsumers;
  const mail = { sent: 0, failed: 0 };
  consumers.onMail((delta) => {
    mail.sent += delta.sent;
    mail.failed += delta.failed;
  });
  const settle = () => consumers.drainAll();
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
  // The raw item carries the ticket's fields and a 1.5 KB pad: about the size of the ticket item a create writes.
  const item = (i: number) => ({
    PK: { S: `BENCH#${i}` },
    SK: { S: 'RAW' },
    body: { S: JSON.stringify({ ...ticket, i, pad: 'x'.repeat(1500) }) },
  });
  let puts = 0;
  let gets = 0;
  const create = () => call('POST', '/tickets', customer, ticket);
  const operations: Array<[string, () => Promise<unknown>]> = [
    ['create ticket (POST /tickets)', create],
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
            // A different item written earlier in the run each time, as the ticket read reads its own.
            Key: { PK: { S: `BENCH#${gets++ % Math.max(1, puts)}` }, SK: { S: 'RAW' } },
            ConsistentRead: true,
          }),
        ),
    ],
  ];
  const samples = new Map(operations.map(([label]) => [label, [] as number[]]));
  for (let round = -WARMUP; round < N; round++) {
    const order = round % 2 === 0 ? operations : [...operations].reverse();
    for (const [label, op] of order) {
      await settle();
      const t = performance.now();
      await op();
      if (round >= 0) samples.get(label)!.push(performance.now() - t);
    }
    if (round > 0 && round % 100 === 0) console.error(`request path: ${round}/${N} rounds`);
  }
  await settle();
  const live: number[] = [];
  const liveStart = performance.now();
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    await create();
    live.push(performance.now() - t);
  }
  const liveSeconds = (performance.now() - liveStart) / 1000;
  console.error('consumers live: draining what the burst left on the stream');
  await settle();

  const row = (label: string, s: ReturnType<typeof stats>) =>
    console.log(`${label.padEnd(40)}${s.p50.toFixed(1).padStart(9)}${s.p99.toFixed(1).padStart(9)}`);
  console.log(
    `single client, ${N} rounds after ${WARMUP} warm-up (each p99 from ${N} samples), DynamoDB Local ${runtime.dynamoDbEndpoint}`,
  );
  console.log(`${'operation'.padEnd(40)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}`);
  console.log('the request path (stream consumers drained before each request):');
  for (const [label, s] of samples) row(`  ${label}`, stats(s));
  const c = stats(samples.get(operations[0]![0])!);
  const p = stats(samples.get('raw PutItem')!);
  const l = stats(live);
  console.log(`consumers live (${N} creates back to back, nothing drained):`);
  row('  create ticket (POST /tickets)', l);
  console.log(
    `consumers live: ${(N / liveSeconds).toFixed(0)} creates/s; create p50 vs the uncontended PutItem ${(l.p50 / p.p50).toFixed(1)}x, p99 ${(l.p99 / p.p99).toFixed(1)}x`,
  );
  console.log(
    `the consumers: ${mail.sent} mails sent, ${mail.failed} failed, ${problems.length} failure lines logged`,
  );
  if (mail.failed > 0 || problems.length > 0) {
    for (const line of problems.slice(0, 5)) console.log(`  ${line}`);
    console.log('the consumers failed work in this run: its figures do not count');
    exitCode = 1;
  }
  console.log(`create p99 vs raw PutItem: ${(c.p99 / p.p99).toFixed(1)}x`);
  console.log(`create p50 vs raw PutItem: ${(c.p50 / p.p50).toFixed(1)}x`);
} finally {
  await runtime.stop();
}
process.exitCode = exitCode;
