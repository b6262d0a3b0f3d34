/**
 * The timers as a local runtime component (`DEFAULT_COMPONENTS`): aws-ses-v2-local on 127.0.0.1:8005, the
 * local Scheduler on 127.0.0.1:8006, the stream poller feeding timer-sync, sla-timer behind the Scheduler,
 * the notification handler on the stream's outbox and report_due items, `GET|POST /_local/clock`, and
 * `POST /_local/reports/monthly` (the monthly-report Lambda's run, its mail sent before it answers). The clock route exists
 * only here: the Lambda's router and API Gateway know no `/_local/*` path, so anywhere else it is a 404.
 *
 * Flags: `--ses-port N`, `--scheduler-port N` (0: a free port, what tests starting several runtimes pass),
 * `--duplicate-timers` (every due schedule delivered twice).
 */
import type { LocalComponent } from './component.js';
import { booleanFlag, portFlag, secondsFlag } from './component-flags.js';
import { handleMonthlyReportsRequest, MONTHLY_REPORTS_PATH } from './monthly-reports-route.js';
import {
  LOCAL_SCHEDULE_GROUP,
  startTimersComponent,
  type TimersComponent,
  type TimersComponentOptions,
} from './scheduler-component.js';

export const LOCAL_SES_PORT = 8005;
export const LOCAL_SCHEDULER_PORT = 8006;
export const CLOCK_PATH = '/_local/clock';

/** Test knobs the command line does not offer (fault injection is for tests, not for demos). */
export type TimersComponentOverrides = Partial<
  Pick<TimersComponentOptions, 'throttleRate' | 'outOfOrder' | 'pollIntervalMs'>
>;

export interface LocalTimersComponent extends LocalComponent {
  /** The running pieces (Scheduler server, SES endpoint, deliveries) once started; tests reach in here. */
  readonly running: TimersComponent | undefined;
}

export function timersComponent(overrides: TimersComponentOverrides = {}): LocalTimersComponent {
  let running: TimersComponent | undefined;
  return {
    name: 'timers',
    get running() {
      return running;
    },
    async start(ctx) {
      const sesPort = portFlag(ctx.flags, 'ses-port', LOCAL_SES_PORT);
      const schedulerPort = portFlag(ctx.flags, 'scheduler-port', LOCAL_SCHEDULER_PORT);
      const duplicateTimers = booleanFlag(ctx.flags, 'duplicate-timers');
      const sesOutageSeconds = secondsFlag(ctx.flags, 'ses-outage');
      running = await startTimersComponent({
        clock: ctx.clock,
        dynamo: ctx.dynamoDb,
        dynamoEndpoint: ctx.dynamoDbEndpoint,
        tableName: ctx.tableName,
        services: ctx.services,
        consumers: ctx.streamConsumers,
        sesPort,
        ...(sesOutageSeconds > 0 ? { sesOutageSeconds } : {}),
        schedulerPort,
        duplicateTimers,
        ...overrides,
        log: (line) => ctx.log(`[timers] ${line}`),
      });
      const timers = running;
      ctx.env.SES_ENDPOINT = timers.sesEndpoint;
      ctx.env.SCHEDULER_ENDPOINT = timers.schedulerEndpoint;
      ctx.addRoute({
        method: 'POST',
        path: MONTHLY_REPORTS_PATH,
        handle: (request) => handleMonthlyReportsRequest(ctx, timers.settleMail, request.body),
      });
      for (const method of ['GET', 'POST']) {
        ctx.addRoute({
          method,
          path: CLOCK_PATH,
          handle: async (request) => timers.handleClock(request.method, request.body),
        });
      }
      ctx.addBannerLines(
        `SES (mail out)       ${timers.sesEndpoint}   (sent mail: web page at /, JSON at ${timers.sesEndpoint}/store)${sesOutageSeconds > 0 ? `   refusing every send for ${sesOutageSeconds} s (--ses-outage)` : ''}`,
        `Scheduler            ${timers.schedulerEndpoint}   (EventBridge Scheduler API, group ${LOCAL_SCHEDULE_GROUP})${duplicateTimers ? '   every timer delivered twice (--duplicate-timers)' : ''}`,
        `Clock                stands still until moved; move it and fire everything due on the way:`,
        `  curl -sS -X POST ${ctx.apiUrl}${CLOCK_PATH} -H 'Content-Type: application/json' -d '{"advanceMinutes":60}'`,
        `  (or -d '{"set":"2026-03-02T09:00:00Z"}'; GET ${CLOCK_PATH} tells the time)`,
        `Monthly reports      curl -sS -X POST ${ctx.apiUrl}${MONTHLY_REPORTS_PATH}   (each tenant's previous month to its reportContacts; -d '{"at":"2026-12-01T06:00:00Z"}' for November)`,
      );
    },
    async stop() {
      await running?.stop();
      running = undefined;
    },
  };
}
