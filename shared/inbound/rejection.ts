/**
 * Why an inbound mail did not become a ticket or a comment. These are the `reason` dimension of the
 * `InboundMailRejected` metric and the reason recorded with each rejection: keep them few and stable.
 */
export const REJECTION_REASONS = [
  /** SES virus verdict FAIL. */
  'virus',
  /** SES spam verdict FAIL. */
  'spam',
  /** SES DMARC verdict FAIL (any published policy: see trust.ts). */
  'dmarc',
  /** Both SPF and DKIM FAIL: nothing vouches for the sender. */
  'unauthenticated',
  /** Auto-replies, out-of-office, `Auto-Submitted`, `X-Autoreply`, ... (loop-guard.ts). */
  'auto-reply',
  /** Delivery status notifications, null return path, mailer-daemon (loop-guard.ts). */
  'bounce',
  /** Mailing-list and bulk mail (loop-guard.ts). */
  'list',
  /** No recipient maps to a tenant. */
  'unknown-recipient',
  /** The tenant restricts requesters to known domains and the sender is not from one. */
  'domain-not-allowed',
  /** No usable sender address in `From`. */
  'no-sender',
  /** Over `MAX_RAW_MAIL_BYTES`. */
  'too-large',
  /** mailparser could not make sense of it at all. */
  'unparseable',
  /** The event pointed at an object the store does not have. */
  'raw-mail-missing',
  /** The ticket service refused the ticket or comment for good (validation, a forbidden transition). */
  'ticket-refused',
  /** The From domain is not authenticated (no DMARC pass, no aligned SPF/DKIM pass) and the tenant requires it. */
  'unauthenticated-sender',
  /** A mail on a ticket from someone neither on it nor staff: nothing was posted. */
  'not-a-participant',
  /** The Lambda event was not an SES receipt record. */
  'invalid-event',
] as const;

export type RejectionReason = (typeof REJECTION_REASONS)[number];
