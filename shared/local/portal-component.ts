/**
 * The portal in `npm start`: builds it (esbuild, in memory, a fraction of a second) and serves it at `/` on the
 * API's port, with a `config.json` saying "local" and the local sign-in route: `POST /_local/portal/sign-in`
 * `{ tenant, as }` mints a local token for a demo tenant's customer (Ada or Bruno), agent or admin. That route,
 * like every `/_local/*` one, exists only here; in AWS the portal signs in through Cognito's hosted UI.
 */
import { buildPortal } from '../../portal/build.js';
import { signLocalToken } from '../auth/local-token.js';
import type { LocalComponent, LocalRequest, LocalResponse } from './component.js';
import { DEMO_TENANT_IDS, demoTenantProfiles } from './demo-tenants.js';

/** Who the local sign-in can be: two customers (to show that one does not see the other's requests), staff. */
export const LOCAL_IDENTITIES = {
  'customer-a': { role: 'customer', sub: 'local-customer-ada', email: 'ada@example.org' },
  'customer-b': { role: 'customer', sub: 'local-customer-bruno', email: 'bruno@example.org' },
  agent: { role: 'agent' },
  admin: { role: 'admin' },
} as const;

type Identity = keyof typeof LOCAL_IDENTITIES;

const bad = (message: string): LocalResponse => ({
  status: 400,
  body: { error: { code: 'validation_error', message } },
});

export function portalComponent(): LocalComponent {
  return {
    name: 'portal',
    async start(ctx) {
      const tenants = demoTenantProfiles().map(({ tenantId, profile }) => ({
        id: tenantId,
        name: profile.name ?? tenantId,
        language: profile.language,
      }));
      const files = await buildPortal();
      files.set('config.json', {
        body: JSON.stringify({ mode: 'local', apiUrl: '', tenants }),
        contentType: 'application/json',
      });
      ctx.serveSite(files);
      ctx.addRoute({
        method: 'POST',
        path: '/_local/portal/sign-in',
        async handle(request: LocalRequest): Promise<LocalResponse> {
          const body = (request.body ?? {}) as { tenant?: unknown; as?: unknown };
          if (typeof body.tenant !== 'string' || !DEMO_TENANT_IDS.includes(body.tenant)) {
            return bad(`tenant: must be one of ${DEMO_TENANT_IDS.join(', ')}`);
          }
          if (typeof body.as !== 'string' || !Object.hasOwn(LOCAL_IDENTITIES, body.as)) {
            return bad(`as: must be one of ${Object.keys(LOCAL_IDENTITIES).join(', ')}`);
          }
          const who = LOCAL_IDENTITIES[body.as as Identity];
          const token = await signLocalToken({ tenant: body.tenant, ...who }, ctx.localDataDir);
          const language = tenants.find((x) => x.id === body.tenant)?.language ?? 'en';
          return { status: 200, body: { token, language } };
        },
      });
      ctx.addBannerLines(
        `Portal     ${ctx.apiUrl}/   (local sign-in: a demo tenant's customer, agent or admin)`,
      );
    },
    async stop() {},
  };
}
