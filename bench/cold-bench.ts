// `npm run bench:cold`: builds every Lambda bundle with the stack's own esbuild options (lib/lambda-bundles.ts)
// plus a floor bundle (the DynamoDB client alone), then times `await import(bundle)` in a fresh Node process,
// 7 times each, interleaved, and prints bytes, the median import time and the ratio to the floor. Two clocks:
// wall time, and the CPU time (user + system) the process spends in the import. On a quiet machine they agree;
// on a shared one wall time also counts waiting for a core, so the ratio to the floor is taken on CPU time,
// which stays put. A last column is the CPU time with --enable-source-maps (what the functions ran with
// before), to show what parsing the map at init costs. `--keep DIR` leaves the bundles in DIR.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { BUNDLE_ENTRIES, type BuiltBundle, type BundleName, buildBundle } from '../lib/lambda-bundles.js';
import { ENV } from '../shared/runtime/env.js';

const RUNS = 7;
const { values } = parseArgs({ options: { keep: { type: 'string' } } });
const outRoot = values.keep ?? mkdtempSync(join(tmpdir(), 'sla-bench-cold-'));

// What the functions find in their environment in AWS (dummy values: nothing is called), so no handler fails
// its fail-fast configuration checks at import.
const env: NodeJS.ProcessEnv = {
  PATH: process.env.PATH,
  AWS_REGION: 'eu-west-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  POWERTOOLS_SERVICE_NAME: 'sla-sentinel',
  POWERTOOLS_METRICS_NAMESPACE: 'SlaSentinel',
  [ENV.tableName]: 'bench-table',
  [ENV.scheduleGroupName]: 'bench-group',
  [ENV.schedulerRoleArn]: 'arn:aws:iam::123456789012:role/bench',
  [ENV.slaTimerFunctionArn]: 'arn:aws:lambda:eu-west-1:123456789012:function:bench',
  [ENV.timerDlqArn]: 'arn:aws:sqs:eu-west-1:123456789012:bench',
  [ENV.senderAddress]: 'sla@bench.example',
  [ENV.sesConfigurationSet]: 'bench',
  [ENV.supportDomain]: 'bench.example',
  [ENV.mailBucket]: 'bench-bucket',
  [ENV.eventBusName]: 'bench-bus',
};

interface ImportTime {
  wallMs: number;
  cpuMs: number;
}

function importTime(file: string, sourceMaps: boolean): ImportTime {
  const script =
    'const c = process.cpuUsage(); const t = performance.now(); ' +
    `await import(${JSON.stringify(pathToFileURL(file).href)}); ` +
    'const wallMs = performance.now() - t; const u = process.cpuUsage(c); ' +
    'process.stdout.write(JSON.stringify({ wallMs, cpuMs: (u.user + u.system) / 1000 }));';
  const args = [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '-e', script];
  const run = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`importing ${file} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout) as ImportTime;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

const names = Object.keys(BUNDLE_ENTRIES) as BundleName[];
const bundles: BuiltBundle[] = [];
for (const name of names) bundles.push(await buildBundle(name, outRoot));

const plain = new Map<BundleName, ImportTime[]>(names.map((n) => [n, []]));
const mapped = new Map<BundleName, ImportTime[]>(names.map((n) => [n, []]));
// Interleaved, so a noisy moment on the shared machine spreads over every bundle instead of skewing one.
for (let run = 0; run < RUNS; run++) {
  for (const b of bundles) {
    plain.get(b.name)?.push(importTime(b.file, false));
    mapped.get(b.name)?.push(importTime(b.file, true));
  }
}

const medianOf = (times: ImportTime[] | undefined, clock: keyof ImportTime) =>
  median((times ?? []).map((t) => t[clock]));
const floorCpu = medianOf(plain.get('floor'), 'cpuMs');
const rows = bundles.map((b) => {
  const cpuMs = medianOf(plain.get(b.name), 'cpuMs');
  return {
    name: b.name,
    bytes: b.bytes,
    wallMs: medianOf(plain.get(b.name), 'wallMs'),
    cpuMs,
    mappedCpuMs: medianOf(mapped.get(b.name), 'cpuMs'),
    ratio: cpuMs / floorCpu,
  };
});

console.log(
  `Cold import, median of ${RUNS} fresh processes (node ${process.version}); bundles in ${outRoot}\n`,
);
console.log(
  '| Lambda | bundle | import (wall) | import (CPU) | vs floor (CPU) | CPU with --enable-source-maps |',
);
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows)
  console.log(
    `| ${r.name} | ${mib(r.bytes)} | ${r.wallMs.toFixed(0)} ms | ${r.cpuMs.toFixed(0)} ms | ${r.ratio.toFixed(2)}x | ${r.mappedCpuMs.toFixed(0)} ms |`,
  );
if (values.keep === undefined) rmSync(outRoot, { recursive: true, force: true });
const worst = Math.max(...rows.filter((r) => r.name !== 'floor').map((r) => r.ratio));
console.log(`\nworst cold import vs floor: ${worst.toFixed(2)}x`);
