import {
  allows,
  asList,
  DEPLOY_CHECKS,
  type Finding,
  type Json,
  referencedLogicalId,
  resourcesOf,
  type Statement,
  type SynthesizedStack,
  show,
} from './template.js';

const CLOUDWATCH = 'cloudwatch.amazonaws.com';
const ACTION_KEYS = ['AlarmActions', 'OKActions', 'InsufficientDataActions'] as const;

function servicePrincipals(statement: Statement): string[] {
  const principal = statement.Principal;
  if (principal === '*') return ['*'];
  if (typeof principal !== 'object' || principal === null) return [];
  return asList((principal as Json).Service as string | string[] | undefined);
}

/**
 * Every alarm action that is an SNS topic of the stack must be publishable by CloudWatch. A topic policy
 * replaces SNS's default policy, so a policy that holds only a TLS deny leaves every alarm "not authorized to
 * perform SNS:Publish": the alarm goes off and nobody hears it. A topic without a policy keeps the default,
 * which lets the owning account's services publish.
 */
export function checkAlarmTopics(stack: SynthesizedStack): Finding[] {
  const findings: Finding[] = [];
  const topics = new Set(resourcesOf(stack.template, 'AWS::SNS::Topic').map(([id]) => id));
  const policies = resourcesOf(stack.template, 'AWS::SNS::TopicPolicy');
  for (const [alarmId, alarm] of resourcesOf(stack.template, 'AWS::CloudWatch::Alarm')) {
    for (const key of ACTION_KEYS) {
      for (const action of asList(alarm.Properties?.[key] as unknown[])) {
        const topicId = referencedLogicalId(action);
        const where = `${stack.stackName}/${alarmId}`;
        if (topicId === undefined || !topics.has(topicId)) {
          findings.push({
            check: DEPLOY_CHECKS.alarmTopics,
            where,
            message: `${key} ${show(action)} is not an SNS topic of this stack, so nothing here shows CloudWatch may publish to it`,
          });
          continue;
        }
        const governing = policies.filter(([, p]) =>
          asList(p.Properties?.Topics as unknown[]).some((t) => referencedLogicalId(t) === topicId),
        );
        if (governing.length === 0) continue;
        const publishable = governing.some(([, p]) =>
          asList((p.Properties?.PolicyDocument as { Statement?: Statement[] })?.Statement).some(
            (s) =>
              allows(s, 'sns:Publish') &&
              servicePrincipals(s).some((principal) => principal === CLOUDWATCH || principal === '*') &&
              asList(s.Resource).some((r) => r === '*' || referencedLogicalId(r) === topicId),
          ),
        );
        if (!publishable) {
          findings.push({
            check: DEPLOY_CHECKS.alarmTopics,
            where,
            message: `${key} notifies topic ${topicId}, whose topic policy does not allow ${CLOUDWATCH} to sns:Publish: the alarm would fire and page nobody`,
          });
        }
      }
    }
  }
  return findings;
}
