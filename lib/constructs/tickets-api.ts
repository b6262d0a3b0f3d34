import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTES } from '../../shared/http/routes.js';
import { acknowledgeRule } from '../nag.js';
import type { SlaFunction } from './sla-function.js';

/** Cognito groups the API maps to roles (`shared/auth/principal.ts` reads `cognito:groups`). */
export const COGNITO_ROLE_GROUPS = ['customer', 'agent', 'admin'] as const;

export interface TicketsApiProps {
  readonly handler: SlaFunction;
  /** OIDC issuer and audience; absent: a Cognito user pool and app client are created. */
  readonly jwt?: { readonly issuer: string; readonly audience: string };
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly logRetention: logs.RetentionDays;
}

/**
 * The HTTP API: every route to the api Lambda, a JWT authorizer on all but `GET /openapi.json`, stage
 * throttling and JSON access logs.
 */
export class TicketsApi extends Construct {
  readonly httpApi: apigwv2.HttpApi;
  readonly stage: apigwv2.HttpStage;
  readonly userPool?: cognito.UserPool;
  readonly userPoolClient?: cognito.UserPoolClient;
  readonly accessLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TicketsApiProps) {
    super(scope, id);

    let authorizer: apigwv2.IHttpRouteAuthorizer;
    if (props.jwt) {
      authorizer = new HttpJwtAuthorizer('Jwt', props.jwt.issuer, { jwtAudience: [props.jwt.audience] });
    } else {
      const { pool, client } = this.createUserPool();
      this.userPool = pool;
      this.userPoolClient = client;
      authorizer = new HttpUserPoolAuthorizer('Cognito', pool, { userPoolClients: [client] });
    }

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'SLA Sentinel tickets API',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
    });

    this.accessLogGroup = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigwv2.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: props.throttle.rateLimit, burstLimit: props.throttle.burstLimit },
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: apigw.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            httpMethod: '$context.httpMethod',
            routeKey: '$context.routeKey',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
          }),
        ),
      },
    });

    const integration = new HttpLambdaIntegration('Api', props.handler);
    // The route table is the API's own (shared/http/routes.ts): the local runtime serves the same routes.
    for (const route of API_ROUTES) {
      const routes = this.httpApi.addRoutes({
        path: route.path,
        methods: [apigwv2.HttpMethod[route.method]],
        integration,
        // The OpenAPI document is public so clients and tools can read the contract before signing in.
        ...(route.auth ? {} : { authorizer: new apigwv2.HttpNoneAuthorizer() }),
      });
      if (!route.auth) {
        for (const r of routes) {
          acknowledgeRule(
            r,
            'AwsSolutions-APIG4',
            'GET /openapi.json serves the public API description (no tenant data); every other route requires a JWT.',
          );
        }
      }
    }
  }

  get url(): string {
    return this.stage.url;
  }

  private createUserPool(): { pool: cognito.UserPool; client: cognito.UserPoolClient } {
    const pool = new cognito.UserPool(this, 'UserPool', {
      // Accounts are created by admins (README.md, "The first admin user"); nobody signs themselves up.
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      autoVerify: { email: true },
      standardAttributes: { email: { required: true, mutable: true } },
      // The tenant a user belongs to; roles come from the groups below. Neither is writable by the user.
      customAttributes: { tenant: new cognito.StringAttribute({ minLen: 1, maxLen: 63, mutable: true }) },
      passwordPolicy: {
        minLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireDigits: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeRule(
      pool,
      'AwsSolutions-COG2',
      'Customers sign in to raise tickets; TOTP MFA is offered (optional) rather than forced on every customer.',
    );
    acknowledgeRule(
      pool,
      'AwsSolutions-COG8',
      'The Plus feature plan (threat protection) is billed per monthly active user; operators who want it switch the pool to Plus. Sign-in is SRP or admin-initiated, accounts are created by admins only, and the API stage is throttled.',
    );
    for (const group of COGNITO_ROLE_GROUPS) {
      new cognito.CfnUserPoolGroup(this, `Group-${group}`, {
        userPoolId: pool.userPoolId,
        groupName: group,
        description: `SLA Sentinel role ${group}`,
      });
    }
    const client = pool.addClient('ApiClient', {
      authFlows: { userSrp: true, adminUserPassword: true },
      generateSecret: false,
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.days(30),
      // Users may read their tenant but never change it (custom attributes are writable unless excluded).
      readAttributes: new cognito.ClientAttributes()
        .withStandardAttributes({ email: true, emailVerified: true })
        .withCustomAttributes('tenant'),
      writeAttributes: new cognito.ClientAttributes().withStandardAttributes({ email: true }),
    });
    return { pool, client };
  }
}
