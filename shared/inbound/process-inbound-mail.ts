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
import { detectLanguage } from './language.js';
import { detectMachineMail } from './loop-guard.js';
import { attachmentKey } from './mail-keys.js';
import { parseSupportAddress } from './message-id.js';
import { MailParseError, MailTooLargeError, type ParsedMail, parseMail } from './parse-mail.js';
import {
  type EmailOrigin,
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

function firstPlain(value: unknown): string | undefined {
  return Array.isArray(value) && typeof value[0] === 'string' ? value[0] : undefined;
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
  const base = {
    sesMessageId: mail.messageId,
    recipients,
    from: firstPlain(mail.commonHeaders?.from),
    subject: mail.commonHeaders?.subject,
    messageId: mail.commonHeaders?.messageId,
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

  const messageId = parsed.messageId ?? mail.commonHeaders?.messageId ?? `<${mail.messageId}@ses.inbound>`;
  const context = { ...base, messageId, subject: parsed.subject || base.subject, from: parsed.from?.address };

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
  const thread = await findThread(tickets, tenantId, clues);

  const isTicketRequester =
    thread !== undefined && thread.ticket.requesterEmail?.toLowerCase() === sender.address.toLowerCase();
  if (!isTicketRequester && !isRequesterDomainAllowed(sender.address, tenant.allowedRequesterDomains))
    return reject(
      tenantId,
      'domain-not-allowed',
      `Sender ${sender.address} is not from an allowed domain`,
      context,
    );

  // 7. Attachments into the store, listed on the ticket/comment.
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
  const truncationNote = parsed.textTruncated ? '\n\n[message truncated]' : '';

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
      attachments,
      origin,
      ...(thread ? { followUpOf: thread.ticket.reference } : {}),
    });
    if (!result.created) return { kind: 'duplicate', tenantId, messageId };
    logger.info('Inbound mail opened a ticket', { tenantId, ticketId: result.ticket.ticketId, messageId });
    return { kind: 'ticket-created', tenantId, ticket: result.ticket, attachments };
  } catch (error) {
    if (error instanceof TicketRefusedError)
      return reject(tenantId, 'ticket-refused', error.message, context);
    throw error;
  }
}
