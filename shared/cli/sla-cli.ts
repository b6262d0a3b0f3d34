/**
 * The `sla` command (spec section 5), as a function: argv in, exit code and output out. `bin/sla-cli.ts` is the
 * process wrapper; tests call `runCli` directly. A thin layer: parse, call the engine, print JSON.
 */
import { listCalendarSpecs } from '../sla/calendars.js';
import { formatDuration } from '../sla/duration.js';
import { SlaInputError } from '../sla/errors.js';
import { formatInstant, parseInstant } from '../sla/instant.js';
import { floorToSecond } from '../sla/milestones.js';
import { dueForNewTicket } from '../sla/new-ticket-due.js';
import type { PolicySpec, TargetSpec } from '../sla/policy-schema.js';
import { listPresets } from '../sla/presets/index.js';
import { type FlagSpec, parseFlags, UsageError } from './args.js';
import {
  type CliResult,
  calendarFrom,
  checkedResult,
  fail,
  instantFlag,
  json,
  LATEST,
  MS_PER_MINUTE,
  minutesFlag,
  policyFrom,
} from './command-inputs.js';
import { EXPLAIN_FLAGS, EXPLAIN_USAGE, explain } from './sla-explain.js';

export type { CliResult } from './command-inputs.js';

export const USAGE = `usage:
  sla due (--policy ID | --policy-file PATH) --priority P --created ISO [--plan X] [--region R] [--timezone TZ]
          [--closed DATES]
  sla add (--calendar ID | --calendar-file PATH) --start ISO --minutes N [--timezone TZ] [--closed DATES]
  sla elapsed (--calendar ID | --calendar-file PATH) --start ISO --end ISO [--timezone TZ] [--closed DATES]
${EXPLAIN_USAGE}
  sla policies
Instants are ISO-8601 with an offset or Z. --policy-file/--calendar-file: a policy or calendar JSON file
(docs/policies.md). --closed: closures to try, e.g. 2026-12-24,2026-08-10..2026-08-21 (due: on every calendar
but always, as a tenant's closures). Output is JSON on stdout (explain: --format text for a table); errors are one line on stderr, exit code 2.`;

const FLAGS: Record<string, FlagSpec> = {
  due: {
    required: ['priority', 'created'],
    optional: ['policy', 'policy-file', 'plan', 'region', 'timezone', 'closed'],
  },
  add: { required: ['start', 'minutes'], optional: ['calendar', 'calendar-file', 'timezone', 'closed'] },
  elapsed: { required: ['start', 'end'], optional: ['calendar', 'calendar-file', 'timezone', 'closed'] },
  explain: EXPLAIN_FLAGS,
  policies: { required: [], optional: [] },
};

function due(flags: Record<string, string>): CliResult {
  const createdAt = instantFlag(flags, 'created', 'due');
  const { subject, policy } = policyFrom(flags, 'due');
  const priority = flags.priority ?? '';
  policy.assertPriority(priority);
  const milestones = dueForNewTicket(subject, priority, createdAt, policy);
  const iso = (t: number | null) => (t === null ? null : checkedResult(t, 'due'));
  const calendars: Record<string, string | null> = {};
  for (const name of ['firstResponse', 'update', 'escalation', 'resolution'] as const) {
    const target = policy.targetFor(name, priority);
    calendars[name] =
      target === null ? null : target.kind === 'release' ? 'nextMonthlyRelease' : target.calendar.id;
  }
  return json({
    policy: policy.id,
    priority,
    createdAt: formatInstant(createdAt),
    milestones: {
      firstResponse: iso(milestones.firstResponse),
      escalation: iso(milestones.escalation),
      resolution: iso(milestones.resolution),
    },
    ...(policy.plan === undefined ? {} : { plan: policy.plan }),
    ...(policy.region === undefined ? {} : { region: policy.region }),
    ...(policy.timezone === undefined ? {} : { timezone: policy.timezone }),
    calendars,
    updateOnStatusChange: policy.notifiesOnStatusChange(priority),
  });
}

function add(flags: Record<string, string>): CliResult {
  const start = instantFlag(flags, 'start', 'add');
  const budgetMs = minutesFlag(flags, 'add');
  const calendar = calendarFrom(flags, 'add');
  if (start + budgetMs > LATEST) throw new UsageError('sla add: the result is past the year 9999');
  return json({ due: checkedResult(floorToSecond(calendar.addBusinessMs(start, budgetMs)), 'add') });
}

function elapsed(flags: Record<string, string>): CliResult {
  const start = instantFlag(flags, 'start', 'elapsed');
  const end = instantFlag(flags, 'end', 'elapsed');
  // "end before start" is judged on the instants as given, before they are taken to the second.
  if (parseInstant(flags.end ?? '', 'end') < parseInstant(flags.start ?? '', 'start')) {
    throw new UsageError(`sla elapsed: --end ${flags.end} is before --start ${flags.start}`);
  }
  const calendar = calendarFrom(flags, 'elapsed');
  return json({ minutes: calendar.businessMsBetween(start, end) / MS_PER_MINUTE });
}

function describeTarget(target: TargetSpec | undefined, defaultCalendar: string | null): unknown {
  if (target === undefined || target === 'none') return null;
  if (target === 'onStatusChange') return 'onStatusChange';
  if ('kind' in target) return { ...target };
  return {
    within: formatDuration(target.within),
    calendar: target.calendar ?? defaultCalendar,
    ...(target.outsideHours ? { outsideHours: formatDuration(target.outsideHours) } : {}),
  };
}

function describeTargets(spec: PolicySpec, table: NonNullable<PolicySpec['targets']>): unknown {
  const defaultCalendar = spec.calendar ?? (spec.regions ? 'region' : null);
  return Object.fromEntries(
    spec.priorities.map((priority) => {
      const row = table[priority] ?? {};
      return [
        priority,
        {
          firstResponse: describeTarget(row.firstResponse, defaultCalendar),
          update: describeTarget(row.update, defaultCalendar),
          escalation: describeTarget(row.escalation, defaultCalendar),
          resolution: describeTarget(row.resolution, defaultCalendar),
        },
      ];
    }),
  );
}

function policies(): CliResult {
  return json({
    policies: listPresets().map((spec) => ({
      id: spec.id,
      name: spec.name ?? spec.id,
      source: spec.source ?? null,
      priorities: spec.priorities,
      defaultPriority: spec.defaultPriority,
      requires: [
        ...(spec.needsTimezone ? ['timezone'] : []),
        ...(spec.plans ? ['plan'] : []),
        ...(spec.regions ? ['region'] : []),
      ],
      plans: spec.plans ? Object.keys(spec.plans) : null,
      regions: spec.regions
        ? Object.fromEntries(Object.entries(spec.regions).map(([region, r]) => [region, r.calendar]))
        : null,
      calendar: spec.calendar ?? null,
      targets: spec.plans
        ? Object.fromEntries(
            Object.entries(spec.plans).map(([plan, p]) => [plan, describeTargets(spec, p.targets)]),
          )
        : describeTargets(spec, spec.targets ?? {}),
      pause: spec.pause,
      reminders: spec.reminders,
      escalation: spec.escalation,
    })),
    calendars: listCalendarSpecs().map((c) => ({
      id: c.id,
      description: c.description,
      needsTimezone: c.needsTimezone,
      hoursPerDay: c.spec.hoursPerDay,
      spec: c.spec,
    })),
  });
}

const COMMANDS: Record<string, (flags: Record<string, string>) => CliResult> = {
  due,
  add,
  elapsed,
  explain,
  policies,
};

/** Runs `sla <argv...>`; never throws. Exit code 0 on success, 2 on bad input, 1 on an internal error. */
export function runCli(argv: readonly string[]): CliResult {
  const [command, ...rest] = argv;
  if (command === undefined)
    return fail(
      'sla: missing subcommand (one of: due, add, elapsed, explain, policies; `sla help` shows the usage)',
    );
  if (command === 'help' || command === '--help' || command === '-h') {
    return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  }
  const run = COMMANDS[command];
  const flagSpec = FLAGS[command];
  if (!run || !flagSpec) {
    return fail(
      `sla: unknown subcommand ${JSON.stringify(command)} (expected one of: due, add, elapsed, explain, policies)`,
    );
  }
  try {
    return run(parseFlags(command, rest, flagSpec));
  } catch (error) {
    if (error instanceof UsageError) return fail(error.message);
    if (error instanceof SlaInputError) return fail(`sla ${command}: ${error.message}`);
    return fail(`sla: internal error: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
}
