import { cpSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { ICommandHooks } from 'aws-cdk-lib/aws-lambda-nodejs';
import { OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { type BuildOptions, build } from 'esbuild';

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

const SLA_BUNDLING_TARGET = 'node24';

/**
 * Copies the holiday tables beside a bundle. The tables are files, not modules, so esbuild does not carry
 * them; a Lambda reads only the country files its calendars need, on first use.
 */
export function copyHolidayTables(outDir: string, rootDir: string = ROOT): void {
  cpSync(join(rootDir, HOLIDAY_TABLES_SOURCE), join(outDir, HOLIDAY_TABLES_BUNDLED), { recursive: true });
}

/**
 * What only some invocations need ships as files beside the bundle, read on first use, so Node does not
 * compile it at every cold start. Each ships only into a bundle whose code asks for it (its file name is in it):
 * - `tables/`: iconv-lite's CJK tables (Shift_JIS, EUC-JP, GBK/GB2312, Big5, EUC-KR; ~400 KB of JSON). iconv-lite
 *   itself requires them only when it first decodes such a charset; they are kept out of the bundle with
 *   esbuild's `external` and copied from the package as they are.
 * - `chunks/<package>.cjs`: a library the bundle holds only a small stand-in for (`LAZY_CHUNKS`, an esbuild
 *   alias), built on its own with the same target and minification.
 */
export const CHARSET_TABLES_EXTERNAL = './tables/*';
const CHARSET_TABLES_SOURCE = 'node_modules/iconv-lite/encodings/tables';
export const CHARSET_TABLES_BUNDLED = 'tables';
export const CHUNKS_BUNDLED = 'chunks';
/** A CommonJS stand-in requires its chunk by this relative path, which esbuild must leave as it is. */
const CHUNKS_EXTERNAL = './chunks/*';

/**
 * Libraries aliased to a stand-in (`lib/bundling/`) that loads the real one from `chunks/` on first call:
 * franc-min (language detection; the notification Lambda needs it only for a ticket without a language),
 * encoding-japanese (JIS tables; mailparser needs it only for ISO-2022-JP / EUC-JP parts), linkify-it
 * (mailparser builds a linkifier at import for `textAsHtml`, which we switch off) and html-to-text (only a
 * mail with HTML and no text part needs it). Each stand-in says which calls it serves. (`he`, 87 KB, stays in:
 * mailparser encodes every address header with it.)
 */
export const LAZY_CHUNKS: Readonly<Record<string, string>> = {
  'franc-min': 'lib/bundling/lazy-franc-min.ts',
  'encoding-japanese': 'lib/bundling/lazy-encoding-japanese.ts',
  'linkify-it': 'lib/bundling/lazy-linkify-it.cjs',
  'html-to-text': 'lib/bundling/lazy-html-to-text.ts',
};

/** The text in a bundle that says it reads the charset tables (iconv-lite's own require of one of them). */
const CHARSET_TABLES_MARKER = './tables/shiftjis.json';
const chunkFile = (pkg: string) => `${CHUNKS_BUNDLED}/${pkg}.cjs`;

/** esbuild options of a chunk: the package alone, CommonJS (read with `require` by its stand-in). */
export function chunkEsbuildOptions(pkg: string, outfile: string, rootDir: string = ROOT): BuildOptions {
  return {
    entryPoints: [pkg],
    absWorkingDir: rootDir,
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: SLA_BUNDLING_TARGET,
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  };
}

/** Ships beside a bundle written to `outDir` what its code asks for (the JavaScript twin of the hook below). */
export async function shipBeside(outDir: string, rootDir: string = ROOT): Promise<string[]> {
  const code = readFileSync(join(outDir, 'index.mjs'), 'utf8');
  const shipped: string[] = [];
  if (code.includes(CHARSET_TABLES_MARKER)) {
    cpSync(join(rootDir, CHARSET_TABLES_SOURCE), join(outDir, CHARSET_TABLES_BUNDLED), { recursive: true });
    shipped.push(CHARSET_TABLES_BUNDLED);
  }
  for (const pkg of Object.keys(LAZY_CHUNKS)) {
    if (!code.includes(chunkFile(pkg))) continue;
    await build(chunkEsbuildOptions(pkg, join(outDir, chunkFile(pkg)), rootDir));
    shipped.push(chunkFile(pkg));
  }
  return shipped;
}

const q = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/** NodejsFunction runs these commands (bash, local bundling) once esbuild has written the bundle. */
export const SLA_COMMAND_HOOKS: ICommandHooks = {
  beforeBundling: () => [],
  beforeInstall: () => [],
  afterBundling: (inputDir, outputDir) => {
    const bundle = q(join(outputDir, 'index.mjs'));
    const esbuild = q(join(inputDir, 'node_modules/.bin/esbuild'));
    return [
      `cp -R ${q(join(inputDir, HOLIDAY_TABLES_SOURCE))} ${q(join(outputDir, HOLIDAY_TABLES_BUNDLED))}`,
      `if grep -qF ${q(CHARSET_TABLES_MARKER)} ${bundle}; then cp -R ${q(join(inputDir, CHARSET_TABLES_SOURCE))} ${q(join(outputDir, CHARSET_TABLES_BUNDLED))}; fi`,
      ...Object.keys(LAZY_CHUNKS).map((pkg) => {
        const o = chunkEsbuildOptions(pkg, join(outputDir, chunkFile(pkg)), inputDir);
        const args = [
          pkg,
          '--bundle',
          `--platform=${o.platform}`,
          `--format=${o.format}`,
          `--target=${o.target}`,
          '--minify',
          '--legal-comments=none',
          '--log-level=warning',
          `--outfile=${q(o.outfile as string)}`,
        ];
        return `if grep -qF ${q(chunkFile(pkg))} ${bundle}; then (cd ${q(inputDir)} && ${esbuild} ${args.join(' ')}); fi`;
      }),
    ];
  },
};

/** The bundling every function shares (NodejsFunction's `bundling` props). */
export const SLA_BUNDLING = {
  format: OutputFormat.ESM,
  target: SLA_BUNDLING_TARGET,
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
  externalModules: [CHARSET_TABLES_EXTERNAL, CHUNKS_EXTERNAL],
  esbuildArgs: { '--alias': Object.entries(LAZY_CHUNKS).map(([pkg, file]) => `${pkg}=${join(ROOT, file)}`) },
  forceDockerBundling: false,
  commandHooks: SLA_COMMAND_HOOKS,
} as const;

/**
 * `SLA_BUNDLING` as esbuild options (what NodejsFunction passes esbuild for them): the entry, written to
 * `outfile`. The caller copies the holiday tables (`copyHolidayTables`) and what `shipBeside` ships.
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
    external: [...SLA_BUNDLING.externalModules],
    alias: Object.fromEntries(Object.entries(LAZY_CHUNKS).map(([pkg, file]) => [pkg, join(ROOT, file)])),
    logLevel: 'silent',
  };
}
