import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import {
  CHARSET_TABLES_BUNDLED,
  CHUNKS_BUNDLED,
  ESM_REQUIRE_BANNER,
  HOLIDAY_TABLES_BUNDLED,
  shipBeside,
  slaEsbuildOptions,
} from '../../lib/constructs/sla-bundling.js';
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
    expect(readdirSync(dir).sort()).toEqual([
      CHUNKS_BUNDLED,
      HOLIDAY_TABLES_BUNDLED,
      'index.mjs',
      'index.mjs.map',
      CHARSET_TABLES_BUNDLED,
    ]);
    expect(readdirSync(join(dir, CHUNKS_BUNDLED)).sort()).toEqual([
      'encoding-japanese.cjs',
      'franc-min.cjs',
      'html-to-text.cjs',
      'linkify-it.cjs',
    ]);
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

  it('ships the charset tables and lazy chunks beside the bundle; legacy-charset mail decodes through them', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'sla-bundle-'));
    const app = new App({ outdir, builtinCloudFormationValidation: false });
    const stack = new Stack(app, 'CharsetCheck');
    new SlaFunction(stack, 'CharsetProbe', {
      entry: fileURLToPath(new URL('../fixtures/charset-probe-handler.ts', import.meta.url)),
      description: 'charset check',
      logRetention: RetentionDays.ONE_DAY,
    });
    app.synth();
    const dir = join(outdir, readdirSync(outdir).find((d) => d.startsWith('asset.')) as string);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    // The tables are not module text of the bundle: only iconv-lite's require of them is.
    expect(code).not.toContain('"8140","');
    expect(readdirSync(join(dir, CHARSET_TABLES_BUNDLED))).toEqual(
      expect.arrayContaining(['shiftjis.json', 'cp936.json', 'eucjp.json', 'cp949.json', 'cp950.json']),
    );
    const loadedBeside = () =>
      Object.keys(createRequire(import.meta.url).cache)
        .filter(
          (path) =>
            path.startsWith(join(dir, CHARSET_TABLES_BUNDLED)) || path.startsWith(join(dir, CHUNKS_BUNDLED)),
        )
        .map((path) => basename(path))
        .sort();
    const bundled = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      handler: (raw: string) => Promise<{ subject: string; text: string; language: string }>;
    };
    expect(loadedBeside()).toEqual([]);

    // Real legacy-charset bytes, made by the same libraries mailparser decodes with.
    const load = createRequire(import.meta.url);
    const iconv = load('iconv-lite') as { encode(text: string, charset: string): Buffer };
    const japanese = load('encoding-japanese') as {
      stringToCode(text: string): number[];
      convert(codes: number[], options: { to: string; from: string }): number[];
    };
    const mail = (charset: string, subject: string, body: Buffer, transfer = 'base64') =>
      Buffer.from(
        [
          'From: Customer <customer@example.org>',
          'To: acme@support.example',
          `Subject: =?${charset}?B?${(charset === 'ISO-2022-JP' ? body : iconv.encode(subject, charset)).toString('base64')}?=`,
          'Message-ID: <charset-probe@example.org>',
          'MIME-Version: 1.0',
          `Content-Type: text/plain; charset=${charset}`,
          `Content-Transfer-Encoding: ${transfer}`,
          '',
          transfer === 'base64' ? body.toString('base64') : body.toString('latin1'),
          '',
        ].join('\r\n'),
        'latin1',
      ).toString('base64');
    const cases = [
      ['Shift_JIS', 'エクスポートが失敗します', 'サポートをお願いします。毎回エクスポートが失敗します。'],
      ['GB2312', '导出失败', '您好，我们的导出功能无法使用。'],
      ['windows-1251', 'Экспорт не работает', 'Здравствуйте, экспорт не работает.'],
    ] as const;
    for (const [charset, subject, text] of cases) {
      const decoded = await bundled.handler(mail(charset, subject, iconv.encode(text, charset)));
      expect(decoded.subject, charset).toBe(subject);
      expect(decoded.text, charset).toBe(text);
    }
    const jisText = '請求書の件でご連絡しました。';
    const jis = Buffer.from(japanese.convert(japanese.stringToCode(jisText), { to: 'JIS', from: 'UNICODE' }));
    const decodedJis = await bundled.handler(mail('ISO-2022-JP', jisText, jis, '7bit'));
    expect(decodedJis).toMatchObject({ subject: jisText, text: jisText });

    const italian = await bundled.handler(
      mail(
        'utf-8',
        'Esportazione',
        Buffer.from("Buongiorno, da lunedì l'esportazione dei dati non funziona più."),
      ),
    );
    expect(italian.language).toBe('it');
    const htmlOnly = (await bundled.handler(
      Buffer.from(
        [
          'From: Customer <customer@example.org>',
          'To: acme@support.example',
          'Subject: HTML only',
          'MIME-Version: 1.0',
          'Content-Type: text/html; charset=utf-8',
          '',
          '<p>Hello <b>team</b>, the export fails.</p>',
          '',
        ].join('\r\n'),
      ).toString('base64'),
    )) as { text: string };
    expect(htmlOnly.text).toBe('Hello team, the export fails.');
    // Each file was read on first use, only the ones these mails needed (GB2312 reads as GBK; no Big5 or
    // Korean), and never linkify-it: we do not ask mailparser for links.
    expect(loadedBeside()).toEqual([
      'cp936.json',
      'encoding-japanese.cjs',
      'franc-min.cjs',
      'gbk-added.json',
      'html-to-text.cjs',
      'shiftjis.json',
    ]);
  }, 120_000);

  it('builds the real linkifier from its chunk, with the set-up recorded at import, when something matches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sla-linkify-'));
    const entry = fileURLToPath(new URL('../fixtures/linkify-probe.cjs', import.meta.url));
    await build(slaEsbuildOptions(entry, join(dir, 'index.mjs')));
    expect(await shipBeside(dir)).toEqual(['chunks/linkify-it.cjs']);
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).filter((p) => p.startsWith(dir));
    const bundled = (await import(pathToFileURL(join(dir, 'index.mjs')).href)) as {
      default: { handler: (text: string) => Promise<string[]> };
    };
    expect(loaded()).toEqual([]);
    // `ftp:` was switched off and e-mail matching too (the recorded set-up), http and a fuzzy link still match.
    await expect(
      bundled.default.handler(
        'see https://example.org/a, ftp://example.com/b, ada@example.com or example.com',
      ),
    ).resolves.toEqual(['https://example.org/a', 'http://example.com']);
    expect(loaded()).toEqual([join(dir, 'chunks/linkify-it.cjs')]);
  }, 60_000);
});
