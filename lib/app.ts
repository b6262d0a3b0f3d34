import { type App, type Environment, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { configFromContext, type SlaSentinelConfig } from './config.js';
import { StatefulStack } from './stateful-stack.js';
import { StatelessStack } from './stateless-stack.js';

export const STACK_NAMES = { stateful: 'SlaSentinel-Stateful', stateless: 'SlaSentinel-Stateless' } as const;

const FEATURE_FLAGS = {
  // Server access logs are delivered under a bucket policy, not the legacy log-delivery ACL.
  '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true,
  // The stateless stack reads the stateful stack's values (table name, ARN and stream ARN, mail bucket name, user
  // pool and client ids) with Fn::GetStackOutput, not exports: an imported export can be neither changed nor
  // removed, so a stream re-enabled with a new ARN, or a reference dropped, would block the stateful stack's
  // deploy. All of them but the stream ARN never change while their retained, protected resources exist; the
  // stream ARN reaches the stateless stack on its next deploy (README.md, "How the stacks refer to each other").
  '@aws-cdk/core:defaultCrossStackReferences': 'weak',
} as const;

export interface SlaSentinelStacks {
  readonly config: SlaSentinelConfig;
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/**
 * Builds both stacks into `app` from its context, with cdk-nag's AwsSolutions checks. The CDK entry
 * (`bin/app.ts`) and the CDK tests both call this, so the tests check the app that deploys.
 *
 * No lookups happen here: with no `env` the stacks are environment-agnostic and synthesize without
 * credentials; `npx cdk deploy` resolves account and region from the caller's profile.
 */
export function buildSlaSentinel(app: App, env?: Environment): SlaSentinelStacks {
  const config = configFromContext(app.node);
  // Feature flags the stacks rely on, set here so the CLI and the tests build the same thing.
  for (const [flag, value] of Object.entries(FEATURE_FLAGS)) app.node.setContext(flag, value);
  Tags.of(app).add('app', 'sla-sentinel');
  const stateful = new StatefulStack(app, STACK_NAMES.stateful, {
    env,
    description: 'SLA Sentinel: tickets table, mail bucket and user pool (retained)',
    config,
  });
  const stateless = new StatelessStack(app, STACK_NAMES.stateless, {
    env,
    description: 'SLA Sentinel: API, Lambdas, timers, mail, dashboard and alarms',
    config,
    tickets: stateful.tickets,
    mail: { bucket: stateful.mail.bucket, bucketName: stateful.mailBucketName },
    users: stateful.users ? { userPool: stateful.users.userPool, client: stateful.users.client } : undefined,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { config, stateful, stateless };
}
