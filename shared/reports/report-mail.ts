/**
 * The monthly report mail (English, Italian): a plain-text table of the report's rows, with the month named in
 * the tenant's language and the period stated in its zone. Pure.
 */
import { DateTime } from 'luxon';
import type { SlaReport } from './sla-report.js';

const TEXT = {
  en: {
    subject: (month: string, name: string) => `SLA report ${month}: ${name}`,
    intro: (month: string, zone: string) =>
      `Your SLA compliance for ${month} (local days in ${zone}): milestones started that month, as they stand now.`,
    head: [
      'milestone',
      'priority',
      'counted',
      'met',
      'breached',
      'running',
      'compliance',
      'median min',
      'p90 min',
    ],
    none: 'No SLA milestone started that month.',
    milestones: {
      firstResponse: 'first response',
      update: 'update',
      escalation: 'escalation',
      resolution: 'resolution',
    },
  },
  it: {
    subject: (month: string, name: string) => `Report SLA ${month}: ${name}`,
    intro: (month: string, zone: string) =>
      `La conformità SLA di ${month} (giorni locali in ${zone}): le scadenze iniziate nel mese, come stanno ora.`,
    head: [
      'scadenza',
      'priorità',
      'totale',
      'rispettate',
      'violate',
      'in corso',
      'conformità',
      'mediana min',
      'p90 min',
    ],
    none: 'Nessuna scadenza SLA è iniziata nel mese.',
    milestones: {
      firstResponse: 'prima risposta',
      update: 'aggiornamento',
      escalation: 'escalation',
      resolution: 'risoluzione',
    },
  },
} as const;

export interface ReportMail {
  language: 'en' | 'it';
  subject: string;
  text: string;
}

/** `month` is `2026-11`; the report is that month's, for one tenant. */
export function renderReportMail(
  report: SlaReport,
  tenant: { name?: string; tenantId: string; language?: string; timezone: string },
  month: string,
): ReportMail {
  // The tenant's own language (no text to detect one from); only English and Italian templates exist.
  const language = tenant.language?.toLowerCase().startsWith('it') ? 'it' : 'en';
  const t = TEXT[language];
  const monthName = DateTime.fromISO(`${month}-01`, { zone: 'UTC' })
    .setLocale(language)
    .toFormat('LLLL yyyy');
  const cell = (v: number | null) => (v === null ? '-' : String(v));
  const lines = report.rows.map((r) =>
    [
      t.milestones[r.milestone],
      r.priority,
      r.counted,
      r.met,
      r.breached,
      r.running,
      r.compliancePercent === null ? '-' : `${r.compliancePercent} %`,
      cell(r.medianBusinessMinutes),
      cell(r.p90BusinessMinutes),
    ].join(' | '),
  );
  const body = lines.length === 0 ? [t.none] : [t.head.join(' | '), ...lines];
  return {
    language,
    subject: t.subject(monthName, tenant.name ?? tenant.tenantId),
    text: [t.intro(monthName, tenant.timezone), '', ...body, ''].join('\n'),
  };
}
