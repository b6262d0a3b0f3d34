/**
 * Agents: the queue, soonest deadline first (breached ones lead: their deadline has passed), with the filters
 * the API takes (breached, due within N minutes, status, priority) and "mine" (assigned to me) on top.
 */
import { call, currentSession } from '../api.js';
import { field, h } from '../dom.js';
import { t } from '../i18n.js';
import { isBreached, nextDeadline, type TicketView } from '../milestones.js';
import { formatWhen } from '../time.js';
import type { ViewContext } from '../view-context.js';

const STATUSES = ['new', 'open', 'pending_customer', 'resolved', 'closed'];

interface Filters {
  breached: boolean;
  dueWithin: string;
  mine: boolean;
  status: string;
  priority: string;
}

const filters: Filters = { breached: false, dueWithin: '', mine: false, status: '', priority: '' };

function query(f: Filters): string {
  const q = new URLSearchParams({ limit: '100' });
  if (f.breached) q.set('milestoneState', 'breached');
  else if (f.dueWithin) q.set('dueWithinMinutes', f.dueWithin);
  if (f.status) q.set('status', f.status);
  if (f.priority) q.set('priority', f.priority);
  return q.toString();
}

export async function queueView(ctx: ViewContext): Promise<HTMLElement> {
  const me = currentSession();
  const { items } = await call<{ items: TicketView[] }>(`/tickets?${query(filters)}`);
  const shown = items
    .filter((x) => !filters.mine || (me && (x.assignee === me.email || x.assignee === me.sub)))
    .sort(
      (a, b) => (nextDeadline(a) ?? Number.POSITIVE_INFINITY) - (nextDeadline(b) ?? Number.POSITIVE_INFINITY),
    );

  const breached = h('input', { type: 'checkbox', name: 'breached', checked: filters.breached });
  const dueWithin = h('input', { type: 'number', name: 'dueWithin', min: 1, value: filters.dueWithin });
  const mine = h('input', { type: 'checkbox', name: 'mine', checked: filters.mine });
  const status = h(
    'select',
    { name: 'status' },
    h('option', { value: '' }, t('any')),
    STATUSES.map((s) => h('option', { value: s, selected: filters.status === s }, t(s))),
  );
  const priority = h('input', { name: 'priority', value: filters.priority });
  const form = h(
    'form',
    {
      class: 'filters',
      'aria-label': t('filters'),
      onsubmit: (e: Event) => {
        e.preventDefault();
        Object.assign(filters, {
          breached: breached.checked,
          dueWithin: dueWithin.value,
          mine: mine.checked,
          status: status.value,
          priority: priority.value.trim(),
        });
        ctx.rerender();
      },
    },
    field(t('breachedOnly'), breached),
    field(t('dueWithin'), dueWithin),
    field(t('mine'), mine),
    field(t('status'), status),
    field(t('priority'), priority),
    h('button', { type: 'submit' }, t('apply')),
  );
  const rows = shown.map((x) => {
    const next = nextDeadline(x);
    return h(
      'tr',
      { 'data-ticket': x.id, class: isBreached(x) ? 'breached' : '' },
      h('td', {}, h('a', { href: `#/tickets/${encodeURIComponent(x.id)}` }, x.reference)),
      h('td', {}, x.subject),
      h('td', {}, t(x.status)),
      h('td', {}, x.priority),
      h('td', {}, x.assignee ?? '—'),
      h(
        'td',
        {},
        next === null ? '—' : formatWhen(next),
        isBreached(x) ? h('strong', { class: 'badge' }, ` ${t('breached')}`) : null,
      ),
    );
  });
  return h(
    'section',
    {},
    h('h1', {}, t('queue')),
    form,
    h(
      'table',
      { class: 'queue' },
      h('caption', {}, t('queue')),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          [t('reference'), t('subject'), t('status'), t('priority'), t('assignee'), t('nextDeadline')].map(
            (c) => h('th', { scope: 'col' }, c),
          ),
        ),
      ),
      h('tbody', {}, rows),
    ),
    shown.length === 0 ? h('p', {}, t('noTickets')) : null,
  );
}
