/**
 * The port the events stream consumer publishes through. The EventBridge adapter
 * (`shared/adapters/eventbridge/eventbridge-publisher.ts`) implements it in AWS and against the local endpoint;
 * unit tests use a recording fake of this interface.
 */
import type { Transition } from './derive-transitions.js';

/** An event that could not be put on the bus, even after retries: its stream record goes back for a retry. */
export interface PublishFailure {
  eventId: string;
  errorCode: string;
  errorMessage: string;
}

export interface EventPublisher {
  /**
   * Puts every event on the bus; resolves with those that kept failing (empty: all published). Never rejects
   * for a failed entry, so the caller can report exactly which stream records to retry.
   */
  publish(events: readonly Transition[]): Promise<PublishFailure[]>;
}
