/**
 * CDK assertions on the monthly SLA reports: the recurring schedule (the 1st, 12:00 UTC) invoking the
 * monthly-report Lambda with retries and a DLQ that alarms, the role Scheduler assumes (invoke that function
 * only), and the Lambda's narrow table grants (the tenants' and outcomes' indexes by name). cdk-nag runs on the
 * synthesis (an unacknowledged finding fails it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { GSI } from '../../shared/adapters/dynamodb/table.js';
import { roleStatements, type SynthesizedApp, synthesize } from './synth-fixture.js';

type Json = Record<string, unknown>;
let s: SynthesizedApp;

beforeAll(() => {
  s = synthesize();
}, 240_000);

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  s.stateless.getLogicalId(construct.node.defaultChild as never);

describe('the monthly reports', () => {
  it('a recurring schedule on the 1st at 12:00 UTC invokes the monthly-report Lambda, with retries and a DLQ', () => {
    const reports = s.stateless.monthlyReports;
    const schedules = s.statelessTemplate.findResources('AWS::Scheduler::Schedule');
    const [schedule] = Object.values(schedules).map((r) => (r as { Properties: Json }).Properties);
    expect(Object.keys(schedules)).toHaveLength(1);
    expect(schedule?.ScheduleExpression).toBe('cron(0 12 1 * ? *)');
    expect(schedule?.State).toBe('ENABLED');
    const target = schedule?.Target as Json;
    expect(target.Arn).toEqual({ 'Fn::GetAtt': [idOf(reports.handler), 'Arn'] });
    expect(target.RetryPolicy).toEqual({ MaximumEventAgeInSeconds: 21600, MaximumRetryAttempts: 5 });
    expect(target.DeadLetterConfig).toEqual({
      Arn: { 'Fn::GetAtt': [s.stateless.getLogicalId(reports.dlq.queue.node.defaultChild as never), 'Arn'] },
    });
    s.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: `Messages in the dead-letter queue: ${reports.dlq.purpose}. Inspect and redrive them.`,
    });
  });

  it("Scheduler's role invokes only that function; the Lambda queries only the tenants' and outcomes' indexes", () => {
    const reports = s.stateless.monthlyReports;
    const schedulerRole = s.statelessTemplate.findResources('AWS::IAM::Role', {
      Properties: {
        Description:
          'Assumed by EventBridge Scheduler to invoke the monthly-report Lambda (and nothing else)',
      },
    });
    expect(Object.keys(schedulerRole)).toHaveLength(1);
    const statements = roleStatements(s.statelessTemplate, Object.keys(schedulerRole)[0] as string);
    expect(new Set(statements.map((st) => st.Action))).toEqual(
      new Set(['lambda:InvokeFunction', 'sqs:SendMessage']),
    );
    const invokes = JSON.stringify(statements.filter((st) => st.Action === 'lambda:InvokeFunction'));
    expect(invokes).toContain(idOf(reports.handler));
    expect(invokes.match(/GetAtt/g)?.length).toBe(
      invokes.match(new RegExp(idOf(reports.handler), 'g'))?.length,
    );
    expect(JSON.stringify(statements)).not.toContain('"*"');

    const lambdaStatements = roleStatements(
      s.statelessTemplate,
      s.stateless.getLogicalId(reports.handler.executionRole.node.defaultChild as never),
    );
    const query = lambdaStatements.find((st) => st.Action === 'dynamodb:Query');
    expect(JSON.stringify(query?.Resource)).toContain(`/index/${GSI.byCreated}`);
    expect(JSON.stringify(query?.Resource)).toContain(`/index/${GSI.byOutcomeMonth}`);
    expect(JSON.stringify(query?.Resource)).not.toContain(`/index/${GSI.byStatus}`);
  });
});
