/**
 * Which ticket does a mail answer? In order of trust:
 * 1. `In-Reply-To`/`References` holding one of our own Message-IDs (message-id.ts) -> its ticket reference;
 * 2. `In-Reply-To`/`References` holding a Message-ID the port knows for a ticket (an earlier inbound
 *    mail of the thread, e.g. the customer CCs a colleague who replies to the customer's mail);
 * 3. a ticket reference in the subject (`Re: [INT-000123] ...`);
 * 4. a ticket reference in the plus-address the mail was sent to (`interzen+int-000123@...`).
 * Every lookup is scoped to the tenant the mail was addressed to, so a reference to another tenant's
 * ticket finds nothing and the mail opens a new ticket instead.
 */
import { canonicalTicketReference, parseOutboundMessageId, TICKET_REFERENCE_SOURCE } from './message-id.js';

export interface ThreadClues {
  /** Ticket references read from our Message-IDs, nearest first (In-Reply-To, then References newest first). */
  headerRefs: string[];
  /** Every Message-ID the mail answers, nearest first. */
  messageIds: string[];
  subjectRef: string | undefined;
  addressRef: string | undefined;
}

const SUBJECT_REFERENCE = new RegExp(`\\[(?:[A-Za-z]+\\s+)?#?\\s*(${TICKET_REFERENCE_SOURCE})\\]`);

export function ticketReferenceInSubject(subject: string): string | undefined {
  const m = SUBJECT_REFERENCE.exec(subject);
  return m ? canonicalTicketReference(m[1]!) : undefined;
}

export function collectThreadClues(input: {
  inReplyTo: string[];
  references: string[];
  subject: string;
  addressRef: string | undefined;
}): ThreadClues {
  // References lists oldest first; the nearest ancestor is the most specific.
  const messageIds = [...new Set([...input.inReplyTo, ...[...input.references].reverse()])];
  const headerRefs = [
    ...new Set(messageIds.map((id) => parseOutboundMessageId(id)?.ticketRef).filter((r): r is string => !!r)),
  ];
  return {
    headerRefs,
    messageIds,
    subjectRef: ticketReferenceInSubject(input.subject),
    addressRef: input.addressRef,
  };
}

export interface ThreadLookup<T> {
  findTicketByReference(tenantId: string, reference: string): Promise<T | undefined>;
  findTicketByMessageIds(tenantId: string, messageIds: string[]): Promise<T | undefined>;
}

export type ThreadMatch<T> = { ticket: T; by: 'headers' | 'message-ids' | 'subject' | 'address' };

export async function findThread<T>(
  lookup: ThreadLookup<T>,
  tenantId: string,
  clues: ThreadClues,
): Promise<ThreadMatch<T> | undefined> {
  for (const ref of clues.headerRefs) {
    const ticket = await lookup.findTicketByReference(tenantId, ref);
    if (ticket) return { ticket, by: 'headers' };
  }
  if (clues.messageIds.length > 0) {
    const ticket = await lookup.findTicketByMessageIds(tenantId, clues.messageIds);
    if (ticket) return { ticket, by: 'message-ids' };
  }
  if (clues.subjectRef) {
    const ticket = await lookup.findTicketByReference(tenantId, clues.subjectRef);
    if (ticket) return { ticket, by: 'subject' };
  }
  if (clues.addressRef) {
    const ticket = await lookup.findTicketByReference(tenantId, clues.addressRef);
    if (ticket) return { ticket, by: 'address' };
  }
  return undefined;
}
