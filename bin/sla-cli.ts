// The `sla` command's process wrapper (run by bin/sla.mjs through tsx); the command itself is `runCli`.
import { runCli } from '../shared/cli/sla-cli.js';

const result = runCli(process.argv.slice(2));
if (result.stdout) process.stdout.write(result.stdout);
if (result.stderr) process.stderr.write(result.stderr);
process.exitCode = result.code;
