// `npm start`: the product on this machine (see shared/local/runtime.ts). Options: --data DIR (persist
// DynamoDB Local's tables), --port N (or PORT), and component flags: --ses-port N, --scheduler-port N,
// --smtp-port N, --events-port N (0 = any free port), --duplicate-timers, --events-webhook URL,
// --ses-outage SECONDS (the local SES refuses every send for that long: mail waits in the outbox, then goes).
import { startLocalRuntime } from '../shared/local/runtime.js';

/**
 * `--name=value`, `--name value` and `--name` (true). Components read their own flags (`ctx.flags`), so the
 * runtime cannot list them all up front the way node:util's strict parseArgs would need.
 */
function parseFlags(argv: readonly string[]): Record<string, string | boolean> {
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const match = /^--([a-z0-9][a-z0-9-]*)(?:=(.*))?$/i.exec(arg);
    if (!match) {
      console.error(`npm start: unexpected argument ${JSON.stringify(arg)} (options look like --data DIR)`);
      process.exit(2);
    }
    const [, name = '', inline] = match;
    const next = argv[i + 1];
    if (inline !== undefined) flags[name] = inline;
    else if (next !== undefined && !next.startsWith('--')) {
      flags[name] = next;
      i++;
    } else flags[name] = true;
  }
  return flags;
}

// The SDK's notice that its releases after January 2027 need Node 22 says nothing about this pinned runtime
// (the Lambdas run Node 24); it would only clutter the banner.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const flags = parseFlags(process.argv.slice(2));
const values = { data: flags.data, port: flags.port };

let runtime: Awaited<ReturnType<typeof startLocalRuntime>> | undefined;
let stopping = false;
const shutdown = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping...`);
  // Still starting: exit now; the emulators started so far end with this process (their 'exit' hooks).
  if (!runtime) process.exit(130);
  runtime
    .stop()
    .then(() => process.exit(0))
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
};
// Registered before anything starts, so Ctrl-C during start-up never leaves Java running.
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));

runtime = await startLocalRuntime({
  ...(typeof values.data === 'string' ? { dataDir: values.data } : {}),
  ...(typeof values.port === 'string' ? { port: Number(values.port) } : {}),
  flags,
}).catch((error: unknown) => {
  console.error(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

console.log(`\n${runtime.banner}\n`);
