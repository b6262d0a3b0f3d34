import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { expect } from 'vitest';
import { buildSlaSentinel, type SlaSentinelStacks, STACK_NAMES } from '../../lib/app.js';

/**
 * The support domain every CDK test deploys for. The app has no default domain (a deployment must name its
 * own), so the tests pass one explicitly, as an operator does with `-c domain=...`.
 */
export const TEST_DOMAIN = 'support.acme.example';

export interface SynthesizedApp extends SlaSentinelStacks {
  readonly app: App;
  readonly assembly: CloudAssembly;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/**
 * Builds the real app (the one `bin/app.ts` builds, cdk-nag plugin included) and synthesizes it once.
 * Bundling is skipped (`aws:cdk:bundling-stacks: []`): the entries are bundled separately with esbuild
 * and checked for their `handler` export, and `bundling.test.ts` runs the real NodejsFunction bundling.
 * `app.synth()` fails if cdk-nag reports an unacknowledged finding, so reaching the assertions already
 * means the AwsSolutions checks passed.
 */
export function synthesize(context: Record<string, unknown> = {}): SynthesizedApp {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'sla-cdk-')),
    context: { 'aws:cdk:bundling-stacks': [], domain: TEST_DOMAIN, ...context },
  });
  const stacks = buildSlaSentinel(app);
  const assembly = app.synth();
  return {
    ...stacks,
    app,
    assembly,
    statefulTemplate: Template.fromJSON(assembly.getStackByName(STACK_NAMES.stateful).template),
    statelessTemplate: Template.fromJSON(assembly.getStackByName(STACK_NAMES.stateless).template),
  };
}

type Json = Record<string, unknown>;

/**
 * What a reference to a stateful-stack value looks like in the stateless template: a weak reference
 * (`Fn::GetStackOutput`, lib/app.ts) to the output CDK publishes for it, never an `Fn::ImportValue`.
 * `outputName` matches the output's logical id (the producing construct's path, no slashes).
 */
/** The same, as a pattern for `Template.hasResourceProperties` (CDK's `Match`, not vitest's matchers). */
export function statefulOutputPattern(outputName: string) {
  return {
    'Fn::GetStackOutput': {
      StackName: STACK_NAMES.stateful,
      OutputName: Match.stringLikeRegexp(outputName),
      Region: { Ref: 'AWS::Region' },
    },
  };
}

export function statefulOutput(outputName: RegExp) {
  return {
    'Fn::GetStackOutput': {
      StackName: STACK_NAMES.stateful,
      OutputName: expect.stringMatching(outputName),
      Region: { Ref: 'AWS::Region' },
    },
  };
}

/** Resources of one type, by logical id. */
export function resourcesOfType(template: Template, type: string): Record<string, Json> {
  return template.findResources(type) as Record<string, Json>;
}

/** The logical id of the only resource whose logical id starts with `prefix` (construct path, no slashes). */
export function logicalIdStartingWith(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(resourcesOfType(template, type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} starting with ${prefix}, found ${ids.join(', ')}`);
  return ids[0] as string;
}

export interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Json;
}

/** Every statement of every IAM policy attached to `roleLogicalId` (inline and AWS::IAM::Policy). */
export function roleStatements(template: Template, roleLogicalId: string): Statement[] {
  const statements: Statement[] = [];
  for (const policy of Object.values(resourcesOfType(template, 'AWS::IAM::Policy'))) {
    const props = policy.Properties as { Roles?: unknown[]; PolicyDocument: { Statement: Statement[] } };
    if ((props.Roles ?? []).some((r) => JSON.stringify(r) === JSON.stringify({ Ref: roleLogicalId }))) {
      statements.push(...props.PolicyDocument.Statement);
    }
  }
  const role = resourcesOfType(template, 'AWS::IAM::Role')[roleLogicalId];
  for (const p of ((role?.Properties as Json | undefined)?.Policies as {
    PolicyDocument: { Statement: Statement[] };
  }[]) ?? []) {
    statements.push(...p.PolicyDocument.Statement);
  }
  return statements;
}

export function actionsOf(statement: Statement): string[] {
  return Array.isArray(statement.Action) ? statement.Action : [statement.Action];
}

export function resourcesOf(statement: Statement): unknown[] {
  return Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
}
