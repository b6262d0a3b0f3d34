/**
 * Key prefixes in the mail bucket, from the one definition the inbound mail code uses
 * (`shared/inbound/mail-keys.ts`): SES's receipt rule writes raw MIME under `RAW_MAIL_PREFIX`, the handler
 * keeps attachments under `ATTACHMENT_PREFIX`; the Lambda's S3 grants are limited to these prefixes.
 */
export {
  ATTACHMENT_KEY_PREFIX as ATTACHMENT_PREFIX,
  RAW_MAIL_KEY_PREFIX as RAW_MAIL_PREFIX,
} from '../shared/inbound/mail-keys.js';
