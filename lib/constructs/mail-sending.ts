import { Stack } from 'aws-cdk-lib';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import type { MailSenderBinding } from './sla-function.js';

export interface MailSendingProps {
  /** The support mail domain (inbound recipients, reply addresses). */
  readonly supportDomain: string;
  readonly senderAddress: string;
  /** The SES identity the Lambdas send as (the sender address's domain; `SenderIdentity`, stateful stack). */
  readonly identity: string;
  /** SES sandbox only: verified recipients the senders may also be authorised against. */
  readonly sandboxRecipients?: readonly string[];
}

/** SES dimension every sending event carries: bounces and complaints are graphed per configuration set. */
export const SES_CONFIGURATION_SET_DIMENSION = 'ses:configuration-set';

/**
 * Outbound mail: the configuration set every notification is sent through, which suppresses
 * bounced/complaining addresses and publishes send, delivery, bounce, complaint and reject counts to
 * CloudWatch, and the sending settings the Lambdas bind to. The domain identity itself is the stateful
 * stack's (`SenderIdentity`), referred to here by name only.
 */
export class MailSending extends Construct implements MailSenderBinding {
  readonly configurationSet: ses.ConfigurationSet;
  readonly senderAddress: string;
  readonly identity: string;
  readonly configurationSetName: string;
  readonly supportDomain: string;
  readonly sandboxRecipients: readonly string[];

  constructor(scope: Construct, id: string, props: MailSendingProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;
    this.identity = props.identity;
    this.supportDomain = props.supportDomain;
    this.sandboxRecipients = props.sandboxRecipients ?? [];

    const name = `${Stack.of(this).stackName}-mail`.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
    this.configurationSet = new ses.ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: name,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: ses.SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.configurationSetName = name;
    this.configurationSet.addEventDestination('CloudWatch', {
      destination: ses.EventDestination.cloudWatchDimensions([
        {
          name: SES_CONFIGURATION_SET_DIMENSION,
          source: ses.CloudWatchDimensionSource.MESSAGE_TAG,
          defaultValue: name,
        },
      ]),
      events: [
        ses.EmailSendingEvent.SEND,
        ses.EmailSendingEvent.DELIVERY,
        ses.EmailSendingEvent.BOUNCE,
        ses.EmailSendingEvent.COMPLAINT,
        ses.EmailSendingEvent.REJECT,
      ],
    });
  }
}
