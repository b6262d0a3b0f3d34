import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Clock } from '../clock.js';
import { parseAtExpression, SCHEDULE_NAME_PATTERN } from '../timers/schedule-name.js';
import { listenLocally } from './aws-json-server.js';
import {
  ApiError,
  CRON,
  isValidZone,
  mulberry32,
  notFound,
  patternError,
  RATE,
  ROLE_ARN,
  readJson,
  SQS_ARN,
  send,
  validation,
} from './scheduler-wire.js';

/**
 * A local EventBridge Scheduler: the REST subset `@aws-sdk/client-scheduler` sends for CreateSchedule,
 * GetSchedule, UpdateSchedule, DeleteSchedule, ListSchedules (and the schedule-group calls a runtime needs to
 * create its group), with the real service's validation and error shapes (`x-amzn-errortype` + `{"Message"}`),
 * so the SDK deserialises the same exceptions it would in AWS. Schedules live in memory; `fireDue()` invokes
 * every enabled `at()` schedule whose time has come on the shared clock, earliest first, then applies
 * `ActionAfterCompletion`. Only `at()` schedules fire (rate/cron are accepted and stored, never fired).
 */

export interface LocalScheduleTarget {
  Arn: string;
  RoleArn: string;
  Input?: string;
  RetryPolicy?: { MaximumEventAgeInSeconds?: number; MaximumRetryAttempts?: number };
  DeadLetterConfig?: { Arn?: string };
}

export interface LocalSchedule {
  Name: string;
  GroupName: string;
  Arn: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  State: 'ENABLED' | 'DISABLED';
  ActionAfterCompletion: 'NONE' | 'DELETE';
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  Target: LocalScheduleTarget;
  Description?: string;
  CreationDate: number;
  LastModificationDate: number;
  /** Epoch ms the schedule fires at (at() only). */
  fireAt: number | null;
  completed: boolean;
}

/** What the target receives: the schedule's Input, exactly as Scheduler passes it to a Lambda. */
export type FireHandler = (input: string, schedule: LocalSchedule) => Promise<unknown>;

export interface LocalSchedulerOptions {
  clock: Clock;
  port?: number;
  host?: string;
  onFire?: FireHandler;
  /** Fraction (0..1) of API calls answered with ThrottlingException, to exercise callers' retries. */
  throttleRate?: number;
  /** Seed for the throttling and ordering randomness, so a test run is reproducible. */
  seed?: number;
  /** Deliver each due schedule twice (Scheduler is at-least-once). */
  duplicateTimers?: boolean;
  /** Deliver each batch of due schedules in reverse order. */
  outOfOrder?: boolean;
  /** Groups that exist from the start (besides `default`). */
  groups?: string[];
  region?: string;
  accountId?: string;
  /** Deliveries attempted before a failing invocation goes to the dead letters (the target RetryPolicy's cap). */
  maxDeliveryAttempts?: number;
}

export interface DeadLetter {
  schedule: string;
  input: string;
  error: string;
}

export interface FireReport {
  fired: number;
  delivered: number;
  failed: number;
}

export class LocalSchedulerServer {
  readonly #options: LocalSchedulerOptions;
  readonly #schedules = new Map<string, LocalSchedule>();
  readonly #groups = new Map<string, number>();
  readonly #random: () => number;
  #server: Server | undefined;
  #onFire: FireHandler | undefined;
  #firing: Promise<unknown> = Promise.resolve();
  readonly deadLetters: DeadLetter[] = [];
  readonly stats = { calls: 0, throttled: 0, fired: 0, deliveries: 0 };
  duplicateTimers: boolean;
  outOfOrder: boolean;
  throttleRate: number;

  constructor(options: LocalSchedulerOptions) {
    this.#options = options;
    this.#onFire = options.onFire;
    this.#random = mulberry32(options.seed ?? 42);
    this.duplicateTimers = options.duplicateTimers ?? false;
    this.outOfOrder = options.outOfOrder ?? false;
    this.throttleRate = options.throttleRate ?? 0;
    this.#groups.set('default', options.clock.now());
    for (const group of options.groups ?? []) this.#groups.set(group, options.clock.now());
  }

  /** Starts listening; resolves to the endpoint URL to give the SDK client. */
  async start(): Promise<string> {
    const { server, endpoint } = await listenLocally(
      (req, res) => void this.#handle(req, res),
      this.#options.port,
      this.#options.host,
    );
    this.#server = server;
    return endpoint;
  }

  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  setFireHandler(handler: FireHandler): void {
    this.#onFire = handler;
  }

  /** Every schedule, in fire order (a copy). */
  list(group?: string): LocalSchedule[] {
    return [...this.#schedules.values()]
      .filter((s) => group === undefined || s.GroupName === group)
      .sort(byFireOrder)
      .map((s) => structuredClone(s));
  }

  /** The earliest instant an enabled, pending at() schedule fires, or null. */
  nextFireAt(): number | null {
    let next: number | null = null;
    for (const s of this.#schedules.values()) {
      if (s.State !== 'ENABLED' || s.completed || s.fireAt === null) continue;
      if (next === null || s.fireAt < next) next = s.fireAt;
    }
    return next;
  }

  /**
   * Fires every schedule due at the clock's now, earliest first (reversed with `outOfOrder`, each twice with
   * `duplicateTimers`), then deletes it (ActionAfterCompletion DELETE) or marks it done. Calls are serialised,
   * so two clock moves never fire one schedule twice (beyond the deliberate duplicates).
   */
  fireDue(): Promise<FireReport> {
    const run = this.#firing.then(() => this.#fireDueNow());
    this.#firing = run.catch(() => undefined);
    return run;
  }

  async #fireDueNow(): Promise<FireReport> {
    const now = this.#options.clock.now();
    const due = [...this.#schedules.values()]
      .filter((s) => s.State === 'ENABLED' && !s.completed && s.fireAt !== null && s.fireAt <= now)
      .sort(byFireOrder);
    for (const schedule of due) {
      if (schedule.ActionAfterCompletion === 'DELETE')
        this.#schedules.delete(key(schedule.GroupName, schedule.Name));
      else schedule.completed = true;
    }
    let deliveries = due.map((s) => structuredClone(s));
    if (this.outOfOrder) deliveries.reverse();
    if (this.duplicateTimers) deliveries = [...deliveries, ...deliveries];
    const report: FireReport = { fired: due.length, delivered: 0, failed: 0 };
    this.stats.fired += due.length;
    for (const schedule of deliveries) {
      if (await this.#deliver(schedule)) report.delivered++;
      else report.failed++;
    }
    return report;
  }

  async #deliver(schedule: LocalSchedule): Promise<boolean> {
    const handler = this.#onFire;
    const input = schedule.Target.Input ?? '{}';
    if (!handler) {
      this.deadLetters.push({ schedule: schedule.Name, input, error: 'no target handler registered' });
      return false;
    }
    const attempts = Math.max(
      1,
      Math.min(
        this.#options.maxDeliveryAttempts ?? 3,
        (schedule.Target.RetryPolicy?.MaximumRetryAttempts ?? 185) + 1,
      ),
    );
    let lastError: unknown;
    for (let attempt = 0; attempt < attempts; attempt++) {
      try {
        this.stats.deliveries++;
        await handler(input, schedule);
        return true;
      } catch (error) {
        lastError = error;
      }
    }
    this.deadLetters.push({
      schedule: schedule.Name,
      input,
      error: lastError instanceof Error ? lastError.message : String(lastError),
    });
    return false;
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://local');
      const body = await readJson(req);
      this.stats.calls++;
      if (this.throttleRate > 0 && this.#random() < this.throttleRate) {
        this.stats.throttled++;
        throw new ApiError('ThrottlingException', 429, 'Rate exceeded');
      }
      const result = this.#route(req.method ?? 'GET', url, body);
      send(res, 200, result);
    } catch (error) {
      if (error instanceof ApiError) {
        send(res, error.status, { Message: error.message }, { 'x-amzn-errortype': `${error.type}:` });
      } else {
        send(
          res,
          500,
          { Message: error instanceof Error ? error.message : 'Internal error' },
          {
            'x-amzn-errortype': 'InternalServerException:',
          },
        );
      }
    }
  }

  #route(method: string, url: URL, body: Record<string, unknown>): unknown {
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const [resource, name, extra] = parts;
    if (extra !== undefined) throw new ApiError('UnknownOperationException', 404, 'Unknown operation');
    if (resource === 'schedules' && name !== undefined) {
      const group = (
        method === 'GET' || method === 'DELETE' ? url.searchParams.get('groupName') : body.GroupName
      ) as string | null | undefined;
      switch (method) {
        case 'POST':
          return this.#createOrUpdate(name, body, false);
        case 'PUT':
          return this.#createOrUpdate(name, body, true);
        case 'GET':
          return this.#get(name, group ?? 'default');
        case 'DELETE':
          return this.#delete(name, group ?? 'default');
      }
    }
    if (resource === 'schedules' && name === undefined && method === 'GET') return this.#listSchedules(url);
    if (resource === 'schedule-groups' && name !== undefined) {
      this.#checkName(name, 'name');
      if (method === 'POST') {
        if (this.#groups.has(name))
          throw new ApiError('ConflictException', 409, `Schedule group ${name} already exists.`);
        this.#groups.set(name, this.#options.clock.now());
        return { ScheduleGroupArn: this.#groupArn(name) };
      }
      if (method === 'GET') {
        const created = this.#groups.get(name);
        if (created === undefined) throw notFound(`Schedule group ${name} does not exist.`);
        const seconds = created / 1000;
        return {
          Arn: this.#groupArn(name),
          Name: name,
          State: 'ACTIVE',
          CreationDate: seconds,
          LastModificationDate: seconds,
        };
      }
      if (method === 'DELETE') {
        if (!this.#groups.delete(name)) throw notFound(`Schedule group ${name} does not exist.`);
        for (const [k, s] of this.#schedules) if (s.GroupName === name) this.#schedules.delete(k);
        return {};
      }
    }
    throw new ApiError('UnknownOperationException', 404, 'Unknown operation');
  }

  #checkName(name: unknown, field: string): asserts name is string {
    if (typeof name !== 'string' || name.length < 1 || name.length > 64) {
      throw validation(
        `1 validation error detected: Value '${String(name)}' at '${field}' failed to satisfy constraint: Member must have length between 1 and 64`,
      );
    }
    if (!SCHEDULE_NAME_PATTERN.test(name)) throw patternError(name, field, '^[0-9a-zA-Z-_.]+$');
  }

  #createOrUpdate(name: string, body: Record<string, unknown>, update: boolean): unknown {
    this.#checkName(name, 'name');
    const group = body.GroupName === undefined ? 'default' : body.GroupName;
    this.#checkName(group, 'groupName');
    if (!this.#groups.has(group)) throw notFound(`Schedule group ${group} does not exist.`);
    const k = key(group, name);
    const existing = this.#schedules.get(k);
    if (update && !existing) throw notFound(`Schedule ${name} does not exist.`);
    if (!update && existing) throw new ApiError('ConflictException', 409, `Schedule ${name} already exists.`);

    const expression = body.ScheduleExpression;
    if (typeof expression !== 'string' || expression.length < 1 || expression.length > 256) {
      throw validation('1 validation error detected: ScheduleExpression must have length between 1 and 256');
    }
    const zone = body.ScheduleExpressionTimezone === undefined ? 'UTC' : body.ScheduleExpressionTimezone;
    if (typeof zone !== 'string' || zone.length < 1 || zone.length > 50 || !isValidZone(zone)) {
      throw validation(`Invalid ScheduleExpressionTimezone ${String(zone)}.`);
    }
    let fireAt: number | null = null;
    if (expression.startsWith('at(')) {
      fireAt = parseAtExpression(expression, zone);
      if (fireAt === null) throw validation(`Invalid Schedule Expression ${expression}.`);
      if (fireAt < Math.floor(this.#options.clock.now() / 1000) * 1000) {
        throw validation(`The schedule expression ${expression} is in the past.`);
      }
    } else if (!RATE.test(expression) && !CRON.test(expression)) {
      throw validation(`Invalid Schedule Expression ${expression}.`);
    }

    const window = body.FlexibleTimeWindow as LocalSchedule['FlexibleTimeWindow'] | undefined;
    if (!window || (window.Mode !== 'OFF' && window.Mode !== 'FLEXIBLE')) {
      throw validation('1 validation error detected: FlexibleTimeWindow.Mode must be one of [OFF, FLEXIBLE]');
    }
    if (window.Mode === 'FLEXIBLE') {
      const max = window.MaximumWindowInMinutes;
      if (typeof max !== 'number' || max < 1 || max > 1440) {
        throw validation('MaximumWindowInMinutes must be between 1 and 1440 when Mode is FLEXIBLE.');
      }
    } else if (window.MaximumWindowInMinutes !== undefined) {
      throw validation('MaximumWindowInMinutes is not allowed when Mode is OFF.');
    }

    const state = body.State === undefined ? 'ENABLED' : body.State;
    if (state !== 'ENABLED' && state !== 'DISABLED') throw validation(`Invalid State ${String(state)}.`);
    const after = body.ActionAfterCompletion === undefined ? 'NONE' : body.ActionAfterCompletion;
    if (after !== 'NONE' && after !== 'DELETE') {
      throw validation(`Invalid ActionAfterCompletion ${String(after)}.`);
    }
    const target = this.#checkTarget(body.Target);
    const description = body.Description;
    if (description !== undefined && (typeof description !== 'string' || description.length > 512)) {
      throw validation('Description must be at most 512 characters.');
    }

    const now = this.#options.clock.now() / 1000;
    const schedule: LocalSchedule = {
      Name: name,
      GroupName: group,
      Arn: this.#scheduleArn(group, name),
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: zone,
      State: state,
      ActionAfterCompletion: after,
      FlexibleTimeWindow: window,
      Target: target,
      ...(description === undefined ? {} : { Description: description }),
      CreationDate: existing?.CreationDate ?? now,
      LastModificationDate: now,
      fireAt,
      completed: false,
    };
    this.#schedules.set(k, schedule);
    return { ScheduleArn: schedule.Arn };
  }

  #checkTarget(value: unknown): LocalScheduleTarget {
    if (typeof value !== 'object' || value === null) throw validation('Target is required.');
    const target = value as LocalScheduleTarget;
    if (typeof target.Arn !== 'string' || target.Arn.length < 1 || target.Arn.length > 1600) {
      throw validation('Target.Arn must have length between 1 and 1600.');
    }
    if (typeof target.RoleArn !== 'string' || !ROLE_ARN.test(target.RoleArn)) {
      throw patternError(target.RoleArn, 'target.roleArn', ROLE_ARN.source);
    }
    if (target.Input !== undefined && (typeof target.Input !== 'string' || target.Input.length > 8192)) {
      throw validation('Target.Input must have length between 1 and 8192.');
    }
    const retry = target.RetryPolicy;
    if (retry !== undefined) {
      const age = retry.MaximumEventAgeInSeconds;
      const attempts = retry.MaximumRetryAttempts;
      if (age !== undefined && (age < 60 || age > 86400)) {
        throw validation('RetryPolicy.MaximumEventAgeInSeconds must be between 60 and 86400.');
      }
      if (attempts !== undefined && (attempts < 0 || attempts > 185)) {
        throw validation('RetryPolicy.MaximumRetryAttempts must be between 0 and 185.');
      }
    }
    const dlq = target.DeadLetterConfig?.Arn;
    if (dlq !== undefined && !SQS_ARN.test(dlq))
      throw patternError(dlq, 'target.deadLetterConfig.arn', SQS_ARN.source);
    return structuredClone(target);
  }

  #get(name: string, group: string): unknown {
    this.#checkName(name, 'name');
    const schedule = this.#schedules.get(key(group, name));
    if (!schedule) throw notFound(`Schedule ${name} does not exist.`);
    const { fireAt: _fireAt, completed: _completed, ...wire } = schedule;
    return wire;
  }

  #delete(name: string, group: string): unknown {
    this.#checkName(name, 'name');
    if (!this.#schedules.delete(key(group, name))) throw notFound(`Schedule ${name} does not exist.`);
    return {};
  }

  #listSchedules(url: URL): unknown {
    const group = url.searchParams.get('ScheduleGroup');
    const prefix = url.searchParams.get('NamePrefix');
    const state = url.searchParams.get('State');
    const token = url.searchParams.get('NextToken');
    const max = Number(url.searchParams.get('MaxResults') ?? 100);
    if (!Number.isInteger(max) || max < 1 || max > 100)
      throw validation('MaxResults must be between 1 and 100.');
    if (prefix !== null && !/^[0-9a-zA-Z\-_.]{1,64}$/.test(prefix)) {
      throw patternError(prefix, 'namePrefix', '^[0-9a-zA-Z-_.]+$');
    }
    const after = token === null ? '' : Buffer.from(token, 'base64url').toString('utf8');
    const matching = [...this.#schedules.values()]
      .filter((s) => group === null || s.GroupName === group)
      .filter((s) => prefix === null || s.Name.startsWith(prefix))
      .filter((s) => state === null || s.State === state)
      .map((s) => ({ sortKey: key(s.GroupName, s.Name), s }))
      .filter(({ sortKey }) => sortKey > after)
      .sort((a, b) => (a.sortKey < b.sortKey ? -1 : 1));
    const page = matching.slice(0, max);
    const last = page.at(-1);
    return {
      Schedules: page.map(({ s }) => ({
        Arn: s.Arn,
        Name: s.Name,
        GroupName: s.GroupName,
        State: s.State,
        CreationDate: s.CreationDate,
        LastModificationDate: s.LastModificationDate,
        Target: { Arn: s.Target.Arn },
      })),
      ...(matching.length > max && last
        ? { NextToken: Buffer.from(last.sortKey).toString('base64url') }
        : {}),
    };
  }

  #scheduleArn(group: string, name: string): string {
    return `arn:aws:scheduler:${this.#options.region ?? 'local'}:${this.#options.accountId ?? '000000000000'}:schedule/${group}/${name}`;
  }

  #groupArn(group: string): string {
    return `arn:aws:scheduler:${this.#options.region ?? 'local'}:${this.#options.accountId ?? '000000000000'}:schedule-group/${group}`;
  }
}

function key(group: string, name: string): string {
  return `${group}/${name}`;
}

function byFireOrder(a: LocalSchedule, b: LocalSchedule): number {
  const fa = a.fireAt ?? Number.POSITIVE_INFINITY;
  const fb = b.fireAt ?? Number.POSITIVE_INFINITY;
  if (fa !== fb) return fa - fb;
  return a.Name < b.Name ? -1 : a.Name > b.Name ? 1 : 0;
}

export async function startLocalScheduler(
  options: LocalSchedulerOptions,
): Promise<{ server: LocalSchedulerServer; endpoint: string }> {
  const server = new LocalSchedulerServer(options);
  const endpoint = await server.start();
  return { server, endpoint };
}
