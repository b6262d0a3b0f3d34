/**
 * The portal: one page, hash routes (`#/requests`, `#/tickets/<id>`, `#/queue`, ...), so any static host serves
 * it and the API's own paths never clash with the portal's. Customers land on their requests, agents on the
 * queue, admins too (with compliance and settings).
 */
import { ApiError, currentSession, endSession, loadConfig, portalConfig } from './api.js';
import { completeHostedUiSignIn, followTenantLanguage, hostedUiSignIn } from './auth.js';
import { h } from './dom.js';
import { lang, setLang, t } from './i18n.js';
import { startTicker } from './milestones.js';
import { setServerNow } from './time.js';
import type { ViewContext } from './view-context.js';
import { complianceView, settingsView } from './views/admin.js';
import { queueView } from './views/queue.js';
import { newRequestView, requestsView } from './views/requests.js';
import { signInView } from './views/sign-in.js';
import { ticketView } from './views/ticket.js';

const main = () => document.getElementById('main') as HTMLElement;

function say(message: string, isError = false): void {
  const box = document.getElementById('status') as HTMLElement;
  box.textContent = message;
  box.className = isError ? 'status error' : 'status';
}

/** Locally the product's clock is the runtime's: read it so "now" and the countdowns follow it. */
async function syncClock(): Promise<void> {
  if (portalConfig().mode !== 'local') return;
  try {
    const res = await fetch('_local/clock', { cache: 'no-store' });
    if (res.ok) setServerNow(Date.parse(((await res.json()) as { now: string }).now));
  } catch {
    // no local clock: the browser's is the product's
  }
}

function header(): HTMLElement {
  const session = currentSession();
  const links: [string, string][] = !session
    ? []
    : session.role === 'customer'
      ? [
          ['#/requests', t('myRequests')],
          ['#/new', t('newRequest')],
        ]
      : [
          ['#/queue', t('queue')],
          ...(session.role === 'admin'
            ? ([
                ['#/compliance', t('compliance')],
                ['#/settings', t('settings')],
              ] as [string, string][])
            : []),
        ];
  const langSelect = h(
    'select',
    {
      id: 'lang',
      onchange: (e: Event) => {
        setLang((e.target as HTMLSelectElement).value);
        render();
      },
    },
    h('option', { value: 'en', selected: lang() === 'en' }, 'English'),
    h('option', { value: 'it', selected: lang() === 'it' }, 'Italiano'),
  );
  return h(
    'header',
    {},
    h('a', { href: '#/', class: 'brand' }, t('appName')),
    h(
      'nav',
      { 'aria-label': 'main' },
      links.map(([href, label]) =>
        h('a', { href, ...(location.hash.startsWith(href) ? { 'aria-current': 'page' } : {}) }, label),
      ),
    ),
    h('div', { class: 'who' }, h('label', { for: 'lang' }, t('language')), langSelect),
    session
      ? h(
          'div',
          { class: 'who' },
          h('span', {}, `${session.email} · ${t(session.role)} · ${session.tenant}`),
          h(
            'button',
            {
              type: 'button',
              onclick: () => {
                endSession();
                go('#/sign-in');
              },
            },
            t('signOut'),
          ),
        )
      : null,
  );
}

function go(hash: string): void {
  if (location.hash === hash) void render();
  else location.hash = hash;
}

const ctx: ViewContext = { go, say, rerender: () => void render() };

async function page(): Promise<HTMLElement> {
  const session = currentSession();
  const hash = location.hash || '#/';
  if (!session) return signInView(ctx);
  const ticket = /^#\/tickets\/([^/]+)$/.exec(hash);
  if (ticket?.[1]) return ticketView(ctx, decodeURIComponent(ticket[1]));
  if (session.role === 'customer') {
    if (hash === '#/new') return newRequestView(ctx);
    return requestsView(ctx);
  }
  if (session.role === 'admin' && hash === '#/compliance') return complianceView(ctx);
  if (session.role === 'admin' && hash === '#/settings') return settingsView(ctx);
  return queueView(ctx);
}

let rendering = 0;

async function render(): Promise<void> {
  const mine = ++rendering;
  document.getElementById('top')?.replaceChildren(header());
  await syncClock();
  let content: HTMLElement;
  try {
    content = await page();
  } catch (error) {
    const message =
      error instanceof ApiError ? (error.status === 404 ? t('notFound') : error.describe()) : String(error);
    content = h('section', {}, h('h1', {}, t('error')), h('p', { role: 'alert' }, message));
  }
  if (mine !== rendering) return;
  main().replaceChildren(content);
  document.title = `${content.querySelector('h1')?.textContent ?? ''} · ${t('appName')}`;
}

async function boot(): Promise<void> {
  setLang(navigator.language.startsWith('it') ? 'it' : 'en');
  const config = await loadConfig();
  if (config.mode === 'cognito' && config.cognito) {
    if (await completeHostedUiSignIn(config.cognito)) await followTenantLanguage();
    else if (!currentSession()) return hostedUiSignIn(config.cognito);
  }
  window.addEventListener('hashchange', () => void render());
  startTicker();
  await render();
}

void boot();
