/**
 * The one definition of the `Message-ID`s SLA Sentinel puts on the mail it sends, and of the reply
 * address it puts in `Reply-To`, so that a customer's reply can be threaded back onto its ticket by
 * headers alone. The notifications code formats with these functions; the inbound code parses with them.
 *
 *   Message-ID:  <INT-000123.01JQ8ZB3K4@support.example.com>   (ticket reference . event id @ domain)
 *   Reply-To:    interzen+int-000123@support.example.com        (tenant id + ticket reference @ domain)
 */

/**
 * A ticket reference as it appears in subjects, Message-IDs and plus-addresses: a short prefix, a hyphen
 * and a number (`INT-000123`). Compared case-insensitively; the canonical form is upper case.
 */
export const TICKET_REFERENCE_SOURCE = '[A-Za-z][A-Za-z0-9]{0,9}-\\d{1,12}';
const WHOLE_REFERENCE = new RegExp(`^${TICKET_REFERENCE_SOURCE}$`);

export function isTicketReference(value: string): boolean {
  return WHOLE_REFERENCE.test(value);
}

export function canonicalTicketReference(value: string): string {
  return value.toUpperCase();
}

/** Event ids may be ULIDs, UUIDs or `seq#n`: keep only what a Message-ID local part may hold unquoted. */
function safeAtom(value: string): string {
  return value.replace(/[^A-Za-z0-9!#$%&'*+/=?^_`{|}~-]/g, '-');
}

export function formatOutboundMessageId(input: {
  ticketRef: string;
  eventId: string;
  domain: string;
}): string {
  return `<${canonicalTicketReference(input.ticketRef)}.${safeAtom(input.eventId)}@${input.domain.toLowerCase()}>`;
}

/**
 * Internal notifications (reminder, breach, escalation) carry `<REF.internal@domain>` in `References`, and a reply's
 * `References` repeats it (SES rewrites our `Message-ID`, but leaves `References` alone): that is how a staff
 * reply to one is told apart and kept as an internal note.
 */
export const INTERNAL_THREAD_EVENT_ID = 'internal';

/** Parses one of our Message-IDs; anything else (a customer's own Message-ID) gives undefined. */
export function parseOutboundMessageId(
  messageId: string,
): { ticketRef: string; eventId: string; domain: string } | undefined {
  const m = /^<?([^<>@\s]+)@([^<>@\s]+)>?$/.exec(messageId.trim());
  if (!m) return undefined;
  const local = m[1]!;
  const dot = local.indexOf('.');
  if (dot <= 0) return undefined;
  const ticketRef = local.slice(0, dot);
  if (!isTicketReference(ticketRef)) return undefined;
  return {
    ticketRef: canonicalTicketReference(ticketRef),
    eventId: local.slice(dot + 1),
    domain: m[2]!.toLowerCase(),
  };
}

/** `tenant+ref@domain`: the address a reply to a ticket's mail goes to. */
export function formatReplyAddress(input: { tenantId: string; ticketRef: string; domain: string }): string {
  return `${input.tenantId}+${input.ticketRef.toLowerCase()}@${input.domain.toLowerCase()}`;
}

/** The tenant's plain support address. */
export function formatSupportAddress(input: { tenantId: string; domain: string }): string {
  return `${input.tenantId}@${input.domain.toLowerCase()}`;
}

export interface ParsedSupportAddress {
  /** The local part before any `+`: the tenant id for our support domain. */
  tenantId: string;
  /** What followed `+`, if anything (a ticket reference when it looks like one). */
  tag: string | undefined;
  /** Canonical ticket reference from the tag, when the tag is one. */
  ticketRef: string | undefined;
  domain: string;
}

/** Splits `tenant+tag@domain` (with or without a display name / angle brackets). */
export function parseSupportAddress(address: string): ParsedSupportAddress | undefined {
  const bare = /<([^<>]+)>/.exec(address)?.[1] ?? address;
  const m = /^\s*([^@\s]+)@([^@\s]+)\s*$/.exec(bare);
  if (!m) return undefined;
  const local = m[1]!.toLowerCase();
  const plus = local.indexOf('+');
  const tenantId = plus < 0 ? local : local.slice(0, plus);
  const tag = plus < 0 ? undefined : local.slice(plus + 1) || undefined;
  if (!tenantId) return undefined;
  return {
    tenantId,
    tag,
    ticketRef: tag && isTicketReference(tag) ? canonicalTicketReference(tag) : undefined,
    domain: m[2]!.toLowerCase(),
  };
}
