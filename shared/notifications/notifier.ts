import { createHash } from 'node:crypto';
import type { Clock } from '../clock.js';
import {
  formatOutboundMessageId,
  formatReplyAddress,
  INTERNAL_THREAD_EVENT_ID,
} from '../inbound/message-id.js';
import { type MailLanguage, mailLanguage } from './language.js';
import type { Mailer, MessageIdLinker, OutboundMail, SendKey, SendLedger } from './ports.js';
import { renderMail, supportName, type TemplateInput } from './templates.js';

export interface NotifierConfig {
  /** `From:` (a verified SES identity). */
  sender: string;
  /** Domain of Message-IDs and of the reply address (`<tenant>+<ref>@<domain>`). */
  supportDomain: string;
  configurationSet?: string;
  /** How long a claim holds before another sender may take over (longer than a Lambda's timeout). */
  leaseMs?: number;
}

/** What a mail needs to know about its ticket. */
export interface MailTicket {
  tenantId: string;
  id: string;
  reference: string;
  subject: string;
  description?: string;
  language?: string | null;
  /** The Message-ID of the mail that opened the ticket, for tickets opened by mail. */
  originMessageId?: string;
}

export interface Notification {
  ticket: MailTicket;
  /** The history event (or timer id) the mail reports: the idempotency key with template and recipients. */
  eventId: string;
  input: TemplateInput;
  to: string[];
  cc?: string[];
  /** The tenant's default language, when the ticket has none and its text says little. */
  fallbackLanguage?: string;
}

/** The template name (ledger key, SES tag, metric dimension) of the monthly SLA report mail. */
export const MONTHLY_REPORT_TEMPLATE = 'monthlyReport';

/** A monthly report owed to a tenant's report contacts (a `report_due` item, see shared/reports/ports.ts). */
export interface ReportNotification {
  tenantId: string;
  /** The tenant's display name, the sender's name ("Fixture support"); the product's name when it has none. */
  tenantName?: string;
  /** The local month reported, `2026-11`. */
  month: string;
  language: MailLanguage;
  to: string[];
  subject: string;
  text: string;
}

export type NotifyOutcome = 'sent' | 'already-sent' | 'in-flight' | 'no-recipients';

/** Templates sent by a person (an agent's reply) carry no `Auto-Submitted`; the rest are machine mail (RFC 3834). */
const HUMAN_TEMPLATES = new Set(['agentReply']);
/** Mail to staff only: a staff reply to one becomes an internal note (shared/inbound/sender-identity.ts). */
const INTERNAL_TEMPLATES = new Set(['reminder', 'breach', 'escalation']);

/** The thread anchor every mail of a ticket refers to, so all of them (and the replies) thread together. */
export function threadRootMessageId(ticket: MailTicket, domain: string): string {
  return (
    ticket.originMessageId ?? formatOutboundMessageId({ ticketRef: ticket.reference, eventId: '0', domain })
  );
}

export function recipientsHash(to: string[], cc: string[] = []): string {
  const all = [...new Set([...to, ...cc].map((a) => a.trim().toLowerCase()))].sort();
  return createHash('sha256').update(all.join('\n')).digest('hex').slice(0, 16);
}

/** The ledger key of a monthly report mail to these (cleaned) recipients: the redrive looks it up too. */
export function reportSendKey(tenantId: string, month: string, to: string[]): SendKey {
  return {
    tenantId,
    // The ledger keeps a mail in its subject's item collection: the report's own (no ticket has this id).
    ticketId: `REPORT#${month}`,
    eventId: month,
    template: MONTHLY_REPORT_TEMPLATE,
    recipientsHash: recipientsHash(to),
  };
}

/** A report's recipients as `notifyReport` sends to them: blank addresses dropped, duplicates once. */
export function reportRecipients(to: string[]): string[] {
  return [...new Set(to.filter((a) => a.trim() !== ''))];
}

/**
 * Renders a notification in the ticket's language, threads it, and sends it exactly once per
 * (ticket, event, template, recipients) through the ledger (see `SendLedger` in ports.ts for the at-least-once choice).
 */
export class Notifier {
  readonly #mailer: Mailer;
  readonly #ledger: SendLedger;
  readonly #clock: Clock;
  readonly #config: NotifierConfig;
  readonly #onSent: ((template: string) => void) | undefined;
  readonly #threads: MessageIdLinker | undefined;

  constructor(deps: {
    mailer: Mailer;
    ledger: SendLedger;
    clock: Clock;
    config: NotifierConfig;
    onSent?: (template: string) => void;
    /** Records the Message-IDs a mail carries against its ticket (the ticket repository's `linkMessageIds`). */
    threads?: MessageIdLinker;
  }) {
    this.#threads = deps.threads;
    this.#mailer = deps.mailer;
    this.#ledger = deps.ledger;
    this.#clock = deps.clock;
    this.#config = deps.config;
    this.#onSent = deps.onSent;
  }

  /** The mail `notify` would send (without sending): for tests and previews. */
  compose(n: Notification): OutboundMail {
    const lang = mailLanguage({
      given: n.ticket.language ?? null,
      text: `${n.ticket.subject}\n${n.ticket.description ?? ''}`,
      ...(n.fallbackLanguage ? { fallback: n.fallbackLanguage } : {}),
    });
    const rendered = renderMail(n.input, lang);
    const domain = this.#config.supportDomain;
    const root = threadRootMessageId(n.ticket, domain);
    const opensThread = n.input.template === 'acknowledgement' && n.ticket.originMessageId === undefined;
    const messageId = opensThread
      ? root
      : formatOutboundMessageId({ ticketRef: n.ticket.reference, eventId: n.eventId, domain });
    const headers = [
      { name: 'Message-ID', value: messageId },
      ...(opensThread
        ? []
        : [
            { name: 'In-Reply-To', value: root },
            {
              name: 'References',
              value: INTERNAL_TEMPLATES.has(n.input.template)
                ? `${root} ${formatOutboundMessageId({ ticketRef: n.ticket.reference, eventId: INTERNAL_THREAD_EVENT_ID, domain })}`
                : root,
            },
          ]),
      ...(HUMAN_TEMPLATES.has(n.input.template) ? [] : [{ name: 'Auto-Submitted', value: 'auto-generated' }]),
      { name: 'Content-Language', value: lang },
    ];
    return {
      // The support organisation's name as the display name ("Interzen support" <support@...>).
      from: formatFrom(supportName(n.input.organisation, lang), this.#config.sender),
      to: n.to,
      ...(n.cc?.length ? { cc: n.cc } : {}),
      replyTo: [formatReplyAddress({ tenantId: n.ticket.tenantId, ticketRef: n.ticket.reference, domain })],
      subject: rendered.subject,
      text: rendered.text,
      headers,
      tags: { template: n.input.template, tenant: n.ticket.tenantId },
    };
  }

  async notify(n: Notification): Promise<NotifyOutcome> {
    const to = [...new Set(n.to.filter((a) => a.trim() !== ''))];
    const cc = [...new Set((n.cc ?? []).filter((a) => a.trim() !== '' && !to.includes(a)))];
    if (to.length === 0 && cc.length === 0) return 'no-recipients';
    const mail = this.compose({ ...n, to: to.length > 0 ? to : cc, cc: to.length > 0 ? cc : [] });
    const key: SendKey = {
      tenantId: n.ticket.tenantId,
      ticketId: n.ticket.id,
      eventId: n.eventId,
      template: n.input.template,
      recipientsHash: recipientsHash(to, cc),
    };
    return this.#sendOnce(key, mail, async (messageIds) => {
      // Threading is a convenience (subject and reply address still find the ticket): never fail a sent mail on it.
      await this.#threads?.linkMessageIds(n.ticket.tenantId, n.ticket.id, messageIds).catch(() => undefined);
    });
  }

  /**
   * A tenant's monthly SLA report (recorded due by the monthly-report Lambda, already rendered in the tenant's
   * language and zone), sent once per tenant, month and recipient set through the same ledger as ticket mail.
   * It belongs to no ticket: no thread, no reply address of a ticket, the tenant's name as the sender's.
   */
  async notifyReport(r: ReportNotification): Promise<NotifyOutcome> {
    const to = reportRecipients(r.to);
    if (to.length === 0) return 'no-recipients';
    const domain = this.#config.supportDomain;
    const mail: OutboundMail = {
      from: formatFrom(supportName(r.tenantName, r.language), this.#config.sender),
      to,
      replyTo: [],
      subject: r.subject,
      text: r.text,
      headers: [
        {
          name: 'Message-ID',
          // `REPORT` is no ticket reference: a reply to it can never thread onto a ticket.
          value: formatOutboundMessageId({
            ticketRef: 'report',
            eventId: `${r.tenantId}-${r.month}`,
            domain,
          }),
        },
        { name: 'Auto-Submitted', value: 'auto-generated' },
        { name: 'Content-Language', value: r.language },
      ],
      tags: { template: MONTHLY_REPORT_TEMPLATE, tenant: r.tenantId },
    };
    return this.#sendOnce(reportSendKey(r.tenantId, r.month, to), mail, async () => undefined);
  }

  /** Claim, send, complete: the ledger makes a redelivered mail a no-op (see `SendLedger` in ports.ts). */
  async #sendOnce(
    key: SendKey,
    mail: OutboundMail,
    afterSent: (messageIds: string[]) => Promise<void>,
  ): Promise<NotifyOutcome> {
    const claim = await this.#ledger.claim(key, this.#clock.now(), this.#config.leaseMs ?? 5 * 60_000);
    if (claim === 'sent') return 'already-sent';
    if (claim === 'in-flight') return 'in-flight';
    let providerMessageId: string;
    try {
      ({ providerMessageId } = await this.#mailer.send(mail));
    } catch (error) {
      await this.#ledger.release(key).catch(() => undefined);
      throw error;
    }
    const ours = mail.headers.find((h) => h.name === 'Message-ID')?.value;
    const messageIds = [...(ours ? [ours] : []), providerMessageIdHeader(providerMessageId)];
    // SES accepted the mail: failing now would make the caller's retry send it again (its claim expires). The
    // SDK already retried the write; left `sending`, the claim still holds off other senders for its lease.
    await this.#ledger
      .complete(key, { providerMessageId, messageIds }, this.#clock.now())
      .catch(() => undefined);
    await afterSent(messageIds);
    this.#onSent?.(key.template);
    return 'sent';
  }
}

/** `"Name" <address>`; a name outside ASCII as an RFC 2047 encoded word, which SES requires. */
export function formatFrom(name: string, address: string): string {
  if (/<.*>/.test(address)) return address;
  const display = /^[\x20-\x7e]*$/.test(name)
    ? `"${name.replace(/["\\]/g, '')}"`
    : `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?=`;
  return `${display} <${address}>`;
}

/**
 * SES replaces a caller's Message-ID with `<MessageId@<region>.amazonses.com>` (us-east-1: `email.amazonses.com`),
 * so replies carry that id in In-Reply-To; recording it lets inbound mail thread by it too. `References`, which
 * SES leaves alone, still carries our thread root.
 */
export function providerMessageIdHeader(
  providerMessageId: string,
  region = process.env.AWS_REGION ?? 'us-east-1',
): string {
  const host = region === 'us-east-1' ? 'email.amazonses.com' : `${region}.amazonses.com`;
  return `<${providerMessageId}@${host}>`;
}
