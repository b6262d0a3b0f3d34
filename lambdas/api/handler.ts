/**
 * The api Lambda: API Gateway HTTP API (JWT authorizer) -> the shared API function. The composition root
 * (`composeApi`, `shared/composition/api.ts`) wires the services once per container.
 */
import { composeApi } from '../../shared/composition/api.js';
import type { ApiEvent, ApiHandler, ApiResult } from '../../shared/http/api.js';

let api: ApiHandler | undefined;

export const handler = async (event: ApiEvent): Promise<ApiResult> => {
  api ??= composeApi();
  return api(event);
};
