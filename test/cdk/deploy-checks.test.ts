/**
 * The deploy checks on small templates written out by hand: each check finds what it is for and says where,
 * and lets the right shape pass. stack.test.ts runs them on the synthesized app (no finding), and
 * `npm run deploy:check` prints them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkAlarmTopics } from '../../lib/deploy-checks/alarm-topics.js';
import { checkEnvGrants } from '../../lib/deploy-checks/env-grants.js';
import { DEPLOY_CHECKS, runDeployChecks } from '../../lib/deploy-checks/index.js';
import { checkMailDomains } from '../../lib/deploy-checks/mail-domains.js';
import {
  checkRetainedAsDocumented,
  checkStatelessNames,
  retainedClaims,
} from '../../lib/deploy-checks/retained-resources.js';
import type { CfnResource, SynthesizedStack } from '../../lib/deploy-checks/template.js';
import { ENV } from '../../shared/runtime/env.js';

const stack = (stackName: string, resources: Record<string, CfnResource>): SynthesizedStack => ({
  stackName,
  template: { Resources: resources },
});

const TOPIC = { Type: 'AWS::SNS::Topic', Properties: {} };
const ALARM = { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmActions: [{ Ref: 'Topic' }] } };
const TLS_DENY = {
  Effect: 'Deny',
  Principal: '*',
  Action: 'sns:Publish',
  Resource: { Ref: 'Topic' },
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};
const CLOUDWATCH_ALLOW = {
  Effect: 'Allow',
  Principal: { Service: 'cloudwatch.amazonaws.com' },
  Action: 'sns:Publish',
  Resource: { Ref: 'Topic' },
  Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
};
const topicPolicy = (...statements: unknown[]) => ({
  Type: 'AWS::SNS::TopicPolicy',
  Properties: { Topics: [{ Ref: 'Topic' }], PolicyDocument: { Statement: statements } },
});

describe('alarm-topics-publishable', () => {
  it('finds an alarm whose topic policy holds only the TLS deny (the policy replaces the default one)', () => {
    const findings = checkAlarmTopics(
      stack('S', { Topic: TOPIC, Alarm: ALARM, Policy: topicPolicy(TLS_DENY) }),
    );
    expect(findings).toEqual([
      {
        check: DEPLOY_CHECKS.alarmTopics,
        where: 'S/Alarm',
        message: expect.stringContaining('does not allow cloudwatch.amazonaws.com to sns:Publish'),
      },
    ]);
  });

  it('passes when the policy lets CloudWatch publish, or when the topic keeps the default policy', () => {
    expect(
      checkAlarmTopics(
        stack('S', { Topic: TOPIC, Alarm: ALARM, Policy: topicPolicy(TLS_DENY, CLOUDWATCH_ALLOW) }),
      ),
    ).toEqual([]);
    expect(checkAlarmTopics(stack('S', { Topic: TOPIC, Alarm: ALARM }))).toEqual([]);
  });

  it('an allow for another service, or an action that is not a topic here, is a finding too', () => {
    const events = { ...CLOUDWATCH_ALLOW, Principal: { Service: 'events.amazonaws.com' } };
    expect(
      checkAlarmTopics(stack('S', { Topic: TOPIC, Alarm: ALARM, Policy: topicPolicy(events) })),
    ).toHaveLength(1);
    const elsewhere = {
      Type: 'AWS::CloudWatch::Alarm',
      Properties: { OKActions: ['arn:aws:sns:eu-west-1:1:x'] },
    };
    expect(checkAlarmTopics(stack('S', { Alarm: elsewhere }))[0]?.message).toMatch(
      /^OKActions .* not an SNS topic/,
    );
  });
});

describe('stateless-no-retained-fixed-names', () => {
  it('finds a retained schedule group with a fixed name (left behind by destroy, "already exists" next time)', () => {
    const group = {
      Type: 'AWS::Scheduler::ScheduleGroup',
      DeletionPolicy: 'Retain',
      Properties: { Name: 'X-timers' },
    };
    const findings = checkStatelessNames(stack('SlaSentinel-Stateless', { Group: group }));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ where: 'SlaSentinel-Stateless/Group' });
    expect(findings[0]?.message).toContain('fixed Name "X-timers"');
  });

  it('lets a fixed name deleted with the stack and a retained resource with a generated name pass', () => {
    const deleted = {
      Type: 'AWS::Scheduler::ScheduleGroup',
      DeletionPolicy: 'Delete',
      Properties: { Name: 'X' },
    };
    const logs = {
      Type: 'AWS::Logs::LogGroup',
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 30 },
    };
    const named = { Type: 'AWS::SQS::Queue', DeletionPolicy: 'Retain', Properties: { QueueName: 'q' } };
    expect(checkStatelessNames(stack('S', { Group: deleted, Logs: logs }))).toEqual([]);
    expect(checkStatelessNames(stack('S', { Queue: named }))[0]?.message).toContain('QueueName');
  });
});

describe('retained-as-readme-says', () => {
  const readme = [
    '### Removing it',
    '',
    '| retained | stack | type | deletion protection |',
    '| --- | --- | --- | --- |',
    '| the tickets table | `A` | `AWS::DynamoDB::Table` | yes |',
    '',
    '## Next section',
    '| not a claim | `A` | `AWS::S3::Bucket` | no |',
  ].join('\n');
  const table = (policy: string, protection: boolean): CfnResource => ({
    Type: 'AWS::DynamoDB::Table',
    DeletionPolicy: policy,
    Properties: { DeletionProtectionEnabled: protection },
  });

  it('reads the claims of the section only', () => {
    expect(retainedClaims(readme)).toEqual([
      { what: 'the tickets table', stackName: 'A', type: 'AWS::DynamoDB::Table', deletionProtection: true },
    ]);
  });

  it('finds a claimed resource that is not retained or not protected, and a retained one nobody claims', () => {
    expect(checkRetainedAsDocumented([stack('A', { T: table('Retain', true) })], readme)).toEqual([]);
    const findings = checkRetainedAsDocumented(
      [
        stack('A', {
          T: table('Delete', false),
          B: { Type: 'AWS::S3::Bucket', DeletionPolicy: 'Retain' },
        }),
      ],
      readme,
    );
    expect(findings.map((f) => `${f.where}: ${f.message}`)).toEqual([
      'A/T: the README calls "the tickets table" retained, but its DeletionPolicy is Delete',
      'A/T: the README says "the tickets table" has deletion protection, but it is off',
      'A/B: AWS::S3::Bucket is retained on delete, but the README\'s "### Removing it" table does not say so',
    ]);
  });

  it('a README without the table is a finding, not a pass', () => {
    expect(checkRetainedAsDocumented([stack('A', {})], '# nothing here')).toHaveLength(1);
  });

  it("the project's README has the table, for both stacks", () => {
    const claims = retainedClaims(readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8'));
    expect(new Set(claims.map((c) => c.stackName))).toEqual(
      new Set(['SlaSentinel-Stateful', 'SlaSentinel-Stateless']),
    );
    expect(
      claims
        .filter((c) => c.deletionProtection)
        .map((c) => c.type)
        .sort(),
    ).toEqual(['AWS::Cognito::UserPool', 'AWS::DynamoDB::Table']);
  });
});

describe('env-backed-by-grant', () => {
  const fn = (variables: Record<string, unknown>): CfnResource => ({
    Type: 'AWS::Lambda::Function',
    Properties: { Role: { 'Fn::GetAtt': ['Role', 'Arn'] }, Environment: { Variables: variables } },
  });
  const policy = (...statements: unknown[]): CfnResource => ({
    Type: 'AWS::IAM::Policy',
    Properties: { Roles: [{ Ref: 'Role' }], PolicyDocument: { Statement: statements } },
  });
  const tableName = {
    'Fn::GetStackOutput': { StackName: 'A', OutputName: 'PublishOutputRefTable0123ABCDF00D1234' },
  };
  const tableArn = {
    'Fn::GetStackOutput': { StackName: 'A', OutputName: 'PublishOutputFnGetAttTable0123ABCDArn99' },
  };
  const identityArn = {
    'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ses:r:a:identity/acme.example']],
  };

  it('finds a table name without data access and a sender without ses:SendEmail on its identity', () => {
    const findings = checkEnvGrants(
      stack('S', {
        Fn: fn({ [ENV.tableName]: tableName, [ENV.senderAddress]: 'no-reply@acme.example' }),
        Role: { Type: 'AWS::IAM::Role' },
        Policy: policy({
          Effect: 'Allow',
          Action: 'ses:SendEmail',
          Resource: { 'Fn::Join': ['', ['x:identity/other.example']] },
        }),
      }),
    );
    expect(findings.map((f) => f.message)).toEqual([
      expect.stringMatching(
        /^TABLE_NAME=.* but its role has no dynamodb:GetItem or dynamodb:Query or dynamodb:Scan on it$/,
      ),
      expect.stringMatching(/^SENDER_ADDRESS=no-reply@acme.example but its role has no ses:SendEmail on it$/),
    ]);
  });

  it('passes when each variable has its grant; settings need none; an unknown variable or an emulator endpoint is a finding', () => {
    const resources = {
      Fn: fn({
        [ENV.tableName]: tableName,
        [ENV.senderAddress]: 'no-reply@acme.example',
        [ENV.supportDomain]: 'support.acme.example',
        POWERTOOLS_SERVICE_NAME: 'x',
      }),
      Role: { Type: 'AWS::IAM::Role' },
      Policy: policy(
        { Effect: 'Allow', Action: ['dynamodb:GetItem', 'dynamodb:PutItem'], Resource: tableArn },
        { Effect: 'Allow', Action: 'ses:SendEmail', Resource: [identityArn] },
      ),
    };
    expect(checkEnvGrants(stack('S', resources))).toEqual([]);
    const extra = { ...resources, Fn: fn({ MYSTERY: 'x', [ENV.dynamoDbEndpoint]: 'http://localhost:8000' }) };
    expect(checkEnvGrants(stack('S', extra)).map((f) => f.message)).toEqual([
      'MYSTERY has no rule in lib/deploy-checks/env-grants.ts saying which grant backs it',
      'DYNAMODB_ENDPOINT points the function at a local emulator; it must never be set in AWS',
    ]);
  });
});

describe('mail-domains-coherent', () => {
  const identity = (name: string): CfnResource => ({
    Type: 'AWS::SES::EmailIdentity',
    Properties: { EmailIdentity: name },
  });
  const rule = (...recipients: string[]): CfnResource => ({
    Type: 'AWS::SES::ReceiptRule',
    Properties: { Rule: { Recipients: recipients } },
  });
  const fn = (sender: string, support: string): CfnResource => ({
    Type: 'AWS::Lambda::Function',
    Properties: { Environment: { Variables: { [ENV.senderAddress]: sender, [ENV.supportDomain]: support } } },
  });

  it('passes a sender at the identity and a support domain SES receives for, in the same organisation', () => {
    const stacks = [
      stack('A', { Identity: identity('acme.example') }),
      stack('B', {
        Rule: rule('support.acme.example'),
        Fn: fn('support@acme.example', 'support.acme.example'),
      }),
    ];
    expect(checkMailDomains(stacks)).toEqual([]);
  });

  it('finds a sender off the identity, a support domain nobody receives for, and unrelated domains', () => {
    const off = checkMailDomains([
      stack('A', { Identity: identity('acme.example'), Rule: rule('support.acme.example') }),
      stack('B', { Fn: fn('help@other.example', 'help.acme.example') }),
    ]);
    expect(off.map((f) => f.message)).toEqual([
      expect.stringMatching(/^SENDER_ADDRESS=help@other.example is not at the SES identity acme.example/),
      expect.stringMatching(/^SUPPORT_DOMAIN=help.acme.example is not a domain SES receives for/),
    ]);
    const unrelated = checkMailDomains([
      stack('A', { Identity: identity('acme.example'), Rule: rule('support.other.example') }),
      stack('B', { Fn: fn('no-reply@acme.example', 'support.other.example') }),
    ]);
    expect(unrelated.map((f) => f.message)).toEqual([expect.stringContaining('are unrelated domains')]);
    expect(checkMailDomains([stack('A', {})])[0]?.message).toMatch(
      /^expected exactly one SES email identity/,
    );
  });
});

describe('runDeployChecks', () => {
  it('runs every check over both stacks', () => {
    const findings = runDeployChecks({
      stateful: stack('SlaSentinel-Stateful', {}),
      stateless: stack('SlaSentinel-Stateless', {
        Topic: TOPIC,
        Alarm: ALARM,
        Policy: topicPolicy(TLS_DENY),
      }),
      readme: '',
    });
    expect(new Set(findings.map((f) => f.check))).toEqual(
      new Set([DEPLOY_CHECKS.alarmTopics, DEPLOY_CHECKS.retainedAsDocumented, DEPLOY_CHECKS.mailDomains]),
    );
  });
});
