/**
 * The one DynamoDB client factory. In AWS: the Lambda's region and role. Locally (`DYNAMODB_ENDPOINT` set):
 * the emulator's endpoint with dummy credentials, `us-east-1` unless `AWS_REGION` says otherwise.
 */
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ENV, getOptionalStringFromEnv } from '../../runtime/env.js';
import { localEndpointConfig } from '../local-endpoint.js';
import { withoutSdkLogFilter } from '../sdk-client.js';

export { LOCAL_CREDENTIALS, LOCAL_REGION } from '../local-endpoint.js';
export type { DynamoDBClient };

export interface DynamoClientOptions {
  /** Overrides `DYNAMODB_ENDPOINT`. */
  endpoint?: string;
  region?: string;
}

export function createDynamoClient(
  options: DynamoClientOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): DynamoDBClient {
  const endpoint = options.endpoint ?? getOptionalStringFromEnv(ENV.dynamoDbEndpoint, env);
  if (endpoint) {
    return withoutSdkLogFilter(
      new DynamoDBClient({
        ...localEndpointConfig(endpoint, env),
        ...(options.region ? { region: options.region } : {}),
        // The emulator answers at once or not at all; a short retry budget keeps a dead emulator from hanging tests.
        maxAttempts: 3,
      }),
    );
  }
  return withoutSdkLogFilter(new DynamoDBClient(options.region ? { region: options.region } : {}));
}

/** Resolves when the endpoint answers a ListTables (DynamoDB Local's readiness probe); rejects otherwise. */
export async function pingDynamo(client: DynamoDBClient): Promise<void> {
  await client.send(new ListTablesCommand({ Limit: 1 }));
}
