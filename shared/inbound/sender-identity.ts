/**
 * Who a mail on an existing ticket acts as, and whether its From address can be believed (README "Who sees and
 * does what"):
 *
 * - the requester or a participant -> a public customer comment;
 * - staff (the tenant's support contacts, its escalation recipients, addresses at its `staffDomains`) -> an
 *   agent comment; a staff reply to an internal notification (reminder, breach, escalation) -> an internal note;
 * - anyone else -> nothing is posted; the mail is recorded as a rejection (or opens a new ticket where the
 *   tenant's `strangerReplies` says so).
 *
 * Acting as anyone needs the From domain authenticated: DMARC pass, or SPF pass for an envelope sender aligned
 * with the From domain, or DKIM pass with a signature (`d=`) aligned with it. Alignment is relaxed (the same
 * domain, or one a subdomain of the other). SES reports one DKIM verdict for the message, so a PASS with an
 * aligned `d=` among the signatures is taken as aligned. `mailAuthentication: "none"` skips the check.
 */
import { isStaffAddress, type StaffDirectory, withinDomain } from '../tickets/copy-rules.js';
import { INTERNAL_THREAD_EVENT_ID, parseOutboundMessageId } from './message-id.js';
import type { SesReceipt } from './ses-event.js';
import { domainOf } from './trust.js';

/** Re-exported: the staff rule's one home is the copy rules (who may be copied on a ticket). */
export { isStaffAddress, type StaffDirectory };

export type SenderRole = 'ticket-person' | 'staff' | 'stranger';

/** Relaxed DMARC alignment: the same domain, or one a subdomain of the other. */
export function aligned(a: string, b: string): boolean {
  if (!a || !b) return false;
  return withinDomain(a, b) || withinDomain(b, a);
}

export function senderRole(
  address: string,
  ticketPeople: readonly string[],
  staff: StaffDirectory,
): SenderRole {
  const lower = address.toLowerCase();
  if (ticketPeople.some((p) => p.toLowerCase() === lower)) return 'ticket-person';
  if (isStaffAddress(lower, staff)) return 'staff';
  return 'stranger';
}

/** The `d=` domains of the message's DKIM-Signature headers, lower-cased. */
export function dkimDomains(rawHeaders: ReadonlyMap<string, string[]>): string[] {
  return (rawHeaders.get('dkim-signature') ?? [])
    .map((value) => /(?:^|;)\s*d\s*=\s*([^;\s]+)/i.exec(value)?.[1]?.toLowerCase())
    .filter((d): d is string => !!d);
}

export function isFromDomainAuthenticated(input: {
  receipt: SesReceipt;
  from: string;
  envelopeSender: string;
  rawHeaders: ReadonlyMap<string, string[]>;
}): { authenticated: boolean; details: string } {
  const fromDomain = domainOf(input.from);
  const { receipt } = input;
  if (receipt.dmarcVerdict.status === 'PASS') return { authenticated: true, details: 'dmarc pass' };
  if (receipt.spfVerdict.status === 'PASS' && aligned(domainOf(input.envelopeSender), fromDomain)) {
    return { authenticated: true, details: 'spf pass, aligned' };
  }
  if (
    receipt.dkimVerdict.status === 'PASS' &&
    dkimDomains(input.rawHeaders).some((d) => aligned(d, fromDomain))
  ) {
    return { authenticated: true, details: 'dkim pass, aligned' };
  }
  return {
    authenticated: false,
    details:
      `From domain ${fromDomain || '(none)'} is not authenticated: DMARC ${receipt.dmarcVerdict.status}, ` +
      `SPF ${receipt.spfVerdict.status} (envelope ${domainOf(input.envelopeSender) || 'none'}), ` +
      `DKIM ${receipt.dkimVerdict.status}`,
  };
}

/** True when the mail answers one of our internal notifications (reminder, breach, escalation): its thread marks it. */
export function repliesToInternalNotification(messageIds: readonly string[]): boolean {
  return messageIds.some((id) => parseOutboundMessageId(id)?.eventId === INTERNAL_THREAD_EVENT_ID);
}
