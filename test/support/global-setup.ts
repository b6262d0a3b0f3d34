/**
 * Vitest global setup of the tiers that need DynamoDB Local (the `integration` and `e2e` projects in
 * vitest.config.ts; `unit` and `cdk` do not list it, so a run of those never starts Java). Vitest runs a
 * project's global setup only when the run has test files of that project, so `npm run test:unit` starts
 * nothing and `npm test` starts one DynamoDB Local on a free port.
 *
 * Each project loads this file in its own module instance, so the one instance lives on `globalThis` (the
 * vitest main process), counted: the first project to set up starts it, the last to tear down stops it.
 * Tests read the endpoint with `inject('dynamoDbEndpoint')` or from `DYNAMODB_ENDPOINT`; each test file
 * creates its own uniquely named table.
 */
import type { TestProject } from 'vitest/node';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../shared/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the run's DynamoDB Local. */
    dynamoDbEndpoint: string;
  }
}

interface Shared {
  started: Promise<DynamoDbLocal>;
  users: number;
}

const KEY = Symbol.for('sla-sentinel.test.dynamodb-local');
const registry = globalThis as { [KEY]?: Shared };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Same as vitest.config.ts `test.env`, for the SDK client this process itself makes.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  registry[KEY] ??= { started: startDynamoDbLocal(), users: 0 };
  const shared = registry[KEY];
  shared.users += 1;
  const dynamo = await shared.started;
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    delete registry[KEY];
    await dynamo.stop();
  };
}
