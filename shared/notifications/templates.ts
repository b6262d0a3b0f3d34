import { DateTime } from 'luxon';
import type { MilestoneName, TicketStatus } from '../sla/types.js';
import { type DeadlineWhy, deadlineWhyLines } from './deadline-why.js';
import type { MailLanguage } from './language.js';

/**
 * The mail SLA Sentinel sends, in English and Italian. Plain text (every client shows it; nothing to
 * sanitise); the subject always carries `[<ticket reference>]` so a reply is threaded by subject too.
 */
export type TemplateName =
  | 'acknowledgement'
  | 'agentReply'
  | 'reminder'
  | 'breach'
  | 'statusChange'
  | 'closure';

interface Common {
  /** The case number, e.g. `INT-000123`. */
  reference: string;
  subject: string;
  /** IANA zone instants are shown in (the tenant's), UTC by default. */
  timezone?: string;
}

export type TemplateInput =
  | (Common & {
      template: 'acknowledgement';
      requesterName?: string;
      priority: string;
      firstResponseDueAt?: number | null;
    })
  | (Common & { template: 'agentReply'; body: string; agentName?: string })
  | (Common & {
      template: 'reminder';
      milestone: MilestoneName;
      priority: string;
      dueAt: number;
      assignee?: string | null;
      /** Why the deadline is then (`deadline-why.ts`); absent: the mail says only when. */
      why?: DeadlineWhy | null;
    })
  | (Common & {
      template: 'breach';
      milestone: MilestoneName;
      priority: string;
      dueAt: number;
      assignee?: string | null;
      escalation?: { level: number; name: string } | null;
      why?: DeadlineWhy | null;
    })
  | (Common & { template: 'statusChange'; from: TicketStatus; to: TicketStatus })
  | (Common & { template: 'closure'; status: 'resolved' | 'closed' });

export interface RenderedMail {
  subject: string;
  text: string;
}

const MILESTONE: Record<MailLanguage, Record<MilestoneName, string>> = {
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

const STATUS: Record<MailLanguage, Record<TicketStatus, string>> = {
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

function when(ms: number, lang: MailLanguage, zone = 'UTC'): string {
  const dt = DateTime.fromMillis(ms, { zone }).setLocale(lang === 'it' ? 'it-IT' : 'en-GB');
  const shown = dt.isValid
    ? dt
    : DateTime.fromMillis(ms, { zone: 'UTC' }).setLocale(lang === 'it' ? 'it-IT' : 'en-GB');
  return `${shown.toFormat('cccc d LLLL yyyy, HH:mm')} (${shown.zoneName === 'UTC' ? 'UTC' : shown.zoneName})`;
}

const SIGNATURE: Record<MailLanguage, string> = {
  en: '-- \nSLA Sentinel support desk. Reply to this mail to add to the case; keep the case number in the subject.',
  it: "-- \nAssistenza SLA Sentinel. Rispondete a questa mail per aggiungere informazioni alla pratica; lasciate il numero di pratica nell'oggetto.",
};

function lines(...parts: (string | false | null | undefined)[]): string {
  return parts.filter((p): p is string => typeof p === 'string').join('\n');
}

/** The "why this deadline" block of staff mail: a heading and two or three lines, or nothing. */
function whyBlock(
  why: DeadlineWhy | null | undefined,
  lang: MailLanguage,
  zone: string | undefined,
): string | undefined {
  if (!why) return undefined;
  const heading = lang === 'it' ? 'Perché questa scadenza:' : 'Why this deadline:';
  return ['', heading, ...deadlineWhyLines(why, lang, zone).map((l) => `  ${l}`)].join('\n');
}

function assigneeLine(assignee: string | null | undefined, lang: MailLanguage): string {
  if (lang === 'it') return assignee ? `Assegnata a: ${assignee}.` : 'La pratica non è assegnata a nessuno.';
  return assignee ? `Assigned to: ${assignee}.` : 'Nobody is assigned to the case.';
}

export function renderMail(input: TemplateInput, lang: MailLanguage): RenderedMail {
  const ref = `[${input.reference}]`;
  const zone = input.timezone;
  const it = lang === 'it';
  switch (input.template) {
    case 'acknowledgement': {
      const hello = input.requesterName
        ? `${it ? 'Gentile' : 'Dear'} ${input.requesterName},`
        : it
          ? 'Gentile cliente,'
          : 'Hello,';
      const due =
        input.firstResponseDueAt != null
          ? it
            ? `Riceverete una prima risposta entro ${when(input.firstResponseDueAt, lang, zone)}.`
            : `You will hear from us by ${when(input.firstResponseDueAt, lang, zone)}.`
          : undefined;
      return {
        subject: it
          ? `${ref} Richiesta ricevuta: ${input.subject}`
          : `${ref} We received your request: ${input.subject}`,
        text: lines(
          hello,
          '',
          it
            ? `abbiamo ricevuto la vostra richiesta "${input.subject}" e l'abbiamo registrata con il numero di pratica ${input.reference} (priorità: ${input.priority}).`
            : `we have received your request "${input.subject}" and logged it as case ${input.reference} (priority: ${input.priority}).`,
          due,
          '',
          SIGNATURE[lang],
        ),
      };
    }
    case 'agentReply':
      return {
        subject: `${ref} Re: ${input.subject}`,
        text: lines(
          input.body,
          '',
          input.agentName ? `${input.agentName}` : undefined,
          it ? `Pratica ${input.reference}` : `Case ${input.reference}`,
          '',
          SIGNATURE[lang],
        ),
      };
    case 'reminder': {
      const m = MILESTONE[lang][input.milestone];
      return {
        subject: it
          ? `${ref} Promemoria: scadenza ${m} alle ${when(input.dueAt, lang, zone)}`
          : `${ref} Reminder: ${m} due ${when(input.dueAt, lang, zone)}`,
        text: lines(
          it
            ? `La scadenza di ${m} della pratica ${input.reference} "${input.subject}" (priorità ${input.priority}) è ${when(input.dueAt, lang, zone)}.`
            : `The ${m} deadline of case ${input.reference} "${input.subject}" (priority ${input.priority}) is ${when(input.dueAt, lang, zone)}.`,
          whyBlock(input.why, lang, zone),
          assigneeLine(input.assignee, lang),
          '',
          SIGNATURE[lang],
        ),
      };
    }
    case 'breach': {
      const m = MILESTONE[lang][input.milestone];
      const escalation = input.escalation
        ? it
          ? `La pratica è stata scalata al livello ${input.escalation.level} (${input.escalation.name}).`
          : `The case has been escalated to level ${input.escalation.level} (${input.escalation.name}).`
        : undefined;
      return {
        subject: it ? `${ref} SLA violato: ${m} scaduta` : `${ref} SLA breached: ${m} overdue`,
        text: lines(
          it
            ? `La scadenza di ${m} della pratica ${input.reference} "${input.subject}" (priorità ${input.priority}) era ${when(input.dueAt, lang, zone)} ed è stata superata.`
            : `The ${m} deadline of case ${input.reference} "${input.subject}" (priority ${input.priority}) was ${when(input.dueAt, lang, zone)} and has passed.`,
          whyBlock(input.why, lang, zone),
          escalation,
          assigneeLine(input.assignee, lang),
          '',
          SIGNATURE[lang],
        ),
      };
    }
    case 'statusChange':
      return {
        subject: it
          ? `${ref} Stato aggiornato: ${STATUS[lang][input.to]}`
          : `${ref} Status changed: ${STATUS[lang][input.to]}`,
        text: lines(
          it
            ? `La pratica ${input.reference} "${input.subject}" è passata da "${STATUS[lang][input.from]}" a "${STATUS[lang][input.to]}".`
            : `Case ${input.reference} "${input.subject}" moved from "${STATUS[lang][input.from]}" to "${STATUS[lang][input.to]}".`,
          '',
          SIGNATURE[lang],
        ),
      };
    case 'closure':
      return {
        subject: it
          ? `${ref} Pratica ${input.status === 'closed' ? 'chiusa' : 'risolta'}: ${input.subject}`
          : `${ref} Case ${input.status}: ${input.subject}`,
        text: lines(
          it
            ? `La pratica ${input.reference} "${input.subject}" è stata ${input.status === 'closed' ? 'chiusa' : 'risolta'}.`
            : `Case ${input.reference} "${input.subject}" has been ${input.status}.`,
          input.status === 'resolved'
            ? it
              ? 'Se il problema persiste, rispondete a questa mail e la pratica verrà riaperta.'
              : 'If the problem persists, reply to this mail and the case will be reopened.'
            : undefined,
          '',
          SIGNATURE[lang],
        ),
      };
  }
}
