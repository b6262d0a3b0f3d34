/**
 * Schemas are built on first use (`lazySchema`, shared/zod.ts), not when a Lambda's modules load: building a
 * few hundred zod schemas at import was the largest piece of a cold start's own work (README, speed). This
 * keeps it so, and checks what the helper promises: built once and only when used, and the same JSON Schema
 * (hence the same OpenAPI document, byte for byte) as a schema built at once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as z from '../../../shared/zod.js';

const ROOT = resolve(import.meta.dirname, '../../..');
/** The local runtime and the `sla` command are not Lambda code: their few schemas may be built at import. */
const NOT_LAMBDA_CODE = /^shared\/(local|cli)\//;
/** A module-scope `const` (its initializer runs to the next top-level statement). */
const MODULE_CONST =
  /^(?:export )?const (\w+)(?::[^=\n]+)? = ([\s\S]*?)(?=\n(?:export |const |let |function |type |interface |class |\/\*\*|\/\/)|$(?![\s\S]))/gm;
/** A zod call (`z.object(`, `z\n  .string(`), or the `d(` alias of `z.described` some modules use. */
const SCHEMA_CALL = /\bz\s*\.\s*[\w.]+\s*\(|(?<![\w.])d\(/;
/** An initializer that only defines a function (building schemas when called) is fine. */
const FUNCTION = /^(?:async\s+)?(?:\([^)]*\)|\w+)\s*(?::[^=]+)?=>|^function\b|^once\(/;

/** Module-scope constants of a file that build schemas at import. */
function eagerSchemas(source: string): string[] {
  return [...source.matchAll(MODULE_CONST)]
    .filter(([, , init = '']) => !init.startsWith('z.lazySchema(') && !FUNCTION.test(init))
    .filter(([, , init = '']) => SCHEMA_CALL.test(init))
    .map(([, name = '']) => name);
}

describe('schemas are built on first use', () => {
  it('the check finds a schema built at import, in its forms', () => {
    const source = [
      'const a = z.string();',
      'export const b = z\n  .strictObject({ c: z.int() });',
      "const e = d(z.string(), 'described through the alias');",
      'const f = {\n  g: z.int(),\n};',
      'const ok1 = z.lazySchema(() => z.string());',
      'const ok2 = (n: number) => z.int().check(z.maxLength(n));',
      'const ok3 = once(() => ({ h: z.int() }));',
      'const ok4 = z.described;',
      "export const OK5 = ['a', 'b'] as const;",
    ].join('\n');
    expect(eagerSchemas(source)).toEqual(['a', 'b', 'e', 'f']);
  });

  it('no module-scope schema in Lambda code is built at import', () => {
    const files = ['shared', 'lambdas'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`),
    );
    const offenders = files
      .filter((file) => file.endsWith('.ts') && file !== 'shared/zod.ts' && !NOT_LAMBDA_CODE.test(file))
      .flatMap((file) =>
        eagerSchemas(readFileSync(join(ROOT, file), 'utf8')).map(
          (name) => `${file}: ${name} (write it as z.lazySchema(() => ...))`,
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('a lazy schema is built once, on its first use, and parses with the same issues', () => {
    let builds = 0;
    const schema = z.lazySchema(() => {
      builds++;
      return z.strictObject({ email: z.email(), count: z.int().check(z.positive()) });
    });
    const outer = z.object({ inner: schema, list: z.array(schema) });
    expect(builds).toBe(0);
    const built = z.strictObject({ email: z.email(), count: z.int().check(z.positive()) });
    const input = { email: 'not-an-address', count: -1, extra: true };
    expect(schema.safeParse(input).error?.issues).toEqual(built.safeParse(input).error?.issues);
    expect(outer.parse({ inner: { email: 'a@b.example', count: 1 }, list: [] })).toBeDefined();
    expect(builds).toBe(1);
  });

  it('described and withMeta keep a lazy schema lazy, and its JSON Schema is the built one’s', () => {
    let builds = 0;
    const make = () => z.object({ at: z.described(z.string(), 'an instant'), n: z.optional(z.int()) });
    const lazy = z.lazySchema(() => {
      builds++;
      return make();
    });
    const json = (schema: z.ZodMiniType) => JSON.stringify(z.toJSONSchema(schema, { io: 'output' }));
    const wrap = (s: z.ZodMiniType) =>
      z.object({
        a: z.described(s, 'described'),
        b: z.nullable(s),
        c: z.withMeta(s, { description: 'with meta', examples: [{ at: 'x' }] }),
      });
    const lazyWrapped = wrap(lazy);
    expect(builds).toBe(0);
    expect(json(lazyWrapped)).toBe(json(wrap(make())));
  });
});
