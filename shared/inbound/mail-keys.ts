/**
 * Object keys in the mail bucket (and the local mail folder), defined once for the writer and the reader:
 * the receipt rule's S3 action writes raw MIME under `RAW_MAIL_KEY_PREFIX` + SES's message id (the CDK rule
 * and the local SMTP listener use this prefix); the inbound handler keeps attachments under
 * `ATTACHMENT_KEY_PREFIX`.
 */
export const RAW_MAIL_KEY_PREFIX = 'inbound/';
export const ATTACHMENT_KEY_PREFIX = 'attachments/';

export function rawMailKey(sesMessageId: string): string {
  return `${RAW_MAIL_KEY_PREFIX}${sesMessageId}`;
}

/** `attachments/<tenant>/<ses id>/<n>-<name>`: deterministic, so a redelivery overwrites, never doubles. */
export function attachmentKey(
  tenantId: string,
  sesMessageId: string,
  index: number,
  filename: string,
): string {
  const safe =
    filename
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^\.+/, '')
      .slice(0, 120) || 'attachment';
  return `${ATTACHMENT_KEY_PREFIX}${tenantId}/${sesMessageId}/${index + 1}-${safe}`;
}
