import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface SenderIdentityProps {
  /** The domain mail is sent from (the sender address's domain). */
  readonly identity: string;
}

/**
 * The SES domain identity notifications are sent as (Easy DKIM; the three CNAME records are outputs). It lives
 * in the stateful stack and is retained: SES makes new DKIM tokens for a recreated identity, so deleting it with
 * the functions would leave the published DNS records stale and every mail unsigned until they were replaced.
 * It names no default configuration set: each send names the stateless stack's set (SES_CONFIGURATION_SET), so
 * this stack never refers to the other one.
 */
export class SenderIdentity extends Construct {
  readonly emailIdentity: ses.EmailIdentity;
  readonly identity: string;

  constructor(scope: Construct, id: string, props: SenderIdentityProps) {
    super(scope, id);
    this.identity = props.identity;
    this.emailIdentity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.identity),
    });
    this.emailIdentity.applyRemovalPolicy(RemovalPolicy.RETAIN);
    const dkim = [
      [this.emailIdentity.dkimDnsTokenName1, this.emailIdentity.dkimDnsTokenValue1],
      [this.emailIdentity.dkimDnsTokenName2, this.emailIdentity.dkimDnsTokenValue2],
      [this.emailIdentity.dkimDnsTokenName3, this.emailIdentity.dkimDnsTokenValue3],
    ] as const;
    dkim.forEach(([recordName, value], i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        description: `DKIM CNAME ${i + 1} to publish in DNS for ${props.identity}`,
        value: `${recordName} CNAME ${value}`,
      });
    });
  }
}
