/**
 * Mail that a machine wrote in answer to mail, or sent to many: never a ticket, never answered.
 * Answering an out-of-office with an acknowledgement that triggers another out-of-office is how mail
 * loops start; a bounce or list digest opening tickets floods the queue. The signals (RFC 3834
 * `Auto-Submitted`, the de-facto `Precedence`, list headers RFC 2369/2919, Microsoft's
 * `X-Auto-Response-Suppress`, null return path and daemon senders, RFC 3464 DSNs) are each enough alone.
 */
import type { RejectionReason } from './rejection.js';

export interface LoopGuardInput {
  /** Raw header values by lower-cased name. */
  rawHeaders: Map<string, string[]>;
  /** The top-level Content-Type, lower-cased `type/subtype`. */
  contentType: string;
  contentTypeParams?: Record<string, string>;
  /** The From address, if any. */
  from: string | undefined;
  /** The SMTP envelope sender (SES `mail.source`); empty for bounces. */
  envelopeSender: string;
}

export type LoopVerdict = { machine: false } | { machine: true; reason: RejectionReason; signal: string };

const DAEMON_LOCAL_PARTS = /^(mailer-daemon|postmaster|mail-daemon|mailerdaemon|noreply-dmarc-support)$/i;

function first(headers: Map<string, string[]>, name: string): string | undefined {
  return headers.get(name)?.[0]?.trim();
}

function localPart(address: string): string {
  const at = address.lastIndexOf('@');
  return (at < 0 ? address : address.slice(0, at)).replace(/^<|>$/g, '');
}

export function detectMachineMail(input: LoopGuardInput): LoopVerdict {
  const h = input.rawHeaders;

  // Bounces first: a DSN may also carry Auto-Submitted, and "bounce" is the more useful reason.
  if (input.contentType === 'multipart/report')
    return { machine: true, reason: 'bounce', signal: 'Content-Type: multipart/report' };
  const returnPath = first(h, 'return-path');
  if (returnPath !== undefined && /^<\s*>$/.test(returnPath))
    return { machine: true, reason: 'bounce', signal: 'Return-Path: <>' };
  const envelope = input.envelopeSender.trim();
  if (envelope === '' || envelope === '<>')
    return { machine: true, reason: 'bounce', signal: 'null envelope sender' };
  for (const sender of [input.from, envelope]) {
    if (sender && DAEMON_LOCAL_PARTS.test(localPart(sender)))
      return { machine: true, reason: 'bounce', signal: `daemon sender ${sender}` };
  }

  const autoSubmitted = first(h, 'auto-submitted');
  if (autoSubmitted !== undefined && autoSubmitted.split(';')[0]?.trim().toLowerCase() !== 'no')
    return { machine: true, reason: 'auto-reply', signal: `Auto-Submitted: ${autoSubmitted}` };
  for (const name of ['x-autoreply', 'x-autorespond', 'x-auto-response-suppress']) {
    const value = first(h, name);
    if (value !== undefined) return { machine: true, reason: 'auto-reply', signal: `${name}: ${value}` };
  }
  const precedence = first(h, 'precedence')?.toLowerCase();
  if (precedence === 'auto_reply')
    return { machine: true, reason: 'auto-reply', signal: 'Precedence: auto_reply' };
  if (precedence === 'bulk' || precedence === 'junk' || precedence === 'list')
    return { machine: true, reason: 'list', signal: `Precedence: ${precedence}` };
  for (const name of ['list-id', 'list-unsubscribe', 'list-post']) {
    const value = first(h, name);
    if (value !== undefined) return { machine: true, reason: 'list', signal: `${name}: ${value}` };
  }
  return { machine: false };
}
