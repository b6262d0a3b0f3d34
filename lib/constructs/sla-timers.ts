import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { keys } from '../../shared/adapters/dynamodb/keys.js';
import { GSI, TABLE_KEYS } from '../../shared/adapters/dynamodb/table.js';
import { ENV } from '../../shared/runtime/env.js';
import { LAMBDA_ENTRIES } from '../lambda-entries.js';
import { acknowledgeWildcardResources } from '../nag.js';
import { DeadLetterQueue } from './dead-letter-queue.js';
import { SlaFunction, type TableBinding } from './sla-function.js';
import { consumeTableStream } from './stream-consumer.js';

export interface SlaTimersProps {
  readonly tickets: TableBinding & { readonly table: ITable };
  readonly alarmTopic: ITopic;
  readonly logRetention: logs.RetentionDays;
  /** Name of the Scheduler schedule group (unique per account and region). */
  readonly scheduleGroupName: string;
}

/**
 * SLA timers: the schedule group, the role Scheduler assumes (it may invoke the sla-timer Lambda and
 * nothing else), the timer-sync Lambda that turns the table stream into schedules, the sla-timer Lambda the
 * schedules fire, and a dead-letter queue for each way a timer can fail.
 */
export class SlaTimers extends Construct {
  readonly scheduleGroup: scheduler.ScheduleGroup;
  readonly schedulerRole: iam.Role;
  readonly slaTimer: SlaFunction;
  readonly timerSync: SlaFunction;
  /** Scheduler's target DLQ: invocations Scheduler could not deliver after its retry policy. */
  readonly timerDlq: DeadLetterQueue;
  /** Stream batches timer-sync still failed on after its retries (metadata of the records). */
  readonly streamDlq: DeadLetterQueue;
  /** Asynchronous sla-timer invocations that failed after Lambda's own retries. */
  readonly slaTimerDlq: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: SlaTimersProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Named after the stack and deleted with it (CDK would retain it): deleting a group deletes its schedules,
    // so a destroyed stack leaves none firing at deleted functions and a redeploy does not meet "already
    // exists". The timers themselves are owed in the table: the reconcile-timers Lambda recreates their
    // schedules in the new group once the stack is deployed (TimerReconciler, a deployment trigger).
    this.scheduleGroup = new scheduler.ScheduleGroup(this, 'Group', {
      scheduleGroupName: props.scheduleGroupName,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.timerDlq = new DeadLetterQueue(this, 'TimerDlq', {
      purpose: 'SLA timers EventBridge Scheduler could not deliver to the sla-timer Lambda',
      alarmTopic: props.alarmTopic,
    });
    this.slaTimerDlq = new DeadLetterQueue(this, 'SlaTimerDlq', {
      purpose: 'timer events the sla-timer Lambda failed on after its retries',
      alarmTopic: props.alarmTopic,
    });

    this.slaTimer = new SlaFunction(this, 'SlaTimer', {
      entry: LAMBDA_ENTRIES.slaTimer,
      description:
        'Fired by a one-off schedule at an SLA reminder or deadline: breaches, escalates (its mail goes through the outbox)',
      logRetention: props.logRetention,
      timeout: Duration.seconds(60),
      deadLetterQueue: this.slaTimerDlq.queue,
    })
      // Its breach and reminder mail is owed in the same write and sent by the notification Lambda: no SES here.
      .bindTable(props.tickets, 'readWrite');

    // Scheduler assumes this role only on behalf of schedules in our group, in this account.
    this.schedulerRole = new iam.Role(this, 'SchedulerRole', {
      description: 'Assumed by EventBridge Scheduler to invoke the sla-timer Lambda (and nothing else)',
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          // Scheduler names the schedule group as the source (AWS docs, confused deputy prevention); the
          // group's schedules are accepted too, so either reading stays scoped to this group.
          ArnLike: {
            'aws:SourceArn': [
              stack.formatArn({
                service: 'scheduler',
                resource: 'schedule-group',
                resourceName: props.scheduleGroupName,
              }),
              stack.formatArn({
                service: 'scheduler',
                resource: 'schedule',
                resourceName: `${props.scheduleGroupName}/*`,
              }),
            ],
          },
        },
      }),
    });
    this.schedulerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [this.slaTimer.functionArn],
      }),
    );
    // Scheduler delivers to the target's dead-letter queue with the execution role.
    this.schedulerRole.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.timerDlq.queue.queueArn] }),
    );

    this.timerSync = new SlaFunction(this, 'TimerSync', {
      entry: LAMBDA_ENTRIES.timerSync,
      description: 'Creates and deletes the SLA timer schedules a ticket owes, from the table stream',
      logRetention: props.logRetention,
      timeout: Duration.seconds(120),
    })
      // A tenant's SLA inputs changed: it reads the tenant and its open tickets (the status index only) and
      // rewrites each ticket whose owed timers moved (conditional on its version, like every ticket write).
      .bindTable({ table: props.tickets.table, indexNames: [GSI.byStatus] }, 'readWrite');
    // timer-sync creates schedules for new timers and deletes those no longer owed.
    this.bindScheduling(this.timerSync, [
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
      'scheduler:GetSchedule',
    ]);
    this.streamDlq = consumeTableStream(this, 'Stream', this.timerSync, {
      table: props.tickets.table,
      alarmTopic: props.alarmTopic,
      dlqPurpose: 'table stream batches the timer-sync Lambda could not turn into schedules',
      batchSize: 100,
      retryAttempts: 10,
      // Ticket items carry the timers owed; a tenant profile's SLA inputs (closures, own policy) move its
      // open tickets' deadlines. Events, comments, the mail ledger and the rest never change a schedule.
      filters: [
        lambda.FilterCriteria.filter({
          dynamodb: { Keys: { [TABLE_KEYS.sortKey]: { S: [keys.ticketSk, keys.profileSk] } } },
        }),
      ],
    }).dlq;
  }

  /**
   * The Scheduler settings every schedule is created with (group, sla-timer target, Scheduler role, TimerDlq:
   * `schedulerConfigFromEnv` reads them) set on `fn`, with `actions` on the group's schedules only and
   * `iam:PassRole` on the Scheduler role only, to Scheduler only. timer-sync and reconcile-timers both bind
   * through here, so a schedule either of them creates is the same.
   */
  bindScheduling(fn: SlaFunction, actions: readonly `scheduler:${string}Schedule`[]): void {
    const scheduleArns = Stack.of(this).formatArn({
      service: 'scheduler',
      resource: 'schedule',
      resourceName: `${this.scheduleGroup.scheduleGroupName}/*`,
    });
    fn.setEnv(ENV.scheduleGroupName, this.scheduleGroup.scheduleGroupName)
      .setEnv(ENV.slaTimerFunctionArn, this.slaTimer.functionArn)
      .setEnv(ENV.schedulerRoleArn, this.schedulerRole.roleArn)
      .setEnv(ENV.timerDlqArn, this.timerDlq.queue.queueArn);
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: [...actions], resources: [scheduleArns] }));
    // CreateSchedule hands Scheduler the execution role: only that role, only to Scheduler.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.schedulerRole.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    acknowledgeWildcardResources(
      fn.executionRole,
      [scheduleArns],
      'Schedule names are derived per ticket timer at run time; access is limited to schedules in the SLA timer group.',
    );
  }
}
