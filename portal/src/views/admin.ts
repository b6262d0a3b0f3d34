/**
 * Admins: compliance for a month from the reports API (per milestone and priority, a small chart of met and
 * breached per day, the CSV), and the tenant's settings read-only with its calendar drawn as a week. A
 * deployment without the reports route shows that plainly instead of failing.
 */
import { ApiError, call, callText, currentSession } from '../api.js';
import { field, h, s } from '../dom.js';
import { t } from '../i18n.js';
import { now } from '../time.js';
import type { ViewContext } from '../view-context.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v) || 0);

let month = '';

/** The month's days, first to last (the reports API takes both ends inclusive). */
function monthDays(value: string): string[] {
  const [y = 2026, m = 1] = value.split('-').map(Number);
  const days: string[] = [];
  for (let d = new Date(Date.UTC(y, m - 1, 1)); d.getUTCMonth() === m - 1; d.setUTCDate(d.getUTCDate() + 1)) {
    days.push(d.toISOString().slice(0, 10));
  }
  return days;
}

const sum = (rows: Row[], key: 'met' | 'breached') => rows.reduce((n, r) => n + r[key], 0);

/**
 * Met and breached per day: the report's own series when it has one, else one report per day (milestones
 * started that day), asked for together.
 */
async function perDay(
  days: string[],
  given: { date: string; met: number; breached: number }[],
): Promise<{ date: string; met: number; breached: number }[]> {
  if (given.length > 0) return given;
  return Promise.all(
    days.map(async (date) => {
      const { rows } = readReport(await call(`/reports/sla?from=${date}&to=${date}`));
      return { date, met: sum(rows, 'met'), breached: sum(rows, 'breached') };
    }),
  );
}

interface Row {
  milestone: string;
  priority: string;
  met: number;
  breached: number;
}

/** Rows and days from the report, whatever it nests them in (`rows`/`items`/`byMilestone`, `days`/`byDay`). */
export function readReport(report: unknown): {
  rows: Row[];
  days: { date: string; met: number; breached: number }[];
} {
  const root = isObj(report) ? report : {};
  const list = (v: unknown) => (Array.isArray(v) ? v.filter(isObj) : []);
  const rows = list(root.rows ?? root.items ?? root.byMilestone ?? root.milestones).map((r) => ({
    milestone: String(r.milestone ?? r.name ?? ''),
    priority: String(r.priority ?? ''),
    met: num(r.met),
    breached: num(r.breached),
  }));
  const days = list(root.days ?? root.byDay ?? root.daily).map((d) => ({
    date: String(d.date ?? d.day ?? ''),
    met: num(d.met),
    breached: num(d.breached),
  }));
  return { rows, days };
}

function chart(days: { date: string; met: number; breached: number }[]): SVGElement {
  const max = Math.max(1, ...days.map((d) => d.met + d.breached));
  const w = 18;
  const height = 120;
  return s(
    'svg',
    {
      viewBox: `0 0 ${Math.max(1, days.length) * w + 10} ${height + 20}`,
      role: 'img',
      'aria-label': `${t('metVsBreached')}: ${days.map((d) => `${d.date} ${d.met}/${d.breached}`).join(', ')}`,
      class: 'chart',
    },
    days.map((d, i) => {
      const metH = (d.met / max) * height;
      const brH = (d.breached / max) * height;
      return s(
        'g',
        {},
        s('rect', { x: i * w + 5, y: height - metH, width: w - 4, height: metH, class: 'met' }),
        s('rect', { x: i * w + 5, y: height - metH - brH, width: w - 4, height: brH, class: 'breached' }),
        s(
          'text',
          { x: i * w + 5 + (w - 4) / 2, y: height + 14, 'text-anchor': 'middle', class: 'tl-tick' },
          d.date.slice(-2),
        ),
      );
    }),
  );
}

export async function complianceView(ctx: ViewContext): Promise<HTMLElement> {
  if (!month) month = new Date(now()).toISOString().slice(0, 7);
  const picker = h('input', { type: 'month', name: 'month', value: month });
  const days = monthDays(month);
  const path = `/reports/sla?from=${days[0]}&to=${days[days.length - 1]}`;
  const form = h(
    'form',
    {
      onsubmit: (e: Event) => {
        e.preventDefault();
        month = picker.value || month;
        ctx.rerender();
      },
    },
    field(t('month'), picker),
    h('button', { type: 'submit' }, t('apply')),
  );
  let body: HTMLElement;
  try {
    const report = readReport(await call(path));
    const { rows } = report;
    const series = await perDay(days, report.days);
    const download = h(
      'button',
      {
        type: 'button',
        onclick: async () => {
          const csv = await callText(path, 'text/csv');
          const a = h('a', {
            href: URL.createObjectURL(new Blob([csv], { type: 'text/csv' })),
            download: `sla-${month}.csv`,
          });
          a.click();
        },
      },
      t('downloadCsv'),
    );
    body = h(
      'div',
      {},
      h(
        'table',
        {},
        h('caption', {}, `${t('compliance')} ${month}`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            [t('milestone'), t('priority'), t('metCount'), t('breachedCount'), t('compliancePct')].map((c) =>
              h('th', { scope: 'col' }, c),
            ),
          ),
        ),
        h(
          'tbody',
          {},
          rows.map((r) =>
            h(
              'tr',
              {},
              h('td', {}, t(r.milestone)),
              h('td', {}, r.priority),
              h('td', {}, r.met),
              h('td', {}, r.breached),
              h('td', {}, r.met + r.breached ? `${Math.round((100 * r.met) / (r.met + r.breached))} %` : '—'),
            ),
          ),
        ),
      ),
      h('h2', {}, t('metVsBreached')),
      chart(series),
      download,
    );
  } catch (error) {
    if (error instanceof ApiError && error.status === 404)
      body = h('p', { class: 'unavailable' }, t('reportUnavailable'));
    else throw error;
  }
  return h('section', {}, h('h1', {}, t('compliance')), form, body);
}

interface WeekWindow {
  days: string[];
  start: string;
  end: string;
  zone: string;
}

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const minutes = (hhmm: string) => {
  const [hh = 0, mm = 0] = hhmm.split(':').map(Number);
  return hh * 60 + mm;
};

/** The calendar's weekly windows drawn as a week (each in its own zone, as the policy writes them). */
export function drawWeek(windows: WeekWindow[], title: string): SVGElement {
  const dayW = 100;
  const hourH = 8;
  const bars = windows.flatMap((w) =>
    w.days.flatMap((d) => {
      const col = DAYS.indexOf(d);
      const a = minutes(w.start);
      let b = w.end === '24:00' ? 1440 : minutes(w.end);
      const parts: [number, number, number][] = [];
      if (b <= a) {
        parts.push([col, a, 1440], [(col + 1) % 7, 0, b]);
        b = 1440;
      } else parts.push([col, a, b]);
      return parts.map(([c, x, y]) =>
        s(
          'rect',
          {
            x: 40 + c * dayW + 4,
            y: 20 + (x / 60) * hourH,
            width: dayW - 8,
            height: ((y - x) / 60) * hourH,
            class: 'open',
          },
          s('title', {}, `${t(DAYS[c] ?? '')} ${w.start}–${w.end} (${w.zone})`),
        ),
      );
    }),
  );
  return s(
    'svg',
    {
      viewBox: `0 0 ${40 + 7 * dayW} ${20 + 24 * hourH + 4}`,
      role: 'img',
      'aria-label': title,
      class: 'week',
    },
    DAYS.map((d, i) =>
      s('text', { x: 40 + i * dayW + dayW / 2, y: 14, 'text-anchor': 'middle', class: 'tl-tick' }, t(d)),
    ),
    [0, 6, 12, 18, 24].map((hh) => s('text', { x: 2, y: 24 + hh * hourH, class: 'tl-tick' }, `${hh}:00`)),
    s('rect', { x: 40, y: 20, width: 7 * dayW, height: 24 * hourH, class: 'closed' }),
    bars,
  );
}

export async function settingsView(_ctx: ViewContext): Promise<HTMLElement> {
  const tenantId = currentSession()?.tenant ?? '';
  const tenant = await call<Obj>(`/tenants/${encodeURIComponent(tenantId)}`);
  const catalogue = (await (await fetch('calendars.json')).json()) as {
    calendars: Record<string, { windows: WeekWindow[] }>;
    presets: Record<string, { calendar?: string; regions?: Record<string, string> }>;
  };
  const policy = tenant.policy;
  let calendarId: string | undefined;
  if (typeof policy === 'string') {
    const preset = catalogue.presets[policy];
    calendarId =
      (typeof tenant.region === 'string' ? preset?.regions?.[tenant.region] : undefined) ?? preset?.calendar;
  } else if (isObj(policy) && typeof policy.calendar === 'string') calendarId = policy.calendar;
  const windows = calendarId ? catalogue.calendars[calendarId]?.windows : undefined;
  const show = (v: unknown) =>
    typeof v === 'string' || typeof v === 'number' ? String(v) : JSON.stringify(v);
  return h(
    'section',
    {},
    h('h1', {}, t('tenantSettings')),
    h(
      'dl',
      { class: 'settings' },
      Object.entries(tenant).map(([k, v]) => [h('dt', {}, k), h('dd', {}, show(v))]),
    ),
    h('h2', {}, `${t('calendarWeek')}${calendarId ? ` (${calendarId})` : ''}`),
    windows ? drawWeek(windows, `${t('calendarWeek')}: ${calendarId}`) : h('p', {}, '—'),
  );
}
