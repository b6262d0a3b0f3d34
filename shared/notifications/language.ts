import { detectLanguage, type TicketLanguage } from '../inbound/language.js';

export type MailLanguage = TicketLanguage;
export const MAIL_LANGUAGES: readonly MailLanguage[] = ['en', 'it'];

/**
 * The language a ticket's mail is written in: the ticket's own (given on the request), else the language of
 * its text (franc-min via the inbound module's detector, so both directions agree), else the tenant's default.
 * Only English and Italian templates exist; anything else gets English.
 */
export function mailLanguage(input: {
  given?: string | null;
  text?: string;
  fallback?: string;
}): MailLanguage {
  const given = input.given?.toLowerCase().slice(0, 2);
  if (given === 'it' || given === 'en') return given;
  if (given) return 'en';
  const fallback: MailLanguage = input.fallback === 'it' ? 'it' : 'en';
  return input.text ? detectLanguage(input.text, fallback) : fallback;
}
