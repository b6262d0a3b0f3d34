import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['test/support/global-setup.ts'],
    // The Lambdas' Powertools output is for CloudWatch, not a test log: no EMF documents, and only the logger's
    // warnings and errors (those can explain a failure). Tests assert on outcomes, never on this output.
    env: {
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      // The SDK's notice that releases after January 2027 need Node 22 (our versions are pinned; the Lambdas run
      // Node 24): once per worker it buries the test output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
