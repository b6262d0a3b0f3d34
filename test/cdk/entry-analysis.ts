import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { build } from 'esbuild';
import { ESM_REQUIRE_BANNER } from '../../lib/constructs/sla-bundling.js';
import { ENV, type EnvName } from '../../shared/runtime/env.js';

/** Variables only the local runtime sets (emulator endpoints); never expected in AWS. */
export const LOCAL_ONLY_ENV: ReadonlySet<EnvName> = new Set([
  ENV.dynamoDbEndpoint,
  ENV.schedulerEndpoint,
  ENV.sesEndpoint,
  ENV.s3Endpoint,
  ENV.eventBridgeEndpoint,
]);

export interface EntryAnalysis {
  /** What the ESM bundle of the entry exports. */
  exports: string[];
  /** Our own source files the bundle pulls in (relative to the repository). */
  sources: string[];
  /** `ENV.<key>` names referenced anywhere in those sources, local-only endpoints excluded. */
  envUsed: EnvName[];
}

const root = resolve(import.meta.dirname, '../..');
const envByKey = ENV as Record<string, EnvName>;

/**
 * Bundles one Lambda entry the way the stack does (ESM, Node 24, everything bundled) without writing
 * anything, and reads the bundle's exports and its import graph from esbuild's metafile.
 */
export async function analyseEntry(entry: string): Promise<EntryAnalysis> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node24',
    mainFields: ['module', 'main'],
    banner: { js: ESM_REQUIRE_BANNER },
    outdir: resolve(root, 'cdk.out/.entry-analysis'),
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  if (!output) throw new Error(`esbuild produced no entry output for ${entry}`);
  const sources = Object.keys(result.metafile.inputs)
    .filter((p) => !p.includes('node_modules'))
    .map((p) => relative(root, resolve(root, p)));
  const envUsed = new Set<EnvName>();
  for (const source of sources) {
    const text = readFileSync(resolve(root, source), 'utf8');
    for (const match of text.matchAll(/\bENV\.(\w+)/g)) {
      const name = envByKey[match[1] as string];
      if (name !== undefined && !LOCAL_ONLY_ENV.has(name)) envUsed.add(name);
    }
  }
  return { exports: output.exports, sources, envUsed: [...envUsed].sort() };
}
