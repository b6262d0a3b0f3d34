import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * How every Lambda is bundled, one place: `SlaFunction` hands `SLA_BUNDLING` to NodejsFunction, and
 * `slaEsbuildOptions` turns the same settings into esbuild's own options for the tools that bundle outside
 * `cdk synth` (`npm run bench:cold`, the CDK tests), so they measure and check what the stack deploys.
 */

/**
 * Bundles are ESM; some dependencies (mailparser's, the SDK's) are CommonJS and call `require`, which ESM
 * lacks: the banner gives the bundle a real one.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire as __slaCreateRequire } from 'node:module'; const require = __slaCreateRequire(import.meta.url);";

/** The public-holiday tables (`shared/sla/holidays.ts` reads them beside its module), from the repository root. */
export const HOLIDAY_TABLES_SOURCE = 'shared/sla/holiday-tables';
/** Where they go in a bundle: beside `index.mjs`, where the bundled `holidays.ts` looks for them. */
export const HOLIDAY_TABLES_BUNDLED = 'holiday-tables';

/** The repository root: NodejsFunction's `inputDir` (the folder of package-lock.json). */
const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Copies the holiday tables beside a bundle. The tables are files, not modules, so esbuild does not carry
 * them; a Lambda reads only the country files its calendars need, on first use.
 */
export function copyHolidayTables(outDir: string, rootDir: string = ROOT): void {
  cpSync(join(rootDir, HOLIDAY_TABLES_SOURCE), join(outDir, HOLIDAY_TABLES_BUNDLED), { recursive: true });
}

/** NodejsFunction runs these commands (bash, local bundling) once esbuild has written the bundle. */
export const SLA_COMMAND_HOOKS: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => [
    `cp -R "${join(inputDir, HOLIDAY_TABLES_SOURCE)}" "${join(outputDir, HOLIDAY_TABLES_BUNDLED)}"`,
  ],
};

/** The bundling every function shares (NodejsFunction's `bundling` props). */
export const SLA_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node24',
  minify: true,
  // An external `index.mjs.map` beside the bundle (NodejsFunction's default source-map mode, never inline):
  // Node does not read it at init unless `--enable-source-maps` is set, which `SlaFunction` leaves off.
  sourceMap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  // The SDK clients are bundled at the versions package-lock pins (the same ones the local runtime and the
  // tests use), not whatever version the Lambda runtime happens to ship.
  bundleAwsSDK: true,
  forceDockerBundling: false,
  commandHooks: SLA_COMMAND_HOOKS,
} as const;

/**
 * `SLA_BUNDLING` as esbuild options (what NodejsFunction passes esbuild for them): the entry, written to
 * `outfile`. The caller copies the holiday tables (`copyHolidayTables`) when it runs the bundle.
 */
export function slaEsbuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: SLA_BUNDLING.format === OutputFormat.ESM ? 'esm' : 'cjs',
    target: SLA_BUNDLING.target,
    minify: SLA_BUNDLING.minify,
    sourcemap: SLA_BUNDLING.sourceMap ? 'linked' : false,
    sourcesContent: SLA_BUNDLING.sourcesContent,
    mainFields: [...SLA_BUNDLING.mainFields],
    banner: { js: SLA_BUNDLING.banner },
    logLevel: 'silent',
  };
}
