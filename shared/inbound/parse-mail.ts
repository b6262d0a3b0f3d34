/**
 * Raw MIME -> the normalised message the inbound use case works on. mailparser does the MIME work
 * (multipart, transfer encodings, charsets incl. ISO-8859-1 and Shift_JIS, RFC 2047 words, HTML to
 * text); this module only flattens its result and bounds it.
 *
 * Robustness: mailparser tolerates truncated and malformed input (it parses what is there), but a parse
 * that does throw becomes a `MailParseError`, which the use case records as a rejection. Nothing here
 * reaches outside the message.
 */
import { createHash } from 'node:crypto';
import { type AddressObject, type Attachment, simpleParser } from 'mailparser';
import * as z from '../zod.js';

/** SES accepts up to 40 MB; anything past this is refused before parsing (a Lambda has finite memory). */
export const MAX_RAW_MAIL_BYTES = 25 * 1024 * 1024;
/** A ticket's description/comment is stored in one DynamoDB item (400 KB max), so long bodies are cut. */
export const MAX_BODY_CHARS = 32_000;

export interface MailAddress {
  /** Lower-cased. */
  address: string;
  name: string;
}

export interface ParsedAttachment {
  filename: string;
  contentType: string;
  size: number;
  content: Buffer;
  /** True for images referenced from the HTML body (`cid:`), e.g. pasted screenshots and logos. */
  inline: boolean;
}

export interface ParsedMail {
  /** The `Message-ID` header with its angle brackets, if any. */
  messageId: string | undefined;
  inReplyTo: string[];
  references: string[];
  subject: string;
  from: MailAddress | undefined;
  replyTo: MailAddress | undefined;
  to: MailAddress[];
  cc: MailAddress[];
  /** `type/subtype` of the top-level body, lower-cased. */
  contentType: string;
  /** Parameters of the top-level Content-Type (e.g. `report-type`). */
  contentTypeParams: Record<string, string>;
  /** Raw header values by lower-cased name (unfolded, undecoded): what the loop guard reads. */
  rawHeaders: Map<string, string[]>;
  /** Plain text: the text part, or the HTML part turned into text when there is no text part. */
  text: string;
  /** True when `text` was cut to `MAX_BODY_CHARS`. */
  textTruncated: boolean;
  attachments: ParsedAttachment[];
  /** Attachments past `MAX_ATTACHMENTS`: not stored, only counted. */
  attachmentsDropped: number;
}

export class MailParseError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MailParseError';
  }
}

export class MailTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`Raw mail of ${size} bytes exceeds the ${MAX_RAW_MAIL_BYTES}-byte cap`);
    this.name = 'MailTooLargeError';
  }
}

const MESSAGE_ID_TOKEN = /<[^<>\s]+>/g;

/**
 * Header values become table keys (a Message-ID is a key; DynamoDB caps a key at 2,048 bytes) and item
 * attributes (400 KB an item), and every message id costs a lookup. A stranger chooses them, so they are bounded
 * here, before anything reads them: a Message-ID longer than `MAX_MESSAGE_ID_CHARS` is replaced by its hash (still
 * the same id for a redelivery, so duplicates are still caught); `In-Reply-To` keeps its first ids and
 * `References` its newest (the nearest ancestors thread best); subjects and display names lose control characters
 * and are cut (`boundedHeaderText`).
 */
export const MAX_MESSAGE_ID_CHARS = 250;
export const MAX_IN_REPLY_TO_IDS = 5;
export const MAX_REFERENCES_IDS = 50;
export const MAX_SUBJECT_CHARS = 1_000;
export const MAX_DISPLAY_NAME_CHARS = 200;
export const MAX_ADDRESSES_PER_FIELD = 100;
/** Attachments kept per mail; the rest are counted, not stored (each is an object and a line in the item). */
export const MAX_ATTACHMENTS = 100;
const MAX_FILENAME_CHARS = 200;

/**
 * A header's free text (a subject, a display name) as we keep it: C0 and C1 control characters (NUL, ESC and the
 * terminal sequences they start) become spaces, as tabs do, whitespace runs collapse, and the result is cut to
 * `max`. A stranger's control characters would otherwise reach the ticket, our outgoing mail's Subject and any
 * terminal that prints them.
 */
export function boundedHeaderText(value: string, max: number): string {
  return (
    value
      .slice(0, max * 4)
      // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point here.
      .replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .slice(0, max)
  );
}

/** An address we can write to and key a ticket on (the rule a requester's email follows in the API). */
const validAddress = z.lazySchema(() => z.email());

export function isValidMailAddress(address: string): boolean {
  return address.length <= 320 && validAddress.safeParse(address).success;
}

/** A Message-ID as we key it: as sent when short enough, else `<sha256.hashed@invalid>` of it. */
export function boundedMessageId(id: string): string {
  if (id.length <= MAX_MESSAGE_ID_CHARS) return id;
  return `<${createHash('sha256').update(id).digest('hex')}.hashed@invalid>`;
}

/** Pulls every `<id>` token out of a header value (References may be folded, comma- or space-separated). */
export function extractMessageIds(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const joined = Array.isArray(value) ? value.join(' ') : value;
  const tokens = joined.match(MESSAGE_ID_TOKEN);
  if (tokens) return tokens;
  // Some clients omit the brackets; keep a bare id-looking token rather than lose the thread.
  return joined
    .split(/[\s,]+/)
    .filter((t) => t.includes('@'))
    .map((t) => `<${t}>`);
}

/** A header's addresses, valid ones only (`invalid` counts the others: a From with any is no sender). */
function addresses(field: AddressObject | AddressObject[] | undefined): MailAddress[] & { invalid: number } {
  const out = Object.assign([] as MailAddress[], { invalid: 0 });
  if (!field) return out;
  const list = Array.isArray(field) ? field : [field];
  const visit = (entries: AddressObject['value']) => {
    for (const entry of entries) {
      if (entry.group) visit(entry.group);
      else if (!entry.address || !isValidMailAddress(entry.address)) out.invalid += 1;
      else if (out.length < MAX_ADDRESSES_PER_FIELD) {
        out.push({
          address: entry.address.toLowerCase(),
          name: boundedHeaderText(entry.name ?? '', MAX_DISPLAY_NAME_CHARS),
        });
      }
    }
  };
  for (const obj of list) visit(obj.value);
  return out;
}

function rawHeaderMap(lines: ReadonlyArray<{ key: string; line: string }>): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const { key, line } of lines) {
    if (!key) continue;
    const colon = line.indexOf(':');
    const value = (colon >= 0 ? line.slice(colon + 1) : '').replace(/\r?\n[ \t]+/g, ' ').trim();
    const name = key.toLowerCase();
    const existing = map.get(name);
    if (existing) existing.push(value);
    else map.set(name, [value]);
  }
  return map;
}

function toAttachment(a: Attachment, index: number): ParsedAttachment {
  const content = Buffer.isBuffer(a.content) ? a.content : Buffer.from(a.content ?? []);
  return {
    filename: (a.filename?.trim() || `attachment-${index + 1}`).slice(0, MAX_FILENAME_CHARS),
    contentType: (a.contentType || 'application/octet-stream').toLowerCase(),
    size: a.size ?? content.length,
    content,
    inline: a.related === true || a.contentDisposition === 'inline',
  };
}

function messageIdOf(value: string | undefined): string | undefined {
  const id = value ? extractMessageIds(value)[0] : undefined;
  return id === undefined ? undefined : boundedMessageId(id);
}

export async function parseMail(raw: Uint8Array): Promise<ParsedMail> {
  if (raw.byteLength > MAX_RAW_MAIL_BYTES) throw new MailTooLargeError(raw.byteLength);
  let parsed: Awaited<ReturnType<typeof simpleParser>>;
  try {
    // skipTextToHtml/skipTextLinks: we never render the HTML, so don't spend time producing it.
    parsed = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
    });
  } catch (cause) {
    throw new MailParseError('The message could not be parsed as MIME', { cause });
  }

  const contentTypeHeader = parsed.headers.get('content-type') as
    | { value?: string; params?: Record<string, string> }
    | undefined;
  const fullText = (parsed.text ?? '').replace(/\r\n/g, '\n').replaceAll(String.fromCharCode(0), '').trim();
  // The From must be one valid address: `<<<>>>@@@` parses to a "<" address, which is no sender at all.
  const fromList = addresses(parsed.from);
  const from = fromList.invalid === 0 ? fromList[0] : undefined;
  const replyTo = addresses(parsed.replyTo)[0];

  return {
    messageId: messageIdOf(parsed.messageId),
    inReplyTo: extractMessageIds(parsed.inReplyTo).slice(0, MAX_IN_REPLY_TO_IDS).map(boundedMessageId),
    references: extractMessageIds(parsed.references).slice(-MAX_REFERENCES_IDS).map(boundedMessageId),
    subject: boundedHeaderText(parsed.subject ?? '', MAX_SUBJECT_CHARS),
    from,
    replyTo,
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    contentType: (contentTypeHeader?.value ?? 'text/plain').toLowerCase(),
    contentTypeParams: contentTypeHeader?.params ?? {},
    rawHeaders: rawHeaderMap(parsed.headerLines ?? []),
    text: fullText.length > MAX_BODY_CHARS ? fullText.slice(0, MAX_BODY_CHARS) : fullText,
    textTruncated: fullText.length > MAX_BODY_CHARS,
    attachments: (parsed.attachments ?? []).slice(0, MAX_ATTACHMENTS).map(toAttachment),
    attachmentsDropped: Math.max(0, (parsed.attachments ?? []).length - MAX_ATTACHMENTS),
  };
}
