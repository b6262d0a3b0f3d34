import { DEPLOY_CHECKS, type Finding, resourcesOf, type SynthesizedStack } from './template.js';

/**
 * The property that gives a resource a fixed physical name, by type (CloudFormation's own names). A type not
 * listed here falls back to `<Type's last segment>Name` (`AWS::SQS::Queue` -> `QueueName`).
 */
const NAME_PROPERTY: Readonly<Record<string, string>> = {
  'AWS::Scheduler::ScheduleGroup': 'Name',
  'AWS::SES::ConfigurationSet': 'Name',
  'AWS::SES::ReceiptRuleSet': 'RuleSetName',
  'AWS::SES::EmailIdentity': 'EmailIdentity',
  'AWS::Events::EventBus': 'Name',
  'AWS::Events::Archive': 'ArchiveName',
  'AWS::ApiGatewayV2::Api': 'Name',
};

const RETAINING = new Set(['Retain', 'RetainExceptOnCreate', 'Snapshot']);

function nameProperty(type: string): string {
  return NAME_PROPERTY[type] ?? `${type.split('::').at(-1)}Name`;
}

/**
 * No resource of the stateless stack both survives its deletion and has a fixed name: it would be left behind
 * by `cdk destroy` (still working, like a schedule group whose schedules keep firing at deleted functions) and
 * make the next deploy fail with "already exists".
 */
export function checkStatelessNames(stack: SynthesizedStack): Finding[] {
  const findings: Finding[] = [];
  for (const [id, resource] of resourcesOf(stack.template)) {
    if (!RETAINING.has(resource.DeletionPolicy ?? 'Delete')) continue;
    const property = nameProperty(resource.Type);
    const name = resource.Properties?.[property];
    if (name === undefined) continue;
    findings.push({
      check: DEPLOY_CHECKS.statelessNames,
      where: `${stack.stackName}/${id}`,
      message: `${resource.Type} has the fixed ${property} ${JSON.stringify(name)} and DeletionPolicy ${resource.DeletionPolicy}: a destroy leaves it behind and the next deploy fails with "already exists"; delete it with the stack or move it to the stateful stack`,
    });
  }
  return findings;
}

/** One row of the README's table of what `cdk destroy` leaves in place. */
export interface RetainedClaim {
  readonly what: string;
  readonly stackName: string;
  readonly type: string;
  readonly deletionProtection: boolean;
}

/** Where the claims are: the rows of the table under this heading (`| what | stack | type | protection |`). */
export const RETAINED_TABLE_HEADING = '### Removing it';

/** Reads the retained-resources table from the README (rows whose stack and type cells are in backticks). */
export function retainedClaims(readme: string): RetainedClaim[] {
  const start = readme.indexOf(RETAINED_TABLE_HEADING);
  if (start < 0) return [];
  const section = readme.slice(start + RETAINED_TABLE_HEADING.length).split(/\n#{1,3} /)[0] ?? '';
  const claims: RetainedClaim[] = [];
  for (const line of section.split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 6) continue;
    const [, what, stackCell, typeCell, protection] = cells;
    const stackName = /^`([^`]+)`$/.exec(stackCell ?? '')?.[1];
    const type = /^`(AWS::[^`]+)`$/.exec(typeCell ?? '')?.[1];
    if (!what || !stackName || !type) continue;
    claims.push({ what, stackName, type, deletionProtection: /^yes\b/i.test(protection ?? '') });
  }
  return claims;
}

function protectionOn(type: string, properties: Record<string, unknown> | undefined): boolean | undefined {
  if (type === 'AWS::DynamoDB::Table') return properties?.DeletionProtectionEnabled === true;
  if (type === 'AWS::Cognito::UserPool') return properties?.DeletionProtection === 'ACTIVE';
  return undefined;
}

/**
 * What the README says `cdk destroy` leaves in place is what the templates retain: every resource of a claimed
 * type in the claimed stack is retained (and has deletion protection where the README says so), and every
 * retained resource of either stack is claimed, so the README can be neither too hopeful nor too quiet.
 */
export function checkRetainedAsDocumented(stacks: SynthesizedStack[], readme: string): Finding[] {
  const findings: Finding[] = [];
  const claims = retainedClaims(readme);
  const finding = (where: string, message: string) =>
    findings.push({ check: DEPLOY_CHECKS.retainedAsDocumented, where, message });
  if (claims.length === 0) {
    finding('README.md', `no table of retained resources under "${RETAINED_TABLE_HEADING}"`);
    return findings;
  }
  for (const claim of claims) {
    const stack = stacks.find((s) => s.stackName === claim.stackName);
    if (!stack) {
      finding('README.md', `"${claim.what}": no stack named ${claim.stackName}`);
      continue;
    }
    const resources = resourcesOf(stack.template, claim.type);
    if (resources.length === 0)
      finding('README.md', `"${claim.what}": ${claim.stackName} has no ${claim.type}`);
    for (const [id, resource] of resources) {
      const where = `${claim.stackName}/${id}`;
      if (!RETAINING.has(resource.DeletionPolicy ?? 'Delete')) {
        finding(
          where,
          `the README calls "${claim.what}" retained, but its DeletionPolicy is ${resource.DeletionPolicy ?? 'Delete (default)'}`,
        );
      }
      if (claim.deletionProtection && protectionOn(claim.type, resource.Properties) === false) {
        finding(where, `the README says "${claim.what}" has deletion protection, but it is off`);
      }
    }
  }
  for (const stack of stacks) {
    for (const [id, resource] of resourcesOf(stack.template)) {
      if (!RETAINING.has(resource.DeletionPolicy ?? 'Delete')) continue;
      const claimed = claims.some((c) => c.stackName === stack.stackName && c.type === resource.Type);
      if (!claimed) {
        finding(
          `${stack.stackName}/${id}`,
          `${resource.Type} is retained on delete, but the README's "${RETAINED_TABLE_HEADING}" table does not say so`,
        );
      }
    }
  }
  return findings;
}
