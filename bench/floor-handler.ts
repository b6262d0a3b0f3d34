// The floor of `npm run bench:cold`: a handler that needs only the DynamoDB client, bundled like every Lambda.
// No function here can load faster than this; the others are measured against it.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';

export const handler = async (): Promise<string> => new DynamoDBClient({}).config.apiVersion;
