/**
 * The sla-events Lambda: fed by the table's stream (NEW_AND_OLD_IMAGES, ticket items only), it derives each
 * ticket write's SLA transitions and puts them on the custom EventBridge bus (`EVENT_BUS_NAME`). Reports
 * partial batch failures, so an EventBridge throttle or outage only delays events: the stream retries from the
 * failed record, and the event source mapping's on-failure destination catches what never succeeds. The wiring
 * is `shared/composition/sla-events.ts`.
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { createSlaEventsHandler } from '../../shared/composition/sla-events.js';

let handle: ReturnType<typeof createSlaEventsHandler> | undefined;

export const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
  handle ??= createSlaEventsHandler();
  const { batchItemFailures } = await handle(event);
  return { batchItemFailures };
};
