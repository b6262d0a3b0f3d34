import { Stack, Validations } from 'aws-cdk-lib';
// cdk-nag reports each wildcard resource as its own finding, named by this flattening of the resolved
// reference; using the same function keeps our acknowledgements exact.
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference.js';
import type { IConstruct } from 'constructs';

/**
 * cdk-nag v3 acknowledgements go through CDK's `Validations`. Each one names a rule (or one finding of a
 * rule) and carries the reason; these helpers only keep the call sites short.
 */
export function acknowledgeRule(scope: IConstruct, id: `AwsSolutions-${string}`, reason: string): void {
  Validations.of(scope).acknowledge({ id, reason });
}

/**
 * Acknowledges AwsSolutions-IAM5 for exactly these wildcard resources of `scope`'s policies (for
 * example a bucket's `inbound/*` objects), so any other wildcard still fails the check. Each resource must
 * resolve the same at construction as at synthesis: literals, pseudo parameters, same-stack references.
 */
export function acknowledgeWildcardResources(scope: IConstruct, resources: string[], reason: string): void {
  const stack = Stack.of(scope);
  for (const resource of resources) {
    const finding = `Resource::${flattenCfnReference(stack.resolve(resource))}`;
    if (!finding.includes('*')) continue;
    Validations.of(scope).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }
}
