/**
 * The API client. The ID token lives in this module's memory only (never in storage): a reload signs in again
 * (through the hosted UI's own session in AWS). Errors keep the API's code, message and field reasons.
 */
export interface PortalConfig {
  mode: 'local' | 'cognito';
  /** The API's base URL, without a trailing slash ('' = this origin). */
  apiUrl: string;
  /** Local only: the demo tenants the sign-in page offers. */
  tenants?: { id: string; name: string; language: string }[];
  /** AWS only: the hosted UI. */
  cognito?: { domain: string; clientId: string; redirectUri: string };
}

export interface Session {
  token: string;
  tenant: string;
  role: 'customer' | 'agent' | 'admin';
  sub: string;
  email: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: { path: string; reason: string }[] = [],
  ) {
    super(message);
  }

  /** The message with each field's reason, for an alert. */
  describe(): string {
    return [this.message, ...this.fields.map((f) => `${f.path}: ${f.reason}`)].join(' — ');
  }
}

let config: PortalConfig = { mode: 'local', apiUrl: '' };
let session: Session | null = null;

export const portalConfig = (): PortalConfig => config;
export const currentSession = (): Session | null => session;

export async function loadConfig(): Promise<PortalConfig> {
  const res = await fetch('config.json', { cache: 'no-store' });
  config = (await res.json()) as PortalConfig;
  return config;
}

function decodeClaims(token: string): Record<string, unknown> {
  const part = token.split('.')[1] ?? '';
  const json = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  return JSON.parse(decodeURIComponent(escape(json))) as Record<string, unknown>;
}

/** Keeps the token in memory and reads who it names (the API checks it; this only shapes the pages). */
export function startSession(token: string): Session {
  const claims = decodeClaims(token);
  const groups = claims['cognito:groups'];
  const role = String(
    claims['custom:role'] ?? claims.role ?? (Array.isArray(groups) ? groups[groups.length - 1] : 'customer'),
  ) as Session['role'];
  session = {
    token,
    tenant: String(claims['custom:tenant'] ?? claims.tenant ?? ''),
    role,
    sub: String(claims.sub ?? ''),
    email: String(claims.email ?? ''),
  };
  return session;
}

export function endSession(): void {
  session = null;
}

export interface CallOptions {
  method?: string;
  body?: unknown;
  accept?: string;
}

async function raw(path: string, options: CallOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { accept: options.accept ?? 'application/json' };
  if (session) headers.authorization = `Bearer ${session.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${config.apiUrl}${path}`, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  if (!res.ok) {
    let body: { error?: { code?: string; message?: string; fields?: { path: string; reason: string }[] } } =
      {};
    try {
      body = await res.json();
    } catch {
      // not JSON: the status says enough
    }
    throw new ApiError(
      res.status,
      body.error?.code ?? `http_${res.status}`,
      body.error?.message ?? res.statusText,
      body.error?.fields ?? [],
    );
  }
  return res;
}

export async function call<T>(path: string, options: CallOptions = {}): Promise<T> {
  return (await (await raw(path, options)).json()) as T;
}

export async function callText(path: string, accept: string): Promise<string> {
  return (await raw(path, { accept })).text();
}
