/**
 * The SLA receipt drawn as a timeline (SVG): one lane per milestone cycle, counted segments in green, gaps in
 * grey with their reason written on them (weekend, the holiday's name, closure, outside hours), pauses in
 * amber, breaches as red marks, and "now". A picture with a text alternative, not a table.
 */
import { s } from './dom.js';
import { t } from './i18n.js';
import type { GapReason, ReceiptCycle } from './receipt.js';
import { formatClock, formatDay, formatWhen, now } from './time.js';

const WIDTH = 900;
const LANE = 56;
const LEFT = 130;
const TOP = 28;

export function reasonLabel(r: GapReason): string {
  switch (r.kind) {
    case 'holiday':
      return r.name ?? r.date ?? t('closure');
    case 'closure':
      return r.name ? `${t('closure')}: ${r.name}` : t('closure');
    case 'outside-hours':
      return r.name === 'weekend' ? t('weekend') : t('outsideHoursGap');
    case 'not-in-season':
      return r.name ?? t('notInSeason');
    case 'paused':
      return `${t('pause')} (${t(r.status ?? '')})`;
    default:
      return r.name ?? r.kind;
  }
}

export function drawTimeline(cycles: readonly ReceiptCycle[], title: string): SVGElement {
  const at = now();
  const instants = cycles.flatMap((c) => [
    c.start ?? at,
    c.due ?? at,
    ...c.segments.flatMap((x) => [x.from, x.to]),
    ...c.gaps.flatMap((x) => [x.from, x.to]),
    ...c.breaches,
  ]);
  const min = Math.min(at, ...instants);
  const max = Math.max(at, ...instants);
  const span = Math.max(max - min, 60_000);
  const x = (ms: number) => LEFT + ((ms - min) / span) * (WIDTH - LEFT - 20);
  const height = TOP + cycles.length * LANE + 30;
  const lanes = cycles.map((c, i) => {
    const y = TOP + i * LANE;
    const bar = (from: number, to: number, cls: string, label?: string) =>
      s(
        'rect',
        { x: x(from), y: y + 8, width: Math.max(1.5, x(to) - x(from)), height: 22, class: cls },
        label ? s('title', {}, label) : null,
      );
    const gapLabels = c.gaps.map((g) => {
      const text = [...new Set(g.reasons.map(reasonLabel))].join(', ');
      return [
        bar(g.from, g.to, 'tl-gap', `${text}: ${formatWhen(g.from)} – ${formatWhen(g.to)}`),
        s(
          'text',
          { x: (x(g.from) + x(g.to)) / 2, y: y + 44, class: 'tl-gap-label', 'text-anchor': 'middle' },
          text,
        ),
      ];
    });
    return s(
      'g',
      { class: 'tl-lane' },
      s(
        'text',
        { x: 4, y: y + 24, class: 'tl-name' },
        `${t(c.milestone)}${c.cycle > 1 ? ` #${c.cycle}` : ''}`,
      ),
      gapLabels,
      c.segments.map((seg) =>
        bar(
          seg.from,
          seg.to,
          'tl-segment',
          `${t('segment')}: ${formatWhen(seg.from)} – ${formatWhen(seg.to)}`,
        ),
      ),
      c.pauses.map((p) =>
        bar(p.from, Number.isNaN(p.to) ? at : p.to, 'tl-pause', `${t('pause')}: ${t(p.status)}`),
      ),
      c.due !== null
        ? s(
            'line',
            { x1: x(c.due), x2: x(c.due), y1: y + 4, y2: y + 34, class: 'tl-due' },
            s('title', {}, t('due', { when: formatWhen(c.due) })),
          )
        : null,
      c.breaches.map((b) => [
        s(
          'circle',
          { cx: x(b), cy: y + 19, r: 6, class: 'tl-breach' },
          s('title', {}, `${t('breach')} ${formatWhen(b)}`),
        ),
        s('text', { x: x(b) + 8, y: y + 6, class: 'tl-breach-label' }, t('breach')),
      ]),
    );
  });
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => {
    const ms = min + f * span;
    return s(
      'text',
      { x: x(ms), y: height - 8, class: 'tl-tick', 'text-anchor': 'middle' },
      `${formatDay(ms)} ${formatClock(ms)}`,
    );
  });
  const summary = cycles
    .map((c) => `${t(c.milestone)}: ${c.gaps.map((g) => g.reasons.map(reasonLabel).join(', ')).join('; ')}`)
    .join('. ');
  return s(
    'svg',
    {
      viewBox: `0 0 ${WIDTH} ${height}`,
      role: 'img',
      'aria-label': `${title}. ${summary}`,
      class: 'timeline',
    },
    s('title', {}, title),
    lanes,
    s('line', { x1: x(at), x2: x(at), y1: 10, y2: height - 22, class: 'tl-now' }),
    s('text', { x: x(at), y: 12, class: 'tl-tick', 'text-anchor': 'middle' }, t('now')),
    ticks,
  );
}
