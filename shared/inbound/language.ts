/**
 * The language of a mail, for the language a ticket is answered in: the templates exist in English and
 * Italian, so the question is only "Italian or not". franc-min needs some text to be sure; below its
 * threshold (or for any other language) the answer is English unless the caller has a fallback.
 */
import { franc } from 'franc-min';

export type TicketLanguage = 'en' | 'it';

export function detectLanguage(text: string, fallback: TicketLanguage = 'en'): TicketLanguage {
  const sample = text.slice(0, 4000);
  const code = franc(sample, { minLength: 20, only: ['ita', 'eng', 'spa', 'fra', 'deu', 'por', 'nld'] });
  if (code === 'ita') return 'it';
  if (code === 'und') return fallback;
  return 'en';
}
