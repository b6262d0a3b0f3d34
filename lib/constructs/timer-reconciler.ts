import { Duration } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import * as triggers from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { LAMBDA_ENTRIES } from '../lambda-entries.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { SlaFunction } from './sla-function.js';
import type { SlaTimers } from './sla-timers.js';

export interface TimerReconcilerProps {
  /** The tickets table (the stateful stack's): scanned, never written. */
  readonly table: ITable;
  /** The schedule group, sla-timer function, Scheduler role and TimerDlq schedules are created with. */
  readonly timers: SlaTimers;
  readonly alarmTopic: ITopic;
  readonly logRetention: logs.RetentionDays;
}

/**
 * Gives a freshly deployed stack its timers back. The schedule group is the stateless stack's and goes with it,
 * while the timers are owed in the (retained) table, so after a destroy and a deploy no schedule exists until
 * someone recreates them. Here a deployment trigger (`aws-cdk-lib/triggers`) invokes the reconcile-timers
 * Lambda once the group, the sla-timer function and the Scheduler role exist: on the stack's creation, and
 * again whenever the function's code or configuration changes (a new version). Re-running is harmless: a
 * schedule that exists is left alone (`ensure`).
 *
 * The invocation is asynchronous (`Event`), so the deployment never waits on a table scan and is never rolled
 * back because a Scheduler call failed: the timers stay owed in the table whatever happens. An incomplete run
 * (failures, or a table too big for one 15-minute invocation) throws after logging its report, so it counts as
 * an error (the function's Errors alarm), Lambda retries it twice (one or two minutes apart: a Scheduler role
 * created seconds earlier may not be assumable yet) and then the event lands in `ReconcileTimersDlq`
 * (alarmed). `npm run reconcile-timers` then finishes the job from an operator's machine.
 */
export class TimerReconciler extends Construct {
  readonly handler: SlaFunction;
  /** Invocations that still failed after Lambda's retries (the trigger's event, which carries nothing). */
  readonly dlq: DeadLetterQueue;
  readonly trigger: triggers.Trigger;

  constructor(scope: Construct, id: string, props: TimerReconcilerProps) {
    super(scope, id);
    const { timers } = props;
    this.dlq = new DeadLetterQueue(this, 'Dlq', {
      purpose: 'reconcile-timers runs that did not leave every owed timer scheduled, after their retries',
      alarmTopic: props.alarmTopic,
    });
    this.handler = new SlaFunction(this, 'ReconcileTimers', {
      entry: LAMBDA_ENTRIES.reconcileTimers,
      description: 'After a deploy: recreates the schedule of every timer the tickets owe (a table Scan)',
      logRetention: props.logRetention,
      // Lambda's maximum: the run stops between pages 90 s before it (LAMBDA_STOP_MARGIN_MS) and reports.
      timeout: Duration.minutes(15),
      deadLetterQueue: this.dlq.queue,
      retryAttempts: 2,
    }).bindTable({ table: props.table, indexNames: [] }, 'scan');
    // It only creates: a schedule nobody owes any more fires, finds nothing to do and deletes itself.
    timers.bindScheduling(this.handler, ['scheduler:CreateSchedule']);

    // CDK's trigger provider (one per stack) needs no cdk-nag acknowledgement: its role and function are plain
    // CfnResources, which cdk-nag's rules (CfnRole, CfnFunction) do not inspect. Its only grant of ours,
    // lambda:InvokeFunction on this function's versions, is asserted in test/cdk/timer-reconciler.test.ts; it
    // also carries CDK's AWSLambdaBasicExecutionRole and logs to a group Lambda creates (no retention).
    this.trigger = new triggers.Trigger(this, 'AfterDeploy', {
      handler: this.handler,
      invocationType: triggers.InvocationType.EVENT,
      executeOnHandlerChange: true,
      executeAfter: [timers.scheduleGroup, timers.slaTimer, timers.schedulerRole, timers.timerDlq],
    });
  }
}
