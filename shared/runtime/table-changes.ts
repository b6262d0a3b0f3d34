/** What the table's stream delivers, decoded: the contract between the stream adapter and its consumers. */

/**
 * One change of a table item, as the stream's consumers (timer-sync, sla-events) read it: the stream adapter
 * (`shared/adapters/dynamodb/stream-images.ts`) decodes DynamoDB's attribute-value images into plain objects.
 */
export interface ItemChange {
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE' | undefined;
  /** Identifies the record in a partial batch failure. */
  sequenceNumber: string | undefined;
  oldImage: Record<string, unknown> | undefined;
  newImage: Record<string, unknown> | undefined;
}

/** The records of a batch that failed (the first one; the stream retries from it): Lambda's partial batch response. */
export interface BatchFailures {
  batchItemFailures: { itemIdentifier: string }[];
}
