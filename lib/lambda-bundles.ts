import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { copyHolidayTables, shipBeside, slaEsbuildOptions } from './constructs/sla-bundling.js';
import { LAMBDA_ENTRIES, type LambdaName } from './lambda-entries.js';

/**
 * Builds Lambda bundles outside `cdk synth`, with the options the stack uses (`slaEsbuildOptions`), for the
 * tools that measure them: `npm run bench:cold` and the byte budget test. The floor is the DynamoDB client
 * alone, bundled the same way: what any function here costs at the least.
 */

export const FLOOR_ENTRY = fileURLToPath(new URL('../bench/floor-handler.ts', import.meta.url));

export type BundleName = LambdaName | 'floor';

export const BUNDLE_ENTRIES: Readonly<Record<BundleName, string>> = { ...LAMBDA_ENTRIES, floor: FLOOR_ENTRY };

export interface BuiltBundle {
  readonly name: BundleName;
  /** `index.mjs` of the bundle, with `index.mjs.map` and `holiday-tables/` beside it (as in the asset). */
  readonly file: string;
  /** Bytes of `index.mjs`: the module text Node compiles at init. */
  readonly bytes: number;
  /** What ships beside it, read on first use only (`shipBeside`): `tables` (a folder) or `chunks/<package>.cjs`. */
  readonly beside: readonly string[];
}

export async function buildBundle(name: BundleName, outRoot: string): Promise<BuiltBundle> {
  const dir = join(outRoot, name);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'index.mjs');
  await build(slaEsbuildOptions(BUNDLE_ENTRIES[name], file));
  if (name !== 'floor') copyHolidayTables(dir);
  const beside = await shipBeside(dir);
  return { name, file, bytes: statSync(file).size, beside };
}
