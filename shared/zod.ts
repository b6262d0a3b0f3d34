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
 * `schema` with a description for the OpenAPI document (classic zod's `.describe`): a copy that inherits the
 * original's metadata, the original untouched.
 */
export function described<T extends z.ZodMiniType>(schema: T, description: string): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, { description });
  return copy;
}

/** `schema` with JSON Schema metadata (classic zod's `.meta`): a copy, the original untouched. */
export function withMeta<T extends z.ZodMiniType>(schema: T, meta: z.core.GlobalMeta): T {
  const copy = schema.clone();
  z.globalRegistry.add(copy, meta);
  return copy;
}
