import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildSlaSentinel } from '../../lib/app.js';
import { DEFAULTS, InvalidConfigError, PRESET_IDS, parseConfig, senderIdentity } from '../../lib/config.js';
import { ENV } from '../../shared/runtime/env.js';
import { PRESET_IDS as ENGINE_PRESET_IDS } from '../../shared/sla/presets/index.js';

describe('parseConfig (CDK context)', () => {
  it('offers exactly the presets the engine has (the api Lambda checks SLA_PRESETS against the same list)', () => {
    expect([...PRESET_IDS].sort()).toEqual([...ENGINE_PRESET_IDS].sort());
  });

  it('has a default for every key, so a clean checkout synthesizes', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      domain: DEFAULTS.domain,
      senderAddress: `no-reply@${DEFAULTS.domain}`,
      presets: [...PRESET_IDS],
      logRetentionDays: DEFAULTS.logRetentionDays,
      rawMailRetentionDays: DEFAULTS.rawMailRetentionDays,
    });
    expect(config.jwtIssuer).toBeUndefined();
    expect(config.alarmEmail).toBeUndefined();
    expect(senderIdentity(config)).toBe(DEFAULTS.domain);
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
    expect(parseConfig({ presets: ['managry'], logRetentionDays: 365 })).toMatchObject({
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
  ])('rejects %j naming the key %s', (raw, key) => {
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
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'acme.example' });
    const functions = Object.values(template.findResources('AWS::Lambda::Function')).map(
      (f) => f.Properties.Environment.Variables as Record<string, unknown>,
    );
    // The mail senders: api (requester mail), sla-timer (reminders, breaches), inbound-email (acknowledgements).
    expect(functions.filter((env) => env[ENV.senderAddress] === 'help@acme.example')).toHaveLength(3);
    expect(functions.filter((env) => env[ENV.supportDomain] === 'support.acme.example')).toHaveLength(3);
    expect(functions.map((env) => env[ENV.enabledPresets]).filter(Boolean)).toEqual(['interzen,harmoni']);
    for (const group of Object.values(template.findResources('AWS::Logs::LogGroup'))) {
      expect(group.Properties.RetentionInDays).toBe(14);
    }
  });
});
