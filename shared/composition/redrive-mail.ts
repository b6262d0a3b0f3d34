/**
 * The mail redrive over the table (`npm run redrive-mail`): unsent outbox items by a Scan plus their ledger
 * records, unsent monthly reports by key (tenants from GSI1, report_due items and their ledger records by
 * BatchGetItem), the notification stream's dead-letter queue, and the notification handler as the target (the
 * deployed Lambda from the command; the handler's function in tests).
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { DynamoTenantRepository } from '../adapters/dynamodb/tenant-repository.js';
import { DynamoUnsentOutbox } from '../adapters/dynamodb/unsent-outbox.js';
import { DynamoUnsentReports } from '../adapters/dynamodb/unsent-reports.js';
import { type Clock, systemClock } from '../clock.js';
import type { MailDeadLetterQueue, OwedMailTarget } from '../notifications/ports.js';
import {
  type RedriveMailOptions,
  type RedriveMailReport,
  redriveMail,
} from '../notifications/redrive-mail.js';

export function redriveTableMail(
  deps: {
    dynamo: DynamoDBClient;
    tableName: string;
    deadLetters: MailDeadLetterQueue;
    target: OwedMailTarget;
    clock?: Clock;
    log?: (line: string) => void;
  },
  options: RedriveMailOptions = {},
): Promise<RedriveMailReport> {
  return redriveMail(
    {
      deadLetters: deps.deadLetters,
      outbox: new DynamoUnsentOutbox(deps.dynamo, deps.tableName),
      reports: new DynamoUnsentReports(deps.dynamo, deps.tableName),
      tenants: new DynamoTenantRepository(deps.dynamo, deps.tableName),
      target: deps.target,
      clock: deps.clock ?? systemClock,
      ...(deps.log ? { log: deps.log } : {}),
    },
    options,
  );
}
