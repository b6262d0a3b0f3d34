/**
 * Where an AWS SDK client talks to a local emulator (DynamoDB Local, aws-ses-v2-local, the local Scheduler, an
 * S3-compatible store) instead of AWS: the one place that decides the dummy credentials and the region.
 */
export const LOCAL_REGION = 'us-east-1';
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/**
 * Client settings for an emulator at `endpoint`: dummy credentials, `AWS_REGION` or `us-east-1`. Without an
 * endpoint, none: in AWS the client takes the Lambda's region and role.
 */
export function localEndpointConfig(
  endpoint: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): { endpoint?: string; region?: string; credentials?: typeof LOCAL_CREDENTIALS } {
  return endpoint ? { endpoint, region: env.AWS_REGION ?? LOCAL_REGION, credentials: LOCAL_CREDENTIALS } : {};
}
