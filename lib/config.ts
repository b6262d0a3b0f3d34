import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';

/**
 * Deployment configuration, read from CDK context (`cdk.json` or `-c key=value`).
 * Every key but `domain` has a default. `domain` has none on purpose: a deployment that quietly received mail
 * for an example domain and sent as it would look healthy and reach nobody, so synthesis without it stops
 * with a message naming the key. The keys and defaults are documented in README.md, "Deploying to AWS".
 */

/** The built-in policies (SLA-SPEC section 6). A deployment may offer only some of them. */
export const PRESET_IDS = [
  'fenorri',
  'standard-support',
  'enterprise-support',
  'managry',
  'interzen',
  'harmoni',
] as const;

/** CloudWatch Logs accepts only these retention periods; anything else is a configuration error. */
const RETENTION_VALUES = Object.values(RetentionDays).filter(
  (v): v is RetentionDays => typeof v === 'number' && v !== RetentionDays.INFINITE,
);

export const DEFAULTS = {
  logRetentionDays: 30,
  rawMailRetentionDays: 90,
  apiThrottleRateLimit: 50,
  apiThrottleBurstLimit: 100,
} as const;

/** `-c key=value` always arrives as a string; cdk.json may hold real JSON. Accept both. */
const commaList = z.preprocess(
  (v) =>
    typeof v === 'string'
      ? v
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
      : v,
  z.array(z.enum(PRESET_IDS)).min(1),
);
const positiveInt = z.coerce.number().int().positive();
const optionalText = z.preprocess((v) => (v === '' ? undefined : v), z.string().trim().min(1).optional());

/** What a missing `domain` says: the key, why there is no default, and how to give it. */
export const DOMAIN_REQUIRED_MESSAGE =
  'required: the support mail domain SES receives for and the stack sends from has no default; pass -c domain=support.your-company.example (README.md, "Configuration")';

const domainName = z
  .string({
    error: (issue) => (issue.input === undefined ? DOMAIN_REQUIRED_MESSAGE : 'must be a DNS domain name'),
  })
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, 'must be a DNS domain name');

export const configSchema = z
  .object({
    /** The support mail domain: SES receives mail for it; tenants receive at `<tenantId>@<domain>`. */
    domain: domainName,
    /** The From address of every notification; its domain is the SES identity the Lambdas may send as. */
    senderAddress: z.email().optional(),
    /**
     * SES sandbox only: verified test recipients (addresses or domains). In the sandbox SES also authorises a
     * send against the recipient's identity, so these join the senders' `ses:SendEmail` resources (README.md,
     * "The SES sandbox"). Unset in production.
     */
    sandboxRecipients: z.preprocess(
      (v) =>
        typeof v === 'string'
          ? v
              .split(',')
              .map((x) => x.trim().toLowerCase())
              .filter((x) => x !== '')
          : v,
      z
        .array(z.union([z.email(), domainName], { error: 'each must be an email address or a domain name' }))
        .default([]),
    ),
    /** OIDC issuer URL for the JWT authorizer; absent: a Cognito user pool is created. */
    jwtIssuer: z.url({ protocol: /^https$/ }).optional(),
    /** Audience (client id) the JWT authorizer expects; required with `jwtIssuer`. */
    jwtAudience: optionalText,
    /** Where alarm notifications go (an SNS email subscription); absent: no subscription. */
    alarmEmail: z.preprocess((v) => (v === '' ? undefined : v), z.email().optional()),
    /** Which presets tenants may use (comma-separated on the command line). */
    presets: commaList.default([...PRESET_IDS]),
    /** Retention of every Lambda and access log group, in days (a CloudWatch Logs retention value). */
    logRetentionDays: z.coerce
      .number()
      .refine((n) => (RETENTION_VALUES as number[]).includes(n), {
        message: `must be one of ${RETENTION_VALUES.join(', ')}`,
      })
      .default(DEFAULTS.logRetentionDays),
    /** Raw inbound mail (the MIME SES stores) expires after this many days; attachments are kept. */
    rawMailRetentionDays: positiveInt.default(DEFAULTS.rawMailRetentionDays),
    /** HTTP API stage throttling: steady requests per second and burst. */
    apiThrottleRateLimit: positiveInt.default(DEFAULTS.apiThrottleRateLimit),
    apiThrottleBurstLimit: positiveInt.default(DEFAULTS.apiThrottleBurstLimit),
    /** Every SLA event is also delivered here (an EventBridge API destination); absent: no webhook. */
    webhookUrl: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https$/ }).optional()),
  })
  .superRefine((c, ctx) => {
    if ((c.jwtIssuer === undefined) !== (c.jwtAudience === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: [c.jwtIssuer === undefined ? 'jwtIssuer' : 'jwtAudience'],
        message: 'jwtIssuer and jwtAudience go together (leave both out to create a Cognito user pool)',
      });
    }
  })
  .transform((c) => ({
    ...c,
    senderAddress: c.senderAddress ?? `no-reply@${c.domain}`,
    logRetention: c.logRetentionDays as RetentionDays,
  }));

export type SlaSentinelConfig = z.output<typeof configSchema>;

export const CONTEXT_KEYS = [
  'domain',
  'senderAddress',
  'sandboxRecipients',
  'jwtIssuer',
  'jwtAudience',
  'alarmEmail',
  'presets',
  'logRetentionDays',
  'rawMailRetentionDays',
  'apiThrottleRateLimit',
  'apiThrottleBurstLimit',
  'webhookUrl',
] as const;

export class InvalidConfigError extends Error {
  constructor(issues: string[]) {
    super(`Invalid CDK context:\n  ${issues.join('\n  ')}`);
    this.name = 'InvalidConfigError';
  }
}

/** Parses raw context values (as `node.tryGetContext` returns them) into the validated configuration. */
export function parseConfig(raw: Record<string, unknown>): SlaSentinelConfig {
  const picked = Object.fromEntries(CONTEXT_KEYS.map((k) => [k, raw[k]]).filter(([, v]) => v !== undefined));
  const result = configSchema.safeParse(picked);
  if (!result.success) {
    throw new InvalidConfigError(
      result.error.issues.map((i) => `${i.path.join('.') || '(context)'}: ${i.message}`),
    );
  }
  return result.data;
}

/** Reads the configuration from a construct tree's context (the App's `node`). */
export function configFromContext(node: { tryGetContext(key: string): unknown }): SlaSentinelConfig {
  return parseConfig(Object.fromEntries(CONTEXT_KEYS.map((k) => [k, node.tryGetContext(k)])));
}

/** The SES identity the Lambdas send as: the sender address's domain. */
export function senderIdentity(config: SlaSentinelConfig): string {
  const at = config.senderAddress.lastIndexOf('@');
  return config.senderAddress.slice(at + 1).toLowerCase();
}
