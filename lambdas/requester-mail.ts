/**
 * The requester's mail in AWS (acknowledgement, agent replies, status change, closure), shared by the two
 * composition roots that change tickets on a person's behalf: the api and inbound-email Lambdas. The same
 * `TicketMailSink` the local runtime adds to its ticket service, on SESv2 and the table's send ledger, with
 * the sender, support domain and configuration set from the environment (`shared/runtime/env.ts` names).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import { createSesClient } from '../shared/adapters/ses/sesv2-mailer.js';
import type { Clock } from '../shared/clock.js';
import { createNotifier, notifierConfigFromEnv } from '../shared/notifications/compose.js';
import type { MessageIdLinker } from '../shared/notifications/notifier.js';
import { TicketMailSink } from '../shared/notifications/ticket-mail-sink.js';
import { resolveTenantPolicy } from '../shared/tenants/tenant-service.js';

export function createRequesterMailSink(deps: {
  dynamo: DynamoDBClient;
  tableName: string;
  clock: Clock;
  /** Records the Message-IDs sent against the ticket, so replies thread by header. */
  threads: MessageIdLinker;
  env?: NodeJS.ProcessEnv;
  /** An SESv2 client (tests); by default one built from the environment. */
  ses?: SESv2Client;
  onSent?: (template: string) => void;
}): TicketMailSink {
  const env = deps.env ?? process.env;
  const notifier = createNotifier({
    ses: deps.ses ?? createSesClient(env),
    dynamo: deps.dynamo,
    tableName: deps.tableName,
    clock: deps.clock,
    // Read at cold start: a function missing SENDER_ADDRESS or SUPPORT_DOMAIN fails fast, not on its first mail.
    config: notifierConfigFromEnv(env),
    threads: deps.threads,
    ...(deps.onSent ? { onSent: deps.onSent } : {}),
  });
  return new TicketMailSink({
    notifier,
    notifiesOnStatusChange: (tenant, ticket) =>
      resolveTenantPolicy(tenant, ticket.slaSubject).notifiesOnStatusChange(ticket.priority),
  });
}
