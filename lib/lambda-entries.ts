import { fileURLToPath } from 'node:url';

/**
 * The Lambda entry points, one place: the stack bundles exactly these files and the CDK tests check
 * that each exists and exports `handler` (the name every `SlaFunction` uses).
 */
export const LAMBDA_ENTRIES = {
  api: fileURLToPath(new URL('../lambdas/api/handler.ts', import.meta.url)),
  slaTimer: fileURLToPath(new URL('../lambdas/sla-timer/handler.ts', import.meta.url)),
  timerSync: fileURLToPath(new URL('../lambdas/timer-sync/handler.ts', import.meta.url)),
  inboundEmail: fileURLToPath(new URL('../lambdas/inbound-email/handler.ts', import.meta.url)),
  slaEvents: fileURLToPath(new URL('../lambdas/sla-events/handler.ts', import.meta.url)),
  notification: fileURLToPath(new URL('../lambdas/notification/handler.ts', import.meta.url)),
  monthlyReport: fileURLToPath(new URL('../lambdas/monthly-report/handler.ts', import.meta.url)),
  reconcileTimers: fileURLToPath(new URL('../lambdas/reconcile-timers/handler.ts', import.meta.url)),
} as const;

export type LambdaName = keyof typeof LAMBDA_ENTRIES;

/** The exported name every handler module provides. */
export const HANDLER_EXPORT = 'handler';
