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
/** A module-scope `const x = z.something(...)` (or `z\n  .something(`) that is not `z.lazySchema(...)`. */
const EAGER_SCHEMA = /^(?:export )?const (\w+)(?::[^=\n]+)? = z\s*\.(?!lazySchema\()[\w.]+\(/gm;

describe('schemas are built on first use', () => {
  it('no module-scope schema in Lambda code is built at import', () => {
    const files = ['shared', 'lambdas'].flatMap((dir) =>
      readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' }).map((f) => `${dir}/${f}`),
    );
    const offenders = files
      .filter((file) => file.endsWith('.ts') && file !== 'shared/zod.ts' && !NOT_LAMBDA_CODE.test(file))
      .flatMap((file) =>
        [...readFileSync(join(ROOT, file), 'utf8').matchAll(EAGER_SCHEMA)].map(
          (m) => `${file}: ${m[1]} (write it as z.lazySchema(() => ...))`,
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
