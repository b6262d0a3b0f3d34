/**
 * Stands in for `html-to-text` inside Lambda bundles (an esbuild alias, `lib/constructs/sla-bundling.ts`):
 * mailparser needs it only for a mail with an HTML part and no text part. With it go htmlparser2, entities,
 * domhandler, selderee and deepmerge-ts (~250 KB of module text). The real one is
 * `chunks/html-to-text.cjs` beside the bundle, read on the first HTML-only mail.
 */
import { createRequire } from 'node:module';

type Convert = (html: string, options?: unknown, metadata?: unknown) => string;
interface HtmlToText {
  htmlToText: Convert;
  convert: Convert;
  compile: (options?: unknown) => (html: string, metadata?: unknown) => string;
}

const loadBeside = createRequire(import.meta.url);
let real: HtmlToText | undefined;
const library = (): HtmlToText => {
  real ??= loadBeside('./chunks/html-to-text.cjs') as HtmlToText;
  return real;
};

export const htmlToText: Convert = (html, options, metadata) => library().htmlToText(html, options, metadata);
export const convert = htmlToText;
export const compile: HtmlToText['compile'] = (options) => library().compile(options);
