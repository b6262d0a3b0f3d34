import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { PortalFiles } from '../../portal/build.js';
import { acknowledgeRule } from '../nag.js';

export interface PortalSiteProps {
  /** The built portal (`buildPortalSync()`): index.html, portal.js, portal.css, calendars.json. */
  readonly files: PortalFiles;
  /** The user pool (stateful stack) the portal signs people in to; absent with an own OIDC issuer. */
  readonly userPool?: cognito.IUserPool;
}

/** The hosted UI's prefix: unique per account and region, no "aws"/"cognito" in it (Cognito refuses those). */
const loginPrefix = () => `sla-${Aws.ACCOUNT_ID}-portal`;

/**
 * The portal in AWS: a private S3 bucket (no public access, TLS only) served only through CloudFront with
 * origin access control, HTTPS only, and security headers (HSTS, a CSP that allows the API and the hosted UI
 * only, no framing, nosniff, no referrer). Sign-in is Cognito's hosted UI on a user pool domain with a
 * portal app client that has only the authorization code grant (the portal sends PKCE) and the portal's URL as
 * its callback. `config.json` (API URL, hosted UI, client id) is written by `deployConfig` once the API exists.
 */
export class PortalSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly loginDomain?: cognito.UserPoolDomain;
  readonly client?: cognito.UserPoolClient;

  constructor(scope: Construct, id: string, props: PortalSiteProps) {
    super(scope, id);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Built files only, redeployed with the stack: nothing to keep.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    acknowledgeRule(
      this.bucket,
      'AwsSolutions-S1',
      'The bucket holds only the built portal, written by the deployment and read by CloudFront alone (origin access control); requests are in the API access logs.',
    );
    const region = Aws.REGION;
    const loginOrigin = `https://${loginPrefix()}.auth.${region}.amazoncognito.com`;
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          preload: false,
          override: true,
        },
        contentSecurityPolicy: {
          contentSecurityPolicy: [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            `connect-src 'self' https://*.execute-api.${region}.amazonaws.com ${loginOrigin}`,
            `form-action 'self' ${loginOrigin}`,
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
          ].join('; '),
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'SLA Sentinel portal',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        responseHeadersPolicy: headers,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
    });
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR1',
      'The portal serves customers wherever they are; the API behind it checks every token.',
    );
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR2',
      'Static files only; the API has its own stage throttling. Operators who want AWS WAF attach a web ACL.',
    );
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR3',
      'Standard logging needs an ACL-enabled log bucket; the portal is static and every data request is in the API access logs.',
    );
    acknowledgeRule(
      this.distribution,
      'AwsSolutions-CFR4',
      'The default *.cloudfront.net certificate, whose security policy CloudFront fixes; an operator who puts the portal on a custom domain with an ACM certificate sets the TLS 1.2 policy there.',
    );

    if (props.userPool) {
      this.loginDomain = new cognito.UserPoolDomain(this, 'LoginDomain', {
        userPool: props.userPool,
        cognitoDomain: { domainPrefix: loginPrefix() },
      });
      // The portal's own client: the authorization code grant only (no implicit grant, no client secret in a
      // browser; the portal sends a PKCE challenge), back to the portal's URL and nowhere else.
      this.client = new cognito.UserPoolClient(this, 'Client', {
        userPool: props.userPool,
        generateSecret: false,
        preventUserExistenceErrors: true,
        authFlows: {},
        oAuth: {
          flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
          scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, cognito.OAuthScope.PROFILE],
          callbackUrls: [this.url],
          logoutUrls: [this.url],
        },
        idTokenValidity: Duration.hours(1),
        accessTokenValidity: Duration.hours(1),
        refreshTokenValidity: Duration.days(1),
        readAttributes: new cognito.ClientAttributes()
          .withStandardAttributes({ email: true, emailVerified: true })
          .withCustomAttributes('tenant'),
        writeAttributes: new cognito.ClientAttributes(),
      });
    }
  }

  /** `https://<distribution>/`: the portal's origin (CORS) and the hosted UI's callback. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}/`;
  }

  get origin(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }

  /** Uploads the built files and `config.json` (API URL, hosted UI); CloudFront's cache is invalidated. */
  deployConfig(files: PortalFiles, apiUrl: string): s3deploy.BucketDeployment {
    const sources = [...files].map(([name, file]) => s3deploy.Source.data(name, file.body));
    sources.push(
      s3deploy.Source.jsonData('config.json', {
        mode: 'cognito',
        apiUrl: apiUrl.replace(/\/$/, ''),
        ...(this.loginDomain && this.client
          ? {
              cognito: {
                domain: this.loginDomain.baseUrl(),
                clientId: this.client.userPoolClientId,
                redirectUri: this.url,
              },
            }
          : {}),
      }),
    );
    const deployment = new s3deploy.BucketDeployment(this, 'Files', {
      sources,
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // Deleting the stack deletes the files, so the bucket can go with it.
      retainOnDelete: false,
      prune: true,
    });
    // CDK's own deployment function (a stack singleton): it copies the assets into the bucket and invalidates
    // the distribution, with the grants CDK gives it.
    const singleton = Stack.of(this).node.children.find((c) =>
      c.node.id.startsWith('Custom::CDKBucketDeployment'),
    );
    if (singleton) {
      acknowledgeRule(singleton, 'AwsSolutions-L1', 'CDK pins the runtime of its BucketDeployment function.');
      acknowledgeRule(
        singleton,
        'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        "CDK's BucketDeployment function logs with the basic execution role.",
      );
      // Exactly the findings of CDK's grants (asset bucket read, portal bucket write, CloudFront invalidation, which
      // takes no resource narrower than *): any other wildcard still fails.
      for (const finding of [
        'Action::s3:Abort*',
        'Action::s3:DeleteObject*',
        'Action::s3:GetBucket*',
        'Action::s3:GetObject*',
        'Action::s3:List*',
        'Resource::*',
        `Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*`,
        'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
      ]) {
        acknowledgeRule(
          singleton,
          `AwsSolutions-IAM5[${finding}]`,
          "CDK's BucketDeployment grants: read the CDK asset bucket, write the portal bucket, invalidate the distribution.",
        );
      }
    }
    return deployment;
  }
}
