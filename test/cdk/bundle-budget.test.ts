import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../../lib/lambda-bundles.js';
import type { LambdaName } from '../../lib/lambda-entries.js';

/**
 * Bytes of each function's `index.mjs`, bundled with the stack's own options: the module text Node compiles
 * at every cold start, so it must not grow quietly. Set from `npm run bench:cold` with ~5% headroom; lower a
 * budget when a bundle shrinks (the mail move will take SES and language detection out of api and sla-timer).
 * Raising one needs a reason in the commit.
 */
const BUDGET_BYTES: Record<LambdaName, number> = {
  // Every writer plans its mail (templates' inputs, the deadline receipt) but holds no SES client.
  api: 860_000,
  slaTimer: 845_000,
  timerSync: 530_000,
  slaEvents: 485_000,
  inboundEmail: 2_295_000,
  monthlyReport: 520_000,
  reconcileTimers: 422_000,
  // The only sender: SESv2, the templates, luxon, language detection (franc-min).
  notification: 1_225_000,
};

const outRoot = mkdtempSync(join(tmpdir(), 'sla-budget-'));
afterAll(() => rmSync(outRoot, { recursive: true, force: true }));

describe('bundle byte budget', () => {
  it.each(Object.entries(BUDGET_BYTES) as Array<[LambdaName, number]>)(
    '%s stays within %d bytes',
    async (name, budget) => {
      const { bytes } = await buildBundle(name, outRoot);
      expect(bytes).toBeLessThanOrEqual(budget);
    },
    60_000,
  );
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
