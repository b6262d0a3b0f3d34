/**
 * The portal's AWS side, on the real app (cdk-nag included: reaching the assertions means it passed): a private
 * bucket read only by CloudFront through origin access control, HTTPS only, security headers, a hosted UI
 * domain and a portal app client with only the code grant back to the portal's URL, the API's CORS limited to
 * that origin, and config.json deployed naming the API and the hosted UI.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { type SynthesizedApp, synthesize } from './synth-fixture.js';

let synth: SynthesizedApp;

beforeAll(() => {
  synth = synthesize();
}, 120_000);

const distributionDomain = { 'Fn::GetAtt': [Match.stringLikeRegexp('^PortalDistribution'), 'DomainName'] };

describe('the portal stack', () => {
  it('keeps the bucket private and lets only CloudFront read it', () => {
    const t = synth.statelessTemplate;
    t.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    t.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Principal: { Service: 'cloudfront.amazonaws.com' }, Action: 's3:GetObject' }),
        ]),
      },
    });
  });

  it('serves HTTPS only with security headers', () => {
    const t = synth.statelessTemplate;
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultRootObject: 'index.html',
        DefaultCacheBehavior: Match.objectLike({ ViewerProtocolPolicy: 'https-only' }),
      }),
    });
    const policies = t.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const config = Object.values(policies)[0]?.Properties.ResponseHeadersPolicyConfig;
    const headers = config.SecurityHeadersConfig;
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBe(31_536_000);
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
    expect(headers.ContentTypeOptions.Override).toBe(true);
    expect(JSON.stringify(headers.ContentSecurityPolicy)).toContain("script-src 'self'");
    expect(JSON.stringify(headers.ContentSecurityPolicy)).toContain("frame-ancestors 'none'");
  });

  it('signs in through the hosted UI with the code grant only, back to the portal', () => {
    const t = synth.statelessTemplate;
    t.resourceCountIs('AWS::Cognito::UserPoolDomain', 1);
    t.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      AllowedOAuthFlows: ['code'],
      AllowedOAuthFlowsUserPoolClient: true,
      GenerateSecret: false,
      CallbackURLs: [{ 'Fn::Join': ['', ['https://', distributionDomain, '/']] }],
    });
    // The stateful stack's API client keeps OAuth off: only the portal's client has a hosted-UI flow.
    const apiClients = synth.statefulTemplate.findResources('AWS::Cognito::UserPoolClient');
    for (const client of Object.values(apiClients)) {
      expect(client.Properties.AllowedOAuthFlows ?? []).toEqual([]);
    }
    const clients = synth.statelessTemplate.findResources('AWS::Cognito::UserPoolClient');
    for (const client of Object.values(clients)) {
      expect(client.Properties.AllowedOAuthFlows).not.toContain('implicit');
    }
  });

  it("limits the API's CORS to the portal's origin and takes the portal client's tokens", () => {
    const t = synth.statelessTemplate;
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: Match.objectLike({
        AllowOrigins: [{ 'Fn::Join': ['', ['https://', distributionDomain]] }],
        AllowHeaders: Match.arrayWith(['authorization', 'content-type']),
      }),
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      JwtConfiguration: Match.objectLike({
        Audience: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^PortalClient') }]),
      }),
    });
  });

  it('deploys the built files and a config.json naming the API and the hosted UI', () => {
    const t = synth.statelessTemplate;
    t.resourceCountIs('Custom::CDKBucketDeployment', 1);
    const deployment = Object.values(t.findResources('Custom::CDKBucketDeployment'))[0];
    const markers = JSON.stringify(deployment?.Properties.SourceMarkers);
    expect(markers).toContain('PortalClient');
    expect(markers).toContain('PortalLoginDomain');
    expect(markers).toContain('TicketsApiHttpApi');
    expect(deployment?.Properties.RetainOnDelete).toBe(false);
    expect(deployment?.Properties.DistributionPaths).toEqual(['/*']);
  });
});
