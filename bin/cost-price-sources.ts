import type { Prices } from './cost-model.js';

/**
 * Where each list price of the cost model (`PRICES` in bin/cost-model.ts) comes from, and how sure it is.
 * The prices were checked on 2026-11-30 against a stored reference corpus of public pages (no live access to
 * aws.amazon.com from the machine this was written on): AWS's own pricing pages there mostly keep their
 * prose but not their rendered price tables, so most figures are confirmed by a dated third-party page that
 * quotes them, or by a third-party copy of AWS's machine-readable Price List API. `docs/cost.md` shows this
 * table; a unit test keeps it complete.
 */
export type Confirmation =
  /** Stated on an AWS-authored page (aws.amazon.com, docs.aws.amazon.com) as stored. */
  | 'aws'
  /** Not on an AWS page as stored, but quoted by dated third-party pages or a copy of the AWS Price List API. */
  | 'third-party'
  /** Not found in the reference corpus: kept from memory, to check. */
  | 'unconfirmed';

export interface PriceSource {
  readonly confirmed: Confirmation;
  /** The page(s) read, the first the most authoritative. */
  readonly urls: readonly string[];
  /** The page's own date when it shows one, else when it was read from the reference corpus. */
  readonly asOf: string;
  readonly note?: string;
}

const CORPUS = 'as stored in the reference corpus, read 2026-11-30';

export const PRICE_SOURCES: Readonly<Record<Exclude<keyof Prices, 'region' | 'readOn'>, PriceSource>> = {
  apiGatewayHttpPerMillion: {
    confirmed: 'aws',
    urls: [
      'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html',
      'https://aws.amazon.com/api-gateway/pricing/',
    ],
    asOf: CORPUS,
    note: 'HTTP API, us-east-1: $1.00 per million for the first 300 million a month, then $0.90; metered in 512 KB increments',
  },
  lambdaRequestsPerMillion: {
    confirmed: 'third-party',
    urls: ['https://aws.amazon.com/lambda/pricing/', 'https://cloudchipr.com/blog/aws-lambda-pricing'],
    asOf: CORPUS,
    note: 'same for x86 and arm64; the AWS page as stored has no figures (its tables are rendered in the browser)',
  },
  lambdaArmGbSecond: {
    confirmed: 'third-party',
    urls: ['https://aws.amazon.com/lambda/pricing/', 'https://cloudchipr.com/blog/aws-lambda-pricing'],
    asOf: CORPUS,
    note: 'arm64 (the stack runs arm64): $0.0000133334 for the first 7.5 billion GB-s a month; x86 is $0.0000166667. Init time is billed (AWS page: duration covers initialization code outside the handler)',
  },
  dynamoWritePerMillionUnits: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/dynamodb/pricing/on-demand/',
      'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
      'https://www.jusdb.com/blog/dynamodb-cost-optimization-a-comprehensive-guide-by-jusdb',
    ],
    asOf: 'third-party pages of 2025-07-21 and 2025-08-19; AWS page as stored in the reference corpus, read 2026-11-30',
    note: 'after the on-demand price cut effective 2024-11-01 (50% off: was $1.25 per million write units)',
  },
  dynamoReadPerMillionUnits: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/dynamodb/pricing/on-demand/',
      'https://airbyte.com/data-engineering-resources/dynamodb-pricing',
    ],
    asOf: 'third-party page of 2025-07-21; AWS page as stored in the reference corpus, read 2026-11-30',
    note: 'after the 2024-11-01 cut (was $0.25 per million read units)',
  },
  dynamoStorageGbMonth: {
    confirmed: 'aws',
    urls: ['https://aws.amazon.com/dynamodb/pricing/'],
    asOf: CORPUS,
    note: '"prices start from $0.25 per GB-month" after the first 25 GB free (Standard table class); the model applies no free tier',
  },
  dynamoPitrGbMonth: {
    confirmed: 'unconfirmed',
    urls: ['https://aws.amazon.com/dynamodb/pricing/on-demand/'],
    asOf: CORPUS,
    note: 'point-in-time recovery: $0.20 per GB-month not found in the reference corpus',
  },
  schedulerPerMillionInvocations: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/eventbridge/pricing/',
      'https://cloudburn.io/blog/amazon-eventbridge-pricing',
      'https://awsnegotiations.com/eventbridge-scheduler-cost',
    ],
    asOf: 'third-party pages of March 2026 and May 2026',
    note: '14 million invocations a month free (not applied by the model); creating and deleting schedules is not billed',
  },
  eventBridgeCustomEventsPerMillion: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/eventbridge/pricing/',
      'https://cloudburn.io/blog/amazon-eventbridge-pricing',
      'https://www.factualminds.com/blog/amazon-eventbridge-pricing-events-pipes-schema-archive/',
    ],
    asOf: 'third-party pages of March 2026 and 2026-06-13',
    note: 'per 64 KB chunk of a custom event put on a bus',
  },
  sesOutboundPerThousand: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/ses/pricing/',
      'https://raw.githubusercontent.com/api-evangelist/amazon-ses/refs/heads/main/plans/amazon-ses-plans-pricing.yml',
    ],
    asOf: 'AWS Price List API for AmazonSES us-east-1, publicationDate 2026-07-22, as copied 2026-08-13',
    note: 'à la carte, billed per recipient (a mail to three addresses is three). Since 2026-07-21 a new SES account starts on the Essentials plan: $0.16 per 1,000 outbound mails (first 10 million a month), no monthly fee',
  },
  sesInboundPerThousand: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/ses/pricing/',
      'https://raw.githubusercontent.com/api-evangelist/amazon-ses/refs/heads/main/plans/amazon-ses-plans-pricing.yml',
    ],
    asOf: 'AWS Price List API for AmazonSES us-east-1, publicationDate 2026-07-22, as copied 2026-08-13',
  },
  sesInboundChunkPerThousand: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/ses/pricing/',
      'https://raw.githubusercontent.com/api-evangelist/amazon-ses/refs/heads/main/plans/amazon-ses-plans-pricing.yml',
    ],
    asOf: 'AWS Price List API for AmazonSES us-east-1, publicationDate 2026-07-22, as copied 2026-08-13',
    note: 'per 256 KB of an incoming message',
  },
  s3PutPerThousand: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/s3/pricing/',
      'https://devnotes.tech/understanding-aws-s3-pricing-a-complete-cost-breakdown-with-examples',
    ],
    asOf: CORPUS,
    note: 'PUT, COPY, POST, LIST on S3 Standard',
  },
  s3GetPerThousand: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/s3/pricing/',
      'https://devnotes.tech/understanding-aws-s3-pricing-a-complete-cost-breakdown-with-examples',
    ],
    asOf: CORPUS,
  },
  s3StorageGbMonth: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/s3/pricing/',
      'https://devnotes.tech/understanding-aws-s3-pricing-a-complete-cost-breakdown-with-examples',
    ],
    asOf: CORPUS,
    note: 'S3 Standard, first 50 TB a month',
  },
  logsIngestGb: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/cloudwatch/pricing/',
      'https://c3x.dev/blog/cloudwatch-logs-cost-optimization',
    ],
    asOf: 'third-party page quoting us-east-1 of June 2026',
    note: 'Standard log class; Infrequent Access ingests at $0.25 per GB',
  },
  logsStorageGbMonth: {
    confirmed: 'third-party',
    urls: [
      'https://aws.amazon.com/cloudwatch/pricing/',
      'https://c3x.dev/blog/cloudwatch-logs-cost-optimization',
    ],
    asOf: 'third-party page quoting us-east-1 of June 2026',
  },
  xrayTracesPerMillion: {
    confirmed: 'unconfirmed',
    urls: ['https://aws.amazon.com/xray/pricing/'],
    asOf: CORPUS,
    note: '$5.00 per million traces recorded not found in the reference corpus',
  },
};
