import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeRule } from '../nag.js';

export interface MailStorageProps {
  /** Raw MIME under the inbound prefix expires after this many days. */
  readonly rawMailRetentionDays: number;
  /** The key prefix SES's S3 action writes raw mail under. */
  readonly rawMailPrefix: string;
  /**
   * The mail bucket's name. Explicit (account and region make it unique) so the other stack can name its
   * objects in IAM policies without a cross-stack reference.
   */
  readonly bucketName: string;
}

/**
 * The bucket SES writes raw inbound mail to (and the inbound-email Lambda keeps attachments in), plus the
 * bucket its server access logs go to. Both private, encrypted, TLS only, retained on delete.
 */
export class MailStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogBucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: MailStorageProps) {
    super(scope, id);
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(365) }],
    });
    acknowledgeRule(
      this.accessLogBucket,
      'AwsSolutions-S1',
      'This is the server access log bucket of the mail bucket; logging it into itself would loop and logging it elsewhere only moves the question.',
    );

    this.bucket = new s3.Bucket(this, 'Mail', {
      bucketName: props.bucketName,
      // SES's S3 action writes with SSE-S3 unless given a KMS key; SSE-S3 keeps the receipt rule simple.
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'mail/',
      lifecycleRules: [
        {
          id: 'expire-raw-mail',
          prefix: props.rawMailPrefix,
          expiration: Duration.days(props.rawMailRetentionDays),
        },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
  }
}
