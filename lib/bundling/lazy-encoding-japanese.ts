/**
 * Stands in for `encoding-japanese` inside Lambda bundles (an esbuild alias, `lib/constructs/sla-bundling.ts`):
 * mailparser and libmime require it at import but call it only for ISO-2022-JP / JIS / EUC-JP parts, so the
 * real library (230 KB of JIS tables) is a separate file beside the bundle, `chunks/encoding-japanese.cjs`,
 * read on the first such part. `convert` is the one function mailparser 3.9.31 and libmime call.
 */
import { createRequire } from 'node:module';

interface EncodingJapanese {
  convert(data: unknown, options: unknown): unknown;
}

const loadBeside = createRequire(import.meta.url);
let real: EncodingJapanese | undefined;

export function convert(data: unknown, options: unknown): unknown {
  real ??= loadBeside('./chunks/encoding-japanese.cjs') as EncodingJapanese;
  return real.convert(data, options);
}
