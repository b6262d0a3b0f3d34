/**
 * CDK assertions on the SLA events wiring: the bus, its archive, the sla-events Lambda on the table stream (ticket
 * items only, partial batch failures, an on-failure DLQ that alarms), its narrow grants, and with CDK context
 * `webhookUrl` the API destination with its connection, rule, EventBridge retries and DLQ. Each synthesis runs
 * cdk-nag's AwsSolutions checks (an unacknowledged finding fails it).
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidConfigError, parseConfig } from '../../lib/config.js';
import { WEBHOOK_KEY_HEADER } from '../../lib/constructs/sla-events.js';
import { EVENT_SOURCE } from '../../shared/events/event-contract.js';
import { ENV } from '../../shared/runtime/env.js';
import {
  actionsOf,
  logicalIdStartingWith,
  resourcesOfType,
  roleStatements,
  type SynthesizedApp,
  statefulOutputPattern,
  synthesize,
  TEST_DOMAIN,
} from './synth-fixture.js';

type Json = Record<string, unknown>;
const WEBHOOK = 'https://hooks.example.com/sla';

let plain: SynthesizedApp;
let withWebhook: SynthesizedApp;

beforeAll(() => {
  plain = synthesize();
  withWebhook = synthesize({ webhookUrl: WEBHOOK });
}, 240_000);

const busId = (s: SynthesizedApp) =>
  logicalIdStartingWith(s.statelessTemplate, 'AWS::Events::EventBus', 'EventsBus');
const publisherId = (s: SynthesizedApp) =>
  s.stateless.getLogicalId(s.stateless.events.publisher.node.defaultChild as never);

describe('the SLA events bus', () => {
  it('a custom bus with an archive of every SLA event (365 days), named in the outputs', () => {
    const t = plain.statelessTemplate;
    const bus = busId(plain);
    t.hasResourceProperties('AWS::Events::Archive', {
      SourceArn: { 'Fn::GetAtt': [bus, 'Arn'] },
      EventPattern: { source: [EVENT_SOURCE] },
      RetentionDays: 365,
    });
    const outputs = t.toJSON().Outputs as Record<string, Json>;
    expect(outputs.EventBusName?.Value).toEqual({ Ref: bus });
    expect(outputs.EventArchiveName).toBeDefined();
    expect(outputs.EventsStreamDlqUrl).toBeDefined();
    expect(outputs.WebhookKeySecretArn).toBeUndefined();
  });

  it('the sla-events Lambda reads the stream (ticket items only) with partial failures and an on-failure DLQ', () => {
    const t = plain.statelessTemplate;
    const dlq = logicalIdStartingWith(t, 'AWS::SQS::Queue', 'EventsStreamDlq');
    t.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      FunctionName: { Ref: publisherId(plain) },
      EventSourceArn: statefulOutputPattern('^PublishOutputFnGetAttTicketsTable\\w+StreamArn'),
      StartingPosition: 'TRIM_HORIZON',
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 10,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ dynamodb: { Keys: { SK: { S: ['TICKET'] } } } }) }],
      },
    });
    const topic = logicalIdStartingWith(t, 'AWS::SNS::Topic', 'Alarms');
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
      Threshold: 0,
      AlarmActions: [{ Ref: topic }],
    });
  });

  it('its grants: PutEvents on this bus with our source only, table read (no write, no index), EVENT_BUS_NAME', () => {
    const t = plain.statelessTemplate;
    const fn = resourcesOfType(t, 'AWS::Lambda::Function')[publisherId(plain)] as Json;
    const env = ((fn.Properties as Json).Environment as { Variables: Json }).Variables;
    expect(env[ENV.eventBusName]).toEqual({ Ref: busId(plain) });
    const role = plain.stateless.getLogicalId(
      plain.stateless.events.publisher.executionRole.node.defaultChild as never,
    );
    const statements = roleStatements(t, role);
    const put = statements.filter((s) => actionsOf(s).includes('events:PutEvents'));
    expect(put).toEqual([
      {
        Effect: 'Allow',
        Action: 'events:PutEvents',
        Resource: { 'Fn::GetAtt': [busId(plain), 'Arn'] },
        Condition: { StringEquals: { 'events:source': EVENT_SOURCE } },
      },
    ]);
    const actions = statements.flatMap(actionsOf);
    expect(actions).toContain('dynamodb:GetItem');
    expect(actions).not.toContain('dynamodb:PutItem');
    expect(actions).not.toContain('dynamodb:UpdateItem');
    expect(JSON.stringify(statements)).not.toContain('/index/');
  });

  it('without webhookUrl: no connection, API destination or rule', () => {
    const t = plain.statelessTemplate;
    expect(Object.keys(resourcesOfType(t, 'AWS::Events::Connection'))).toHaveLength(0);
    expect(Object.keys(resourcesOfType(t, 'AWS::Events::ApiDestination'))).toHaveLength(0);
    expect(Object.keys(resourcesOfType(t, 'AWS::Events::Rule'))).toHaveLength(0);
  });
});

describe('with CDK context webhookUrl', () => {
  it('an API destination (POST to the URL) through a connection with a generated key header', () => {
    const t = withWebhook.statelessTemplate;
    const connection = logicalIdStartingWith(t, 'AWS::Events::Connection', 'EventsWebhookConnection');
    t.hasResourceProperties('AWS::Events::ApiDestination', {
      ConnectionArn: { 'Fn::GetAtt': [connection, 'Arn'] },
      InvocationEndpoint: WEBHOOK,
      HttpMethod: 'POST',
    });
    t.hasResourceProperties('AWS::Events::Connection', {
      AuthorizationType: 'API_KEY',
      AuthParameters: { ApiKeyAuthParameters: { ApiKeyName: WEBHOOK_KEY_HEADER } },
    });
    expect(Object.keys(resourcesOfType(t, 'AWS::SecretsManager::Secret'))).toHaveLength(1);
    expect((t.toJSON().Outputs as Json).WebhookKeySecretArn).toBeDefined();
  });

  it('a rule on the bus sends every SLA event there, with EventBridge retries (24 h) and a DLQ that alarms', () => {
    const t = withWebhook.statelessTemplate;
    const destination = logicalIdStartingWith(t, 'AWS::Events::ApiDestination', 'EventsWebhookDestination');
    const dlq = logicalIdStartingWith(t, 'AWS::SQS::Queue', 'EventsWebhookDlq');
    t.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: { Ref: busId(withWebhook) },
      EventPattern: { source: [EVENT_SOURCE] },
      Targets: [
        Match.objectLike({
          Arn: { 'Fn::GetAtt': [destination, 'Arn'] },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [dlq, 'Arn'] } },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        }),
      ],
    });
    // EventBridge may write to that DLQ (the queue policy the target adds), and its depth alarms.
    t.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: dlq }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sqs:SendMessage', Principal: { Service: 'events.amazonaws.com' } }),
        ]),
      },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlq, 'QueueName'] } }],
      Threshold: 0,
    });
  });

  it('a webhookUrl that is not https stops the synthesis naming the key', () => {
    expect(() => parseConfig({ webhookUrl: 'http://hooks.example.com/sla' })).toThrow(InvalidConfigError);
    expect(() => parseConfig({ domain: TEST_DOMAIN, webhookUrl: 'http://hooks.example.com/sla' })).toThrow(
      /webhookUrl/,
    );
    expect(parseConfig({ domain: TEST_DOMAIN, webhookUrl: WEBHOOK }).webhookUrl).toBe(WEBHOOK);
    expect(parseConfig({ domain: TEST_DOMAIN }).webhookUrl).toBeUndefined();
  });
});
