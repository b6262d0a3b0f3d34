import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Mailer, OutboundMail } from '../../notifications/ports.js';
import { ENV, getOptionalStringFromEnv } from '../../runtime/env.js';
import { localEndpointConfig } from '../local-endpoint.js';
import { withoutSdkLogFilter } from '../sdk-client.js';

/**
 * The Mailer on SESv2 `SendEmail` with Simple content and custom headers: SES builds the MIME (encoding,
 * charset) and keeps In-Reply-To/References/Auto-Submitted as given (it replaces Message-ID with its own, see
 * notifier.ts). aws-ses-v2-local stores Simple content with its headers faithfully, so the same shape is
 * what the local runtime and the tests read back from `GET /store`.
 */
export class SesV2Mailer implements Mailer {
  readonly #client: SESv2Client;
  readonly #configurationSet: string | undefined;

  constructor(client: SESv2Client, options: { configurationSet?: string } = {}) {
    this.#client = client;
    this.#configurationSet = options.configurationSet;
  }

  async send(mail: OutboundMail): Promise<{ providerMessageId: string }> {
    const result = await this.#client.send(
      new SendEmailCommand({
        FromEmailAddress: mail.from,
        Destination: { ToAddresses: mail.to, ...(mail.cc?.length ? { CcAddresses: mail.cc } : {}) },
        ReplyToAddresses: mail.replyTo,
        Content: {
          Simple: {
            Subject: { Data: mail.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: mail.text, Charset: 'UTF-8' },
              ...(mail.html ? { Html: { Data: mail.html, Charset: 'UTF-8' } } : {}),
            },
            Headers: mail.headers.map((h) => ({ Name: h.name, Value: h.value })),
          },
        },
        ...(this.#configurationSet ? { ConfigurationSetName: this.#configurationSet } : {}),
        ...(mail.tags
          ? {
              EmailTags: Object.entries(mail.tags).map(([Name, Value]) => ({
                Name,
                Value: Value.replace(/[^A-Za-z0-9_-]/g, '_'),
              })),
            }
          : {}),
      }),
    );
    if (!result.MessageId) throw new Error('SES accepted the mail without a MessageId');
    return { providerMessageId: result.MessageId };
  }
}

export type { SESv2Client };

/** Locally `SES_ENDPOINT` points the client at aws-ses-v2-local. */
export function createSesClient(
  env: NodeJS.ProcessEnv = process.env,
  overrides: SESv2ClientConfig = {},
): SESv2Client {
  return withoutSdkLogFilter(
    new SESv2Client({
      ...localEndpointConfig(getOptionalStringFromEnv(ENV.sesEndpoint, env), env),
      ...overrides,
    }),
  );
}
