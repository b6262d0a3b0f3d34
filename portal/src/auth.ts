/**
 * Signing in. Locally: the runtime's sign-in route mints a local token for a demo tenant's customer, agent or
 * admin (that route exists only in `npm start`). In AWS: Cognito's hosted UI with the authorization code flow
 * and PKCE; the verifier waits in sessionStorage across the redirect (it is no credential without the code),
 * the ID token stays in memory.
 */
import { call, currentSession, type PortalConfig, startSession } from './api.js';
import { setLang } from './i18n.js';

export type LocalIdentity = 'customer-a' | 'customer-b' | 'agent' | 'admin';

export async function localSignIn(tenant: string, as: LocalIdentity): Promise<{ language: string }> {
  const res = await fetch('_local/portal/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenant, as }),
  });
  if (!res.ok) throw new Error(`local sign-in failed (${res.status})`);
  const body = (await res.json()) as { token: string; language: string };
  startSession(body.token);
  return { language: body.language };
}

const b64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

export async function hostedUiSignIn(config: NonNullable<PortalConfig['cognito']>): Promise<void> {
  const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
  const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
  const challenge = b64url(
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))),
  );
  sessionStorage.setItem('pkce', JSON.stringify({ verifier, state }));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: config.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state,
  });
  location.assign(`${config.domain}/oauth2/authorize?${params}`);
}

/** Back from the hosted UI with `?code=&state=`: trades the code for tokens. False when this is no such return. */
export async function completeHostedUiSignIn(config: NonNullable<PortalConfig['cognito']>): Promise<boolean> {
  const query = new URLSearchParams(location.search);
  const code = query.get('code');
  const pending = sessionStorage.getItem('pkce');
  if (!code || !pending) return false;
  sessionStorage.removeItem('pkce');
  history.replaceState(null, '', location.pathname + location.hash);
  const { verifier, state } = JSON.parse(pending) as { verifier: string; state: string };
  if (query.get('state') !== state) throw new Error('sign-in state mismatch');
  const res = await fetch(`${config.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: config.redirectUri,
      code_verifier: verifier,
    }),
  });
  if (!res.ok) throw new Error(`token exchange failed (${res.status})`);
  const tokens = (await res.json()) as { id_token: string };
  startSession(tokens.id_token);
  return true;
}

/** The tenant's language for staff (customers get it from the sign-in). */
export async function followTenantLanguage(): Promise<void> {
  const session = currentSession();
  if (!session || session.role === 'customer') return;
  try {
    const tenant = await call<{ language?: string }>(`/tenants/${encodeURIComponent(session.tenant)}`);
    setLang(tenant.language);
  } catch {
    // the tenant's profile is not readable: keep the current language
  }
}
