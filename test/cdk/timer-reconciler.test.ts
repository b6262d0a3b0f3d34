/**
 * CDK assertions on the timer reconciler: after the stateless stack is deployed, a deployment trigger runs the
 * reconcile-timers Lambda (asynchronously) once the schedule group, the sla-timer function and the Scheduler role
 * exist, and again when the function changes; the function's grants are a Scan of the table, CreateSchedule in
 * the group and PassRole on the Scheduler role, nothing else; its failures retry, land in a DLQ and alarm. The
 * synthesis runs cdk-nag's AwsSolutions checks (an unacknowledged finding fails it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../lib/config.js';
import { LAMBDA_ENTRIES } from '../../lib/lambda-entries.js';
import { ENV } from '../../shared/runtime/env.js';
import { analyseEntry, type EntryAnalysis } from './entry-analysis.js';
import {
  actionsOf,
  logicalIdStartingWith,
  resourcesOf,
  resourcesOfType,
  roleStatements,
  type Statement,
  type SynthesizedApp,
  statefulOutput,
  synthesize,
} from './synth-fixture.js';

type Json = Record<string, unknown>;
const json = (v: unknown) => JSON.stringify(v);

let synth: SynthesizedApp;
let bundle: EntryAnalysis;
beforeAll(async () => {
  synth = synthesize();
  bundle = await analyseEntry(LAMBDA_ENTRIES.reconcileTimers);
}, 120_000);

const idOf = (construct: { node: { defaultChild?: unknown } }) =>
  synth.stateless.getLogicalId(construct.node.defaultChild as never);

function reconciler() {
  const { timerReconciler } = synth.stateless;
  const logicalId = idOf(timerReconciler.handler);
  const resource = resourcesOfType(synth.statelessTemplate, 'AWS::Lambda::Function')[logicalId] as Json;
  const props = resource.Properties as Json;
  return {
    logicalId,
    props,
    env: (props.Environment as Json).Variables as Record<string, unknown>,
    statements: roleStatements(synth.statelessTemplate, idOf(timerReconciler.handler.executionRole)),
  };
}

function trigger(): { id: string; resource: Json } {
  const triggers = Object.entries(resourcesOfType(synth.statelessTemplate, 'Custom::Trigger'));
  expect(triggers).toHaveLength(1);
  const [id, resource] = triggers[0] as [string, Json];
  return { id, resource };
}

describe('the deployment trigger', () => {
  it('invokes the reconcile-timers function asynchronously, by its current version, again when it changes', () => {
    const { resource } = trigger();
    const versions = Object.entries(resourcesOfType(synth.statelessTemplate, 'AWS::Lambda::Version')).filter(
      ([, v]) => json((v.Properties as Json).FunctionName) === json({ Ref: reconciler().logicalId }),
    );
    expect(versions).toHaveLength(1);
    expect(resource.Properties).toMatchObject({
      HandlerArn: { Ref: versions[0]?.[0] },
      InvocationType: 'Event',
      ExecuteOnHandlerChange: true,
    });
  });

  it('runs after the schedule group, the sla-timer function, the Scheduler role (and its policy) and the TimerDlq', () => {
    const dependsOn = trigger().resource.DependsOn as string[];
    const { timers } = synth.stateless;
    const schedulerPolicy = logicalIdStartingWith(
      synth.statelessTemplate,
      'AWS::IAM::Policy',
      'TimersSchedulerRoleDefaultPolicy',
    );
    expect(dependsOn).toEqual(
      expect.arrayContaining([
        idOf(timers.scheduleGroup),
        idOf(timers.slaTimer),
        idOf(timers.schedulerRole),
        schedulerPolicy,
        idOf(timers.timerDlq.queue),
      ]),
    );
  });

  it("the trigger's provider may invoke only the reconcile-timers function (cdk-nag does not inspect its CfnResource role)", () => {
    const { resource } = trigger();
    const providerFn = ((resource.Properties as Json).ServiceToken as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ][0];
    const provider = resourcesOfType(synth.statelessTemplate, 'AWS::Lambda::Function')[providerFn] as Json;
    const roleId = ((provider.Properties as Json).Role as { 'Fn::GetAtt': [string, string] })[
      'Fn::GetAtt'
    ][0];
    const statements = roleStatements(synth.statelessTemplate, roleId);
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: ['lambda:InvokeFunction'],
        Resource: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [reconciler().logicalId, 'Arn'] }, ':*']] }],
      },
    ]);
  });
});

describe('the reconcile-timers function', () => {
  it('is an SlaFunction with a 15-minute timeout, its own log group with retention, two retries and a DLQ that alarms', () => {
    const { logicalId, props } = reconciler();
    const { timerReconciler } = synth.stateless;
    expect(props.Timeout).toBe(900);
    expect(props.LoggingConfig).toEqual({
      LogGroup: { Ref: idOf(timerReconciler.handler.functionLogGroup) },
    });
    synth.statelessTemplate.hasResourceProperties('AWS::Logs::LogGroup', {
      RetentionInDays: DEFAULTS.logRetentionDays,
    });
    const dlq = idOf(timerReconciler.dlq.queue);
    expect(props.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [dlq, 'Arn'] } });
    synth.statelessTemplate.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId },
      MaximumRetryAttempts: 2,
    });
    const alarms = Object.values(resourcesOfType(synth.statelessTemplate, 'AWS::CloudWatch::Alarm'));
    const watching = (needle: string) =>
      alarms.filter((a) => json((a.Properties as Json).Dimensions ?? null).includes(needle));
    // One on the DLQ's depth, one on the function's errors; both to the alarm topic.
    expect(watching(dlq)).toHaveLength(1);
    expect(watching(logicalId)).toHaveLength(1);
    for (const alarm of [...watching(dlq), ...watching(logicalId)])
      expect((alarm.Properties as Json).AlarmActions).toEqual([
        { Ref: expect.stringMatching(/^AlarmsTopic/) },
      ]);
  });

  it('is configured with the very Scheduler settings timer-sync creates schedules with, and the table', () => {
    const { env } = reconciler();
    const timerSync = resourcesOfType(synth.statelessTemplate, 'AWS::Lambda::Function')[
      idOf(synth.stateless.timers.timerSync)
    ] as Json;
    const syncEnv = ((timerSync.Properties as Json).Environment as Json).Variables as Json;
    for (const name of [
      ENV.scheduleGroupName,
      ENV.slaTimerFunctionArn,
      ENV.schedulerRoleArn,
      ENV.timerDlqArn,
    ])
      expect(env[name], name).toEqual(syncEnv[name]);
    expect(env[ENV.tableName]).toEqual(statefulOutput(/^PublishOutputRefTicketsTable/));
    expect(
      synth.statelessTemplate.findOutputs('ReconcileTimersFunctionName').ReconcileTimersFunctionName?.Value,
    ).toEqual({ Ref: reconciler().logicalId });
  });

  it('its bundle reads exactly the variables the stack sets on it (each backed by a grant below), and sends no mail', () => {
    const { env } = reconciler();
    const ours = Object.keys(env).filter((name) => !/^(NODE_OPTIONS|POWERTOOLS_[A-Z_]+)$/.test(name));
    expect(bundle.envUsed).toEqual([...ours].sort());
    expect(bundle.sources).toContain('shared/composition/reconcile-timers.ts');
    expect(bundle.sources.filter((s) => /^shared\/(notifications|tickets\/ticket-service)/.test(s))).toEqual(
      [],
    );
    expect(bundle.sources.some((s) => s.includes('adapters/ses/'))).toBe(false);
  });

  it('may Scan the table (nothing else of it), CreateSchedule in the group and PassRole the Scheduler role, nothing more', () => {
    const { env, statements } = reconciler();
    const withPrefix = (prefix: string) =>
      statements.filter((s) => actionsOf(s).some((a) => a.startsWith(prefix)));

    const dynamo = withPrefix('dynamodb:');
    expect(dynamo).toHaveLength(1);
    expect(actionsOf(dynamo[0] as Statement)).toEqual(['dynamodb:Scan']);
    expect(dynamo[0]?.Resource).toEqual(statefulOutput(/^PublishOutputFnGetAttTicketsTable.*Arn/));

    const scheduler = withPrefix('scheduler:');
    expect(scheduler).toHaveLength(1);
    expect(actionsOf(scheduler[0] as Statement)).toEqual(['scheduler:CreateSchedule']);
    expect(json(scheduler[0]?.Resource)).toContain(`:schedule/${env[ENV.scheduleGroupName]}/*"`);

    const passRole = withPrefix('iam:');
    expect(passRole).toHaveLength(1);
    expect(actionsOf(passRole[0] as Statement)).toEqual(['iam:PassRole']);
    expect(passRole[0]?.Resource).toEqual(env[ENV.schedulerRoleArn]);
    expect(passRole[0]?.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    });

    // The rest is what every SlaFunction has: its log group, its DLQ, X-Ray.
    const rest = statements.filter(
      (s) => !dynamo.includes(s) && !scheduler.includes(s) && !passRole.includes(s),
    );
    expect(rest.flatMap(actionsOf).sort()).toEqual([
      'logs:CreateLogStream',
      'logs:PutLogEvents',
      'sqs:SendMessage',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect(json(rest.flatMap(resourcesOf))).not.toMatch(/TicketsTable|scheduler/);
  });
});
