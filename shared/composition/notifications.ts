import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { DynamoDbSendLedger } from '../adapters/dynamodb/send-ledger.js';
import type { SESv2Client } from '../adapters/ses/sesv2-mailer.js';
import { SesV2Mailer } from '../adapters/ses/sesv2-mailer.js';
import type { Clock } from '../clock.js';
import { Notifier, type NotifierConfig } from '../notifications/notifier.js';
import type { MessageIdLinker } from '../notifications/ports.js';
import { ENV, getOptionalStringFromEnv, getStringFromEnv } from '../runtime/env.js';

export function notifierConfigFromEnv(env: NodeJS.ProcessEnv = process.env): NotifierConfig {
  const configurationSet = getOptionalStringFromEnv(ENV.sesConfigurationSet, env);
  return {
    sender: getStringFromEnv(ENV.senderAddress, env),
    supportDomain: getStringFromEnv(ENV.supportDomain, env),
    ...(configurationSet ? { configurationSet } : {}),
  };
}

/** The one wiring of the notifier (the notification Lambda and the local runtime): SESv2 + the table's ledger. */
export function createNotifier(deps: {
  ses: SESv2Client;
  dynamo: DynamoDBClient;
  tableName: string;
  clock: Clock;
  config: NotifierConfig;
  threads?: MessageIdLinker;
  onSent?: (template: string) => void;
}): Notifier {
  return new Notifier({
    mailer: new SesV2Mailer(
      deps.ses,
      deps.config.configurationSet ? { configurationSet: deps.config.configurationSet } : {},
    ),
    ledger: new DynamoDbSendLedger(deps.dynamo, deps.tableName),
    clock: deps.clock,
    config: deps.config,
    ...(deps.threads ? { threads: deps.threads } : {}),
    ...(deps.onSent ? { onSent: deps.onSent } : {}),
  });
}
