import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { STACK_NAMES } from '../../lib/app.js';
import { DEFAULTS, PRESET_IDS } from '../../lib/config.js';
import { SLA_RUNTIME, SlaFunction } from '../../lib/constructs/sla-function.js';
import { checkAlarmTopics } from '../../lib/deploy-checks/alarm-topics.js';
import { runDeployChecks } from '../../lib/deploy-checks/index.js';
import { HANDLER_EXPORT, LAMBDA_ENTRIES, type LambdaName } from '../../lib/lambda-entries.js';
import { ATTACHMENT_PREFIX, RAW_MAIL_PREFIX } from '../../lib/mail-keys.js';
import { receiptRuleSetName } from '../../lib/receipt-rule-set-name.js';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { GSI, GSI_NAMES, gsiKeys } from '../../shared/adapters/dynamodb/table.js';
import { API_ROUTES } from '../../shared/http/routes.js';
import { attachmentKey, rawMailKey } from '../../shared/inbound/mail-keys.js';
import { METRIC, METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/metrics.js';
import { ENV, type EnvName } from '../../shared/runtime/env.js';
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
  statefulOutputPattern,
  synthesize,
  TEST_DOMAIN,
} from './synth-fixture.js';

/** Logical id prefix of CDK's BucketDeployment singleton (its function, role and policy). */
const PORTAL_DEPLOYER = 'CustomCDKBucketDeployment';

let synth: SynthesizedApp;
const analyses = {} as Record<LambdaName, EntryAnalysis>;
const lambdaNames = Object.keys(LAMBDA_ENTRIES) as LambdaName[];

beforeAll(async () => {
  synth = synthesize();
  await Promise.all(
    lambdaNames.map(async (name) => {
      analyses[name] = await analyseEntry(LAMBDA_ENTRIES[name]);
    }),
  );
}, 120_000);

type Json = Record<string, unknown>;
const json = (v: unknown) => JSON.stringify(v);

/** The SlaFunction of each entry, with its logical ids in the stateless template. */
function fn(name: LambdaName) {
  const all = synth.stateless.node.findAll().filter((c): c is SlaFunction => c instanceof SlaFunction);
  const f = all.find((c) => c.entry === LAMBDA_ENTRIES[name]);
  if (!f) throw new Error(`no SlaFunction for ${name}`);
  const logicalId = synth.stateless.getLogicalId(f.node.defaultChild as never);
  const roleLogicalId = synth.stateless.getLogicalId(f.executionRole.node.defaultChild as never);
  const resource = resourcesOfType(synth.statelessTemplate, 'AWS::Lambda::Function')[logicalId] as Json;
  const props = resource.Properties as Json;
  const env = ((props.Environment as Json | undefined)?.Variables ?? {}) as Record<string, unknown>;
  return {
    construct: f,
    logicalId,
    roleLogicalId,
    props,
    env,
    statements: roleStatements(synth.statelessTemplate, roleLogicalId),
  };
}

function statementsWith(statements: Statement[], action: string): Statement[] {
  return statements.filter((s) => actionsOf(s).includes(action));
}

describe('Lambda entry points', () => {
  it.each(lambdaNames)('%s: the entry file exists and its bundle exports handler', (name) => {
    expect(existsSync(LAMBDA_ENTRIES[name])).toBe(true);
    expect(analyses[name].exports).toContain(HANDLER_EXPORT);
  });

  it('the stateless stack has exactly one function per entry, all with the project defaults', () => {
    const functions = resourcesOfType(synth.statelessTemplate, 'AWS::Lambda::Function');
    // Plus CDK's own provider of the deployment trigger that runs reconcile-timers (timer-reconciler.test.ts).
    const provider = Object.keys(functions).filter((id) =>
      id.startsWith('AWSCDKTriggerCustomResourceProvider'),
    );
    expect(provider).toHaveLength(1);
    // And CDK's BucketDeployment function that copies the portal into its bucket (portal.test.ts).
    const deployer = Object.keys(functions).filter((id) => id.startsWith(PORTAL_DEPLOYER));
    expect(deployer).toHaveLength(1);
    expect(Object.keys(functions)).toHaveLength(lambdaNames.length + 2);
    for (const name of lambdaNames) {
      const { props, env } = fn(name);
      expect(props.Handler).toBe(`index.${HANDLER_EXPORT}`);
      expect(props.Runtime).toBe(SLA_RUNTIME.name);
      expect(props.Architectures).toEqual(['arm64']);
      expect(props.TracingConfig).toEqual({ Mode: 'Active' });
      expect(props.LoggingConfig).toEqual({ LogGroup: { Ref: expect.any(String) } });
      // Source maps ship beside the bundle but are not parsed at init (no --enable-source-maps).
      expect(env.NODE_OPTIONS).toBeUndefined();
      expect(env).toMatchObject({
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      });
    }
    expect(SLA_RUNTIME.name >= 'nodejs22.x').toBe(true);
  });

  it('every log group has the configured retention', () => {
    for (const group of Object.values(resourcesOfType(synth.statelessTemplate, 'AWS::Logs::LogGroup'))) {
      expect((group.Properties as Json).RetentionInDays).toBe(DEFAULTS.logRetentionDays);
    }
  });
});

describe('environment variables and grants match what each handler uses', () => {
  it.each(lambdaNames)('%s: every ENV variable its code reads is set on the function', (name) => {
    const { env } = fn(name);
    for (const used of analyses[name].envUsed)
      expect(Object.keys(env), `${name} reads ${used}`).toContain(used);
  });

  it('api: table data access and SLA_PRESETS; no SES (its mail is owed in the write, the outbox)', () => {
    const { env, statements } = fn('api');
    expect(env[ENV.tableName]).toEqual(statefulOutput(/^PublishOutputRefTicketsTable/));
    expect(env[ENV.enabledPresets]).toBe(PRESET_IDS.join(','));
    for (const k of [ENV.senderAddress, ENV.sesConfigurationSet]) expect(env[k]).toBeUndefined();
    const actions = statements.flatMap(actionsOf);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']),
    );
    expect(actions.filter((a) => /^(s3|scheduler|iam|lambda|sqs|ses):/.test(a))).toEqual([]);
    expect(actions).not.toContain('dynamodb:Scan');
    const indexStatement = statements.find((s) => json(s.Resource).includes('/index/'));
    expect(actionsOf(indexStatement as Statement)).toEqual(['dynamodb:Query']);
    for (const indexName of GSI_NAMES)
      expect(json(indexStatement?.Resource)).toContain(`/index/${indexName}"`);
  });

  it('only the notification Lambda may send mail, and only it bundles the SESv2 client', () => {
    const senders = lambdaNames.filter((name) =>
      fn(name).statements.some((s) => actionsOf(s).some((a) => a.startsWith('ses:'))),
    );
    expect(senders).toEqual(['notification']);
    for (const name of lambdaNames) {
      expect(
        analyses[name].sources.some((s) => s === 'shared/adapters/ses/sesv2-mailer.ts'),
        `${name} bundles the SES mailer`,
      ).toBe(name === 'notification');
    }
  });

  it('notification: fed by inserted outbox and report_due items only, with retries, bisect and an on-failure DLQ', () => {
    const { logicalId } = fn('notification');
    const mappings = Object.values(
      resourcesOfType(synth.statelessTemplate, 'AWS::Lambda::EventSourceMapping'),
    ).filter((m) => json((m.Properties as Json).FunctionName).includes(logicalId));
    expect(mappings).toHaveLength(1);
    const props = mappings[0]?.Properties as Json;
    expect(props.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    expect(props.BisectBatchOnFunctionError).toBe(true);
    expect(props.MaximumRetryAttempts).toBeGreaterThan(0);
    expect(json(props.DestinationConfig)).toContain('NotificationsStreamDlq');
    expect(
      JSON.parse(
        (props as { FilterCriteria: { Filters: { Pattern: string }[] } }).FilterCriteria.Filters[0]!.Pattern,
      ),
    ).toEqual({
      eventName: ['INSERT'],
      dynamodb: { NewImage: { entity: { S: ['outbox', 'report_due'] } } },
    });
  });

  it('every table-stream consumer has the one wiring: oldest record first, partial failures, bisect, retries, a DLQ that alarms', () => {
    const topic = logicalIdStartingWith(synth.statelessTemplate, 'AWS::SNS::Topic', 'Alarms');
    const consumers = [
      ['timerSync', 'TimersStreamDlq'],
      ['slaEvents', 'EventsStreamDlq'],
      ['notification', 'NotificationsStreamDlq'],
    ] as const;
    for (const [name, dlqPrefix] of consumers) {
      const dlq = logicalIdStartingWith(synth.statelessTemplate, 'AWS::SQS::Queue', dlqPrefix);
      synth.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: fn(name).logicalId },
        StartingPosition: 'TRIM_HORIZON',
        MaximumBatchingWindowInSeconds: 1,
        BisectBatchOnFunctionError: true,
        MaximumRetryAttempts: Match.anyValue(),
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
        FilterCriteria: { Filters: [{ Pattern: Match.anyValue() }] },
      });
      synth.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
        Threshold: 0,
        AlarmActions: [{ Ref: topic }],
      });
    }
    // Mail and events also alarm on their oldest unhandled record (15 minutes): delayed, not yet lost.
    for (const name of ['slaEvents', 'notification'] as const) {
      synth.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Metrics: [
          Match.objectLike({
            MetricStat: {
              Metric: {
                Namespace: 'AWS/Lambda',
                MetricName: 'IteratorAge',
                Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn(name).logicalId } }],
              },
              Period: 60,
              Stat: 'Maximum',
            },
          }),
        ],
        Threshold: 15 * 60_000,
        AlarmActions: [{ Ref: topic }],
      });
    }
  });

  it('sla-timer: table read/write, no SES (breach and reminder mail go through the outbox)', () => {
    const { env, statements } = fn('slaTimer');
    expect(env[ENV.tableName]).toBeDefined();
    expect(env[ENV.senderAddress]).toBeUndefined();
    expect(statements.flatMap(actionsOf).filter((a) => /^(ses|s3|scheduler|iam):/.test(a))).toEqual([]);
  });

  it('notification: table read/write and ses:SendEmail on the configured identity and configuration set only', () => {
    const { env, statements } = fn('notification');
    const envKeys: EnvName[] = [ENV.tableName, ENV.senderAddress, ENV.sesConfigurationSet, ENV.supportDomain];
    for (const k of envKeys) expect(env[k]).toBeDefined();
    expect(env[ENV.senderAddress]).toBe(`no-reply@${TEST_DOMAIN}`);
    const ses = statementsWith(statements, 'ses:SendEmail');
    expect(ses).toHaveLength(1);
    const resources = json(resourcesOf(ses[0] as Statement));
    expect(resources).toContain(`:identity/${TEST_DOMAIN}"`);
    expect(resources).toContain(`:configuration-set/${env[ENV.sesConfigurationSet]}"`);
    expect(resourcesOf(ses[0] as Statement)).toHaveLength(2);
    expect(statements.flatMap(actionsOf).filter((a) => /^(s3|scheduler|iam):/.test(a))).toEqual([]);
  });

  it('timer-sync: stream read, Create/Delete/Get schedules in its group, PassRole on the scheduler role only', () => {
    const { env, statements } = fn('timerSync');
    const group = resourcesOfType(synth.statelessTemplate, 'AWS::Scheduler::ScheduleGroup');
    const groupName = (Object.values(group)[0]?.Properties as Json | undefined)?.Name as string;
    expect(env[ENV.scheduleGroupName]).toBe(groupName);
    const schedulerRole = logicalIdStartingWith(
      synth.statelessTemplate,
      'AWS::IAM::Role',
      'TimersSchedulerRole',
    );
    const slaTimer = fn('slaTimer');
    expect(env[ENV.schedulerRoleArn]).toEqual({ 'Fn::GetAtt': [schedulerRole, 'Arn'] });
    expect(env[ENV.slaTimerFunctionArn]).toEqual({ 'Fn::GetAtt': [slaTimer.logicalId, 'Arn'] });
    const timerDlq = logicalIdStartingWith(synth.statelessTemplate, 'AWS::SQS::Queue', 'TimersTimerDlq');
    expect(env[ENV.timerDlqArn]).toEqual({ 'Fn::GetAtt': [timerDlq, 'Arn'] });

    const scheduler = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('scheduler:')));
    expect(scheduler).toHaveLength(1);
    expect(actionsOf(scheduler[0] as Statement).sort()).toEqual([
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
      'scheduler:GetSchedule',
    ]);
    expect(json(scheduler[0]?.Resource)).toContain(`:schedule/${groupName}/*"`);
    const passRole = statementsWith(statements, 'iam:PassRole');
    expect(passRole).toHaveLength(1);
    expect(passRole[0]?.Resource).toEqual({ 'Fn::GetAtt': [schedulerRole, 'Arn'] });
    expect(passRole[0]?.Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' },
    });
    const stream = statementsWith(statements, 'dynamodb:GetRecords');
    expect(json(stream[0]?.Resource)).toMatch(/TicketsTable.*StreamArn/);
    expect(statements.flatMap(actionsOf).filter((a) => /^(ses|s3|lambda):/.test(a))).toEqual([]);
    // Tenant re-sync: reads the tenant and tickets, queries the status index only, rewrites tickets; no Scan.
    expect(env[ENV.tableName]).toEqual(statefulOutput(/^PublishOutputRefTicketsTable/));
    const actions = statements.flatMap(actionsOf);
    expect(actions).toEqual(
      expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:PutItem']),
    );
    expect(actions).not.toContain('dynamodb:Scan');
    const indexStatements = statements.filter((s) => json(s.Resource).includes('/index/'));
    expect(indexStatements).toHaveLength(1);
    expect(actionsOf(indexStatements[0] as Statement)).toEqual(['dynamodb:Query']);
    expect(json(indexStatements[0]?.Resource)).toContain(`/index/${GSI.byStatus}"`);
    for (const other of GSI_NAMES.filter((n) => n !== GSI.byStatus))
      expect(json(indexStatements[0]?.Resource)).not.toContain(`/index/${other}"`);
  });

  it('inbound-email: reads raw mail under its prefix, writes attachments under theirs, table; no SES send', () => {
    const { env, statements } = fn('inboundEmail');
    for (const k of [ENV.mailBucket, ENV.tableName, ENV.supportDomain]) expect(env[k]).toBeDefined();
    const s3 = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    const reads = s3.filter((s) => json(s.Resource).endsWith(`/${RAW_MAIL_PREFIX}*"]]}`));
    const writes = s3.filter((s) => json(s.Resource).endsWith(`/${ATTACHMENT_PREFIX}*"]]}`));
    expect(reads.map(actionsOf)).toEqual([['s3:GetObject']]);
    expect(writes.map(actionsOf)).toEqual([['s3:PutObject', 's3:GetObject']]);
    // ListBucket on the bucket itself, so a raw mail that is gone reads as 404 NoSuchKey (the handler rejects
    // it as raw-mail-missing) rather than 403 AccessDenied (which fails, retries and alarms).
    const list = statementsWith(statements, 's3:ListBucket');
    expect(list.map(actionsOf)).toEqual([['s3:ListBucket']]);
    expect(list[0]?.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':s3:::slasentinel-stateful-mail-',
          { Ref: 'AWS::AccountId' },
          '-',
          { Ref: 'AWS::Region' },
        ],
      ],
    });
    expect(json(env[ENV.mailBucket])).toContain('slasentinel-stateful-mail-');
    expect(s3).toHaveLength(3);
    // The prefixes granted are the ones the handler reads and writes under.
    expect(rawMailKey('ses-id').startsWith(RAW_MAIL_PREFIX)).toBe(true);
    expect(attachmentKey('acme', 'ses-id', 0, 'a.pdf').startsWith(ATTACHMENT_PREFIX)).toBe(true);
    expect(statementsWith(statements, 'ses:SendEmail')).toHaveLength(0);
    expect(statementsWith(statements, 'dynamodb:PutItem')).toHaveLength(1);
  });

  it('no IAM statement anywhere has a wildcard action', () => {
    for (const template of [synth.statefulTemplate, synth.statelessTemplate]) {
      const docs: Statement[] = [];
      // CDK's BucketDeployment function (the portal's files) has CDK's grants, named one by one in the cdk-nag
      // acknowledgements of lib/constructs/portal-site.ts; every policy of ours stays without a wildcard.
      for (const [id, p] of Object.entries(resourcesOfType(template, 'AWS::IAM::Policy'))) {
        if (id.startsWith(PORTAL_DEPLOYER)) continue;
        docs.push(...((p.Properties as Json).PolicyDocument as { Statement: Statement[] }).Statement);
      }
      for (const type of ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy']) {
        for (const p of Object.values(resourcesOfType(template, type))) {
          docs.push(...((p.Properties as Json).PolicyDocument as { Statement: Statement[] }).Statement);
        }
      }
      expect(docs.length).toBeGreaterThan(0);
      for (const s of docs.filter((d) => d.Effect === 'Allow')) {
        for (const action of actionsOf(s)) expect(action, json(s)).not.toContain('*');
      }
    }
  });

  it('a * resource appears only with actions that support no resource-level permissions', () => {
    const allowedOnStar = new Set([
      'xray:PutTraceSegments',
      'xray:PutTelemetryRecords',
      'dynamodb:ListStreams',
    ]);
    for (const [id, p] of Object.entries(resourcesOfType(synth.statelessTemplate, 'AWS::IAM::Policy'))) {
      if (id.startsWith(PORTAL_DEPLOYER)) continue; // CDK's grants (see the wildcard-action test)
      for (const s of ((p.Properties as Json).PolicyDocument as { Statement: Statement[] }).Statement) {
        if (resourcesOf(s).includes('*')) for (const a of actionsOf(s)) expect(allowedOnStar).toContain(a);
      }
    }
  });
});

describe('timers: Scheduler group, execution role, DLQs', () => {
  it('the Scheduler role can invoke the sla-timer Lambda and nothing else (plus its DLQ)', () => {
    const role = logicalIdStartingWith(synth.statelessTemplate, 'AWS::IAM::Role', 'TimersSchedulerRole');
    const roleProps = resourcesOfType(synth.statelessTemplate, 'AWS::IAM::Role')[role]?.Properties as Json;
    const trust = roleProps.AssumeRolePolicyDocument as { Statement: Statement[] };
    expect(trust.Statement).toHaveLength(1);
    expect(json(trust.Statement[0])).toContain('scheduler.amazonaws.com');
    expect(trust.Statement[0]?.Condition).toMatchObject({
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    });
    const sourceArns = json(trust.Statement[0]?.Condition?.ArnLike);
    expect(sourceArns).toContain(':schedule-group/SlaSentinel-Stateless-timers"');

    const statements = roleStatements(synth.statelessTemplate, role);
    const invoke = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('lambda:')));
    expect(invoke).toHaveLength(1);
    expect(actionsOf(invoke[0] as Statement)).toEqual(['lambda:InvokeFunction']);
    expect(invoke[0]?.Resource).toEqual({ 'Fn::GetAtt': [fn('slaTimer').logicalId, 'Arn'] });
    const timerDlq = logicalIdStartingWith(synth.statelessTemplate, 'AWS::SQS::Queue', 'TimersTimerDlq');
    expect(statements.filter((s) => s !== invoke[0])).toEqual([
      { Effect: 'Allow', Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [timerDlq, 'Arn'] } },
    ]);
  });

  it('the stream feeds timer-sync with an on-failure DLQ, ticket and tenant profile items only', () => {
    const streamDlq = logicalIdStartingWith(synth.statelessTemplate, 'AWS::SQS::Queue', 'TimersStreamDlq');
    synth.statelessTemplate.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: fn('timerSync').logicalId },
      EventSourceArn: statefulOutputPattern('^PublishOutputFnGetAttTicketsTable\\w+StreamArn'),
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [streamDlq, 'Arn'] } } },
      FilterCriteria: {
        Filters: [{ Pattern: json({ dynamodb: { Keys: { SK: { S: ['TICKET', 'PROFILE'] } } } }) }],
      },
    });
    // The sort keys the filter names are the ticket's and the tenant profile's, and no other item has them.
    expect([keys.ticketSk, keys.profileSk]).toEqual(['TICKET', 'PROFILE']);
    const otherSks = [keys.eventSk(1, 0), keys.commentSk(0, 'c'), keys.refSk, keys.msgSk, keys.counterSk];
    for (const sk of otherSks) expect(['TICKET', 'PROFILE']).not.toContain(sk);
  });

  it('asynchronously invoked functions have their own DLQ; every DLQ alarms on depth > 0 to the topic', () => {
    const queues = resourcesOfType(synth.statelessTemplate, 'AWS::SQS::Queue');
    // timers (3), inbound mail, events' stream, timer reconciler, notifications' stream, monthly reports
    expect(Object.keys(queues)).toHaveLength(8);
    expect(fn('reconcileTimers').props.DeadLetterConfig).toEqual({
      TargetArn: {
        'Fn::GetAtt': [
          logicalIdStartingWith(synth.statelessTemplate, 'AWS::SQS::Queue', 'TimerReconcilerDlq'),
          'Arn',
        ],
      },
    });
    expect(fn('slaTimer').props.DeadLetterConfig).toEqual({
      TargetArn: {
        'Fn::GetAtt': [
          logicalIdStartingWith(synth.statelessTemplate, 'AWS::SQS::Queue', 'TimersSlaTimerDlq'),
          'Arn',
        ],
      },
    });
    expect(fn('inboundEmail').props.DeadLetterConfig).toEqual({
      TargetArn: {
        'Fn::GetAtt': [
          logicalIdStartingWith(synth.statelessTemplate, 'AWS::SQS::Queue', 'InboundMailDlq'),
          'Arn',
        ],
      },
    });
    const topic = logicalIdStartingWith(synth.statelessTemplate, 'AWS::SNS::Topic', 'Alarms');
    const alarms = Object.values(resourcesOfType(synth.statelessTemplate, 'AWS::CloudWatch::Alarm')).map(
      (a) => a.Properties as Json,
    );
    for (const [queueId, queue] of Object.entries(queues)) {
      expect((queue.Properties as Json).SqsManagedSseEnabled).toBe(true);
      const depth = alarms.filter(
        (a) =>
          a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
          json(a.Dimensions) ===
            json([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }]),
      );
      expect(depth, queueId).toHaveLength(1);
      expect(depth[0]).toMatchObject({
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        AlarmActions: [{ Ref: topic }],
      });
    }
  });

  it('the outputs give reconcile-timers the values timer-sync creates schedules with', () => {
    const outputs = synth.statelessTemplate.findOutputs('*') as Record<string, { Value: unknown }>;
    const timerSync = fn('timerSync');
    const pairs: [string, EnvName][] = [
      ['ScheduleGroupName', ENV.scheduleGroupName],
      ['SlaTimerFunctionArn', ENV.slaTimerFunctionArn],
      ['SchedulerRoleArn', ENV.schedulerRoleArn],
      ['TimerDlqArn', ENV.timerDlqArn],
    ];
    for (const [output, variable] of pairs) {
      expect(timerSync.env[variable], variable).toBeDefined();
      expect(outputs[output]?.Value, output).toEqual(timerSync.env[variable]);
    }
    expect(outputs.StreamDlqUrl?.Value).toEqual({
      Ref: logicalIdStartingWith(synth.statelessTemplate, 'AWS::SQS::Queue', 'TimersStreamDlq'),
    });
    expect(Object.keys(synth.statefulTemplate.findOutputs('TableName'))).toEqual(['TableName']);
  });

  it('the outputs give redrive-mail the notification stream DLQ and the notification function', () => {
    const outputs = synth.statelessTemplate.findOutputs('*') as Record<string, { Value: unknown }>;
    expect(outputs.MailDlqUrl?.Value).toEqual({
      Ref: logicalIdStartingWith(synth.statelessTemplate, 'AWS::SQS::Queue', 'NotificationsStreamDlq'),
    });
    expect(outputs.NotificationFunctionName?.Value).toEqual({
      Ref: logicalIdStartingWith(synth.statelessTemplate, 'AWS::Lambda::Function', 'NotificationsSender'),
    });
  });
});

describe('tickets table and mail bucket (stateful stack)', () => {
  it('the table: on demand, PITR, stream with both images, deletion protection, retained, the GSIs', () => {
    synth.statefulTemplate.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        KeySchema: [
          { AttributeName: 'PK', KeyType: 'HASH' },
          { AttributeName: 'SK', KeyType: 'RANGE' },
        ],
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
        GlobalSecondaryIndexes: GSI_NAMES.map((indexName) =>
          Match.objectLike({
            IndexName: indexName,
            KeySchema: [
              { AttributeName: gsiKeys(indexName).partitionKey, KeyType: 'HASH' },
              { AttributeName: gsiKeys(indexName).sortKey, KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          }),
        ),
      }),
    });
  });

  it('the mail bucket: encrypted, private, TLS only, raw mail expires, access logs, retained', () => {
    const buckets = resourcesOfType(synth.statefulTemplate, 'AWS::S3::Bucket');
    const mailId = logicalIdStartingWith(synth.statefulTemplate, 'AWS::S3::Bucket', 'MailStorageMail');
    const mail = buckets[mailId] as Json;
    expect(mail.DeletionPolicy).toBe('Retain');
    expect(mail.Properties).toMatchObject({
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: {
        DestinationBucketName: { Ref: expect.stringMatching(/^MailStorageAccessLogs/) },
      },
      LifecycleConfiguration: {
        Rules: expect.arrayContaining([
          expect.objectContaining({
            Prefix: RAW_MAIL_PREFIX,
            ExpirationInDays: DEFAULTS.rawMailRetentionDays,
            Status: 'Enabled',
          }),
        ]),
      },
    });
    for (const policy of Object.values(resourcesOfType(synth.statefulTemplate, 'AWS::S3::BucketPolicy'))) {
      expect(json(policy)).toContain('"aws:SecureTransport":"false"');
    }
  });

  it('SES may write raw mail into the bucket under the raw prefix only, from this account', () => {
    const mailId = logicalIdStartingWith(synth.statefulTemplate, 'AWS::S3::Bucket', 'MailStorageMail');
    synth.statefulTemplate.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: mailId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Effect: 'Allow',
            Action: 's3:PutObject',
            Principal: { Service: 'ses.amazonaws.com' },
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [mailId, 'Arn'] }, `/${RAW_MAIL_PREFIX}*`]] },
            Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
          },
        ]),
      },
    });
  });
});

describe('inbound mail', () => {
  it('the receipt rule stores the raw mail in S3, then invokes inbound-email, for the configured domain', () => {
    const rules = Object.values(resourcesOfType(synth.statelessTemplate, 'AWS::SES::ReceiptRule'));
    expect(rules).toHaveLength(1);
    const rule = ((rules[0] as Json).Properties as Json).Rule as Json;
    expect(rule).toMatchObject({ Enabled: true, ScanEnabled: true, Recipients: [TEST_DOMAIN] });
    const actions = rule.Actions as Json[];
    expect(actions.map((a) => Object.keys(a))).toEqual([['S3Action'], ['LambdaAction']]);
    expect(actions[0]?.S3Action).toMatchObject({
      BucketName: statefulOutput(/^PublishOutputRefMailStorageMail/),
      ObjectKeyPrefix: RAW_MAIL_PREFIX,
    });
    expect(actions[1]?.LambdaAction).toEqual({
      FunctionArn: { 'Fn::GetAtt': [fn('inboundEmail').logicalId, 'Arn'] },
      InvocationType: 'Event',
    });
    synth.statelessTemplate.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [fn('inboundEmail').logicalId, 'Arn'] },
      Principal: 'ses.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
  });

  it('outbound mail goes through a configuration set that publishes bounces and complaints', () => {
    synth.statelessTemplate.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: Match.arrayWith(['bounce', 'complaint']),
        CloudWatchDestination: Match.anyValue(),
      }),
    });
    // The identity itself is the stateful stack's (its DKIM tokens are in the operator's DNS).
    synth.statefulTemplate.hasResource('AWS::SES::EmailIdentity', {
      DeletionPolicy: 'Retain',
      Properties: { EmailIdentity: TEST_DOMAIN },
    });
    synth.statelessTemplate.resourceCountIs('AWS::SES::EmailIdentity', 0);
  });
});

describe('HTTP API', () => {
  it('routes every path of the table to the api Lambda, a JWT authorizer on all but GET /openapi.json', () => {
    const routes = Object.values(resourcesOfType(synth.statelessTemplate, 'AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as Json,
    );
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(
      API_ROUTES.map((r) => `${r.method} ${r.path}`).sort(),
    );
    const authorizer = logicalIdStartingWith(
      synth.statelessTemplate,
      'AWS::ApiGatewayV2::Authorizer',
      'TicketsApi',
    );
    for (const route of routes) {
      if (route.RouteKey === 'GET /openapi.json') {
        expect(route.AuthorizationType).toBe('NONE');
        expect(route.AuthorizerId).toBeUndefined();
      } else {
        expect(route.AuthorizationType, String(route.RouteKey)).toBe('JWT');
        expect(route.AuthorizerId).toEqual({ Ref: authorizer });
      }
    }
    synth.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Integration', {
      IntegrationType: 'AWS_PROXY',
      IntegrationUri: { 'Fn::GetAtt': [fn('api').logicalId, 'Arn'] },
      PayloadFormatVersion: '2.0',
    });
  });

  it('the default authorizer is a Cognito user pool client (no jwtIssuer given)', () => {
    synth.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        // The API client (stateful stack) and the portal's hosted-UI client.
        Audience: [
          statefulOutputPattern('^PublishOutputRefUsersUserPoolApiClient'),
          { Ref: Match.stringLikeRegexp('^PortalClient') },
        ],
        Issuer: Match.anyValue(),
      },
    });
    synth.statefulTemplate.resourceCountIs('AWS::Cognito::UserPoolGroup', 3);
  });

  it('the stage throttles and writes JSON access logs', () => {
    synth.statelessTemplate.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: DEFAULTS.apiThrottleRateLimit,
        ThrottlingBurstLimit: DEFAULTS.apiThrottleBurstLimit,
      },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
    });
  });
});

describe('observability', () => {
  function dashboardBody(): string {
    const dashboards = Object.values(resourcesOfType(synth.statelessTemplate, 'AWS::CloudWatch::Dashboard'));
    expect(dashboards).toHaveLength(1);
    return json((dashboards[0]?.Properties as Json | undefined)?.DashboardBody);
  }

  it('the dashboard graphs every custom metric in shared/observability/metrics.ts, from its namespace', () => {
    const body = dashboardBody();
    for (const name of Object.values(METRIC))
      expect(body, name).toContain(`MetricName=\\\\\\"${name}\\\\\\"`);
    expect(body).toContain(`Namespace=\\\\\\"${METRICS_NAMESPACE}\\\\\\"`);
  });

  it('every metric the dashboard graphs is emitted by the code of some function (METRIC.<key> in its bundle)', () => {
    const emitted = new Set<string>();
    for (const name of lambdaNames) {
      for (const source of analyses[name].sources) {
        const text = readFileSync(resolve(import.meta.dirname, '../..', source), 'utf8');
        for (const match of text.matchAll(/\bMETRIC\.(\w+)/g)) emitted.add(match[1] as string);
      }
    }
    for (const key of Object.keys(METRIC)) expect(emitted, `METRIC.${key}`).toContain(key);
  });

  it('the dashboard has compliance per milestone, Lambda health, DLQ depth and SES bounces/complaints', () => {
    const body = dashboardBody();
    for (const milestone of ['firstResponse', 'update', 'escalation', 'resolution']) {
      // FILL: a period without breaches shows 100 %, not a gap.
      expect(body).toContain(
        `100 * FILL(met_${milestone}, 0) / (FILL(met_${milestone}, 0) + FILL(breached_${milestone}, 0))`,
      );
    }
    for (const title of [
      'Lambda errors',
      'Lambda duration p99',
      'Lambda throttles',
      'Dead-letter queue depth',
    ]) {
      expect(body).toContain(title);
    }
    expect(body).toContain('RUNNING_SUM');
    // SLA events (published, failed, the oldest not yet on the bus) and the monthly report mails.
    expect(body).toContain('SLA events published and failed');
    expect(body).toContain('Age of the oldest unpublished SLA event');
    expect(body).toContain('Monthly report mails sent and failed');
    expect(body).toContain(
      `MetricName=\\\\\\"${METRIC.notificationsSent}\\\\\\" template=\\\\\\"monthlyReport\\\\\\"`,
    );
    expect(body).toContain(
      `MetricName=\\\\\\"${METRIC.notificationsFailed}\\\\\\" template=\\\\\\"monthlyReport\\\\\\"`,
    );
    expect(body).toMatch(/AWS\/SES.*Bounce/);
    expect(body).toContain('Complaint');
  });

  it('alarms: timer lateness over 2 minutes and errors of every function, all to the topic', () => {
    const topic = logicalIdStartingWith(synth.statelessTemplate, 'AWS::SNS::Topic', 'Alarms');
    synth.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Threshold: 120_000,
      ComparisonOperator: 'GreaterThanThreshold',
      Metrics: [
        Match.objectLike({ Expression: `SELECT MAX(${METRIC.timerLateness}) FROM ${METRICS_NAMESPACE}` }),
      ],
      AlarmActions: [{ Ref: topic }],
    });
    for (const name of lambdaNames) {
      synth.statelessTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn(name).logicalId } }],
        Threshold: 0,
        AlarmActions: [{ Ref: topic }],
      });
    }
  });
});

describe('lifecycle: deploy, redeploy, destroy', () => {
  const stacks = () => ({
    stateful: { stackName: STACK_NAMES.stateful, template: synth.statefulTemplate.toJSON() },
    stateless: { stackName: STACK_NAMES.stateless, template: synth.statelessTemplate.toJSON() },
  });

  it('npm run deploy:check finds nothing on the app (the same checks, on this synthesis and the README)', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    expect(runDeployChecks({ ...stacks(), readme })).toEqual([]);
  });

  it("every alarm's action topic lets CloudWatch publish (the topic policy replaces the default one)", () => {
    const alarms = Object.values(resourcesOfType(synth.statelessTemplate, 'AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThanOrEqual(lambdaNames.length + 4 + 1);
    const topics = new Set(
      alarms.flatMap((a) => ((a.Properties as Json).AlarmActions as { Ref: string }[]).map((t) => t.Ref)),
    );
    expect(topics.size).toBe(1);
    for (const topic of topics) {
      synth.statelessTemplate.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: topic }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            {
              Sid: 'CloudWatchAlarmsPublish',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: 'sns:Publish',
              Resource: { Ref: topic },
              Condition: {
                StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
                ArnLike: { 'aws:SourceArn': Match.objectLike({ 'Fn::Join': Match.anyValue() }) },
              },
            },
          ]),
        },
      });
    }
    expect(checkAlarmTopics(stacks().stateless)).toEqual([]);
  });

  it("the user pool and its client are the stateful stack's: retained, deletion protection on, no OAuth flows", () => {
    synth.statelessTemplate.resourceCountIs('AWS::Cognito::UserPool', 0);
    // The one client outside it is the portal's (code grant only, callback the portal: portal.test.ts).
    synth.statelessTemplate.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    synth.statefulTemplate.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
    const clients = Object.values(resourcesOfType(synth.statefulTemplate, 'AWS::Cognito::UserPoolClient'));
    expect(clients).toHaveLength(1);
    const client = (clients[0] as Json).Properties as Json;
    expect(client.AllowedOAuthFlowsUserPoolClient).toBe(false);
    // A customer's email decides which tickets are theirs: users may not write it (nor their tenant).
    expect(client.WriteAttributes).toEqual(['name']);
    for (const key of ['AllowedOAuthFlows', 'AllowedOAuthScopes', 'CallbackURLs', 'LogoutURLs'])
      expect(client[key], key).toBeUndefined();
    expect(Object.keys(synth.statefulTemplate.findOutputs('*'))).toEqual(
      expect.arrayContaining(['UserPoolId', 'UserPoolClientId', 'DkimRecord1', 'DkimRecord2', 'DkimRecord3']),
    );
  });

  it('the schedule group is named after the stack and deleted with it; the rule set is found by the same name the commands use', () => {
    synth.statelessTemplate.hasResource('AWS::Scheduler::ScheduleGroup', {
      DeletionPolicy: 'Delete',
      Properties: { Name: `${STACK_NAMES.stateless}-timers` },
    });
    synth.statelessTemplate.hasResourceProperties('AWS::SES::ReceiptRuleSet', {
      RuleSetName: receiptRuleSetName(STACK_NAMES.stateless),
    });
  });

  it('the stacks refer to each other through weak references only: no export, no import', () => {
    expect(json(synth.statelessTemplate.toJSON())).not.toContain('Fn::ImportValue');
    for (const output of Object.values(synth.statefulTemplate.findOutputs('*')))
      expect(output.Export).toBeUndefined();
    expect(json(synth.statelessTemplate.toJSON())).toContain('Fn::GetStackOutput');
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unacknowledged finding on either stack', () => {
    const report = new AwsSolutionsChecks().validateScope(synth.app);
    expect(
      report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath)}`),
    ).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('leaves no warning or error annotation on either stack (what Annotations.fromStack would report)', () => {
    for (const stack of synth.assembly.stacks) {
      const messages = stack.messages.filter((m) => m.level === 'warning' || m.level === 'error');
      expect(messages.map((m) => `${m.id}: ${String(m.entry.data)}`)).toEqual([]);
    }
    expect(synth.assembly.stacks).toHaveLength(2);
  });

  it('every acknowledgement gives a specific reason', () => {
    const acknowledgements = synth.app.node
      .findAll()
      .flatMap((c) => c.node.metadata.filter((m) => m.type === 'aws:cdk:acknowledged-rules'))
      .flatMap((m) => Object.entries(m.data as Record<string, string>));
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const [id, reason] of acknowledgements) {
      expect(id).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(reason.length, id).toBeGreaterThan(40);
    }
  });
});

describe('configuration', () => {
  it('loads every preset by default', () => {
    expect(synth.config.presets).toEqual([...PRESET_IDS]);
  });
});
