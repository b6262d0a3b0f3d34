import type { MilestoneName, TicketStatus } from '../sla/types.js';
import { type DeadlineWhy, deadlineWhyLines } from './deadline-why.js';
import type { MailLanguage } from './language.js';
import { MILESTONE_NAMES, priorityName, readerTime, STATUS_NAMES } from './mail-words.js';

/**
 * The mail SLA Sentinel sends, in English and Italian. Plain text (every client shows it; nothing to
 * sanitise); the subject always carries `[<ticket reference>]` so a reply is threaded by subject too. One
 * body builder per template (`BUILDERS`): a template grows (a "why this deadline" block, ...) in its own
 * builder without touching the others.
 */
export type TemplateName =
  | 'acknowledgement'
  | 'agentReply'
  | 'reminder'
  | 'breach'
  | 'escalation'
  | 'statusChange'
  | 'clarification'
  | 'closure';

export const TEMPLATE_NAMES: readonly TemplateName[] = [
  'acknowledgement',
  'agentReply',
  'reminder',
  'breach',
  'escalation',
  'statusChange',
  'clarification',
  'closure',
];

interface Common {
  /** The case number, e.g. `INT-000123`. */
  reference: string;
  subject: string;
  /** The reader's IANA zone, in which every instant is shown (named); UTC when absent. */
  timezone?: string;
  /** The support organisation's name for the signature ("Interzen support"); "SLA Sentinel" when absent. */
  organisation?: string;
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
  | (Common & {
      template: 'escalation';
      priority: string;
      level: number;
      levelName: string;
      by: 'customer' | 'agent';
      reason?: string | null;
      assignee?: string | null;
    })
  | (Common & { template: 'statusChange'; from: TicketStatus; to: TicketStatus })
  | (Common & { template: 'clarification'; body?: string | null })
  | (Common & { template: 'closure'; status: 'resolved' | 'closed' });

export interface RenderedMail {
  subject: string;
  text: string;
}

/** "Interzen" -> "Interzen support" / "Assistenza Interzen": the From display name and the signature's name. */
export function supportName(organisation: string | undefined, lang: MailLanguage): string {
  const name = organisation?.trim() || 'SLA Sentinel';
  return lang === 'it' ? `Assistenza ${name}` : `${name} support`;
}

function signature(input: Common, lang: MailLanguage): string {
  const who = supportName(input.organisation, lang);
  return lang === 'it'
    ? `-- \n${who}. Rispondete a questa mail per aggiungere informazioni alla pratica; lasciate il numero di pratica nell'oggetto.`
    : `-- \n${who}. Reply to this mail to add to the case; keep the case number in the subject.`;
}

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

type Input<T extends TemplateName> = Extract<TemplateInput, { template: T }>;
type Builder<T extends TemplateName> = (input: Input<T>, lang: MailLanguage, ref: string) => RenderedMail;

const BUILDERS: { [T in TemplateName]: Builder<T> } = {
  acknowledgement(input, lang, ref) {
    const it = lang === 'it';
    const when = (ms: number) => readerTime(ms, lang, input.timezone);
    const hello = input.requesterName
      ? `${it ? 'Gentile' : 'Dear'} ${input.requesterName},`
      : it
        ? 'Gentile cliente,'
        : 'Hello,';
    const priority = priorityName(input.priority, lang);
    const due =
      input.firstResponseDueAt != null
        ? it
          ? `Riceverete una prima risposta entro ${when(input.firstResponseDueAt)}.`
          : `You will hear from us by ${when(input.firstResponseDueAt)}.`
        : undefined;
    return {
      subject: it
        ? `${ref} Richiesta ricevuta: ${input.subject}`
        : `${ref} We received your request: ${input.subject}`,
      text: lines(
        hello,
        '',
        it
          ? `abbiamo ricevuto la vostra richiesta "${input.subject}" e l'abbiamo registrata con il numero di pratica ${input.reference} (priorità: ${priority}).`
          : `we have received your request "${input.subject}" and logged it as case ${input.reference} (priority: ${priority}).`,
        due,
        '',
        signature(input, lang),
      ),
    };
  },
  agentReply(input, lang, ref) {
    return {
      subject: `${ref} Re: ${input.subject}`,
      text: lines(
        input.body,
        '',
        input.agentName ? `${input.agentName}` : undefined,
        lang === 'it' ? `Pratica ${input.reference}` : `Case ${input.reference}`,
        '',
        signature(input, lang),
      ),
    };
  },
  reminder(input, lang, ref) {
    const it = lang === 'it';
    const m = MILESTONE_NAMES[lang][input.milestone];
    const due = readerTime(input.dueAt, lang, input.timezone);
    const priority = priorityName(input.priority, lang);
    return {
      subject: it ? `${ref} Promemoria: scadenza ${m} alle ${due}` : `${ref} Reminder: ${m} due ${due}`,
      text: lines(
        it
          ? `La scadenza di ${m} della pratica ${input.reference} "${input.subject}" (priorità ${priority}) è ${due}.`
          : `The ${m} deadline of case ${input.reference} "${input.subject}" (priority ${priority}) is ${due}.`,
        whyBlock(input.why, lang, input.timezone),
        assigneeLine(input.assignee, lang),
        '',
        signature(input, lang),
      ),
    };
  },
  breach(input, lang, ref) {
    const it = lang === 'it';
    const m = MILESTONE_NAMES[lang][input.milestone];
    const due = readerTime(input.dueAt, lang, input.timezone);
    const priority = priorityName(input.priority, lang);
    const escalation = input.escalation
      ? it
        ? `La pratica è stata scalata al livello ${input.escalation.level} (${input.escalation.name}).`
        : `The case has been escalated to level ${input.escalation.level} (${input.escalation.name}).`
      : undefined;
    return {
      subject: it ? `${ref} SLA violato: ${m} scaduta` : `${ref} SLA breached: ${m} overdue`,
      text: lines(
        it
          ? `La scadenza di ${m} della pratica ${input.reference} "${input.subject}" (priorità ${priority}) era ${due} ed è stata superata.`
          : `The ${m} deadline of case ${input.reference} "${input.subject}" (priority ${priority}) was ${due} and has passed.`,
        whyBlock(input.why, lang, input.timezone),
        escalation,
        assigneeLine(input.assignee, lang),
        '',
        signature(input, lang),
      ),
    };
  },
  escalation(input, lang, ref) {
    const it = lang === 'it';
    const by = it
      ? input.by === 'customer'
        ? 'dal cliente'
        : 'da un operatore'
      : input.by === 'customer'
        ? 'by the customer'
        : 'by an agent';
    return {
      subject: it
        ? `${ref} Escalation al livello ${input.level}: ${input.subject}`
        : `${ref} Escalated to level ${input.level}: ${input.subject}`,
      text: lines(
        it
          ? `La pratica ${input.reference} "${input.subject}" (priorità ${priorityName(input.priority, lang)}) è stata scalata ${by} al livello ${input.level} (${input.levelName}).`
          : `Case ${input.reference} "${input.subject}" (priority ${priorityName(input.priority, lang)}) was escalated ${by} to level ${input.level} (${input.levelName}).`,
        input.reason ? (it ? `Motivo: ${input.reason}` : `Reason: ${input.reason}`) : undefined,
        assigneeLine(input.assignee, lang),
        '',
        signature(input, lang),
      ),
    };
  },
  statusChange(input, lang, ref) {
    const it = lang === 'it';
    const names = STATUS_NAMES[lang];
    return {
      subject: it
        ? `${ref} Stato aggiornato: ${names[input.to]}`
        : `${ref} Status changed: ${names[input.to]}`,
      text: lines(
        it
          ? `La pratica ${input.reference} "${input.subject}" è passata da "${names[input.from]}" a "${names[input.to]}".`
          : `Case ${input.reference} "${input.subject}" moved from "${names[input.from]}" to "${names[input.to]}".`,
        '',
        signature(input, lang),
      ),
    };
  },
  clarification(input, lang, ref) {
    const it = lang === 'it';
    return {
      subject: it
        ? `${ref} Ci servono informazioni: ${input.subject}`
        : `${ref} We need more information: ${input.subject}`,
      text: lines(
        it
          ? `Per proseguire con la pratica ${input.reference} "${input.subject}" ci servono alcune informazioni da parte vostra.`
          : `To go on with case ${input.reference} "${input.subject}" we need some information from you.`,
        input.body ? ['', input.body].join('\n') : undefined,
        '',
        it
          ? 'Rispondete a questa mail: la pratica riprende appena riceviamo la vostra risposta.'
          : 'Reply to this mail: the case resumes as soon as we have your answer.',
        '',
        signature(input, lang),
      ),
    };
  },
  closure(input, lang, ref) {
    const it = lang === 'it';
    const done = it ? (input.status === 'closed' ? 'chiusa' : 'risolta') : input.status;
    return {
      subject: it ? `${ref} Pratica ${done}: ${input.subject}` : `${ref} Case ${done}: ${input.subject}`,
      text: lines(
        it
          ? `La pratica ${input.reference} "${input.subject}" è stata ${done}.`
          : `Case ${input.reference} "${input.subject}" has been ${done}.`,
        input.status === 'resolved'
          ? it
            ? 'Se il problema persiste, rispondete a questa mail e la pratica verrà riaperta.'
            : 'If the problem persists, reply to this mail and the case will be reopened.'
          : undefined,
        '',
        signature(input, lang),
      ),
    };
  },
};

export function renderMail(input: TemplateInput, lang: MailLanguage): RenderedMail {
  const build = BUILDERS[input.template] as Builder<TemplateName>;
  return build(input as never, lang, `[${input.reference}]`);
}
