import { Duration, Stack } from 'aws-cdk-lib';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as sesActions from 'aws-cdk-lib/aws-ses-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV } from '../../shared/runtime/env.js';
import { LAMBDA_ENTRIES } from '../lambda-entries.js';
import { ATTACHMENT_PREFIX, RAW_MAIL_PREFIX } from '../mail-keys.js';
import { receiptRuleSetName } from '../receipt-rule-set-name.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { SlaFunction, type TableBinding } from './sla-function.js';

export interface InboundMailProps {
  readonly supportDomain: string;
  /** The mail bucket (its policy gets SES's write permission). */
  readonly bucket: s3.IBucket;
  /** Its name, for the Lambda's grants (see MailStorageProps.bucketName). */
  readonly bucketName: string;
  readonly tickets: TableBinding;
  readonly alarmTopic: ITopic;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Mail to the support domain: a receipt rule set whose one rule (spam and virus scanning on) first stores
 * the raw MIME in the bucket, then invokes the inbound-email Lambda, which turns it into a ticket or a
 * comment. SES allows one active rule set per account and region, so the stack never activates it itself
 * (that would silently switch off whatever set the account already uses): `npm run mail:activate` does, after
 * saying what it replaces, and `npm run destroy` refuses while the set is active, since SES cannot delete an
 * active set (README.md, "Verify the SES domain and turn on receiving" and "Removing it").
 */
export class InboundMail extends Construct {
  readonly ruleSet: ses.ReceiptRuleSet;
  readonly rule: ses.ReceiptRule;
  readonly handler: SlaFunction;
  readonly dlq: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: InboundMailProps) {
    super(scope, id);
    this.dlq = new DeadLetterQueue(this, 'Dlq', {
      purpose: 'inbound mail the inbound-email Lambda failed on after its retries',
      alarmTopic: props.alarmTopic,
    });
    this.handler = new SlaFunction(this, 'InboundEmail', {
      entry: LAMBDA_ENTRIES.inboundEmail,
      description: 'Turns mail SES received (raw MIME in S3) into tickets and comments',
      logRetention: props.logRetention,
      timeout: Duration.seconds(60),
      // A 10 MB message with attachments is parsed in memory.
      memorySize: 1024,
      deadLetterQueue: this.dlq.queue,
    })
      .bindTable(props.tickets, 'readWrite')
      .bindMailBucket(s3.Bucket.fromBucketName(this, 'MailBucketByName', props.bucketName), {
        readPrefix: RAW_MAIL_PREFIX,
        writePrefix: ATTACHMENT_PREFIX,
      })
      // Reply addresses and Message-IDs are on the support domain; its mail goes through the outbox (no SES send).
      .setEnv(ENV.supportDomain, props.supportDomain);

    const name = receiptRuleSetName(Stack.of(this).stackName);
    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: name });
    this.rule = this.ruleSet.addRule('ToTickets', {
      receiptRuleName: `${name}-to-tickets`,
      recipients: [props.supportDomain],
      scanEnabled: true,
      // A support address must take mail from any server; trust comes from the verdicts the handler reads.
      tlsPolicy: ses.TlsPolicy.OPTIONAL,
      enabled: true,
      actions: [
        new sesActions.S3({ bucket: props.bucket, objectKeyPrefix: RAW_MAIL_PREFIX }),
        new sesActions.Lambda({
          function: this.handler,
          invocationType: sesActions.LambdaInvocationType.EVENT,
        }),
      ],
    });
  }
}
