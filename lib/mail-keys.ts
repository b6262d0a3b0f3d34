/**
 * Key prefixes in the mail bucket. SES's receipt rule writes raw MIME under `RAW_MAIL_PREFIX` (the
 * inbound-email handler derives the same key from the SES message id); the handler keeps attachments
 * under `ATTACHMENT_PREFIX`.
 */
export const RAW_MAIL_PREFIX = 'inbound/';
export const ATTACHMENT_PREFIX = 'attachments/';
