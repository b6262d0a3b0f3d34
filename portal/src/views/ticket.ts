/**
 * One ticket. Everyone: its clocks, the conversation, a reply, and "why this deadline" (the receipt as a
 * timeline and in words). Customers may ask for escalation (the policy decides; the API's answer is shown).
 * Staff: internal notes (set apart), status / priority / assignee changes, the escalation level, and mail on
 * the ticket that was refused (a stranger's reply, an unauthenticated sender) with the reason.
 */
import { ApiError, call, currentSession } from '../api.js';
import { field, h } from '../dom.js';
import { t } from '../i18n.js';
import { type MilestoneView, milestoneList, type TicketView } from '../milestones.js';
import { loadReceipt, type ReceiptCycle } from '../receipt.js';
import { formatWhen } from '../time.js';
import { drawTimeline, reasonLabel } from '../timeline.js';
import type { ViewContext } from '../view-context.js';

interface CommentView {
  id: string;
  body: string;
  visibility: 'public' | 'internal';
  author: { role: string; email?: string; sub: string };
  createdAt: string;
}

interface RejectionView {
  receivedAt: string;
  reason: string;
  from?: string;
}

const STATUSES = ['new', 'open', 'pending_customer', 'resolved', 'closed'];

const idPath = (id: string) => `/tickets/${encodeURIComponent(id)}`;

async function act(ctx: ViewContext, work: () => Promise<unknown>): Promise<void> {
  try {
    await work();
    ctx.say(t('saved'));
    ctx.rerender();
  } catch (error) {
    ctx.say(error instanceof ApiError ? error.describe() : String(error), true);
  }
}

function conversation(comments: CommentView[]): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'conv' },
    h('h2', { id: 'conv' }, t('conversation')),
    h(
      'ol',
      { class: 'conversation' },
      comments.map((c) =>
        h(
          'li',
          { class: c.visibility === 'internal' ? 'comment internal' : 'comment' },
          h(
            'p',
            { class: 'meta' },
            c.visibility === 'internal' ? h('strong', {}, `${t('internalNote')} · `) : null,
            `${c.author.email ?? (c.author.role === 'customer' ? t('you') : t('staff'))} · ${formatWhen(Date.parse(c.createdAt))}`,
          ),
          h('p', { class: 'body' }, c.body),
        ),
      ),
    ),
  );
}

function replyForm(ctx: ViewContext, ticket: TicketView, customer: boolean): HTMLElement {
  const body = h('textarea', { name: 'reply', rows: 4, required: true });
  const internal = h('input', { type: 'checkbox', name: 'internal' });
  return h(
    'form',
    {
      class: 'reply',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void act(ctx, () =>
          call(`${idPath(ticket.id)}/comments`, {
            method: 'POST',
            body: { body: body.value, visibility: internal.checked ? 'internal' : 'public' },
          }),
        );
      },
    },
    field(t('yourReply'), body),
    customer ? null : field(t('internalNoteBox'), internal),
    h('button', { type: 'submit' }, t('reply')),
  );
}

/** Refused mail on the ticket (staff only): nothing was posted, but agents should know someone wrote. */
function refusedMail(rejections: RejectionView[]): HTMLElement | null {
  if (rejections.length === 0) return null;
  return h(
    'section',
    { 'aria-labelledby': 'refused' },
    h('h2', { id: 'refused' }, t('refusedMail')),
    h(
      'ul',
      { class: 'refused' },
      rejections.map((r) =>
        h('li', {}, `${formatWhen(Date.parse(r.receivedAt))} · ${r.from ?? '?'} · ${r.reason}`),
      ),
    ),
  );
}

function staffControls(ctx: ViewContext, ticket: TicketView): HTMLElement {
  const me = currentSession();
  const status = h(
    'select',
    { name: 'status' },
    STATUSES.map((s) => h('option', { value: s, selected: ticket.status === s }, t(s))),
  );
  const priority = h('input', { name: 'priority', value: ticket.priority });
  const assignee = h('input', { name: 'assignee', value: ticket.assignee ?? '' });
  const save = (patch: Record<string, unknown>) =>
    act(ctx, () => call(idPath(ticket.id), { method: 'PATCH', body: patch }));
  return h(
    'form',
    {
      class: 'controls',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const patch: Record<string, unknown> = {};
        if (status.value !== ticket.status) patch.status = status.value;
        if (priority.value.trim() !== ticket.priority) patch.priority = priority.value.trim();
        if ((assignee.value.trim() || null) !== ticket.assignee)
          patch.assignee = assignee.value.trim() || null;
        if (Object.keys(patch).length > 0) void save(patch);
      },
    },
    field(t('status'), status),
    field(t('priority'), priority),
    field(t('assignee'), assignee),
    h('button', { type: 'submit' }, t('save')),
    h(
      'button',
      { type: 'button', onclick: () => void save({ assignee: me?.email ?? null }) },
      t('assignToMe'),
    ),
  );
}

function escalateForm(ctx: ViewContext, ticket: TicketView): HTMLElement {
  const reason = h('input', { name: 'reason', maxlength: 5000 });
  return h(
    'form',
    {
      class: 'escalate',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void act(ctx, () =>
          call(`${idPath(ticket.id)}/escalations`, {
            method: 'POST',
            body: reason.value.trim() ? { reason: reason.value.trim() } : {},
          }),
        );
      },
    },
    field(t('escalationReason'), reason),
    h('button', { type: 'submit' }, t('escalate')),
  );
}

function why(ticket: TicketView, cycles: ReceiptCycle[] | null): HTMLElement {
  const content =
    cycles === null
      ? h('p', {}, t('receiptUnavailable'))
      : h(
          'div',
          {},
          drawTimeline(cycles, t('timeline', { name: ticket.reference })),
          cycles.map((c) =>
            h(
              'div',
              { class: 'why' },
              h('h3', {}, `${t(c.milestone)}${c.cycle > 1 ? ` #${c.cycle}` : ''}`),
              h(
                'p',
                {},
                c.start !== null ? t('startedAt', { when: formatWhen(c.start) }) : '',
                c.within ? ` · ${t('within', { within: c.within })}` : '',
                c.due !== null ? ` · ${t('due', { when: formatWhen(c.due) })}` : '',
              ),
              c.gaps.length
                ? h(
                    'ul',
                    { 'aria-label': t('countedGaps') },
                    c.gaps.map((g) =>
                      h(
                        'li',
                        {},
                        `${formatWhen(g.from)} – ${formatWhen(g.to)}: ${g.reasons.map(reasonLabel).join(', ')}`,
                      ),
                    ),
                  )
                : null,
            ),
          ),
        );
  return h(
    'section',
    { 'aria-labelledby': 'why', class: 'receipt' },
    h('h2', { id: 'why' }, t('whyDeadline')),
    content,
  );
}

export async function ticketView(ctx: ViewContext, id: string): Promise<HTMLElement> {
  const customer = currentSession()?.role === 'customer';
  const [ticket, comments, cycles, rejections] = await Promise.all([
    call<TicketView>(idPath(id)),
    call<{ items: CommentView[] }>(`${idPath(id)}/comments`),
    loadReceipt(id).catch(() => null),
    customer
      ? null
      : call<{ items: RejectionView[] }>(
          `/inbound/rejections?ticket=${encodeURIComponent(id)}&limit=10`,
        ).catch(() => null),
  ]);
  const running = (m: MilestoneView) => m.state === 'running' || m.state === 'paused';
  return h(
    'article',
    { 'data-ticket': ticket.id },
    h('h1', {}, `${ticket.reference} · ${ticket.subject}`),
    h(
      'p',
      { class: 'meta' },
      `${t('status')}: ${t(ticket.status)} · ${t('priority')}: ${ticket.priority} · ${t('escalationLevel')}: `,
      h(
        'span',
        { class: 'escalation' },
        ticket.sla.escalationLevel === 0
          ? t('none')
          : `${ticket.sla.escalationLevel} (${ticket.sla.escalationLevelName ?? ''})`,
      ),
    ),
    h('p', { class: 'description' }, ticket.description),
    h('h2', {}, t('deadlines')),
    milestoneList(ticket, cycles, customer),
    customer ? null : staffControls(ctx, ticket),
    conversation(comments.items),
    rejections ? refusedMail(rejections.items) : null,
    replyForm(ctx, ticket, customer),
    ticket.sla.milestones.some(running) ? escalateForm(ctx, ticket) : null,
    why(ticket, cycles),
  );
}
