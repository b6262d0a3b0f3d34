// The `sla` command's process wrapper (run by bin/sla.mjs through tsx); the command itself is `runCli`.
import { runCli } from '../shared/cli/sla-cli.js';

const argv = process.argv.slice(2);
// `sla token ...` mints a local JWT (async: jose signs with WebCrypto); every other subcommand is `runCli`.
const result =
  argv[0] === 'token'
    ? await (await import('../shared/auth/local-token.js')).runTokenCommand(argv.slice(1))
    : runCli(argv);
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.code;
