/**
 * `InboundTicketPort` over the ticket service (the single entry for every ticket change) and the tenant
 * store. Mail acts as the customer who wrote it: a `customer` principal with the sender's address, so a
 * reply is a customer reply (it resumes a `pending_customer` ticket, reopens a resolved one) and the
 * acknowledgement goes out through the service's events sink exactly as for a web ticket.
 *
 * Duplicates: the mail's Message-ID is linked to the ticket (`msgid` item) in the same write, which
 * `hasProcessedMessageId` reads; and the write carries an idempotency record keyed by the Message-ID, so two
 * concurrent deliveries race on one conditional put and the loser replays the winner's result.
 */
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import type { TenantRepository } from '../tenants/ports.js';
import type { Tenant } from '../tenants/tenant.js';
import { resolveTenantPolicy } from '../tenants/tenant-service.js';
import { ticketPeople } from '../tickets/access.js';
import { staffDirectoryOf } from '../tickets/copy-rules.js';
import { ConcurrentUpdateError, DomainError } from '../tickets/errors.js';
import type { MailReceipt, Ticket } from '../tickets/ticket.js';
import type { TicketService } from '../tickets/ticket-service.js';
import { parseSupportAddress } from './message-id.js';
import {
  type EmailComment,
  type EmailOrigin,
  type InboundTenant,
  type InboundTicket,
  type InboundTicketPort,
  type NewEmailTicket,
  type RejectionRecord,
  type RejectionSink,
  type StoredAttachment,
  TicketRefusedError,
} from './ports.js';

export interface TicketServicePortDeps {
  tickets: Pick<
    TicketService,
    'createTicket' | 'addComment' | 'findTicketByReference' | 'findTicketByMessageId'
  >;
  tenants: TenantRepository;
  rejections: RejectionSink;
  /** The support domain (`SUPPORT_DOMAIN`): `<tenant id>@<domain>` reaches the tenant. */
  supportDomain: string;
  /**
   * Whether a priority stated in the subject (`[P1]`) is honoured for a tenant. The tenant profile has no
   * such switch yet; the default honours it (as the README's walkthrough shows).
   */
  allowSubjectPriority?: (tenant: Tenant) => boolean;
}

/** Errors the ticket service raises for a change it will never accept; others (a conflict storm, the table) are transient. */
function isPermanent(error: unknown): error is DomainError {
  return error instanceof DomainError && !(error instanceof ConcurrentUpdateError);
}

const MAX_MESSAGE_ID_LOOKUPS = 20;

function toInboundTicket(ticket: Ticket): InboundTicket {
  return {
    ticketId: ticket.id,
    reference: ticket.reference,
    status: ticket.status,
    requesterEmail: ticket.requester.email,
    people: ticketPeople(ticket).map((p) => p.email.toLowerCase()),
  };
}

function idempotency(operation: string, messageId: string) {
  return {
    key: `mail:${messageId}`,
    requestHash: createHash('sha256').update(`${operation}\u0000${messageId}`).digest('hex'),
  };
}

function customer(tenantId: string, email: string): Principal {
  return { tenantId, role: 'customer', sub: `mail:${email.toLowerCase()}`, email: email.toLowerCase() };
}

/** Staff writing by mail: an agent named by the mail's display name (what customers see of them). */
function staffByMail(tenantId: string, person: { email: string; name: string }): Principal {
  const email = person.email.toLowerCase();
  return {
    tenantId,
    role: 'agent',
    sub: `mail:${email}`,
    email,
    ...(person.name ? { name: person.name } : {}),
  };
}

function person(p: { email: string; name?: string }): { email: string; name?: string } {
  return p.name ? { email: p.email, name: p.name.slice(0, 200) } : { email: p.email };
}

/** Attachments on a new ticket: the ticket has no attachment field, so they are listed in its description. */
function attachmentList(attachments: StoredAttachment[]): string {
  if (attachments.length === 0) return '';
  const lines = attachments.map((a) => `- ${a.filename} (${a.contentType}, ${a.size} bytes): ${a.key}`);
  return `\n\nAttachments:\n${lines.join('\n')}`;
}

/** What the mail told us, as the ticket keeps it (the `mail.received` history event). */
function mailReceipt(
  origin: EmailOrigin,
  extra: Pick<MailReceipt, 'followUpOf' | 'quotedTextStripped'>,
): MailReceipt {
  return {
    from: origin.from,
    messageId: origin.messageId,
    sesMessageId: origin.sesMessageId,
    rawMailKey: origin.rawMailKey,
    receivedAt: origin.receivedAt,
    verdicts: { ...origin.verdicts },
    trustWarnings: [...origin.trustWarnings],
    ...extra,
  };
}

export class TicketServiceInboundPort implements InboundTicketPort {
  readonly #deps: TicketServicePortDeps;
  readonly #domain: string;

  constructor(deps: TicketServicePortDeps) {
    this.#deps = deps;
    this.#domain = deps.supportDomain.toLowerCase();
  }

  async findTenantByRecipient(address: string): Promise<InboundTenant | undefined> {
    const parsed = parseSupportAddress(address);
    if (!parsed) return undefined;
    const tenant = await this.#deps.tenants.getTenant(parsed.tenantId);
    if (!tenant) return undefined;
    const inbound = tenant.inboundAddress?.toLowerCase();
    const addressed = `${parsed.tenantId}@${parsed.domain}`;
    if (parsed.domain !== this.#domain && inbound !== addressed) return undefined;
    const policy = resolveTenantPolicy(tenant);
    const { staffAddresses } = staffDirectoryOf(tenant);
    // `[P1]` tags choose among what the tenant lets customers choose (customerPriorities), most urgent first.
    const allowed = tenant.customerPriorities;
    return {
      tenantId: tenant.tenantId,
      priorities: allowed ? policy.priorities.filter((p) => allowed.includes(p)) : policy.priorities,
      staffAddresses,
      staffDomains: tenant.staffDomains ?? [],
      mailAuthentication: tenant.mailAuthentication ?? 'dmarc',
      strangerReplies: tenant.strangerReplies ?? 'reject',
      defaultPriority: tenant.defaultPriority ?? policy.defaultPriority,
      allowSubjectPriority: this.#deps.allowSubjectPriority?.(tenant) ?? tenant.subjectPriorityTags !== false,
      allowedRequesterDomains: tenant.allowedRequesterDomains ?? [],
      defaultLanguage: tenant.language === 'it' ? 'it' : 'en',
    };
  }

  async findTicketByReference(tenantId: string, reference: string): Promise<InboundTicket | undefined> {
    const ticket = await this.#deps.tickets.findTicketByReference(tenantId, reference);
    return ticket ? toInboundTicket(ticket) : undefined;
  }

  async findTicketByMessageIds(tenantId: string, messageIds: string[]): Promise<InboundTicket | undefined> {
    for (const id of messageIds.slice(0, MAX_MESSAGE_ID_LOOKUPS)) {
      const ticket = await this.#deps.tickets.findTicketByMessageId(tenantId, id);
      if (ticket) return toInboundTicket(ticket);
    }
    return undefined;
  }

  async hasProcessedMessageId(tenantId: string, messageId: string): Promise<boolean> {
    return (await this.#deps.tickets.findTicketByMessageId(tenantId, messageId)) !== null;
  }

  async createTicketFromEmail(input: NewEmailTicket): Promise<{ ticket: InboundTicket; created: boolean }> {
    try {
      const result = await this.#deps.tickets.createTicket(
        customer(input.tenantId, input.requester.email),
        {
          subject: input.subject,
          description: input.description + attachmentList(input.attachments),
          priority: input.priority,
          requester: person(input.requester),
          ...(input.participants?.length ? { participants: input.participants.map(person) } : {}),
          language: input.language,
          channel: 'email',
          messageId: input.origin.messageId,
          mail: mailReceipt(
            input.origin,
            input.followUpOf === undefined ? {} : { followUpOf: input.followUpOf },
          ),
        },
        { idempotency: idempotency('createTicket', input.origin.messageId) },
      );
      const view = result.ticket;
      return {
        ticket: {
          ticketId: view.id,
          reference: view.reference,
          status: view.status,
          requesterEmail: view.requester.email,
          people: [view.requester, ...view.participants].map((p) => p.email.toLowerCase()),
        },
        created: !result.replayed,
      };
    } catch (error) {
      if (isPermanent(error))
        throw new TicketRefusedError(`${error.code}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  async addCommentFromEmail(input: EmailComment): Promise<{ created: boolean }> {
    try {
      const author =
        input.as === 'agent'
          ? staffByMail(input.tenantId, input.author)
          : customer(input.tenantId, input.author.email);
      const result = await this.#deps.tickets.addComment(
        author,
        input.ticketId,
        {
          body: input.body,
          visibility: input.as === 'agent' ? (input.visibility ?? 'public') : 'public',
          messageId: input.origin.messageId,
          mail: mailReceipt(input.origin, { quotedTextStripped: input.quotedTextStripped }),
          attachments: input.attachments.map((a) => ({
            name: a.filename,
            key: a.key,
            contentType: a.contentType,
            size: a.size,
          })),
        },
        { idempotency: idempotency('addComment', input.origin.messageId) },
      );
      return { created: !result.replayed };
    } catch (error) {
      if (isPermanent(error))
        throw new TicketRefusedError(`${error.code}: ${error.message}`, { cause: error });
      throw error;
    }
  }

  async recordRejection(tenantId: string | null, record: RejectionRecord): Promise<void> {
    await this.#deps.rejections.record(tenantId, record);
  }
}
