/**
 * The little of a synthesized CloudFormation template the deploy checks read, and helpers over it. The checks
 * work on the JSON `cdk synth` writes, not on constructs, so they judge exactly what CloudFormation receives.
 */
export type Json = Record<string, unknown>;

export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Json;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
}

/** One synthesized stack: its name and its template. */
export interface SynthesizedStack {
  readonly stackName: string;
  readonly template: CfnTemplate;
}

/** Something an operator would otherwise meet only after deploying: which check, where, and what is wrong. */
export interface Finding {
  readonly check: DeployCheckId;
  /** `<stack>/<logical id>` or `<stack>` or `README.md`. */
  readonly where: string;
  readonly message: string;
}

export const DEPLOY_CHECKS = {
  alarmTopics: 'alarm-topics-publishable',
  statelessNames: 'stateless-no-retained-fixed-names',
  retainedAsDocumented: 'retained-as-readme-says',
  envGrants: 'env-backed-by-grant',
  mailDomains: 'mail-domains-coherent',
} as const;

export type DeployCheckId = (typeof DEPLOY_CHECKS)[keyof typeof DEPLOY_CHECKS];

export interface Statement {
  readonly Effect: string;
  readonly Action?: string | string[];
  readonly Resource?: unknown;
  readonly Principal?: unknown;
  readonly Condition?: Json;
}

export function resourcesOf(template: CfnTemplate, type?: string): [string, CfnResource][] {
  return Object.entries(template.Resources ?? {}).filter(([, r]) => type === undefined || r.Type === type);
}

export function asList<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

export function actionsOf(statement: Statement): string[] {
  return asList(statement.Action);
}

/** Does the statement allow `action` (exactly, or through a `service:*` wildcard)? */
export function allows(statement: Statement, action: string): boolean {
  if (statement.Effect !== 'Allow') return false;
  const service = action.split(':')[0];
  return actionsOf(statement).some((a) => a === action || a === '*' || a === `${service}:*`);
}

/** The logical id a `{ Ref }` or `{ Fn::GetAtt }` points at, if the value is one. */
export function referencedLogicalId(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Json;
  if (typeof v.Ref === 'string') return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  return undefined;
}

/** Every statement of the IAM policies (inline and `AWS::IAM::Policy`) attached to the role `roleId`. */
export function roleStatements(template: CfnTemplate, roleId: string): Statement[] {
  const statements: Statement[] = [];
  for (const [, policy] of resourcesOf(template, 'AWS::IAM::Policy')) {
    const props = policy.Properties as { Roles?: unknown[]; PolicyDocument?: { Statement?: Statement[] } };
    if ((props.Roles ?? []).some((r) => referencedLogicalId(r) === roleId)) {
      statements.push(...(props.PolicyDocument?.Statement ?? []));
    }
  }
  const role = template.Resources?.[roleId];
  for (const inline of asList(
    role?.Properties?.Policies as { PolicyDocument?: { Statement?: Statement[] } }[],
  )) {
    statements.push(...(inline.PolicyDocument?.Statement ?? []));
  }
  return statements;
}

/** A short, stable rendering of a template value for messages. */
export function show(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
