import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type SlaSentinelConfig, senderIdentity } from './config.js';
import { MailStorage } from './constructs/mail-storage.js';
import { SenderIdentity } from './constructs/sender-identity.js';
import { TicketsTable } from './constructs/tickets-table.js';
import { UserDirectory } from './constructs/user-directory.js';
import { RAW_MAIL_PREFIX } from './mail-keys.js';

export interface StatefulStackProps extends StackProps {
  readonly config: SlaSentinelConfig;
}

/**
 * What holds data: the tickets table, the mail bucket (and its access-log bucket), the SES sender identity
 * (its DKIM tokens are in your DNS) and, unless an OIDC issuer is configured, the Cognito user pool. Kept apart from the functions so that the stateless stack can be
 * destroyed and redeployed without losing tickets, mail or users; everything here is retained on delete, and
 * the table and the user pool have deletion protection on.
 */
export class StatefulStack extends Stack {
  readonly tickets: TicketsTable;
  readonly mail: MailStorage;
  /** The mail bucket's name: only pseudo parameters, no reference to this stack (see MailStorageProps). */
  readonly mailBucketName: string;
  /** The user pool and app client; absent when the API trusts the configured OIDC issuer instead. */
  readonly users?: UserDirectory;
  /** The SES domain identity notifications are sent as. */
  readonly sender: SenderIdentity;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.tickets = new TicketsTable(this, 'Tickets');
    this.mailBucketName = `${this.stackName.toLowerCase()}-mail-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    this.mail = new MailStorage(this, 'MailStorage', {
      bucketName: this.mailBucketName,
      rawMailRetentionDays: props.config.rawMailRetentionDays,
      rawMailPrefix: RAW_MAIL_PREFIX,
    });
    if (props.config.jwtIssuer === undefined) this.users = new UserDirectory(this, 'Users');
    this.sender = new SenderIdentity(this, 'Sender', { identity: senderIdentity(props.config) });

    new CfnOutput(this, 'TableName', { value: this.tickets.table.tableName });
    new CfnOutput(this, 'MailBucketName', { value: this.mail.bucket.bucketName });
    this.sender.dkimRecords.forEach((record, i) => {
      new CfnOutput(this, `DkimRecord${i + 1}`, {
        description: `DKIM CNAME ${i + 1} to publish in DNS for ${this.sender.identity}`,
        value: record,
      });
    });
    if (this.users) {
      new CfnOutput(this, 'UserPoolId', { value: this.users.userPool.userPoolId });
      new CfnOutput(this, 'UserPoolClientId', { value: this.users.client.userPoolClientId });
    }
  }
}
