/**
 * The zod every schema here is written with: `zod/mini`, the tree-shakable functional API
 * (`z.optional(z.string().check(z.minLength(1)))` rather than `z.string().min(1).optional()`). The classic API
 * puts all of zod's ~440 KB of module text into every Lambda bundle whatever a schema uses; mini bundles only
 * what is called (~20-40 KB here), which is most of a Lambda's cold import (README, speed). Same validation core,
 * same issues; English messages are configured once here (mini has none by default), so import `z` from this
 * module (`import * as z`), never from `zod` directly. (lib/ runs at synth time only and uses classic zod.)
 */
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

z.config(en());

// Re-exported name by name (`export *`), never as one namespace object: an object holding every export would
// keep all of zod/mini (every locale included) in the bundle. Import it as `import * as z from '../zod.js'`.
export * from 'zod/mini';

/**
 * A schema built on its first use (a parse, or the OpenAPI/JSON Schema generator walking it), not when its
 * module loads. Building a zod schema is real work (every `z.object`, `z.string().check(...)` constructs and
 * clones objects); a Lambda's cold start used to build a few hundred of them at import, most never used by the
 * invocation at hand (README, speed). `build` runs once; the result is zod's own `z.lazy`, so it parses, infers
 * (`z.infer`), nests in other schemas and converts to JSON Schema exactly as the built schema does, with the
 * same issues and messages. Module-scope schemas are written `const x = lazySchema(() => z.object({...}))`;
 * `build` may use other lazy schemas (they are built with it). Not for recursion: that is plain `z.lazy`.
 */
export function lazySchema<T extends z.ZodMiniType>(build: () => T): z.ZodMiniLazy<T> {
  return z.lazy(build);
}

/** The built schema behind a `lazySchema` (building it now): for what needs the schema itself (`.shape`). */
export function built<T extends z.ZodMiniType>(schema: z.ZodMiniLazy<T>): T {
  return schema._zod.innerType;
}

/** Whether `schema` is a `lazySchema` (zod's `z.lazy`). */
const isLazy = (schema: z.ZodMiniType): schema is z.ZodMiniLazy => schema._zod.def.type === 'lazy';

/**
 * `schema` with a description for the OpenAPI document (classic zod's `.describe`): a copy that inherits the
 * original's metadata, the original untouched. A lazy schema stays lazy: the description goes on the built
 * schema, where it sits in the JSON Schema exactly as on a schema built at once (on the lazy wrapper itself,
 * zod would put `description` first in the object, changing the document's bytes).
 */
export function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  return withMeta(schema, { description });
}

/** `schema` with JSON Schema metadata (classic zod's `.meta`): a copy, the original untouched (lazy stays lazy). */
export function withMeta<T extends z.ZodMiniType>(schema: T, meta: z.core.GlobalMeta): T {
  if (isLazy(schema))
    return lazySchema(() => withMeta(schema._zod.innerType as z.ZodMiniType, meta)) as z.ZodMiniType as T;
  const copy = schema.clone();
  z.globalRegistry.add(copy, meta);
  return copy;
}
