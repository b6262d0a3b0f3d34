/**
 * The test tiers, one vitest project each (`npm run test:unit`, `test:integration`, `test:cdk`, `test:e2e`;
 * `npm test` runs them all). What a tier needs is declared here, not guessed from the command line: only
 * `integration` and `e2e` have the global setup that starts DynamoDB Local (Java).
 */
import { defineConfig } from 'vitest/config';

const DYNAMODB_LOCAL = ['test/support/global-setup.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The Lambdas' Powertools output is for CloudWatch, not a test log: no EMF documents, and only the logger's
    // warnings and errors (those can explain a failure). Tests assert on outcomes, never on this output.
    env: {
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: 'WARN',
      // The SDK's notice that releases after January 2027 need Node 22 (our versions are pinned; the Lambdas run
      // Node 24): once per worker it buries the test output.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    // Workers: vitest's default (cores - 1, one on 2 cores) for every tier. Two integration workers on 2 cores
    // were slower, not faster: DynamoDB Local's Java is CPU bound too, and the 50-writer concurrency tests ran
    // past their timeout. The other tiers keep a fresh module graph per file (the Lambdas' composition roots
    // and the CDK app hold module-level state).
    projects: [
      {
        extends: true,
        // The engine (with property tests), ticket logic with fakes, the CLI: no emulator, no network. These files
        // touch no process-wide state (env, timers, spies), so they share one module graph instead of importing
        // zod, luxon and the engine afresh per file: the tier takes ~20 s instead of ~60 s on 2 busy cores.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false },
      },
      {
        extends: true,
        // Adapters and the API against DynamoDB Local, the local Scheduler, aws-ses-v2-local, the SMTP listener.
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: DYNAMODB_LOCAL,
        },
      },
      {
        extends: true,
        // CDK assertions and cdk-nag on the synthesized stacks, and one real esbuild bundling: CPU only.
        test: { name: 'cdk', include: ['test/cdk/**/*.test.ts'] },
      },
      {
        extends: true,
        // Through the local runtime (`npm start`'s code, and once `npm start` itself as a process).
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], globalSetup: DYNAMODB_LOCAL },
      },
    ],
  },
});
