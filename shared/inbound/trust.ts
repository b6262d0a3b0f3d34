/**
 * What SES's verdicts mean for a mail (decisions, so the rules are in one place):
 *
 * - virus FAIL: rejected. PROCESSING_FAILED/GRAY/DISABLED are let through and recorded: SES could not
 *   say, and losing a customer's mail is worse than an unscanned attachment that stays in a private bucket.
 * - DMARC FAIL: rejected whatever the sender's published policy (`none` included). The From address is
 *   what a ticket is opened in the name of; a mail whose From the sender's own domain disowns is not
 *   accepted as that customer. (SES reports FAIL only when the domain publishes DMARC at all.)
 * - spam FAIL: rejected.
 * - SPF or DKIM FAIL alone: accepted and recorded as a warning. Forwarding breaks SPF and mailing
 *   lists break DKIM; DMARC is the check that combines them with the From domain.
 * - SPF *and* DKIM FAIL: rejected as `unauthenticated` (nothing vouches for the sender, even where the
 *   domain publishes no DMARC record).
 * - The tenant's allowed requester domains, when the tenant restricts them: only senders from those
 *   domains (or their subdomains) may open tickets or comment; a ticket's own requester may always reply.
 */
import type { RejectionReason } from './rejection.js';
import type { SesReceipt } from './ses-event.js';

export type TrustDecision =
  | { accepted: true; warnings: string[] }
  | { accepted: false; reason: RejectionReason; details: string };

export function judgeVerdicts(receipt: SesReceipt): TrustDecision {
  const virus = receipt.virusVerdict.status;
  const spam = receipt.spamVerdict.status;
  const dmarc = receipt.dmarcVerdict.status;
  const spf = receipt.spfVerdict.status;
  const dkim = receipt.dkimVerdict.status;

  if (virus === 'FAIL') return { accepted: false, reason: 'virus', details: 'SES virus verdict FAIL' };
  if (dmarc === 'FAIL')
    return {
      accepted: false,
      reason: 'dmarc',
      details: `SES DMARC verdict FAIL (published policy: ${receipt.dmarcPolicy ?? 'unknown'})`,
    };
  if (spam === 'FAIL') return { accepted: false, reason: 'spam', details: 'SES spam verdict FAIL' };
  if (spf === 'FAIL' && dkim === 'FAIL')
    return { accepted: false, reason: 'unauthenticated', details: 'SES SPF and DKIM verdicts both FAIL' };

  const warnings: string[] = [];
  if (spf === 'FAIL') warnings.push('spf-fail');
  if (dkim === 'FAIL') warnings.push('dkim-fail');
  for (const [name, status] of [
    ['virus', virus],
    ['spam', spam],
  ] as const) {
    if (status === 'PROCESSING_FAILED' || status === 'GRAY') warnings.push(`${name}-${status.toLowerCase()}`);
  }
  return { accepted: true, warnings };
}

/** The domain part of an address, lower-cased; empty if there is none. */
export function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

/**
 * True when `sender` may write to the tenant. `allowedDomains` undefined or empty means "anyone";
 * a listed domain admits its subdomains (`example.com` admits `it.example.com`).
 */
export function isRequesterDomainAllowed(
  sender: string,
  allowedDomains: readonly string[] | undefined,
): boolean {
  if (!allowedDomains || allowedDomains.length === 0) return true;
  const domain = domainOf(sender);
  if (!domain) return false;
  return allowedDomains.some((allowed) => {
    const d = allowed.toLowerCase().replace(/^@/, '');
    return domain === d || domain.endsWith(`.${d}`);
  });
}
