/**
 * "Why this deadline", briefly (issue 12 item 4): two or three lines for the staff's reminder and breach mail,
 * in the reader's language and zone, e.g.
 *   1 business hour from Mon 16:34, due Mon 17:34 Rome
 *   counted Mon 16:34–17:34
 *   closed Fri 17:00 – Tue 08:00 (weekend, Easter Monday)
 * Built from the engine's explanation of the cycle (`explainTarget`, the walk `sla explain` and the receipt
 * show), cut down by `deadlineWhyOf` to what the lines need, so the mail input stays small and plain data.
 */
import type { GapReason, TargetExplanation } from '../sla/explain.js';
import type { MailLanguage } from './language.js';
import { readerDate, readerZone } from './reader-clock.js';

const HOUR = 3_600_000;
/** Stretches named at most: the mail is a pointer, the receipt (`GET /tickets/{id}/sla`) has the rest. */
const MAX_SHOWN = 3;

/** The part of an explanation the lines show (plain data: it travels in the mail's template input). */
export interface DeadlineWhy {
  rule: TargetExplanation['rule'];
  within: string | null;
  budgetMs: number;
  start: number;
  due: number | null;
  /** The alternative that applied because the clock started while closed, and the target it replaced. */
  outsideHoursInstead: string | null;
  release: string | null;
  counted: { from: number; to: number }[];
  countedTotal: number;
  /** Stretches skipped for a reason worth naming (not the nightly or lunch "outside hours"). */
  closed: { from: number; to: number; reasons: GapReason[] }[];
}

const notable = (r: GapReason) => !(r.kind === 'outside-hours' && r.name === 'outside hours');

export function deadlineWhyOf(e: TargetExplanation): DeadlineWhy {
  const closed = e.gaps
    .filter((g) => g.reasons.some(notable))
    .map((g) => ({ from: g.from, to: g.to, reasons: g.reasons.filter(notable) }));
  return {
    rule: e.rule,
    within: e.within,
    budgetMs: e.budgetMs,
    start: e.start,
    due: e.due,
    outsideHoursInstead: e.outsideHours?.applied ? e.outsideHours.instead : null,
    release: e.release?.rule ?? null,
    counted: e.segments.slice(0, MAX_SHOWN).map((s) => ({ from: s.from, to: s.to })),
    countedTotal: e.segments.length,
    closed: closed.slice(0, MAX_SHOWN),
  };
}

const WORDS = {
  en: {
    businessHours: (n: number) => `${n} business hour${n === 1 ? '' : 's'}`,
    businessDays: (n: number) => `${n} business day${n === 1 ? '' : 's'}`,
    calendarHours: (n: number) => `${n} hour${n === 1 ? '' : 's'} around the clock`,
    from: 'from',
    due: 'due',
    counted: 'counted',
    closed: 'closed',
    more: (n: number) => `and ${n} more`,
    outside: (instead: string) => `(opened outside business hours: instead of ${instead})`,
    release: (rule: string) => `the next release: ${rule}`,
    weekend: 'weekend',
    paused: (status: string) => `paused: ${status}`,
    closure: 'closure',
  },
  it: {
    businessHours: (n: number) => `${n} or${n === 1 ? 'a' : 'e'} lavorativ${n === 1 ? 'a' : 'e'}`,
    businessDays: (n: number) => `${n} giorn${n === 1 ? 'o' : 'i'} lavorativ${n === 1 ? 'o' : 'i'}`,
    calendarHours: (n: number) => `${n} or${n === 1 ? 'a' : 'e'} di calendario`,
    from: 'da',
    due: 'scadenza',
    counted: 'contate',
    closed: 'chiuso',
    more: (n: number) => `e altri ${n}`,
    outside: (instead: string) => `(aperta fuori orario: invece di ${instead})`,
    release: (rule: string) => `il prossimo rilascio: ${rule}`,
    weekend: 'fine settimana',
    paused: (status: string) => `in pausa: ${status}`,
    closure: 'chiusura',
  },
} as const;

function hours(ms: number): number {
  return Math.round((ms / HOUR) * 100) / 100;
}

/** The budget in words: "4 business hours", "5 business days", "8 hours around the clock" (30 min: 0.5). */
function budgetWords(why: DeadlineWhy, lang: MailLanguage): string {
  const w = WORDS[lang];
  const days = why.within?.match(/^(\d+(?:\.\d+)?)bd$/);
  if (days) return w.businessDays(Number(days[1]));
  const wallClock = why.rule === 'calendar' || (why.within?.endsWith('calendar') ?? false);
  return wallClock ? w.calendarHours(hours(why.budgetMs)) : w.businessHours(hours(why.budgetMs));
}

/** Lines of "why this deadline" in the reader's language and zone (UTC when none or unknown). */
export function deadlineWhyLines(why: DeadlineWhy, lang: MailLanguage, zone = 'UTC'): string[] {
  const w = WORDS[lang];
  const locale = lang === 'it' ? 'it-IT' : 'en-GB';
  const valid = readerZone(zone);
  const at = (ms: number) => readerDate(ms, valid, locale);
  const time = (ms: number) => `${at(ms).hour}:${at(ms).minute}`;
  const dayTime = (ms: number) => `${at(ms).weekdayShort} ${time(ms)}`;
  const sameDay = (a: number, b: number) => at(a).date === at(b).date;
  const span = (a: number, b: number) => `${dayTime(a)}–${sameDay(a, b) ? time(b) : dayTime(b)}`;
  const city = valid === 'UTC' ? 'UTC' : (valid.split('/').pop() ?? valid).replace(/_/g, ' ');

  if (why.rule === 'next-release') {
    const d = why.due === null ? null : at(why.due);
    const due =
      d === null ? '' : `, ${w.due} ${d.weekdayShort} ${d.day} ${d.monthShort} ${d.hour}:${d.minute} ${city}`;
    return [`${w.release(why.release ?? '')}${due}`];
  }
  const first = [
    `${budgetWords(why, lang)} ${w.from} ${dayTime(why.start)}`,
    why.outsideHoursInstead ? ` ${w.outside(why.outsideHoursInstead)}` : '',
    why.due === null ? '' : `, ${w.due} ${dayTime(why.due)} ${city}`,
  ].join('');
  const lines = [first];
  if (why.counted.length > 0) {
    const more = why.countedTotal - why.counted.length;
    const shown = why.counted.map((s) => span(s.from, s.to)).join(', ');
    lines.push(`${w.counted} ${shown}${more > 0 ? ` ${w.more(more)}` : ''}`);
  }
  if (why.closed.length > 0) {
    const reason = (r: GapReason): string => {
      switch (r.kind) {
        case 'outside-hours':
          return w.weekend;
        case 'holiday':
        case 'not-in-season':
          return r.name;
        case 'closure':
          return r.name ? `${w.closure}: ${r.name}` : w.closure;
        case 'paused':
          return w.paused(r.status);
      }
    };
    const shown = why.closed.map((g) => {
      const names = [...new Set(g.reasons.map(reason))].join(', ');
      return `${dayTime(g.from)} – ${dayTime(g.to)} (${names})`;
    });
    lines.push(`${w.closed} ${shown.join(', ')}`);
  }
  return lines;
}
