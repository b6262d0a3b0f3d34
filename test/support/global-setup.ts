/**
 * Vitest global setup: one DynamoDB Local per test run, on a free port, shared by every test file (each file
 * creates its own uniquely named table). Tests read the endpoint with `inject('dynamoDbEndpoint')` or from
 * `DYNAMODB_ENDPOINT`. A run of unit tests only (`vitest run test/unit...`) does not start it.
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../shared/local/dynamodb-local.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `http://127.0.0.1:<port>` of the run's DynamoDB Local, or '' when the run needs none. */
    dynamoDbEndpoint: string;
  }
}

function onlyUnitTests(argv: readonly string[]): boolean {
  const filters = argv.slice(2).filter((a) => !a.startsWith('-') && a !== 'run' && a !== 'watch');
  return filters.length > 0 && filters.every((f) => /^(\.\/)?test\/unit(\/|$)/.test(f));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Same as vitest.config.ts `test.env`, for the SDK client this process itself makes.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  if (process.env.SLA_TEST_DYNAMODB === 'off' || onlyUnitTests(process.argv)) {
    project.provide('dynamoDbEndpoint', '');
    return async () => {};
  }
  const dynamo = await startDynamoDbLocal();
  process.env.DYNAMODB_ENDPOINT = dynamo.endpoint;
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
