/**
 * Stands in for `franc-min` inside Lambda bundles (an esbuild alias, `lib/constructs/sla-bundling.ts`): the
 * real library (170 KB of trigram data, turned into dictionaries at import) is a separate file beside the
 * bundle, `chunks/franc-min.cjs`, read the first time a language is detected. A mail whose ticket already
 * has a language never loads it. Outside a bundle (tests, `npm start`) `franc-min` is imported directly.
 */
import { createRequire } from 'node:module';
import type * as Franc from 'franc-min';

const loadBeside = createRequire(import.meta.url);
let real: typeof Franc | undefined;

export function franc(...args: Parameters<typeof Franc.franc>): string {
  real ??= loadBeside('./chunks/franc-min.cjs') as typeof Franc;
  return real.franc(...args);
}
