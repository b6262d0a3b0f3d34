/**
 * The inbound-email Lambda: SES receipt rule (S3 action, then this Lambda action) -> processInboundMail.
 * The composition root (`composeInboundMail`, `shared/composition/inbound-mail.ts`) wires S3, the ticket
 * service on DynamoDB and Powertools once per container.
 */
import { composeInboundMail } from '../../shared/composition/inbound-mail.js';

let composed: ReturnType<typeof composeInboundMail> | undefined;

export const handler = async (event: unknown): Promise<void> => {
  composed ??= composeInboundMail();
  try {
    await composed.handle(event);
  } finally {
    // Counts are single-metric documents written at once; publish only what something buffered (an empty
    // publish only logs a warning).
    if (composed.metrics.hasStoredMetrics()) composed.metrics.publishStoredMetrics();
  }
};
