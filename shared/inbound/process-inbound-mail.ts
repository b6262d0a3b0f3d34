/**
 * The inbound-mail use case: one SES receipt record in, one outcome out (a ticket, a comment, a
 * duplicate, or a recorded rejection). Shared by the Lambda and the local SMTP listener.
 *
 * Anything wrong with the *mail* (malformed MIME, untrusted sender, machine-written, refused by the
 * ticket service) ends as a recorded rejection and a metric, never an exception: a retry would not make
 * it better. Failures of the *infrastructure* (the store or the table unreachable) propagate, so the
 * Lambda's asynchronous retries (or the SMTP client's, locally: the listener answers 451) try again;
 * idempotency on the Message-ID keeps those retries from doubling anything.
 */
import type { Clock } from '../clock.js';
import { METRIC } from '../observability/metrics.js';
import { formatInstant } from '../sla/instant.js';
import { copyRefusal } from '../tickets/copy-rules.js';
import { detectLanguage } from './language.js';
import { detectMachineMail } from './loop-guard.js';
import { attachmentKey } from './mail-keys.js';
import { parseSupportAddress } from './message-id.js';
import {
  boundedHeaderText,
  boundedMessageId,
  MAX_SUBJECT_CHARS as MAX_HEADER_SUBJECT_CHARS,
  type MailAddress,
  MailParseError,
  MailTooLargeError,
  type ParsedMail,
  parseMail,
} from './parse-mail.js';
import {
  type EmailOrigin,
  type EmailPerson,
  type InboundLogger,
  type InboundMetrics,
  type InboundTenant,
  type InboundTicket,
  type InboundTicketPort,
  type RawMailStore,
  type RejectionRecord,
  type StoredAttachment,
  TicketRefusedError,
} from './ports.js';
import type { RejectionReason } from './rejection.js';
import { isFromDomainAuthenticated, repliesToInternalNotification, senderRole } from './sender-identity.js';
import { rawMailKey, type SesRecord, sesRecordSchema } from './ses-event.js';
import { stripQuotedReply } from './strip-quotes.js';
import { priorityFromSubject } from './subject-priority.js';
import { collectThreadClues, findThread } from './threading.js';
import { isRequesterDomainAllowed, judgeVerdicts } from './trust.js';

export interface InboundMailDeps {
  store: RawMailStore;
  tickets: InboundTicketPort;
  clock: Clock;
  logger: InboundLogger;
  metrics: InboundMetrics;
}

export type InboundOutcome =
  | { kind: 'ticket-created'; tenantId: string; ticket: InboundTicket; attachments: StoredAttachment[] }
  | {
      kind: 'comment-added';
      tenantId: string;
      ticket: InboundTicket;
      threadedBy: 'headers' | 'message-ids' | 'subject' | 'address';
      attachments: StoredAttachment[];
    }
  | { kind: 'duplicate'; tenantId: string; messageId: string }
  | { kind: 'rejected'; tenantId: string | null; reason: RejectionReason; details: string };

const MAX_SUBJECT_CHARS = 250;

/** Re-exported: callers (the CDK tests) imported it from here first. */
export { attachmentKey };

/** A header's text bounded (`boundedHeaderText`), undefined when absent or empty. */
function optionalText(value: string | undefined, max: number): string | undefined {
  const text = value === undefined ? '' : boundedHeaderText(value, max);
  return text === '' ? undefined : text;
}

function firstPlain(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
}

/** The most Cc addresses an opening mail copies on its ticket (each gets the requester's mail). */
const MAX_CC_PARTICIPANTS = 20;

/**
 * The opening mail's Cc that become participants: people the tenant's requester rules allow and the copy rules
 * (shared/tickets/copy-rules.ts) let on a ticket: never the sender, a support address (ours or the tenant's), or staff.
 */
function ccParticipants(
  cc: readonly MailAddress[],
  sender: string,
  recipients: readonly string[],
  tenant: InboundTenant,
): EmailPerson[] {
  const directory = {
    supportDomains: recipients.map((r) => parseSupportAddress(r)?.domain).filter((d): d is string => !!d),
    staffAddresses: tenant.staffAddresses ?? [],
    staffDomains: tenant.staffDomains ?? [],
  };
  const out: EmailPerson[] = [];
  for (const entry of cc) {
    const address = entry.address.toLowerCase();
    if (out.some((p) => p.email === address) || copyRefusal(address, sender, directory)) continue;
    if (!isRequesterDomainAllowed(address, tenant.allowedRequesterDomains)) continue;
    out.push({ email: address, name: entry.name.slice(0, 200) });
    if (out.length >= MAX_CC_PARTICIPANTS) break;
  }
  return out;
}

export async function processInboundMail(deps: InboundMailDeps, input: unknown): Promise<InboundOutcome> {
  const { tickets, logger, metrics } = deps;
  const receivedAt = formatInstant(deps.clock.now());

  const reject = async (
    tenantId: string | null,
    reason: RejectionReason,
    details: string,
    context: Partial<RejectionRecord> & { sesMessageId: string; recipients: string[] },
  ): Promise<InboundOutcome> => {
    await tickets.recordRejection(tenantId, { reason, details, receivedAt, ...context });
    metrics.count(METRIC.inboundMailRejected, { reason });
    logger.warn('Inbound mail rejected', { reason, details, tenantId, sesMessageId: context.sesMessageId });
    return { kind: 'rejected', tenantId, reason, details };
  };

  const parsedRecord = sesRecordSchema.safeParse(input);
  if (!parsedRecord.success) {
    const sesMessageId =
      (input as { ses?: { mail?: { messageId?: unknown } } } | null)?.ses?.mail?.messageId ?? 'unknown';
    return reject(null, 'invalid-event', parsedRecord.error.message.slice(0, 1000), {
      sesMessageId: String(sesMessageId),
      recipients: [],
    });
  }
  const record: SesRecord = parsedRecord.data;
  const { mail, receipt } = record.ses;
  const recipients = receipt.recipients.length > 0 ? receipt.recipients : mail.destination;
  // What SES says of the headers (read before the body: a mail refused on SES's verdicts records them, so agents
  // can tell what was refused) goes into the rejection record bounded like the parsed ones.
  const sesFrom = optionalText(firstPlain(mail.commonHeaders?.from), 400);
  const sesSubject = optionalText(mail.commonHeaders?.subject, MAX_HEADER_SUBJECT_CHARS);
  const sesMessageIdHeader = mail.commonHeaders?.messageId;
  const base = {
    sesMessageId: mail.messageId,
    recipients: recipients.slice(0, 100),
    from: sesFrom,
    subject: sesSubject,
    messageId: sesMessageIdHeader === undefined ? undefined : boundedMessageId(sesMessageIdHeader),
  };

  // 1. Which tenant: the first recipient that maps to one (a mail to two tenants goes to the first).
  let tenant: InboundTenant | undefined;
  let addressRef: string | undefined;
  for (const recipient of recipients) {
    const address = parseSupportAddress(recipient);
    if (!address) continue;
    tenant = await tickets.findTenantByRecipient(`${address.tenantId}@${address.domain}`);
    if (tenant) {
      addressRef = address.ticketRef;
      break;
    }
  }
  if (!tenant) return reject(null, 'unknown-recipient', `No tenant for ${recipients.join(', ')}`, base);
  const tenantId = tenant.tenantId;

  // 2. SES's verdicts, before we spend time on the body.
  const trust = judgeVerdicts(receipt);
  if (!trust.accepted) return reject(tenantId, trust.reason, trust.details, base);

  // 3. The raw message and its parse.
  const key = rawMailKey(mail.messageId);
  const raw = await deps.store.getRawMail(key);
  if (!raw) return reject(tenantId, 'raw-mail-missing', `No raw mail at ${key}`, base);
  let parsed: ParsedMail;
  try {
    parsed = await parseMail(raw);
  } catch (error) {
    if (error instanceof MailTooLargeError) return reject(tenantId, 'too-large', error.message, base);
    if (error instanceof MailParseError) {
      const cause = error.cause instanceof Error ? error.cause.message : String(error.cause);
      return reject(tenantId, 'unparseable', `${error.message}: ${cause}`, base);
    }
    throw error;
  }

  const sesHeaderId = mail.commonHeaders?.messageId;
  const messageId =
    parsed.messageId ??
    (sesHeaderId ? boundedMessageId(sesHeaderId) : undefined) ??
    `<${mail.messageId}@ses.inbound>`;
  const context = {
    ...base,
    messageId,
    subject: parsed.subject || base.subject,
    from: parsed.from?.address ?? base.from,
  };

  // 4. The same mail delivered again: nothing more to do.
  if (await tickets.hasProcessedMessageId(tenantId, messageId)) {
    logger.info('Inbound mail already processed', { tenantId, messageId });
    return { kind: 'duplicate', tenantId, messageId };
  }

  // 5. Machines answering machines: never a ticket, never an acknowledgement.
  const machine = detectMachineMail({
    rawHeaders: parsed.rawHeaders,
    contentType: parsed.contentType,
    contentTypeParams: parsed.contentTypeParams,
    from: parsed.from?.address,
    envelopeSender: mail.source,
  });
  if (machine.machine) return reject(tenantId, machine.reason, machine.signal, context);

  const sender = parsed.from;
  if (!sender) return reject(tenantId, 'no-sender', 'No address in From', context);

  // 6. Which ticket it answers, if any.
  const clues = collectThreadClues({
    inReplyTo: parsed.inReplyTo,
    references: parsed.references,
    subject: parsed.subject,
    addressRef,
  });
  const found = await findThread(tickets, tenantId, clues);
  // From here on a rejection names the ticket the mail answered, so agents can see it with the ticket's own.
  const refused = found
    ? { ...context, ticketId: found.ticket.ticketId, ticketReference: found.ticket.reference }
    : context;

  // 7. Who the mail acts as (sender-identity.ts): on an open ticket, the requester or a participant writes a
  // customer comment, staff an agent comment (an internal note when answering an internal notification), and
  // nobody else writes anything. Acting as someone needs an authenticated From domain, unless the tenant opts out.
  const auth =
    tenant.mailAuthentication === 'none'
      ? { authenticated: true, details: 'tenant trusts From as written (mailAuthentication: none)' }
      : isFromDomainAuthenticated({
          receipt,
          from: sender.address,
          envelopeSender: mail.source,
          rawHeaders: parsed.rawHeaders,
        });
  const role = found
    ? senderRole(sender.address, found.ticket.people ?? [found.ticket.requesterEmail ?? ''], {
        staffAddresses: tenant.staffAddresses ?? [],
        staffDomains: tenant.staffDomains ?? [],
      })
    : undefined;
  let thread = found;
  if (found && role === 'stranger') {
    const allowed = isRequesterDomainAllowed(sender.address, tenant.allowedRequesterDomains);
    if (tenant.strangerReplies !== 'new-ticket' || !allowed) {
      return reject(
        tenantId,
        'not-a-participant',
        `${sender.address} is neither on ticket ${found.ticket.reference} nor staff: nothing was posted`,
        refused,
      );
    }
    thread = undefined; // the tenant lets them open a ticket of their own instead
  }
  if (!auth.authenticated) return reject(tenantId, 'unauthenticated-sender', auth.details, refused);
  if (thread && role === 'staff' && thread.ticket.status === 'closed') {
    return reject(tenantId, 'ticket-refused', `ticket ${thread.ticket.reference} is closed`, refused);
  }

  const isTicketPerson = thread !== undefined && role === 'ticket-person';
  if (
    !isTicketPerson &&
    role !== 'staff' &&
    !isRequesterDomainAllowed(sender.address, tenant.allowedRequesterDomains)
  )
    return reject(
      tenantId,
      'domain-not-allowed',
      `Sender ${sender.address} is not from an allowed domain`,
      refused,
    );

  // 8. Attachments into the store, listed on the ticket/comment.
  const attachments: StoredAttachment[] = [];
  for (const [index, attachment] of parsed.attachments.entries()) {
    const attachmentKeyValue = attachmentKey(tenantId, mail.messageId, index, attachment.filename);
    const storedKey = await deps.store.putAttachment(
      attachmentKeyValue,
      attachment.content,
      attachment.contentType,
    );
    attachments.push({
      filename: attachment.filename,
      contentType: attachment.contentType,
      size: attachment.size,
      key: storedKey,
    });
  }

  const origin: EmailOrigin = {
    messageId,
    from: sender.address,
    sesMessageId: mail.messageId,
    rawMailKey: key,
    receivedAt,
    verdicts: {
      spam: receipt.spamVerdict.status,
      virus: receipt.virusVerdict.status,
      spf: receipt.spfVerdict.status,
      dkim: receipt.dkimVerdict.status,
      dmarc: receipt.dmarcVerdict.status,
    },
    trustWarnings: trust.warnings,
  };
  // Accepted, but not vouched for: operators see it in the logs, agents in the ticket's `mail.received` event.
  if (trust.warnings.length > 0) {
    logger.warn('Inbound mail accepted with trust warnings', {
      tenantId,
      messageId,
      sesMessageId: mail.messageId,
      from: sender.address,
      trustWarnings: trust.warnings,
    });
  }
  const person = { email: sender.address, name: sender.name };
  const truncationNote =
    (parsed.textTruncated ? '\n\n[message truncated]' : '') +
    (parsed.attachmentsDropped > 0
      ? `\n\n[${parsed.attachmentsDropped} more attachments not kept: at most ${parsed.attachments.length} a mail]`
      : '');

  try {
    if (thread && thread.ticket.status !== 'closed') {
      const stripped = stripQuotedReply(parsed.text);
      const result = await tickets.addCommentFromEmail({
        tenantId,
        ticketId: thread.ticket.ticketId,
        body: (stripped.text || '(no text)') + truncationNote,
        author: person,
        attachments,
        origin,
        quotedTextStripped: stripped.stripped,
        as: role === 'staff' ? 'agent' : 'customer',
        visibility:
          role === 'staff' && repliesToInternalNotification(clues.messageIds) ? 'internal' : 'public',
      });
      if (!result.created) return { kind: 'duplicate', tenantId, messageId };
      logger.info('Inbound mail added as a comment', {
        tenantId,
        ticketId: thread.ticket.ticketId,
        threadedBy: thread.by,
        messageId,
      });
      return { kind: 'comment-added', tenantId, ticket: thread.ticket, threadedBy: thread.by, attachments };
    }

    const stated = tenant.allowSubjectPriority
      ? priorityFromSubject(parsed.subject, tenant.priorities)
      : { priority: undefined, subject: parsed.subject };
    const subject = (stated.subject || '(no subject)').slice(0, MAX_SUBJECT_CHARS);
    const followUp = thread ? `Follow-up to closed ticket ${thread.ticket.reference}.\n\n` : '';
    const result = await tickets.createTicketFromEmail({
      tenantId,
      subject,
      description: followUp + (parsed.text || '(no text)') + truncationNote,
      priority: stated.priority ?? tenant.defaultPriority,
      language: detectLanguage(`${parsed.subject}\n${parsed.text}`, tenant.defaultLanguage ?? 'en'),
      requester: person,
      participants: ccParticipants(parsed.cc, sender.address, recipients, tenant),
      attachments,
      origin,
      ...(thread ? { followUpOf: thread.ticket.reference } : {}),
    });
    if (!result.created) return { kind: 'duplicate', tenantId, messageId };
    logger.info('Inbound mail opened a ticket', { tenantId, ticketId: result.ticket.ticketId, messageId });
    return { kind: 'ticket-created', tenantId, ticket: result.ticket, attachments };
  } catch (error) {
    if (error instanceof TicketRefusedError)
      return reject(tenantId, 'ticket-refused', error.message, refused);
    throw error;
  }
}
