/**
 * Stands in for `linkify-it` inside Lambda bundles (an esbuild alias, `lib/constructs/sla-bundling.ts`).
 * mailparser builds a linkifier at import (`require('linkify-it')()`, then `.tlds(...)`, `.add(...)`,
 * `.set(...)`, compiling large regular expressions), but uses it only to turn text into HTML links, which we
 * switch off (`skipTextToHtml`, `skipTextLinks`). This records the set-up calls and builds the real
 * linkifier from `chunks/linkify-it.cjs` (beside the bundle) only if something ever matches with it.
 * CommonJS because mailparser calls the module itself as a function.
 */
const SETUP = ['tlds', 'add', 'set'];
const USE = ['test', 'pretest', 'testSchemaAt', 'match', 'matchAtStart', 'normalize', 'onCompile'];

module.exports = function lazyLinkifyIt(...createArgs) {
  const calls = [];
  let real;
  const instance = () => {
    if (!real) {
      const loaded = require('./chunks/linkify-it.cjs');
      real = (typeof loaded === 'function' ? loaded : loaded.default)(...createArgs);
      for (const [method, args] of calls) real[method](...args);
    }
    return real;
  };
  const self = {};
  for (const method of SETUP)
    self[method] = (...args) => {
      if (real) real[method](...args);
      else calls.push([method, args]);
      return self;
    };
  for (const method of USE) self[method] = (...args) => instance()[method](...args);
  return self;
};
