import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BuiltBundle, buildBundle } from '../../lib/lambda-bundles.js';
import type { LambdaName } from '../../lib/lambda-entries.js';

/**
 * Bytes of each function's `index.mjs`, bundled with the stack's own options: the module text Node compiles
 * at every cold start, so it must not grow quietly. Set from `npm run bench:cold` with ~5% headroom; lower a
 * budget when a bundle shrinks. Raising one needs a reason in the commit.
 */
const BUDGET_BYTES: Record<LambdaName, number> = {
  // Every writer plans its mail but holds no SES client; no luxon (the report routes' dates are plain day
  // arithmetic on the engine's zone clock).
  api: 568_000,
  slaTimer: 535_000,
  timerSync: 556_000,
  slaEvents: 490_000,
  // mailparser with iconv-lite's code and single-byte tables; its CJK tables, encoding-japanese, linkify-it,
  // html-to-text and franc-min are beside the bundle (below).
  inboundEmail: 1_051_000,
  monthlyReport: 492_000,
  reconcileTimers: 422_000,
  // The only sender: SESv2 and the templates (dates through Intl, no luxon); language detection is a chunk beside it.
  notification: 516_000,
};

/**
 * What ships beside a bundle, read on first use only (`shipBeside` in lib/constructs/sla-bundling.ts): not
 * compiled at init, but deployed with every asset that asks for it. A new file here needs a budget.
 */
const BESIDE_BUDGET_BYTES: Record<string, number> = {
  tables: 225_000,
  'chunks/encoding-japanese.cjs': 242_000,
  'chunks/franc-min.cjs': 185_000,
  'chunks/html-to-text.cjs': 206_000,
  'chunks/linkify-it.cjs': 13_000,
};

/** Bytes of a file, or of every file in a folder. */
const bytesOf = (path: string): number =>
  statSync(path).isDirectory()
    ? readdirSync(path).reduce((sum, entry) => sum + bytesOf(join(path, entry)), 0)
    : statSync(path).size;

const outRoot = mkdtempSync(join(tmpdir(), 'sla-budget-'));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));
const built = new Map<LambdaName, BuiltBundle>();

describe('bundle byte budget', () => {
  it.each(Object.entries(BUDGET_BYTES) as Array<[LambdaName, number]>)(
    '%s stays within %d bytes',
    async (name, budget) => {
      const bundle = await buildBundle(name, outRoot);
      built.set(name, bundle);
      expect(bundle.bytes).toBeLessThanOrEqual(budget);
    },
    60_000,
  );

  it('every file shipped beside a bundle has a budget and stays within it', () => {
    expect(built.size).toBe(Object.keys(BUDGET_BYTES).length);
    // Where they go: mail parsing needs the charset files, and only the sender and mail parsing detect language.
    expect([...(built.get('inboundEmail')?.beside ?? [])].sort()).toEqual(
      Object.keys(BESIDE_BUDGET_BYTES).sort(),
    );
    expect(built.get('notification')?.beside).toEqual(['chunks/franc-min.cjs']);
    expect(built.get('api')?.beside).toEqual([]);
    for (const bundle of built.values())
      for (const file of bundle.beside) {
        const budget = BESIDE_BUDGET_BYTES[file];
        expect(budget, `${bundle.name}: ${file} has no budget`).toBeDefined();
        expect(bytesOf(join(outRoot, bundle.name, file)), `${bundle.name}: ${file}`).toBeLessThanOrEqual(
          budget as number,
        );
      }
  });
});

describe('zod in Lambda code', () => {
  it('comes only through shared/zod.ts (zod/mini): one classic `zod` import puts ~400 KB back in a bundle', () => {
    const root = resolve(import.meta.dirname, '../..');
    const offenders = ['shared', 'lambdas']
      .flatMap((dir) =>
        readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).map((f) => join(dir, f)),
      )
      .filter((file) => file.endsWith('.ts') && file !== join('shared', 'zod.ts'))
      .filter((file) => /from ['"]zod(\/[^'"]*)?['"]/.test(readFileSync(join(root, file), 'utf8')))
      .map((file) => relative(root, join(root, file)));
    expect(offenders).toEqual([]);
  });
});
