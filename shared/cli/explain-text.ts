/**
 * `sla explain --format text`: the explanation as a short table a person reads at a glance. Rows in time order,
 * counted open time and the closed stretches between, local times in the window's zone, DST switches named.
 */
import type { gapJson, offsetChangeJson, segmentJson } from '../sla/explain-json.js';
import type { budgetJson, targetJson } from './sla-explain.js';

type Walk = {
  segments: ReturnType<typeof segmentJson>[];
  gaps: ReturnType<typeof gapJson>[];
  dstChanges: ReturnType<typeof offsetChangeJson>[];
};

/** Minutes as `45m`, `4h`, `2h30m`, `1h0m30s` (seconds only where there are some). */
export function formatMinutes(minutes: number): string {
  const totalSeconds = Math.round(minutes * 60);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  if (h === 0 && s === 0) return `${m}m`;
  if (s === 0) return m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, '0')}m`;
  return `${h > 0 ? `${h}h` : ''}${m}m${s}s`;
}

function reasonText(r: ReturnType<typeof gapJson>['reasons'][number]): string {
  switch (r.kind) {
    case 'outside-hours':
      return r.name;
    case 'holiday':
      return `holiday ${r.date} ${r.name}`;
    case 'closure':
      return `closure ${r.date}${r.name ? ` ${r.name}` : ''}`;
    case 'not-in-season':
      return `not in season ${r.date}: ${r.name}`;
    case 'paused':
      return `paused (${r.status})`;
  }
}

/** Reasons in a line; a closure over several days is one entry (`closure summer closing: 2026-08-10 … 2026-08-21, 10 days`). */
function reasonsText(reasons: ReturnType<typeof gapJson>['reasons']): string {
  const closures = new Map<string, string[]>();
  for (const r of reasons) {
    if (r.kind === 'closure') closures.set(r.name ?? '', [...(closures.get(r.name ?? '') ?? []), r.date]);
  }
  const out: string[] = [];
  for (const r of reasons) {
    if (r.kind !== 'closure') {
      out.push(reasonText(r));
      continue;
    }
    const dates = closures.get(r.name ?? '');
    if (!dates || dates[0] !== r.date) continue;
    out.push(
      dates.length === 1
        ? reasonText(r)
        : `closure${r.name ? ` ${r.name}` : ''}: ${dates[0]} … ${dates.at(-1)}, ${dates.length} days`,
    );
  }
  return out.join('; ');
}

/** `Fri 2026-08-14 17:00` to `Mon 2026-08-17 08:00`, the second date dropped when it is the same day. */
function span(from: string, to: string): string {
  return from.slice(0, 14) === to.slice(0, 14) ? `${from} – ${to.slice(15)}` : `${from} – ${to}`;
}

function walkRows(walk: Walk): string[] {
  const rows: Array<{ at: string; line: string }> = [];
  for (const s of walk.segments) {
    rows.push({
      at: s.from,
      line: `  counted  ${span(s.localFrom, s.localTo)} ${s.zone}  ${formatMinutes(s.minutes)} (total ${formatMinutes(s.totalMinutes)})`,
    });
  }
  for (const g of walk.gaps) {
    rows.push({
      at: g.from,
      line: `  closed   ${span(g.localFrom, g.localTo)} ${g.zone}  ${reasonsText(g.reasons)}`,
    });
  }
  for (const c of walk.dstChanges) {
    rows.push({
      at: c.at,
      line: `  clocks   ${c.zone} change at ${c.at}: UTC${c.offsetBefore} -> UTC${c.offsetAfter}`,
    });
  }
  // Gaps come before the segment starting where they end; a switch sorts by its instant.
  return rows.sort((a, b) => a.at.localeCompare(b.at)).map((r) => r.line);
}

export function explanationText(e: ReturnType<typeof budgetJson>): string {
  const head = `${e.calendar}: ${formatMinutes(e.budgetMinutes)} from ${e.start}, due ${e.due} (rule: ${e.rule})`;
  return [head, ...walkRows(e)].join('\n');
}

export function targetText(name: string, e: ReturnType<typeof targetJson> | null): string {
  if (e === null) return `${name}: none`;
  if (e.rule === 'next-release' && e.release) {
    return `${name}: due ${e.due} (rule: next-release, ${e.release.rule})`;
  }
  const alt = e.outsideHours
    ? e.outsideHours.applied
      ? `; started while closed (${reasonsText(e.outsideHours.closedBecause)}), so ${e.within} instead of ${e.outsideHours.instead}`
      : `; started while open, so not the ${e.outsideHours.instead} alternative`
    : '';
  const head = `${name}: ${e.within} on ${e.calendar}, due ${e.due} (rule: ${e.rule}${alt})`;
  return [head, ...walkRows(e)].join('\n');
}
