/**
 * reconcile-timers over the table: the owed timers of every ticket item by a Scan, through the scheduler port
 * (the `npm run reconcile-timers` command and the local runtime's start-up).
 */
import type { DynamoDBClient } from '../adapters/dynamodb/client.js';
import { DynamoOwedTimersScan } from '../adapters/dynamodb/owed-timers-scan.js';
import type { TimerScheduler } from '../timers/ports.js';
import {
  type ReconcileTimersOptions,
  type ReconcileTimersReport,
  reconcileTimers,
} from '../timers/reconcile-timers.js';

/** Re-creates the schedules of every timer the table's tickets owe (a Scan of the table). */
export function reconcileTableTimers(
  deps: {
    dynamo: DynamoDBClient;
    tableName: string;
    scheduler: Pick<TimerScheduler, 'ensure'>;
    log?: (line: string) => void;
  },
  options: ReconcileTimersOptions = {},
): Promise<ReconcileTimersReport> {
  return reconcileTimers(
    {
      source: new DynamoOwedTimersScan(deps.dynamo, deps.tableName),
      scheduler: deps.scheduler,
      ...(deps.log ? { log: deps.log } : {}),
    },
    options,
  );
}
