/** In-memory fakes of the inbound ports (our own ports: allowed in unit tests). */
import type {
  EmailComment,
  InboundLogger,
  InboundMetrics,
  InboundTenant,
  InboundTicket,
  InboundTicketPort,
  NewEmailTicket,
  RawMailStore,
  RejectionRecord,
} from '../../../shared/inbound/ports.js';
import { TicketRefusedError } from '../../../shared/inbound/ports.js';

export class InMemoryMailStore implements RawMailStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();

  async getRawMail(key: string): Promise<Uint8Array | undefined> {
    return this.objects.get(key)?.body;
  }

  async putAttachment(key: string, body: Uint8Array, contentType: string): Promise<string> {
    this.objects.set(key, { body, contentType });
    return key;
  }
}

export interface FakeTicket extends InboundTicket {
  tenantId: string;
  subject: string;
  description: string;
  priority: string;
  language: string;
  channel: 'email';
  messageIds: string[];
  comments: EmailComment[];
  created: NewEmailTicket;
}

export class FakeTicketPort implements InboundTicketPort {
  readonly tenants = new Map<string, InboundTenant>();
  readonly tickets: FakeTicket[] = [];
  readonly rejections: { tenantId: string | null; record: RejectionRecord }[] = [];
  readonly processed = new Set<string>();
  /** Makes the next create/comment throw this (to exercise refusal and infrastructure failures). */
  failNextWith: Error | undefined;
  #seq = 500;

  constructor(readonly domain = 'support.example.com') {}

  addTenant(tenant: InboundTenant): void {
    this.tenants.set(`${tenant.tenantId}@${this.domain}`, tenant);
  }

  /** Seeds an existing ticket, with the Message-IDs of the mails we sent about it. */
  seedTicket(
    input: Partial<FakeTicket> & { tenantId: string; reference: string; messageIds?: string[] },
  ): FakeTicket {
    const ticket: FakeTicket = {
      ticketId: `t-${input.reference}`,
      status: 'open',
      subject: 'seeded',
      description: 'seeded',
      priority: 'medium',
      language: 'en',
      channel: 'email',
      comments: [],
      messageIds: [],
      created: undefined as unknown as NewEmailTicket,
      // The sender of the reply fixtures: a seeded ticket is theirs unless a test says otherwise.
      requesterEmail: 'marco.bianchi@acme-industrie.it',
      ...input,
    };
    this.tickets.push(ticket);
    return ticket;
  }

  async findTenantByRecipient(address: string): Promise<InboundTenant | undefined> {
    return this.tenants.get(address);
  }

  async findTicketByReference(tenantId: string, reference: string): Promise<InboundTicket | undefined> {
    return this.tickets.find((t) => t.tenantId === tenantId && t.reference === reference);
  }

  async findTicketByMessageIds(tenantId: string, ids: string[]): Promise<InboundTicket | undefined> {
    return this.tickets.find((t) => t.tenantId === tenantId && t.messageIds.some((m) => ids.includes(m)));
  }

  async hasProcessedMessageId(tenantId: string, messageId: string): Promise<boolean> {
    return this.processed.has(`${tenantId}|${messageId}`);
  }

  #claim(tenantId: string, messageId: string): boolean {
    const key = `${tenantId}|${messageId}`;
    if (this.processed.has(key)) return false;
    this.processed.add(key);
    return true;
  }

  #maybeFail(): void {
    const error = this.failNextWith;
    this.failNextWith = undefined;
    if (error) throw error;
  }

  async createTicketFromEmail(input: NewEmailTicket): Promise<{ ticket: InboundTicket; created: boolean }> {
    this.#maybeFail();
    if (!input.subject || !input.description)
      throw new TicketRefusedError('subject and description required');
    if (!this.#claim(input.tenantId, input.origin.messageId)) {
      const existing = this.tickets.find((t) => t.messageIds.includes(input.origin.messageId))!;
      return { ticket: existing, created: false };
    }
    this.#seq += 1;
    const reference = `${input.tenantId.slice(0, 3).toUpperCase()}-${String(this.#seq).padStart(6, '0')}`;
    const ticket: FakeTicket = {
      ticketId: `t-${reference}`,
      reference,
      tenantId: input.tenantId,
      status: 'new',
      requesterEmail: input.requester.email,
      people: [input.requester, ...(input.participants ?? [])].map((p) => p.email.toLowerCase()),
      subject: input.subject,
      description: input.description,
      priority: input.priority,
      language: input.language,
      channel: 'email',
      messageIds: [input.origin.messageId],
      comments: [],
      created: input,
    };
    this.tickets.push(ticket);
    return { ticket, created: true };
  }

  async addCommentFromEmail(input: EmailComment): Promise<{ created: boolean }> {
    this.#maybeFail();
    if (!this.#claim(input.tenantId, input.origin.messageId)) return { created: false };
    const ticket = this.tickets.find((t) => t.tenantId === input.tenantId && t.ticketId === input.ticketId)!;
    ticket.comments.push(input);
    ticket.messageIds.push(input.origin.messageId);
    // What the ticket service does on a customer comment.
    if (ticket.status === 'pending_customer') ticket.status = 'open';
    return { created: true };
  }

  async recordRejection(tenantId: string | null, record: RejectionRecord): Promise<void> {
    this.rejections.push({ tenantId, record });
  }
}

export class RecordingMetrics implements InboundMetrics {
  readonly counts: { name: string; dimensions: Record<string, string>; value: number }[] = [];
  count(name: string, dimensions: Record<string, string>, value = 1): void {
    this.counts.push({ name, dimensions, value });
  }
}

export const silentLogger: InboundLogger = { info() {}, warn() {}, error() {} };
