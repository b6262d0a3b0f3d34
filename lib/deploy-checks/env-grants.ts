import { ENV, type EnvName } from '../../shared/runtime/env.js';
import {
  allows,
  asList,
  DEPLOY_CHECKS,
  type Finding,
  type Json,
  referencedLogicalId,
  resourcesOf,
  roleStatements,
  type Statement,
  type SynthesizedStack,
  show,
} from './template.js';

/** A variable whose value the code only reads: no AWS permission goes with it. */
interface Setting {
  readonly kind: 'setting';
}

/**
 * A variable that names something the code calls AWS on: some statement must allow one of `actions` on a
 * resource that `matches` the value. `role: 'scheduler'` checks the role the function hands to Scheduler
 * (named by SCHEDULER_ROLE_ARN) instead of the function's own: Scheduler, not the function, invokes the
 * target and writes the dead-letter queue.
 */
interface Grant {
  readonly kind: 'grant';
  readonly actions: readonly string[];
  readonly matches: (resource: string, value: unknown) => boolean;
  readonly role?: 'scheduler';
}

/** `resource` (JSON) names the same thing as `value`: the logical id it refers to, or its longest literal. */
function sameResource(resource: string, value: unknown): boolean {
  const mention = mentionOf(value);
  return mention !== undefined && resource.includes(mention);
}

/** What a reference to the value looks like inside another template value (a resource ARN). */
function mentionOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const id = referencedLogicalId(value);
  if (id !== undefined) return id;
  const v = value as Json;
  // A reference to another stack: CDK names the output (weak) or export (strong) after the producing logical id.
  const output = (v?.['Fn::GetStackOutput'] as Json | undefined)?.OutputName ?? v?.['Fn::ImportValue'];
  if (typeof output === 'string') {
    return /(?:PublishOutput|ExportsOutput)(?:Ref|FnGetAtt)(.+?[0-9A-F]{8})/.exec(output)?.[1];
  }
  const join = v?.['Fn::Join'] as [string, unknown[]] | undefined;
  if (join) {
    const literals = join[1]
      .filter((p): p is string => typeof p === 'string')
      .sort((a, b) => b.length - a.length);
    return literals[0] && literals[0].length >= 3 ? literals[0] : undefined;
  }
  return undefined;
}

const literalArn = (part: string) => (resource: string, value: unknown) =>
  typeof value === 'string' && resource.includes(`${part}${value}"`);

/** Every variable the stack may set on a function, and what backs it. A new variable needs a rule here. */
export const ENV_RULES: Readonly<Record<EnvName, Setting | Grant | 'local-only'>> = {
  // Item reads for most functions; a Scan of the table for reconcile-timers (it reads nothing else).
  [ENV.tableName]: {
    kind: 'grant',
    actions: ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:Scan'],
    matches: sameResource,
  },
  [ENV.mailBucket]: { kind: 'grant', actions: ['s3:GetObject'], matches: sameResource },
  [ENV.senderAddress]: {
    kind: 'grant',
    actions: ['ses:SendEmail'],
    matches: (resource, value) =>
      typeof value === 'string' && resource.includes(`:identity/${value.slice(value.lastIndexOf('@') + 1)}"`),
  },
  [ENV.sesConfigurationSet]: {
    kind: 'grant',
    actions: ['ses:SendEmail'],
    matches: literalArn(':configuration-set/'),
  },
  [ENV.scheduleGroupName]: {
    kind: 'grant',
    actions: ['scheduler:CreateSchedule'],
    matches: (resource, value) => typeof value === 'string' && resource.includes(`:schedule/${value}/`),
  },
  [ENV.schedulerRoleArn]: { kind: 'grant', actions: ['iam:PassRole'], matches: sameResource },
  [ENV.slaTimerFunctionArn]: {
    kind: 'grant',
    actions: ['lambda:InvokeFunction'],
    matches: sameResource,
    role: 'scheduler',
  },
  [ENV.timerDlqArn]: {
    kind: 'grant',
    actions: ['sqs:SendMessage'],
    matches: sameResource,
    role: 'scheduler',
  },
  [ENV.eventBusName]: { kind: 'grant', actions: ['events:PutEvents'], matches: sameResource },
  [ENV.supportDomain]: { kind: 'setting' },
  [ENV.enabledPresets]: { kind: 'setting' },
  [ENV.dynamoDbEndpoint]: 'local-only',
  [ENV.schedulerEndpoint]: 'local-only',
  [ENV.sesEndpoint]: 'local-only',
  [ENV.s3Endpoint]: 'local-only',
  [ENV.eventBridgeEndpoint]: 'local-only',
};

/** Runtime settings the function construct sets for Node and Powertools; not ours to grant. */
const RUNTIME_SETTING = /^(NODE_OPTIONS|POWERTOOLS_[A-Z_]+|AWS_[A-Z_]+)$/;

/**
 * Every environment variable of every function is backed by the grant its use needs: a table name by data
 * access to that table, a sender by `ses:SendEmail` on that identity, a schedule group by CreateSchedule in
 * it, and so on. A variable without a grant deploys fine and fails on the first request that uses it.
 */
export function checkEnvGrants(stack: SynthesizedStack): Finding[] {
  const findings: Finding[] = [];
  const { template } = stack;
  for (const [fnId, fn] of resourcesOf(template, 'AWS::Lambda::Function')) {
    const where = `${stack.stackName}/${fnId}`;
    const env = ((fn.Properties?.Environment as Json | undefined)?.Variables ?? {}) as Record<
      string,
      unknown
    >;
    const roleId = referencedLogicalId(fn.Properties?.Role);
    const own = roleId ? roleStatements(template, roleId) : [];
    const schedulerRoleId = referencedLogicalId(env[ENV.schedulerRoleArn]);
    const scheduler = schedulerRoleId ? roleStatements(template, schedulerRoleId) : [];
    for (const [name, value] of Object.entries(env)) {
      const rule = ENV_RULES[name as EnvName];
      if (rule === undefined) {
        if (!RUNTIME_SETTING.test(name)) {
          findings.push({
            check: DEPLOY_CHECKS.envGrants,
            where,
            message: `${name} has no rule in lib/deploy-checks/env-grants.ts saying which grant backs it`,
          });
        }
        continue;
      }
      if (rule === 'local-only') {
        findings.push({
          check: DEPLOY_CHECKS.envGrants,
          where,
          message: `${name} points the function at a local emulator; it must never be set in AWS`,
        });
        continue;
      }
      if (rule.kind === 'setting') continue;
      const statements: Statement[] = rule.role === 'scheduler' ? scheduler : own;
      const backed = statements.some(
        (s) =>
          rule.actions.some((a) => allows(s, a)) &&
          asList(s.Resource).some((r) => r === '*' || rule.matches(JSON.stringify(r), value)),
      );
      if (!backed) {
        const whose = rule.role === 'scheduler' ? 'the Scheduler role it passes' : 'its role';
        findings.push({
          check: DEPLOY_CHECKS.envGrants,
          where,
          message: `${name}=${show(value)} but ${whose} has no ${rule.actions.join(' or ')} on it`,
        });
      }
    }
  }
  return findings;
}
