/**
 * The SES receipt event as the inbound-email Lambda receives it (receipt rule "Lambda" action,
 * invocation type Event). The Lambda action does not carry the mail body: the rule's earlier S3 action
 * wrote it to `<bucket>/<objectKeyPrefix><mail.messageId>`, so the handler derives the key with
 * `rawMailKey` below. The local SMTP listener builds the same shape (verdicts PASS) and stores the raw
 * message under the same key.
 *
 * Fields the handler does not rely on are optional or passed through, so a new SES field never turns a
 * real mail into a rejection.
 */
import * as z from '../zod.js';

/** SES's verdict values. `GRAY`: no verdict either way; `DISABLED`: scanning turned off on the rule. */
export const VERDICT_STATUSES = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED'] as const;
export type VerdictStatus = (typeof VERDICT_STATUSES)[number];

const verdictSchema = z.lazySchema(() => z.object({ status: z.enum(VERDICT_STATUSES) }));

const headerSchema = z.lazySchema(() => z.object({ name: z.string(), value: z.string() }));

export const sesMailSchema = z.lazySchema(() =>
  z.looseObject({
    timestamp: z.string(),
    /** The envelope sender (MAIL FROM); empty for bounces. */
    source: z.string(),
    /** SES's own id of this delivery: also the S3 object name the S3 action wrote. */
    messageId: z.string().check(z.minLength(1)),
    /** The envelope recipients (RCPT TO). */
    destination: z.array(z.string()),
    headersTruncated: z.optional(z.boolean()),
    headers: z.optional(z.array(headerSchema)),
    commonHeaders: z.optional(
      z.looseObject({
        returnPath: z.optional(z.string()),
        from: z.optional(z.array(z.string())),
        date: z.optional(z.string()),
        to: z.optional(z.array(z.string())),
        cc: z.optional(z.array(z.string())),
        messageId: z.optional(z.string()),
        subject: z.optional(z.string()),
      }),
    ),
  }),
);

export const sesReceiptSchema = z.lazySchema(() =>
  z.looseObject({
    timestamp: z.optional(z.string()),
    processingTimeMillis: z.optional(z.number()),
    /** The recipients this receipt rule matched (a subset of `mail.destination`). */
    recipients: z.array(z.string()),
    spamVerdict: verdictSchema,
    virusVerdict: verdictSchema,
    spfVerdict: verdictSchema,
    dkimVerdict: verdictSchema,
    dmarcVerdict: verdictSchema,
    /** Present when the sender's domain publishes a DMARC policy and DMARC failed. */
    dmarcPolicy: z.optional(z.enum(['none', 'quarantine', 'reject'])),
    action: z.looseObject({ type: z.string() }),
  }),
);

export const sesRecordSchema = z.lazySchema(() =>
  z.looseObject({
    eventSource: z.literal('aws:ses'),
    eventVersion: z.string(),
    ses: z.object({ mail: sesMailSchema, receipt: sesReceiptSchema }),
  }),
);

export const sesEventSchema = z.lazySchema(() =>
  z.object({ Records: z.array(sesRecordSchema).check(z.minLength(1)) }),
);

export type SesMail = z.infer<typeof sesMailSchema>;
export type SesReceipt = z.infer<typeof sesReceiptSchema>;
export type SesRecord = z.infer<typeof sesRecordSchema>;
export type SesEvent = z.infer<typeof sesEventSchema>;

export { RAW_MAIL_KEY_PREFIX, rawMailKey } from './mail-keys.js';

/** Builds a receipt event the way SES would, for the local SMTP listener and the tests. */
export function buildSesRecord(input: {
  sesMessageId: string;
  source: string;
  recipients: string[];
  timestamp: string;
  headers?: { name: string; value: string }[];
  commonHeaders?: SesMail['commonHeaders'];
  verdicts?: Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', VerdictStatus>>;
  dmarcPolicy?: 'none' | 'quarantine' | 'reject';
  functionArn?: string;
}): SesRecord {
  const v = input.verdicts ?? {};
  return {
    eventSource: 'aws:ses',
    eventVersion: '1.0',
    ses: {
      mail: {
        timestamp: input.timestamp,
        source: input.source,
        messageId: input.sesMessageId,
        destination: input.recipients,
        headersTruncated: false,
        headers: input.headers ?? [],
        commonHeaders: input.commonHeaders ?? {},
      },
      receipt: {
        timestamp: input.timestamp,
        processingTimeMillis: 0,
        recipients: input.recipients,
        spamVerdict: { status: v.spam ?? 'PASS' },
        virusVerdict: { status: v.virus ?? 'PASS' },
        spfVerdict: { status: v.spf ?? 'PASS' },
        dkimVerdict: { status: v.dkim ?? 'PASS' },
        dmarcVerdict: { status: v.dmarc ?? 'PASS' },
        ...(input.dmarcPolicy ? { dmarcPolicy: input.dmarcPolicy } : {}),
        action: {
          type: 'Lambda',
          functionArn: input.functionArn ?? 'arn:aws:lambda:local:000000000000:function:inbound-email',
          invocationType: 'Event',
        },
      },
    },
  };
}
