// Every client factory hands out a client without the SDK's logger middleware, whose no-op logger still walked
// every request and response through the sensitive-member filter (shared/adapters/sdk-client.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDynamoClient } from '../../../shared/adapters/dynamodb/client.js';
import { createLocalStreamsClient } from '../../../shared/adapters/dynamodb/stream-poller.js';
import { createEventBridgeClient } from '../../../shared/adapters/eventbridge/eventbridge-publisher.js';
import { createLambdaClient } from '../../../shared/adapters/lambda/owed-mail-target.js';
import { createS3Client } from '../../../shared/adapters/s3/s3-mail-store.js';
import { createSchedulerClient } from '../../../shared/adapters/scheduler/eventbridge-timer-scheduler.js';
import { SDK_LOGGER_MIDDLEWARE } from '../../../shared/adapters/sdk-client.js';
import { createSesClient } from '../../../shared/adapters/ses/sesv2-mailer.js';
import { createSqsClient } from '../../../shared/adapters/sqs/mail-dead-letters.js';

const local = { AWS_REGION: 'eu-west-1' } as NodeJS.ProcessEnv;
const names = (client: { middlewareStack: { identify(): string[] } }) =>
  client.middlewareStack.identify().map((entry) => entry.split(' ')[0]);

describe('AWS SDK clients', () => {
  it('a plain client carries the logger middleware (what this guards against)', async () => {
    const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
    expect(names(new DynamoDBClient({ region: 'eu-west-1' }))).toContain(SDK_LOGGER_MIDDLEWARE);
  });

  it.each([
    ['DynamoDB (AWS)', () => createDynamoClient({ region: 'eu-west-1' }, {})],
    ['DynamoDB (local)', () => createDynamoClient({ endpoint: 'http://127.0.0.1:1' }, local)],
    ['DynamoDB Streams (local)', () => createLocalStreamsClient('http://127.0.0.1:1')],
    ['EventBridge', () => createEventBridgeClient(local)],
    ['Lambda', () => createLambdaClient('eu-west-1')],
    ['S3', () => createS3Client(local)],
    ['Scheduler', () => createSchedulerClient(local)],
    ['SES v2', () => createSesClient(local)],
    ['SQS', () => createSqsClient({ region: 'eu-west-1' })],
  ])('%s comes without the logger middleware', (_, create) => {
    const stack = names(create());
    expect(stack.length).toBeGreaterThan(5);
    expect(stack).not.toContain(SDK_LOGGER_MIDDLEWARE);
  });

  // bench/floor-handler.ts builds a plain client on purpose: it is the cold-start floor the Lambdas are compared with.
  it('no SDK client is built without it', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (path.endsWith('.ts')) {
          // Every `new XClient(` must be the argument of `withoutSdkLogFilter(`, counted constructor by constructor.
          const text = readFileSync(path, 'utf8');
          const built = text.match(/new [A-Z][A-Za-z0-9]*Client\(/g)?.length ?? 0;
          const wrapped = text.match(/withoutSdkLogFilter\(\s*new [A-Z][A-Za-z0-9]*Client\(/g)?.length ?? 0;
          if (built !== wrapped) offenders.push(`${path}: ${built - wrapped} of ${built}`);
        }
      }
    };
    for (const root of ['shared', 'lambdas', 'bin', 'lib']) walk(root);
    expect(offenders).toEqual([]);
  });
});
