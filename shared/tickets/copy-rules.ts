/**
 * Who may be copied on a ticket (a participant): the one rule for the API's `POST /tickets/{id}/participants` and
 * an opening mail's Cc. Never the sender (they are the requester), a support address (ours or the tenant's: the
 * requester's mail would be Cc'd back into our own inbound), or staff (they work the ticket, they are not on it,
 * and customers would see their addresses).
 */
import type { Tenant } from '../tenants/tenant.js';

export interface StaffDirectory {
  /** Support contacts and escalation recipients, lower-cased. */
  staffAddresses: readonly string[];
  /** Lower-cased; subdomains count. */
  staffDomains: readonly string[];
}

/** What a copied address is checked against: the tenant's staff and the domains that are ours. */
export interface CopyDirectory extends StaffDirectory {
  /** Domains whose addresses are support addresses (our support domain, the tenant's inbound address), lower-cased. */
  supportDomains: readonly string[];
}

export function withinDomain(domain: string, of: string): boolean {
  return domain === of || domain.endsWith(`.${of}`);
}

function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  return at < 0 ? '' : address.slice(at + 1).toLowerCase();
}

export function isStaffAddress(address: string, staff: StaffDirectory): boolean {
  const lower = address.toLowerCase();
  if (staff.staffAddresses.includes(lower)) return true;
  const domain = domainOf(lower);
  return domain !== '' && staff.staffDomains.some((d) => withinDomain(domain, d));
}

/** The tenant's staff: its support contacts, escalation recipients and staff domains. */
export function staffDirectoryOf(
  tenant: Pick<Tenant, 'supportContacts' | 'escalationRecipients' | 'staffDomains'>,
): StaffDirectory {
  return {
    staffAddresses: [
      ...tenant.supportContacts.map((c) => c.email),
      ...Object.values(tenant.escalationRecipients).flat(),
    ].map((a) => a.toLowerCase()),
    staffDomains: (tenant.staffDomains ?? []).map((d) => d.toLowerCase()),
  };
}

/** Why `address` may not be copied on a ticket opened by `sender`, or null when it may. */
export function copyRefusal(address: string, sender: string, directory: CopyDirectory): string | null {
  const lower = address.toLowerCase();
  if (lower === sender.toLowerCase()) return 'is the requester, not a participant';
  const domain = domainOf(lower);
  if (domain !== '' && directory.supportDomains.some((d) => withinDomain(domain, d.toLowerCase()))) {
    return 'is a support address: staff are not participants';
  }
  if (isStaffAddress(lower, directory)) return 'is staff: staff work the ticket, they are not copied on it';
  return null;
}
