/** Customers: their requests (status, priority, each running milestone's clock) and opening a new one. */
import { ApiError, call } from '../api.js';
import { field, h } from '../dom.js';
import { t } from '../i18n.js';
import { milestoneList, type TicketView } from '../milestones.js';
import { loadReceipt } from '../receipt.js';
import type { ViewContext } from '../view-context.js';

export async function requestsView(_ctx: ViewContext): Promise<HTMLElement> {
  const { items } = await call<{ items: TicketView[] }>('/tickets?limit=100');
  // The receipts drive the live working-time countdowns (the first 20 requests; the rest count from the load).
  const receipts = await Promise.all(items.slice(0, 20).map((x) => loadReceipt(x.id).catch(() => null)));
  return h(
    'section',
    {},
    h('h1', {}, t('myRequests')),
    items.length === 0
      ? h('p', {}, t('noTickets'))
      : h(
          'ul',
          { class: 'cards', 'aria-label': t('myRequests') },
          items.map((ticket, i) =>
            h(
              'li',
              { class: 'card', 'data-ticket': ticket.id },
              h(
                'h2',
                {},
                h(
                  'a',
                  { href: `#/tickets/${encodeURIComponent(ticket.id)}` },
                  `${ticket.reference} · ${ticket.subject}`,
                ),
              ),
              h(
                'p',
                { class: 'meta' },
                `${t('status')}: ${t(ticket.status)} · ${t('priority')}: ${ticket.priority}`,
              ),
              milestoneList(ticket, receipts[i] ?? null, true),
            ),
          ),
        ),
  );
}

export function newRequestView(ctx: ViewContext): HTMLElement {
  const subject = h('input', { name: 'subject', required: true, maxlength: 300, autocomplete: 'off' });
  const description = h('textarea', { name: 'description', required: true, rows: 6 });
  const priority = h('input', { name: 'priority', maxlength: 64 });
  const form = h(
    'form',
    {
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const ticket = await call<TicketView>('/tickets', {
            method: 'POST',
            body: {
              subject: subject.value,
              description: description.value,
              ...(priority.value.trim() ? { priority: priority.value.trim() } : {}),
            },
          });
          ctx.go(`#/tickets/${encodeURIComponent(ticket.id)}`);
        } catch (error) {
          ctx.say(error instanceof ApiError ? error.describe() : String(error), true);
        }
      },
    },
    field(t('subject'), subject),
    field(t('description'), description),
    field(t('priority'), priority, t('priorityHint')),
    h('button', { type: 'submit' }, t('submit')),
  );
  return h('section', {}, h('h1', {}, t('newRequest')), form);
}
