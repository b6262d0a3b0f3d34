import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { API_ROUTES } from '../../shared/http/routes.js';
import { acknowledgeRule } from '../nag.js';
import type { SlaFunction } from './sla-function.js';

export interface TicketsApiProps {
  readonly handler: SlaFunction;
  /**
   * Who issues the JWTs the API accepts: an OIDC issuer and audience, or the Cognito user pool and app client
   * of the stateful stack (`UserDirectory`).
   */
  readonly auth:
    | { readonly issuer: string; readonly audience: string }
    | {
        readonly userPool: cognito.IUserPool;
        readonly client: cognito.IUserPoolClient;
        /** More app clients whose tokens the API takes (the portal's). */
        readonly otherClients?: readonly cognito.IUserPoolClient[];
      };
  /** Browser origins allowed to call the API (the portal's); none: no CORS headers at all. */
  readonly corsOrigins?: readonly string[];
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
  readonly accessLogGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TicketsApiProps) {
    super(scope, id);

    const { auth } = props;
    const authorizer: apigwv2.IHttpRouteAuthorizer =
      'issuer' in auth
        ? new HttpJwtAuthorizer('Jwt', auth.issuer, { jwtAudience: [auth.audience] })
        : new HttpUserPoolAuthorizer('Cognito', auth.userPool, {
            userPoolClients: [auth.client, ...(auth.otherClients ?? [])],
          });

    this.httpApi = new apigwv2.HttpApi(this, 'HttpApi', {
      description: 'SLA Sentinel tickets API',
      createDefaultStage: false,
      defaultAuthorizer: authorizer,
      // Only the portal's origin may call from a browser; preflights are answered by API Gateway itself.
      ...(props.corsOrigins?.length
        ? {
            corsPreflight: {
              allowOrigins: [...props.corsOrigins],
              allowMethods: [
                apigwv2.CorsHttpMethod.GET,
                apigwv2.CorsHttpMethod.POST,
                apigwv2.CorsHttpMethod.PUT,
                apigwv2.CorsHttpMethod.PATCH,
                apigwv2.CorsHttpMethod.DELETE,
              ],
              allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-tenant-id'],
              exposeHeaders: ['idempotent-replayed'],
              maxAge: Duration.hours(1),
            },
          }
        : {}),
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
}
