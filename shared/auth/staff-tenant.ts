/**
 * Which tenant a request of staff serving every tenant (`*`) is about, on the routes that also take `?tenant=`
 * (`GET /reports/sla`, `GET /inbound/rejections`). One rule for both, as for the rest of the API: the tenant is
 * the one named by `X-Tenant-Id` or by `?tenant=`; naming two different ones is the client's mistake (400 on
 * `tenant`), never a silent pick of one of them.
 */
import { InvalidInputError } from '../tickets/errors.js';
import type { Principal } from './principal.js';

export interface AcrossTenantsCaller {
  principal: Principal;
  /** The token's tenant claim is `*`: staff serving every tenant. */
  allTenants: boolean;
  /** Whether the request named its tenant by `X-Tenant-Id` (then it is `principal.tenantId`). */
  tenantNamed: boolean;
}

/** The tenant `*` staff named (header or query), or undefined when they named none. Only for `*` callers. */
export function tenantNamedByStaff(
  caller: AcrossTenantsCaller,
  queried: string | undefined,
): string | undefined {
  const byHeader = caller.tenantNamed ? caller.principal.tenantId : undefined;
  if (queried !== undefined && byHeader !== undefined && queried !== byHeader) {
    throw new InvalidInputError(
      'tenant',
      `?tenant=${queried} and X-Tenant-Id ${byHeader} name different tenants`,
    );
  }
  return queried ?? byHeader;
}
