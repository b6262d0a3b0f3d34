/**
 * The inputs every `sla` subcommand reads the same way (instants, minutes, closures, a calendar or policy by id
 * or file) and its two ways out (JSON on stdout, one line on stderr): one home, so `due`, `add`, `elapsed` and
 * `explain` cannot drift apart in what they accept.
 */
import { readFileSync } from 'node:fs';
import type { BusinessCalendar } from '../sla/calendar.js';
import { type CalendarSpec, type ClosedDate, parseCalendarSpec } from '../sla/calendar-schema.js';
import { builtInCalendarSpec, compileCalendarCached, withClosures } from '../sla/calendars.js';
import { SlaInputError } from '../sla/errors.js';
import { formatInstant, parseInstant } from '../sla/instant.js';
import { floorToSecond } from '../sla/milestones.js';
import { assertTimezone, calendarResolver, type ResolvedPolicy, resolvePolicy } from '../sla/policy.js';
import { parsePolicySpec } from '../sla/policy-schema.js';
import type { SlaSubject } from '../sla/types.js';
import { closuresSchema, toClosedDates } from '../tenants/closures.js';
import { UsageError } from './args.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export const MS_PER_MINUTE = 60_000;

/**
 * Instants the command accepts and prints: years 1900 to 9999. Years below 100 would be read as 19xx by `Date.UTC`
 * (the calendar's year tables) and years past 9999 cannot be printed as `YYYY-...Z`.
 */
const EARLIEST = Date.UTC(1900, 0, 1);
export const LATEST = Date.UTC(10_000, 0, 1) - 1000;

/**
 * An input instant as the engine stores it: to the second (spec section 2: "instants are stored and shown ...
 * to the second"), fractional seconds dropped. This keeps `elapsed` the inverse of `add` for any input
 * (`elapsed(s, add(s, n)) = n`) and makes every rule read off the printed `createdAt` (e.g. the Fenorri
 * release "at least 7 days after creation") agree with the answer.
 */
export function instantFlag(flags: Record<string, string>, name: string, command: string): number {
  const at = parseInstant(flags[name] ?? '', name);
  if (at < EARLIEST || at > LATEST) {
    throw new UsageError(
      `sla ${command}: --${name} ${flags[name]} is out of range (supported: years 1900 to 9999)`,
    );
  }
  return floorToSecond(at);
}

export function checkedResult(at: number, command: string): string {
  if (!(at <= LATEST)) throw new UsageError(`sla ${command}: the result is past the year 9999`);
  return formatInstant(at);
}

/** Minutes as a plain non-negative decimal: `90`, `1.5`, `.5`, `5.`, `1e3`. */
const MINUTES = /^\+?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `--minutes N` as a budget in milliseconds; anything but a plain non-negative decimal is a usage error. */
export function minutesFlag(flags: Record<string, string>, command: string): number {
  const text = (flags.minutes ?? '').trim();
  if (!MINUTES.test(text) || !Number.isFinite(Number(text))) {
    const reason = /^-/.test(text) && Number.isFinite(Number(text)) ? 'negative' : 'not a number';
    throw new UsageError(
      `sla ${command}: --minutes ${JSON.stringify(flags.minutes)} is ${reason} (expected minutes >= 0)`,
    );
  }
  return Math.round(Number(text) * MS_PER_MINUTE);
}

export function json(value: unknown): CliResult {
  return { code: 0, stdout: `${JSON.stringify(value, null, 2)}\n`, stderr: '' };
}

export function fail(message: string, code = 2): CliResult {
  return { code, stdout: '', stderr: `${message.replace(/\s*\n\s*/g, ' ')}\n` };
}

/** Exactly one of `--<byId>` and `--<byFile>`; returns which was given. */
export function exactlyOne(
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
export function specFile<T>(
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
export function closedFlag(flags: Record<string, string>, command: string): ClosedDate[] {
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
export function calendarFrom(flags: Record<string, string>, command: string): BusinessCalendar {
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

/** The policy of `due`/`explain`: a preset id or a policy file, with plan, region, zone and `--closed`. */
export function policyFrom(
  flags: Record<string, string>,
  command: string,
): { subject: SlaSubject; policy: ResolvedPolicy } {
  const custom =
    exactlyOne(flags, 'policy', 'policy-file', command) === 'file'
      ? specFile(flags, 'policy-file', command, parsePolicySpec)
      : undefined;
  const subject = {
    policyId: custom?.id ?? flags.policy ?? '',
    ...(flags.plan === undefined ? {} : { plan: flags.plan }),
    ...(flags.region === undefined ? {} : { region: flags.region }),
    ...(flags.timezone === undefined ? {} : { timezone: flags.timezone }),
  };
  const policy = resolvePolicy(subject, custom, calendarResolver(closedFlag(flags, command)));
  return { subject, policy };
}
