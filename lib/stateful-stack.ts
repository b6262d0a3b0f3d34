import { Aws, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { SlaSentinelConfig } from './config.js';
import { MailStorage } from './constructs/mail-storage.js';
import { TicketsTable } from './constructs/tickets-table.js';
import { RAW_MAIL_PREFIX } from './mail-keys.js';

export interface StatefulStackProps extends StackProps {
  readonly config: SlaSentinelConfig;
}

/**
 * What holds data: the tickets table and the mail bucket. Kept apart from the functions so that the
 * stateless stack can be destroyed and redeployed freely; everything here is retained on delete.
 */
export class StatefulStack extends Stack {
  readonly tickets: TicketsTable;
  readonly mail: MailStorage;
  /** The mail bucket's name: only pseudo parameters, no reference to this stack (see MailStorageProps). */
  readonly mailBucketName: string;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);
    this.tickets = new TicketsTable(this, 'Tickets');
    this.mailBucketName = `${this.stackName.toLowerCase()}-mail-${Aws.ACCOUNT_ID}-${Aws.REGION}`;
    this.mail = new MailStorage(this, 'MailStorage', {
      bucketName: this.mailBucketName,
      rawMailRetentionDays: props.config.rawMailRetentionDays,
      rawMailPrefix: RAW_MAIL_PREFIX,
    });
    new CfnOutput(this, 'TableName', { value: this.tickets.table.tableName });
    new CfnOutput(this, 'MailBucketName', { value: this.mail.bucket.bucketName });
  }
}
