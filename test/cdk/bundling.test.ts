import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { ESM_REQUIRE_BANNER, HOLIDAY_TABLES_BUNDLED } from '../../lib/constructs/sla-bundling.js';
import { SlaFunction } from '../../lib/constructs/sla-function.js';
import { LAMBDA_ENTRIES } from '../../lib/lambda-entries.js';

describe('SlaFunction bundling', () => {
  it('bundles with the local esbuild (no Docker) into a minified ESM module with a source map', async () => {
    // The real NodejsFunction bundling of one function (the others share the same options, and
    // stack.test.ts bundles every entry with esbuild to check its exports). inbound-email pulls in CommonJS
    // dependencies (mailparser), so loading its bundle also proves the createRequire banner works.
    const outdir = mkdtempSync(join(tmpdir(), 'sla-bundle-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'BundlingCheck');
    new SlaFunction(stack, 'InboundEmail', {
      entry: LAMBDA_ENTRIES.inboundEmail,
      description: 'bundling check',
      logRetention: RetentionDays.ONE_DAY,
    });
    app.synth();
    const assetDirs = readdirSync(outdir).filter((d) => d.startsWith('asset.'));
    expect(assetDirs).toHaveLength(1);
    const dir = join(outdir, assetDirs[0] as string);
    expect(readdirSync(dir).sort()).toEqual([HOLIDAY_TABLES_BUNDLED, 'index.mjs', 'index.mjs.map']);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
    expect(code).toMatch(/export\s*\{[^}]*\bas handler\b|export\s*\{[^}]*\bhandler\b/);
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    // Minified: far fewer lines than characters.
    expect(code.split('\n').length).toBeLessThan(code.length / 500);
    const bundled = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as Record<string, unknown>;
    expect(typeof bundled.handler).toBe('function');
  }, 120_000);

  it('ships the public-holiday tables beside the bundle, and the bundled code reads them', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'sla-bundle-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'HolidayTablesCheck');
    new SlaFunction(stack, 'HolidayProbe', {
      entry: fileURLToPath(new URL('../fixtures/holiday-probe-handler.ts', import.meta.url)),
      description: 'holiday tables check',
      logRetention: RetentionDays.ONE_DAY,
    });
    app.synth();
    const dir = join(outdir, readdirSync(outdir).find((d) => d.startsWith('asset.')) as string);
    expect(readdirSync(dir).sort()).toEqual([HOLIDAY_TABLES_BUNDLED, 'index.mjs', 'index.mjs.map']);
    const tables = readdirSync(join(dir, HOLIDAY_TABLES_BUNDLED));
    expect(tables).toEqual(expect.arrayContaining(['index.json', 'US.json', 'DE.json', 'IT.json']));
    // The rule engine stays out of the bundle: none of date-holidays' own data is in the module text.
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(code).not.toMatch(/Neujahr|astronomia|moment-timezone/);
    // The tables are read as data modules (CommonJS cache): none at import, only the country asked for after.
    const tablesLoaded = () =>
      Object.keys(createRequire(import.meta.url).cache)
        .filter((path) => path.startsWith(join(dir, HOLIDAY_TABLES_BUNDLED)))
        .map((path) => basename(path))
        .sort();
    const bundled = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      handler: () => Promise<string[]>;
    };
    expect(tablesLoaded()).toEqual([]);
    await expect(bundled.handler()).resolves.toEqual(
      expect.arrayContaining(["2026-01-01 New Year's Day", '2026-07-03 Independence Day (substitute day)']),
    );
    expect(tablesLoaded()).toEqual(['US.json', 'index.json']);
  }, 120_000);
});
