import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildSlaSentinel, STACK_NAMES } from '../../lib/app.js';
import {
  DEFAULTS,
  DOMAIN_REQUIRED_MESSAGE,
  InvalidConfigError,
  PRESET_IDS,
  parseConfig,
  senderIdentity,
} from '../../lib/config.js';
import { ENV } from '../../shared/runtime/env.js';
import { PRESET_IDS as ENGINE_PRESET_IDS } from '../../shared/sla/presets/index.js';

describe('parseConfig (CDK context)', () => {
  it('offers exactly the presets the engine has (the api Lambda checks SLA_PRESETS against the same list)', () => {
    expect([...PRESET_IDS].sort()).toEqual([...ENGINE_PRESET_IDS].sort());
  });

  it('has a default for every key but domain, which it requires with a message saying how to give it', () => {
    expect(() => parseConfig({})).toThrow(InvalidConfigError);
    expect(() => parseConfig({})).toThrow(`domain: ${DOMAIN_REQUIRED_MESSAGE}`);
    const config = parseConfig({ domain: 'support.acme.example' });
    expect(config).toMatchObject({
      domain: 'support.acme.example',
      senderAddress: 'no-reply@support.acme.example',
      presets: [...PRESET_IDS],
      logRetentionDays: DEFAULTS.logRetentionDays,
      rawMailRetentionDays: DEFAULTS.rawMailRetentionDays,
    });
    expect(config.jwtIssuer).toBeUndefined();
    expect(config.alarmEmail).toBeUndefined();
    expect(senderIdentity(config)).toBe('support.acme.example');
  });

  it('a synthesis without -c domain fails before building anything, naming the key', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    expect(() => buildSlaSentinel(app)).toThrow(/^Invalid CDK context:\n\s+domain: required: /);
    expect(app.node.children).toHaveLength(0);
  });

  it('accepts the strings `-c key=value` gives (comma lists, numbers)', () => {
    const config = parseConfig({
      domain: 'Support.Acme.EXAMPLE',
      senderAddress: 'help@mail.acme.example',
      presets: 'interzen, harmoni',
      logRetentionDays: '90',
      alarmEmail: 'ops@acme.example',
    });
    expect(config.domain).toBe('support.acme.example');
    expect(config.presets).toEqual(['interzen', 'harmoni']);
    expect(config.logRetentionDays).toBe(90);
    expect(senderIdentity(config)).toBe('mail.acme.example');
  });

  it('accepts real JSON from cdk.json', () => {
    expect(
      parseConfig({ domain: 'support.acme.example', presets: ['managry'], logRetentionDays: 365 }),
    ).toMatchObject({
      presets: ['managry'],
      logRetentionDays: 365,
    });
  });

  it.each([
    [{ domain: 'not a domain' }, 'domain'],
    [{ presets: 'interzen,nosuchpreset' }, 'presets'],
    [{ presets: '' }, 'presets'],
    [{ logRetentionDays: '31' }, 'logRetentionDays'],
    [{ alarmEmail: 'nobody' }, 'alarmEmail'],
    [{ jwtIssuer: 'https://issuer.example' }, 'jwtAudience'],
    [{ jwtAudience: 'client' }, 'jwtIssuer'],
    [{ jwtIssuer: 'http://insecure.example', jwtAudience: 'client' }, 'jwtIssuer'],
    [{ apiThrottleRateLimit: '-5' }, 'apiThrottleRateLimit'],
    [{ sandboxRecipients: 'qa@elsewhere.example,not an address' }, 'sandboxRecipients'],
  ])('rejects %j naming the key %s', (given, key) => {
    const raw = { domain: 'support.acme.example', ...given };
    expect(() => parseConfig(raw)).toThrow(InvalidConfigError);
    expect(() => parseConfig(raw)).toThrow(new RegExp(`^Invalid CDK context:\\n\\s+${key}(\\.\\d+)?: `));
  });
});

describe('the stack follows the context', () => {
  // One more synthesis with every optional key set; built-in template validation is off here only to keep
  // this second synthesis short (stack.test.ts synthesizes the default app with it on).
  const app = new App({
    builtinCloudFormationValidation: false,
    context: {
      'aws:cdk:bundling-stacks': [],
      domain: 'support.acme.example',
      senderAddress: 'help@acme.example',
      jwtIssuer: 'https://login.acme.example/',
      jwtAudience: 'sla-sentinel',
      alarmEmail: 'ops@acme.example',
      presets: 'interzen,harmoni',
      logRetentionDays: '14',
      sandboxRecipients: 'QA@elsewhere.example, test.example',
    },
  });
  const { stateless } = buildSlaSentinel(app);
  const assembly = app.synth();
  const template = Template.fromJSON(assembly.getStackByName(stateless.stackName).template);

  it('uses the given OIDC issuer and audience instead of creating a Cognito user pool', () => {
    template.resourceCountIs('AWS::Cognito::UserPool', 0);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      JwtConfiguration: { Issuer: 'https://login.acme.example/', Audience: ['sla-sentinel'] },
    });
  });

  it('subscribes the alarm email to the alarm topic', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'ops@acme.example',
    });
  });

  it('receives mail for the domain, sends as the sender identity, offers only the chosen presets', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: { Recipients: ['support.acme.example'] },
    });
    const stateful = Template.fromJSON(assembly.getStackByName(STACK_NAMES.stateful).template);
    stateful.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'acme.example' });
    stateful.resourceCountIs('AWS::Cognito::UserPool', 0);
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).map(
      // CDK's own functions (the deploy trigger's provider) carry no environment.
      (f) => (f.Properties.Environment?.Variables ?? {}) as Record<string, unknown>,
    );
    // The one mail sender: the notification Lambda (every mail, from the outbox).
    expect(functions.filter((env) => env[ENV.senderAddress] === 'help@acme.example')).toHaveLength(1);
    // inbound-email (its recipients), notification (reply addresses) and api (no participant at our own domain).
    expect(functions.filter((env) => env[ENV.supportDomain] === 'support.acme.example')).toHaveLength(3);
    expect(functions.map((env) => env[ENV.enabledPresets]).filter(Boolean)).toEqual(['interzen,harmoni']);
    // SES sandbox: the verified test recipients join the sender identity in every sender's ses:SendEmail grant.
    const sendGrants = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: unknown; Resource: unknown }[])
      .filter((st) => st.Action === 'ses:SendEmail')
      .map((st) => JSON.stringify(st.Resource));
    expect(sendGrants).toHaveLength(1);
    for (const grant of sendGrants) {
      for (const identity of ['acme.example', 'qa@elsewhere.example', 'test.example'])
        expect(grant).toContain(`:identity/${identity}"`);
    }
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(14);
    }
  });
});
