/**
 * The words a mail is written with, in its language: milestone, state and priority names, and instants in the
 * reader's zone with the zone named ("martedì 1 dicembre 2026, 16:41 (ora di Roma)", "Tuesday 1 December 2026,
 * 16:41 CET"). The templates (`templates.ts`) only assemble these.
 */
import type { MilestoneName, TicketStatus } from '../sla/types.js';
import type { MailLanguage } from './language.js';
import { readerDate, readerZone, zoneAbbreviation } from './reader-clock.js';

export const MILESTONE_NAMES: Record<MailLanguage, Record<MilestoneName, string>> = {
  en: {
    firstResponse: 'first response',
    update: 'update',
    escalation: 'escalation',
    resolution: 'resolution',
  },
  it: {
    firstResponse: 'prima risposta',
    update: 'aggiornamento',
    escalation: 'escalation',
    resolution: 'risoluzione',
  },
};

export const STATUS_NAMES: Record<MailLanguage, Record<TicketStatus, string>> = {
  en: {
    new: 'new',
    open: 'open',
    pending_customer: 'waiting for your reply',
    resolved: 'resolved',
    closed: 'closed',
  },
  it: {
    new: 'nuova',
    open: 'aperta',
    pending_customer: 'in attesa di una vostra risposta',
    resolved: 'risolta',
    closed: 'chiusa',
  },
};

/** Every priority the presets name; a tenant's own policy may use others, shown as they are. */
const PRIORITY_NAMES: Record<MailLanguage, Record<string, string>> = {
  en: {
    blocking: 'blocking',
    critical: 'critical',
    urgent: 'urgent',
    high: 'high',
    medium: 'medium',
    normal: 'normal',
    low: 'low',
  },
  it: {
    blocking: 'bloccante',
    critical: 'critica',
    urgent: 'urgente',
    high: 'alta',
    medium: 'media',
    normal: 'normale',
    low: 'bassa',
  },
};

export function priorityName(priority: string, lang: MailLanguage): string {
  return PRIORITY_NAMES[lang][priority] ?? priority;
}

/** Italian names of the cities IANA zones are named after (the rest are the same in both languages). */
const ITALIAN_CITIES: Record<string, string> = {
  Rome: 'Roma',
  London: 'Londra',
  Paris: 'Parigi',
  Prague: 'Praga',
  Berlin: 'Berlino',
  Vienna: 'Vienna',
  Zurich: 'Zurigo',
  Brussels: 'Bruxelles',
  Lisbon: 'Lisbona',
  Warsaw: 'Varsavia',
  Athens: 'Atene',
  Moscow: 'Mosca',
  New_York: 'New York',
  Los_Angeles: 'Los Angeles',
  Mexico_City: 'Città del Messico',
  Sao_Paulo: 'San Paolo',
  Singapore: 'Singapore',
  Tokyo: 'Tokyo',
};

function cityOf(zone: string): string {
  const city = zone.split('/').pop() ?? zone;
  return city.replace(/_/g, ' ');
}

/**
 * How the zone is named next to a local time. Italian: "ora di Roma" (the zone's city, which every reader
 * knows, rather than "Ora standard dell'Europa centrale"). English: the zone's abbreviation at that instant
 * (CET, CEST, EET, GMT); where English has none (GMT-6 for Chicago) the city is added: "GMT-6, Chicago time".
 */
export function zoneLabel(ms: number, zone: string, lang: MailLanguage): string {
  if (/^(utc|gmt|etc\/utc)$/i.test(zone)) return lang === 'it' ? '(UTC)' : 'UTC';
  const city = cityOf(zone);
  if (lang === 'it') return `(ora di ${ITALIAN_CITIES[zone.split('/').pop() ?? ''] ?? city})`;
  const abbreviation = zoneAbbreviation(ms, zone);
  return /^GMT[+-]/.test(abbreviation) ? `${abbreviation} (${city} time)` : abbreviation;
}

/** An instant as the reader reads it: local date and time in `zone` (UTC if invalid), zone named. */
export function readerTime(ms: number, lang: MailLanguage, zone = 'UTC'): string {
  const valid = readerZone(zone);
  const d = readerDate(ms, valid, lang === 'it' ? 'it-IT' : 'en-GB');
  const year = String(d.year).padStart(4, '0');
  return `${d.weekday} ${d.day} ${d.month} ${year}, ${d.hour}:${d.minute} ${zoneLabel(ms, valid, lang)}`;
}
