/**
 * `npm run deploy:check`: what an operator would otherwise find only after `cdk deploy`, read from the
 * synthesized templates and the README. Each check returns findings (empty: fine); bin/deploy-check.ts
 * prints one line per finding and the CDK tests run the same checks on the app they synthesize.
 */
import { checkAlarmTopics } from './alarm-topics.js';
import { checkEnvGrants } from './env-grants.js';
import { checkMailDomains } from './mail-domains.js';
import { checkRetainedAsDocumented, checkStatelessNames } from './retained-resources.js';
import { DEPLOY_CHECKS, type DeployCheckId, type Finding, type SynthesizedStack } from './template.js';

export { DEPLOY_CHECKS, type DeployCheckId, type Finding, type SynthesizedStack };

export interface DeployCheckInput {
  readonly stateful: SynthesizedStack;
  readonly stateless: SynthesizedStack;
  /** README.md's text: its table of retained resources is checked against the templates. */
  readonly readme: string;
}

/** What each check verifies, in the words the command prints when it passes. */
export const CHECK_DESCRIPTIONS: Readonly<Record<DeployCheckId, string>> = {
  [DEPLOY_CHECKS.alarmTopics]: 'every alarm action topic lets CloudWatch publish',
  [DEPLOY_CHECKS.statelessNames]: 'nothing in the stateless stack is both retained and fixed-named',
  [DEPLOY_CHECKS.retainedAsDocumented]: 'what the README calls retained is retained, and nothing else is',
  [DEPLOY_CHECKS.envGrants]: 'every Lambda environment variable is backed by the grant its use needs',
  [DEPLOY_CHECKS.mailDomains]: 'sender address, SES identity and receiving domain agree',
};

export function runDeployChecks(input: DeployCheckInput): Finding[] {
  const stacks = [input.stateful, input.stateless];
  return [
    ...stacks.flatMap(checkAlarmTopics),
    ...checkStatelessNames(input.stateless),
    ...checkRetainedAsDocumented(stacks, input.readme),
    ...stacks.flatMap(checkEnvGrants),
    ...checkMailDomains(stacks),
  ];
}
