/**
 * The notification Lambda: the only function that sends mail. Fed by the table's stream, filtered to the
 * outbox items (`entity = outbox`, inserts): each is a mail some change owed, decided in that change's own
 * write (acknowledgements, agent replies, status changes, closures, clarification requests, reminders,
 * breaches, escalations). Sends through SESv2 with retries and the send ledger (once per event and recipient
 * set); reports partial batch failures so an SES outage only delays mail. Wiring:
 * `shared/composition/notification.ts`.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createNotificationHandler } from '../../shared/composition/notification.js';

let composed: ReturnType<typeof createNotificationHandler> | undefined;

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  composed ??= createNotificationHandler();
  try {
    const { batchItemFailures } = await composed.handle(event);
    return { batchItemFailures };
  } finally {
    composed.flush();
  }
};
