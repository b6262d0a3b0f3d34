// `npm start`: the product on this machine (see shared/local/runtime.ts). Options: --data DIR (persist
// DynamoDB Local's tables), --port N (or PORT), and component flags such as --duplicate-timers.
import { parseArgs } from 'node:util';
import { startLocalRuntime } from '../shared/local/runtime.js';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    'duplicate-timers': { type: 'boolean' },
  },
  strict: false,
});

const flags: Record<string, string | boolean> = {};
for (const [name, value] of Object.entries(values))
  if (value !== undefined) flags[name] = value as string | boolean;

const runtime = await startLocalRuntime({
  ...(typeof values.data === 'string' ? { dataDir: values.data } : {}),
  ...(typeof values.port === 'string' ? { port: Number(values.port) } : {}),
  flags,
}).catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`\n${runtime.banner}\n`);

let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping...`);
  runtime
    .stop()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
