import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../shared/observability/metrics.js';
import { ENV, type EnvName } from '../../shared/runtime/env.js';
import { HANDLER_EXPORT } from '../lambda-entries.js';
import { acknowledgeWildcardResources } from '../nag.js';
import { SLA_BUNDLING } from './sla-bundling.js';

/** The newest Node.js Lambda runtime this aws-cdk-lib knows. */
export const SLA_RUNTIME = Runtime.NODEJS_24_X;

export interface SlaFunctionProps {
  /** Absolute path of the handler module (one of `LAMBDA_ENTRIES`); it must export `handler`. */
  readonly entry: string;
  /** What the function does, shown in the console. */
  readonly description: string;
  /** Retention of the function's own log group. */
  readonly logRetention: logs.RetentionDays;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  /** @default 512 */
  readonly memorySize?: number;
  /** Asynchronous invocations (Scheduler, SES) that still fail after Lambda's retries land here. */
  readonly deadLetterQueue?: IQueue;
  /** @default 2 (Lambda's own retries of an asynchronous invocation) */
  readonly retryAttempts?: number;
}

/**
 * What a function may do with the table: the data-plane actions only, never the control plane. `scan` is a
 * Scan of the base table and nothing else (reconcile-timers reads every ticket item once; it writes nothing).
 */
export type TableAccess = 'read' | 'readWrite' | 'scan';

const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];
const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/** The table a function binds to, with the names of its GSIs (granted by name, never `index/*`). */
export interface TableBinding {
  readonly table: ITable;
  readonly indexNames: readonly string[];
}

/** The SES sending side: the identity mail is sent as and the configuration set every send names. */
export interface MailSenderBinding {
  readonly senderAddress: string;
  /** The SES identity (the sender address's domain). */
  readonly identity: string;
  readonly configurationSetName: string;
  readonly supportDomain: string;
  /** SES sandbox only: verified recipient identities the send is also authorised against (config). */
  readonly sandboxRecipients: readonly string[];
}

/**
 * The one Lambda construct of the project: every function gets the same runtime, architecture, bundling,
 * logging, tracing and Powertools settings, its own role (no managed policies) and a log group with
 * retention. Permissions are added by the `bind*` helpers, each of which sets the environment variable the
 * handler reads (names from `shared/runtime/env.ts`) together with the narrowest grant that serves it.
 */
export class SlaFunction extends NodejsFunction {
  readonly functionLogGroup: logs.LogGroup;
  /** The function's execution role (always created here, so it is never undefined). */
  readonly executionRole: iam.Role;
  /** The handler module this function bundles. */
  readonly entry: string;

  constructor(scope: Construct, id: string, props: SlaFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}LogGroup`, { retention: props.logRetention });
    const role = new iam.Role(scope, `${id}Role`, {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of the ${id} function`,
    });
    super(scope, id, {
      entry: props.entry,
      handler: HANDLER_EXPORT,
      description: props.description,
      runtime: SLA_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      logGroup,
      role,
      deadLetterQueue: props.deadLetterQueue,
      retryAttempts: props.deadLetterQueue ? (props.retryAttempts ?? 2) : undefined,
      // No NODE_OPTIONS=--enable-source-maps: Node would read and parse the whole source map at init. The map
      // ships beside the bundle (see SLA_BUNDLING) for reading a stack trace offline, or for turning the
      // flag on in the console while chasing a bug.
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
      bundling: {
        ...SLA_BUNDLING,
        mainFields: [...SLA_BUNDLING.mainFields],
        externalModules: [...SLA_BUNDLING.externalModules],
      },
    } satisfies NodejsFunctionProps);
    this.functionLogGroup = logGroup;
    this.entry = props.entry;
    this.executionRole = role;

    // Lambda writes its logs with the execution role: allowed on this function's own log group only.
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [logGroup.logGroupArn],
      }),
    );
    acknowledgeWildcardResources(
      role,
      ['*'],
      'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions, so their resource is *.',
    );
  }

  /** Sets one of the environment variables the handlers read (the name must come from `ENV`). */
  setEnv(name: EnvName, value: string): this {
    this.addEnvironment(name, value);
    return this;
  }

  /** `TABLE_NAME` + data-plane access to the table and its named indexes (a Query of each). */
  bindTable({ table, indexNames }: TableBinding, access: TableAccess): this {
    this.setEnv(ENV.tableName, table.tableName);
    const actions = {
      read: TABLE_READ_ACTIONS,
      readWrite: [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS],
      scan: ['dynamodb:Scan'],
    }[access];
    this.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [table.tableArn] }));
    if (indexNames.length > 0) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: indexNames.map((name) => `${table.tableArn}/index/${name}`),
        }),
      );
    }
    return this;
  }

  /**
   * `MAIL_BUCKET` + read of the raw mail SES stores under `readPrefix` and (optionally) write of what the
   * function keeps under `writePrefix` (attachments), and `s3:ListBucket` on the bucket: without it S3 answers
   * a missing key with 403 AccessDenied instead of 404 NoSuchKey (GetObject, "Permissions"), so a raw mail
   * that is gone could not be told from a broken grant. Listing reveals only key names under the prefixes the
   * function may already read.
   */
  bindMailBucket(bucket: IBucket, access: { readPrefix: string; writePrefix?: string }): this {
    this.setEnv(ENV.mailBucket, bucket.bucketName);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [bucket.arnForObjects(`${access.readPrefix}*`)],
      }),
    );
    this.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }),
    );
    if (access.writePrefix !== undefined) {
      this.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['s3:PutObject', 's3:GetObject'],
          resources: [bucket.arnForObjects(`${access.writePrefix}*`)],
        }),
      );
    }
    acknowledgeWildcardResources(
      this.executionRole,
      [
        bucket.arnForObjects(`${access.readPrefix}*`),
        ...(access.writePrefix !== undefined ? [bucket.arnForObjects(`${access.writePrefix}*`)] : []),
      ],
      'Object keys are SES message ids and attachment ids known only at run time; access is limited to the key prefixes the function reads and writes.',
    );
    return this;
  }

  /**
   * `EVENT_BUS_NAME` + `events:PutEvents` on that bus only, and only with our `source` (the `events:source`
   * condition), so the function cannot pose as another producer on the bus.
   */
  bindEventBus(bus: IEventBus, source: string): this {
    this.setEnv(ENV.eventBusName, bus.eventBusName);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { 'events:source': source } },
      }),
    );
    return this;
  }

  /**
   * `SENDER_ADDRESS`, `SES_CONFIGURATION_SET`, `SUPPORT_DOMAIN` + `ses:SendEmail` as the configured identity
   * through the configured configuration set (SESv2 authorises both resources on every send), plus, in the SES
   * sandbox, the verified recipients configured for testing (the sandbox authorises those too).
   */
  bindMailSender(sender: MailSenderBinding): this {
    const stack = Stack.of(this);
    this.setEnv(ENV.senderAddress, sender.senderAddress);
    this.setEnv(ENV.sesConfigurationSet, sender.configurationSetName);
    this.setEnv(ENV.supportDomain, sender.supportDomain);
    this.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          stack.formatArn({ service: 'ses', resource: 'identity', resourceName: sender.identity }),
          ...sender.sandboxRecipients.map((recipient) =>
            stack.formatArn({ service: 'ses', resource: 'identity', resourceName: recipient }),
          ),
          stack.formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: sender.configurationSetName,
          }),
        ],
      }),
    );
    return this;
  }
}
