/**
 * The `sla` command (spec section 5), as a function: argv in, exit code and output out. `bin/sla-cli.ts` is the
 * process wrapper; tests call `runCli` directly. A thin layer: parse, call the engine, print JSON.
 */
import { readFileSync } from 'node:fs';
import type { BusinessCalendar } from '../sla/calendar.js';
import { type CalendarSpec, type ClosedDate, parseCalendarSpec } from '../sla/calendar-schema.js';
import {
  builtInCalendarSpec,
  compileCalendarCached,
  listCalendarSpecs,
  withClosures,
} from '../sla/calendars.js';
import { formatDuration } from '../sla/duration.js';
import { SlaInputError } from '../sla/errors.js';
import { formatInstant, parseInstant } from '../sla/instant.js';
import { dueForNewTicket, floorToSecond } from '../sla/milestones.js';
import { assertTimezone, calendarResolver, resolvePolicy } from '../sla/policy.js';
import { type PolicySpec, parsePolicySpec, type TargetSpec } from '../sla/policy-schema.js';
import { listPresets } from '../sla/presets/index.js';
import { closuresSchema, toClosedDates } from '../tenants/closures.js';
import { type FlagSpec, parseFlags, UsageError } from './args.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const USAGE = `usage:
  sla due (--policy ID | --policy-file PATH) --priority P --created ISO [--plan X] [--region R] [--timezone TZ]
          [--closed DATES]
  sla add (--calendar ID | --calendar-file PATH) --start ISO --minutes N [--timezone TZ] [--closed DATES]
  sla elapsed (--calendar ID | --calendar-file PATH) --start ISO --end ISO [--timezone TZ] [--closed DATES]
  sla policies
Instants are ISO-8601 with an offset or Z. --policy-file/--calendar-file: a policy or calendar JSON file
(docs/policies.md). --closed: closures to try, e.g. 2026-12-24,2026-08-10..2026-08-21 (due: on every calendar
but always, as a tenant's closures). Output is JSON on stdout; errors are one line on stderr, exit code 2.`;

const FLAGS: Record<string, FlagSpec> = {
  due: {
    required: ['priority', 'created'],
    optional: ['policy', 'policy-file', 'plan', 'region', 'timezone', 'closed'],
  },
  add: { required: ['start', 'minutes'], optional: ['calendar', 'calendar-file', 'timezone', 'closed'] },
  elapsed: { required: ['start', 'end'], optional: ['calendar', 'calendar-file', 'timezone', 'closed'] },
  policies: { required: [], optional: [] },
};

const MS_PER_MINUTE = 60_000;

/**
 * Instants the command accepts and prints: years 1900 to 9999. Years below 100 would be read as 19xx by `Date.UTC`
 * (the calendar's year tables) and years past 9999 cannot be printed as `YYYY-...Z`.
 */
const EARLIEST = Date.UTC(1900, 0, 1);
const LATEST = Date.UTC(10_000, 0, 1) - 1000;

/**
 * An input instant as the engine stores it: to the second (spec section 2: "instants are stored and shown ...
 * to the second"), fractional seconds dropped. This keeps `elapsed` the inverse of `add` for any input
 * (`elapsed(s, add(s, n)) = n`) and makes every rule read off the printed `createdAt` (e.g. the Fenorri
 * release "at least 7 days after creation") agree with the answer.
 */
function instantFlag(flags: Record<string, string>, name: string, command: string): number {
  const at = parseInstant(flags[name] ?? '', name);
  if (at < EARLIEST || at > LATEST) {
    throw new UsageError(
      `sla ${command}: --${name} ${flags[name]} is out of range (supported: years 1900 to 9999)`,
    );
  }
  return floorToSecond(at);
}

function checkedResult(at: number, command: string): string {
  if (!(at <= LATEST)) throw new UsageError(`sla ${command}: the result is past the year 9999`);
  return formatInstant(at);
}

/** Minutes as a plain non-negative decimal: `90`, `1.5`, `.5`, `5.`, `1e3`. */
const MINUTES = /^\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function json(value: unknown): CliResult {
  return { code: 0, stdout: `${JSON.stringify(value, null, 2)}\n`, stderr: '' };
}

function fail(message: string, code = 2): CliResult {
  return { code, stdout: '', stderr: `${message.replace(/\s*\n\s*/g, ' ')}\n` };
}

/** Exactly one of `--<byId>` and `--<byFile>`; returns which was given. */
function exactlyOne(
  flags: Record<string, string>,
  byId: string,
  byFile: string,
  command: string,
): 'id' | 'file' {
  const id = flags[byId] !== undefined;
  if (id === (flags[byFile] !== undefined)) {
    throw new UsageError(
      `sla ${command}: ${id ? 'give only one of' : 'missing required option'} --${byId} or --${byFile}`,
    );
  }
  return id ? 'id' : 'file';
}

/**
 * A policy or calendar file, validated. Unreadable, not JSON or invalid: one line naming the file and, for an
 * invalid one, the field (`policy calendars[0].windows[1].zone: not a known IANA time zone`).
 */
function specFile<T>(
  flags: Record<string, string>,
  flag: string,
  command: string,
  parse: (json: unknown) => T,
): T {
  const path = flags[flag] ?? '';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(
      `sla ${command}: --${flag} ${path}: cannot read it (${code ?? (error as Error).message})`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`sla ${command}: --${flag} ${path}: not valid JSON (${(error as Error).message})`);
  }
  try {
    return parse(json);
  } catch (error) {
    if (error instanceof SlaInputError)
      throw new UsageError(`sla ${command}: --${flag} ${path}: ${error.message}`);
    throw error;
  }
}

/** `--closed 2026-12-24,2026-08-10..2026-08-21`: dates and inclusive ranges, as a tenant's closures. */
function closedFlag(flags: Record<string, string>, command: string): ClosedDate[] {
  const text = flags.closed;
  if (text === undefined) return [];
  const items = text.split(',').map((item) => {
    const trimmed = item.trim();
    const range = /^(.*?)\.\.(.*)$/.exec(trimmed);
    return range ? { from: range[1]?.trim() ?? '', to: range[2]?.trim() ?? '' } : trimmed;
  });
  const result = closuresSchema.safeParse(items);
  if (!result.success) {
    const issue = result.error.issues[0];
    const index = typeof issue?.path[0] === 'number' ? issue.path[0] : 0;
    const item = text.split(',')[index]?.trim() ?? text;
    throw new UsageError(
      `sla ${command}: --closed ${JSON.stringify(item)}: ${issue?.message ?? 'invalid'} (expected YYYY-MM-DD or FROM..TO, comma-separated)`,
    );
  }
  return toClosedDates(result.data);
}

/** The calendar of `add`/`elapsed`: a built-in id or a calendar file, plus `--closed` (even on `always`: asked for). */
function calendarFrom(flags: Record<string, string>, command: string): BusinessCalendar {
  if (flags.timezone !== undefined) assertTimezone(flags.timezone);
  const closed = closedFlag(flags, command);
  const spec: CalendarSpec =
    exactlyOne(flags, 'calendar', 'calendar-file', command) === 'id'
      ? builtInCalendarSpec(
          flags.calendar ?? '',
          flags.timezone === undefined ? {} : { timezone: flags.timezone },
        )
      : specFile(flags, 'calendar-file', command, parseCalendarSpec);
  return compileCalendarCached(withClosures(spec, closed));
}

function due(flags: Record<string, string>): CliResult {
  const createdAt = instantFlag(flags, 'created', 'due');
  const custom =
    exactlyOne(flags, 'policy', 'policy-file', 'due') === 'file'
      ? specFile(flags, 'policy-file', 'due', parsePolicySpec)
      : undefined;
  const subject = {
    policyId: custom?.id ?? flags.policy ?? '',
    ...(flags.plan === undefined ? {} : { plan: flags.plan }),
    ...(flags.region === undefined ? {} : { region: flags.region }),
    ...(flags.timezone === undefined ? {} : { timezone: flags.timezone }),
  };
  const policy = resolvePolicy(subject, custom, calendarResolver(closedFlag(flags, 'due')));
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
  const text = (flags.minutes ?? '').trim();
  if (!MINUTES.test(text) || !Number.isFinite(Number(text))) {
    const reason = /^-/.test(text) && Number.isFinite(Number(text)) ? 'negative' : 'not a number';
    throw new UsageError(
      `sla add: --minutes ${JSON.stringify(flags.minutes)} is ${reason} (expected minutes >= 0)`,
    );
  }
  const calendar = calendarFrom(flags, 'add');
  const budgetMs = Math.round(Number(text) * MS_PER_MINUTE);
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
  policies,
};

/** Runs `sla <argv...>`; never throws. Exit code 0 on success, 2 on bad input, 1 on an internal error. */
export function runCli(argv: readonly string[]): CliResult {
  const [command, ...rest] = argv;
  if (command === undefined)
    return fail('sla: missing subcommand (one of: due, add, elapsed, policies; `sla help` shows the usage)');
  if (command === 'help' || command === '--help' || command === '-h') {
    return { code: 0, stdout: `${USAGE}\n`, stderr: '' };
  }
  const run = COMMANDS[command];
  const flagSpec = FLAGS[command];
  if (!run || !flagSpec) {
    return fail(
      `sla: unknown subcommand ${JSON.stringify(command)} (expected one of: due, add, elapsed, policies)`,
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
