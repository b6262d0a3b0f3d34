/** The local sign-in: a demo tenant and who to be. Only the local runtime answers its route. */
import { portalConfig } from '../api.js';
import { followTenantLanguage, type LocalIdentity, localSignIn } from '../auth.js';
import { field, h } from '../dom.js';
import { setLang, t } from '../i18n.js';
import type { ViewContext } from '../view-context.js';

export function signInView(ctx: ViewContext): HTMLElement {
  const tenants = portalConfig().tenants ?? [];
  const tenant = h(
    'select',
    { name: 'tenant' },
    tenants.map((x) => h('option', { value: x.id }, `${x.name} (${x.id})`)),
  );
  const who = h(
    'select',
    { name: 'as' },
    (['customer-a', 'customer-b', 'agent', 'admin'] as const).map((id) =>
      h(
        'option',
        { value: id },
        t(id === 'customer-a' ? 'customerA' : id === 'customer-b' ? 'customerB' : id),
      ),
    ),
  );
  const form = h(
    'form',
    {
      onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          const { language } = await localSignIn(tenant.value, who.value as LocalIdentity);
          setLang(language);
          await followTenantLanguage();
          ctx.go(who.value.startsWith('customer') ? '#/requests' : '#/queue');
        } catch (error) {
          ctx.say(String(error), true);
        }
      },
    },
    field(t('tenant'), tenant),
    field(t('who'), who),
    h('button', { type: 'submit' }, t('signIn')),
  );
  return h('section', {}, h('h1', {}, t('localSignIn')), h('p', {}, t('localSignInHint')), form);
}
