/**
 * Local tokens: what API Gateway's JWT authorizer verifies in AWS, the local runtime verifies itself. Tokens are
 * HS256 JWTs signed with a secret created on first use in `.local-data/local-jwt.key` (gitignored), issuer
 * `sla-sentinel-local`, audience `sla-sentinel`. A token signed with anything else, for another issuer or
 * audience, or expired, is refused (401). `npx sla token ...` prints one (`runTokenCommand`).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errors as joseErrors, jwtVerify, SignJWT } from 'jose';
import { ANY_TENANT, ROLES, type Role, TENANT_ID_PATTERN, UnauthenticatedError } from './principal.js';

export const LOCAL_ISSUER = 'sla-sentinel-local';
export const LOCAL_AUDIENCE = 'sla-sentinel';
const DEFAULT_TTL_HOURS = 24;

const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `.local-data/` of the project (or `SLA_LOCAL_DATA_DIR`). */
export function defaultLocalDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.SLA_LOCAL_DATA_DIR ?? join(PROJECT_ROOT, '.local-data');
}

const secrets = new Map<string, Promise<Uint8Array>>();

/** The local signing secret, created on first use. Safe when several processes create it at once. */
export function localSigningKey(dataDir: string = defaultLocalDataDir()): Promise<Uint8Array> {
  const file = join(dataDir, 'local-jwt.key');
  let pending = secrets.get(file);
  if (!pending) {
    pending = (async () => {
      await mkdir(dataDir, { recursive: true });
      try {
        await writeFile(file, `${randomBytes(32).toString('base64url')}\n`, { flag: 'wx', mode: 0o600 });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
      // Another process may have just created it: wait until it holds the whole secret.
      for (let i = 0; i < 50; i++) {
        const text = (await readFile(file, 'utf8')).trim();
        if (text.length >= 43) return new Uint8Array(Buffer.from(text, 'base64url'));
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`${file} does not hold a signing key`);
    })();
    secrets.set(file, pending);
    pending.catch(() => secrets.delete(file));
  }
  return pending;
}

export interface LocalTokenClaims {
  tenant: string;
  role: Role;
  sub?: string;
  email?: string;
  ttlSeconds?: number;
}

export async function signLocalToken(claims: LocalTokenClaims, dataDir?: string): Promise<string> {
  const sub = claims.sub ?? `local-${claims.role}-${claims.tenant === ANY_TENANT ? 'all' : claims.tenant}`;
  const email =
    claims.email ??
    (claims.tenant === ANY_TENANT
      ? `${claims.role}@example.com`
      : `${claims.role}@${claims.tenant}.example.com`);
  return new SignJWT({ 'custom:tenant': claims.tenant, 'custom:role': claims.role, email })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(sub)
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttlSeconds ?? DEFAULT_TTL_HOURS * 3600}s`)
    .sign(await localSigningKey(dataDir));
}

/** Verifies signature, issuer, audience and expiry (against real time); returns the claims. Throws 401. */
export async function verifyLocalToken(token: string, dataDir?: string): Promise<Record<string, unknown>> {
  try {
    const { payload } = await jwtVerify(token, await localSigningKey(dataDir), {
      issuer: LOCAL_ISSUER,
      audience: LOCAL_AUDIENCE,
      algorithms: ['HS256'],
      requiredClaims: ['sub', 'exp'],
    });
    return payload as Record<string, unknown>;
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new UnauthenticatedError('token expired');
    if (error instanceof joseErrors.JOSEError) throw new UnauthenticatedError('invalid token');
    throw error;
  }
}

const USAGE =
  'usage: sla token --tenant T --role customer|agent|admin [--sub S] [--email E] [--ttl-hours N]\n' +
  '  (agents and admins may use --tenant "*" and name the tenant per request with the X-Tenant-Id header)';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `sla token ...` (argv without the `token` word). Prints the token on stdout. */
export async function runTokenCommand(
  argv: readonly string[],
  options: { dataDir?: string } = {},
): Promise<CommandResult> {
  const fail = (message: string): CommandResult => ({
    code: 2,
    stdout: '',
    stderr: `sla token: ${message}\n${USAGE}\n`,
  });
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        tenant: { type: 'string' },
        role: { type: 'string' },
        sub: { type: 'string' },
        email: { type: 'string' },
        'ttl-hours': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  const tenant = values.tenant as string | undefined;
  const role = values.role as string | undefined;
  if (!tenant) return fail('--tenant is required');
  if (!role) return fail('--role is required');
  if (!(ROLES as readonly string[]).includes(role)) return fail(`unknown role ${JSON.stringify(role)}`);
  if (tenant === ANY_TENANT ? role === 'customer' : !TENANT_ID_PATTERN.test(tenant)) {
    return fail(`invalid tenant ${JSON.stringify(tenant)}`);
  }
  let ttlSeconds: number | undefined;
  if (values['ttl-hours'] !== undefined) {
    const hours = Number(values['ttl-hours']);
    if (!Number.isFinite(hours) || hours <= 0 || hours > 24 * 365)
      return fail('--ttl-hours must be a positive number');
    ttlSeconds = Math.max(1, Math.round(hours * 3600));
  }
  const email = values.email as string | undefined;
  if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email))
    return fail(`invalid email ${JSON.stringify(email)}`);
  const token = await signLocalToken(
    {
      tenant,
      role: role as Role,
      ...(values.sub ? { sub: values.sub as string } : {}),
      ...(email ? { email } : {}),
      ...(ttlSeconds !== undefined ? { ttlSeconds } : {}),
    },
    options.dataDir,
  );
  return { code: 0, stdout: `${token}\n`, stderr: '' };
}
