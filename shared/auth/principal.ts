/**
 * Who is calling: built from the JWT claims API Gateway's authorizer verified (or the local runtime did).
 * The Lambda never verifies tokens itself in AWS; it only reads the claims.
 */

export const ROLES = ['customer', 'agent', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** A caller acting on behalf of one tenant. `system` is for internal callers (timers, inbound mail). */
export interface Principal {
  tenantId: string;
  role: Role | 'system';
  sub: string;
  /**
   * The caller's address. For a customer it is kept only when the issuer vouches for it (`email_verified` not
   * false): it decides which tickets are theirs.
   */
  email?: string;
  /** A display name (the token's `name`): what customers see of staff. */
  name?: string;
}

export class UnauthenticatedError extends Error {
  readonly code = 'unauthorized';

  constructor(message: string) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/**
 * A valid staff token for every tenant on a request that names no tenant: the request lacks a header, the token
 * is fine, so the API answers 400 on `X-Tenant-Id` (as for a malformed one), not a 401 blaming the token.
 */
export class MissingTenantHeaderError extends Error {
  constructor() {
    super('a staff token for every tenant needs the X-Tenant-Id header');
    this.name = 'MissingTenantHeaderError';
  }
}

/** Staff tokens may carry this tenant claim: they then name the tenant per request (`X-Tenant-Id`). */
export const ANY_TENANT = '*';

export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}$/;

type Claims = Record<string, unknown>;

function claimString(claims: Claims, name: string): string | undefined {
  const value = claims[name];
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/** `cognito:groups` arrives as an array from Cognito, and as `[a b]` or `a,b` text through API Gateway's claims map. */
function groups(claims: Claims): string[] {
  const value = claims['cognito:groups'];
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') {
    return value
      .replace(/^\[|\]$/g, '')
      .split(/[\s,]+/)
      .filter(Boolean);
  }
  return [];
}

function roleFrom(claims: Claims): Role | undefined {
  const explicit = claimString(claims, 'custom:role') ?? claimString(claims, 'role');
  if (explicit) return (ROLES as readonly string[]).includes(explicit) ? (explicit as Role) : undefined;
  // With several groups, the most powerful one wins: an admin in the agents group is still an admin.
  const granted = groups(claims);
  return [...ROLES].reverse().find((role) => granted.includes(role));
}

/**
 * Claims -> principal. Tenant from `custom:tenant` (or `tenant`), role from `custom:role` (or `role`, or a
 * `cognito:groups` entry). Staff (agent, admin) whose tenant claim is `*` serve every tenant and say which one
 * with the `X-Tenant-Id` header.
 */
export function principalFromClaims(claims: Claims | undefined, tenantHeader?: string): Principal {
  if (!claims) throw new UnauthenticatedError('missing token');
  const sub = claimString(claims, 'sub');
  if (!sub) throw new UnauthenticatedError('token has no subject');
  const role = roleFrom(claims);
  if (!role) throw new UnauthenticatedError('token carries no known role (customer, agent, admin)');
  let tenantId = claimString(claims, 'custom:tenant') ?? claimString(claims, 'tenant');
  if (!tenantId) throw new UnauthenticatedError('token carries no tenant');
  if (tenantId === ANY_TENANT) {
    if (role === 'customer') throw new UnauthenticatedError('a customer token must name its tenant');
    if (!tenantHeader) throw new MissingTenantHeaderError();
    tenantId = tenantHeader;
  }
  if (!TENANT_ID_PATTERN.test(tenantId)) throw new UnauthenticatedError('token names an invalid tenant');
  const name = claimString(claims, 'name')?.slice(0, 200);
  const email = verifiedEmail(claims);
  return {
    tenantId,
    role,
    sub,
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
  };
}

/**
 * The token's email, if the issuer does not say it is unverified. `email_verified` arrives as a boolean from
 * the issuer and as the text "true"/"false" through API Gateway's claims map; an issuer that never sets it
 * (the local runtime, some OIDC providers) is trusted to hand out only addresses it checked (README).
 */
function verifiedEmail(claims: Claims): string | undefined {
  const email = claimString(claims, 'email');
  if (!email) return undefined;
  const verified = claims.email_verified;
  if (verified === false || verified === 'false') return undefined;
  return email;
}

export function isStaff(principal: Principal): boolean {
  return principal.role !== 'customer';
}
