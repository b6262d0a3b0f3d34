/**
 * A milestone as people read it: "due Tue 1 Dec, 16:41 (Rome time): 3 h 20 min of working time left". The
 * countdown is in working time: from the receipt's segments when there is a receipt (it stands still outside
 * hours and while paused), else the API's `remainingMinutes` as of the last load, said so.
 */
import type { MilestoneView, TicketView } from '../../shared/tickets/ticket-views.js';
import { h } from './dom.js';
import { t } from './i18n.js';
import type { ReceiptCycle } from './receipt.js';
import { formatDuration, formatWhen, now, workingTimeLeft } from './time.js';

export type { MilestoneView, TicketView };

const loadedAt = new WeakMap<object, number>();

/** Remember when a view was fetched (the static fallback counts from it). */
export function stamp<T extends object>(view: T): T {
  loadedAt.set(view, now());
  return view;
}

/** The running milestones' soonest due instant (breached ones included: they are the most urgent). */
export function nextDeadline(ticket: TicketView): number | null {
  const dues = ticket.sla.milestones
    .filter((m) => (m.state === 'running' || m.state === 'breached') && m.dueAt)
    .map((m) => Date.parse(m.dueAt as string));
  return dues.length ? Math.min(...dues) : null;
}

export function isBreached(ticket: TicketView): boolean {
  return ticket.sla.milestones.some((m) => m.state === 'breached');
}

/** The text of one milestone's clock now; `live` marks elements the ticker refreshes. */
export function milestoneText(m: MilestoneView, cycle: ReceiptCycle | undefined, customer: boolean): string {
  const name = t(m.name);
  if (m.state === 'met' && m.metAt) return `${name}: ${t('met', { when: formatWhen(Date.parse(m.metAt)) })}`;
  if (m.state === 'breached' && m.breachedAt) {
    return `${name}: ${t('overdue', { when: formatWhen(Date.parse(m.breachedAt)) })}`;
  }
  if (m.state === 'paused') {
    return `${name}: ${customer ? t('paused') : t('pausedStaff')} — ${t('left', { left: formatDuration(m.remainingMinutes * 60_000) })}`;
  }
  if (m.state !== 'running' || !m.dueAt) return `${name}: ${t(m.state)}`;
  const due = t('due', { when: formatWhen(Date.parse(m.dueAt)) });
  if (cycle && cycle.segments.length > 0) {
    const { leftMs, running } = workingTimeLeft(cycle.segments, now());
    return `${name}: ${due}: ${t('left', { left: formatDuration(leftMs) })}${running ? '' : ` — ${t('outsideHours')}`}`;
  }
  const asOf = loadedAt.get(m);
  return `${name}: ${due}: ${t('left', { left: formatDuration(m.remainingMinutes * 60_000) })}${asOf ? ` (${t('asOf', { when: formatWhen(asOf, false) })})` : ''}`;
}

/** The receipt cycle that explains a milestone view (same name; the latest cycle when the numbers differ). */
export function cycleFor(m: MilestoneView, cycles: readonly ReceiptCycle[] | null): ReceiptCycle | undefined {
  const same = (cycles ?? []).filter((c) => c.milestone === m.name);
  return same.find((c) => c.cycle === m.cycle) ?? same[same.length - 1];
}

export function milestoneList(
  ticket: TicketView,
  cycles: readonly ReceiptCycle[] | null,
  customer: boolean,
): HTMLElement {
  const shown = ticket.sla.milestones.filter((m) => m.state !== 'cancelled');
  return h(
    'ul',
    { class: 'milestones' },
    shown.map((m) => {
      stamp(m);
      const li = h(
        'li',
        { class: `ms ms-${m.state}`, 'data-milestone': m.name },
        milestoneText(m, cycleFor(m, cycles), customer),
      );
      ticking.set(li, () => milestoneText(m, cycleFor(m, cycles), customer));
      return li;
    }),
  );
}

const ticking = new WeakMap<Element, () => string>();

/** Refreshes every live countdown on the page once a second (screen readers are not told each tick). */
export function startTicker(): void {
  setInterval(() => {
    for (const li of document.querySelectorAll('li.ms-running')) {
      const text = ticking.get(li)?.();
      if (text !== undefined && li.textContent !== text) li.textContent = text;
    }
  }, 1000);
}
