// `npm run bench:growth`: comment latency on a fresh ticket vs one with 5,000 comments and status changes,
// through the ticket service on DynamoDB Local (issue 10: it used to grow with every reply). Prints p50/p99 side
// by side and whether the grown ticket stays within 1.5x of the fresh one's p50.

import { createDynamoClient } from '../shared/adapters/dynamodb/client.js';
import { ensureTable } from '../shared/adapters/dynamodb/table.js';
import { ManualClock } from '../shared/clock.js';
import { createTicketServices } from '../shared/composition/ticket-services.js';
import { startDynamoDbLocal } from '../shared/local/dynamodb-local.js';
import { growTicket, growthAgent, growthCustomer } from '../test/support/ticket-growth.js';

const CHANGES = 5_000;
const SAMPLES = 200;
const WARMUP = 20;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  const dynamo = await startDynamoDbLocal();
  const client = createDynamoClient({ endpoint: dynamo.endpoint });
  try {
    await ensureTable(client, 'growth-bench');
    process.stdout.write(`growing one ticket to ${CHANGES} comments and status changes...\n`);
    const grown = await growTicket(client, 'growth-bench', CHANGES);
    const clock = new ManualClock(grown.at);
    const { tickets } = createTicketServices({ client, tableName: 'growth-bench', clock });
    const fresh = await tickets.createTicket(growthCustomer, {
      subject: 'A fresh ticket',
      description: 'Nothing happened yet.',
      priority: 'critical',
    });
    const timings: Record<'fresh' | 'grown', number[]> = { fresh: [], grown: [] };
    // Interleaved, so both see the same machine load; each sample is one public comment (a full commit).
    for (let i = 0; i < WARMUP + SAMPLES; i++) {
      for (const [label, id] of [
        ['fresh', fresh.ticket.id],
        ['grown', grown.ticketId],
      ] as const) {
        clock.advance(60_000);
        const start = performance.now();
        await tickets.addComment(i % 2 ? growthCustomer : growthAgent, id, { body: `sample ${i}` });
        if (i >= WARMUP) timings[label].push(performance.now() - start);
      }
    }
    const rows = (['fresh', 'grown'] as const).map((label) => {
      const sorted = [...timings[label]].sort((a, b) => a - b);
      return { label, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    });
    const [f, g] = rows as [(typeof rows)[0], (typeof rows)[0]];
    process.stdout.write(`\ncomment latency, ${SAMPLES} comments each (ms):\n`);
    process.stdout.write(`ticket                                p50      p99\n`);
    process.stdout.write(
      `fresh                           ${f.p50.toFixed(1).padStart(8)} ${f.p99.toFixed(1).padStart(8)}\n`,
    );
    process.stdout.write(
      `after ${grown.comments} comments + ${grown.statusChanges} status changes ${g.p50.toFixed(1).padStart(5)} ${g.p99.toFixed(1).padStart(8)}\n`,
    );
    const ratio = g.p50 / f.p50;
    process.stdout.write(
      `\np50 ratio grown/fresh: ${ratio.toFixed(2)}x (goal <= 1.5x): ${ratio <= 1.5 ? 'ok' : 'OVER'}\n`,
    );
    process.exitCode = ratio <= 1.5 ? 0 : 1;
  } finally {
    client.destroy();
    await dynamo.stop();
  }
}

await main();
