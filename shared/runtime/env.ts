/**
 * Names of the environment variables the Lambdas read. The CDK stack sets them from these same
 * constants, so a renamed variable cannot drift between the handler and the wiring.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  scheduleGroupName: 'SCHEDULE_GROUP_NAME',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  slaTimerFunctionArn: 'SLA_TIMER_FUNCTION_ARN',
  timerDlqArn: 'TIMER_DLQ_ARN',
  senderAddress: 'SENDER_ADDRESS',
  sesConfigurationSet: 'SES_CONFIGURATION_SET',
  supportDomain: 'SUPPORT_DOMAIN',
  mailBucket: 'MAIL_BUCKET',
  /** The custom EventBridge bus the SLA events go to. */
  eventBusName: 'EVENT_BUS_NAME',
  /** Comma-separated preset ids tenants may choose (CDK context `presets`); unset: every preset. */
  enabledPresets: 'SLA_PRESETS',
  /** Local runtime only: endpoints of the emulators. Never set in AWS. */
  dynamoDbEndpoint: 'DYNAMODB_ENDPOINT',
  schedulerEndpoint: 'SCHEDULER_ENDPOINT',
  sesEndpoint: 'SES_ENDPOINT',
  s3Endpoint: 'S3_ENDPOINT',
  eventBridgeEndpoint: 'EVENTBRIDGE_ENDPOINT',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

export class MissingConfigError extends Error {
  constructor(name: string) {
    super(`Missing required environment variable ${name}`);
    this.name = 'MissingConfigError';
  }
}

/** Reads a required variable, failing fast (at cold start) when it is missing. */
export function getStringFromEnv(name: EnvName, env: NodeJS.ProcessEnv = process.env): string {
  const value = env[name];
  if (value === undefined || value === '') throw new MissingConfigError(name);
  return value;
}

export function getOptionalStringFromEnv(
  name: EnvName,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}
