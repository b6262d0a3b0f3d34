import { RemovalPolicy } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface SenderIdentityProps {
  /** The domain mail is sent from (the sender address's domain). */
  readonly identity: string;
}

/**
 * The SES domain identity notifications are sent as (Easy DKIM; the stack outputs the three CNAME records). It lives
 * in the stateful stack and is retained: SES makes new DKIM tokens for a recreated identity, so deleting it with
 * the functions would leave the published DNS records stale and every mail unsigned until they were replaced.
 * It names no default configuration set: each send names the stateless stack's set (SES_CONFIGURATION_SET), so
 * this stack never refers to the other one.
 */
export class SenderIdentity extends Construct {
  readonly emailIdentity: ses.EmailIdentity;
  readonly identity: string;
  /** The three DKIM CNAME records to publish (`name CNAME value`), for the stack's outputs. */
  readonly dkimRecords: readonly string[];

  constructor(scope: Construct, id: string, props: SenderIdentityProps) {
    super(scope, id);
    this.identity = props.identity;
    this.emailIdentity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.identity),
    });
    this.emailIdentity.applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.dkimRecords = [
      [this.emailIdentity.dkimDnsTokenName1, this.emailIdentity.dkimDnsTokenValue1],
      [this.emailIdentity.dkimDnsTokenName2, this.emailIdentity.dkimDnsTokenValue2],
      [this.emailIdentity.dkimDnsTokenName3, this.emailIdentity.dkimDnsTokenValue3],
    ].map(([recordName, value]) => `${recordName} CNAME ${value}`);
  }
}
