/**
 * `sla explain` (spec section 7): a deadline and the open time that was counted, with a reason for every
 * stretch skipped. Both forms of `due`/`add` are accepted; the explanation itself is the engine's
 * (`shared/sla/explain.ts`), this file only turns it into the command's JSON or, with `--format text`, a table.
 */
import {
  type BudgetExplanation,
  explainBudget,
  explainTarget,
  type TargetExplanation,
} from '../sla/explain.js';
import { walkJson } from '../sla/explain-json.js';
import { formatInstant } from '../sla/instant.js';
import { floorToSecond } from '../sla/milestones.js';
import { dueForNewTicket } from '../sla/new-ticket-due.js';
import { ALWAYS_OPEN_CALENDAR_ID } from '../sla/policy.js';
import { type FlagSpec, UsageError } from './args.js';
import {
  type CliResult,
  calendarFrom,
  checkedResult,
  instantFlag,
  json,
  LATEST,
  MS_PER_MINUTE,
  minutesFlag,
  policyFrom,
} from './command-inputs.js';
import { explanationText, targetText } from './explain-text.js';

export const EXPLAIN_USAGE = `  sla explain (--calendar ID | --calendar-file PATH) --start ISO --minutes N [--timezone TZ] [--closed DATES]
          [--format json|text]
  sla explain (--policy ID | --policy-file PATH) --priority P --created ISO [--plan X] [--region R]
          [--timezone TZ] [--closed DATES] [--format json|text]`;

const CALENDAR_FORM = ['calendar', 'calendar-file', 'start', 'minutes'];
const POLICY_FORM = ['policy', 'policy-file', 'priority', 'created', 'plan', 'region'];

export const EXPLAIN_FLAGS: FlagSpec = {
  required: [],
  optional: [...CALENDAR_FORM, ...POLICY_FORM, 'timezone', 'closed', 'format'],
};

export function budgetJson(e: BudgetExplanation) {
  return {
    calendar: e.calendar,
    start: formatInstant(e.start),
    budgetMinutes: e.budgetMs / MS_PER_MINUTE,
    due: e.due === null ? null : checkedResult(floorToSecond(e.due), 'explain'),
    rule: e.calendar === ALWAYS_OPEN_CALENDAR_ID ? 'calendar' : 'business',
    ...walkJson(e),
  };
}

export function targetJson(e: TargetExplanation) {
  return {
    calendar: e.calendar,
    rule: e.rule,
    due: e.due === null ? null : checkedResult(e.due, 'explain'),
    within: e.within,
    budgetMinutes: e.budgetMs / MS_PER_MINUTE,
    ...(e.outsideHours ? { outsideHours: e.outsideHours } : {}),
    ...(e.release ? { release: { at: formatInstant(e.release.at), rule: e.release.rule } } : {}),
    ...walkJson(e),
  };
}

function formatFlag(flags: Record<string, string>): 'json' | 'text' {
  const format = flags.format ?? 'json';
  if (format !== 'json' && format !== 'text') {
    throw new UsageError(`sla explain: --format ${JSON.stringify(format)} is not one of json, text`);
  }
  return format;
}

function text(body: string): CliResult {
  return { code: 0, stdout: `${body}\n`, stderr: '' };
}

/** Which form: the calendar form's and the policy form's own flags must not mix. */
function formOf(flags: Record<string, string>): 'calendar' | 'policy' {
  const calendarFlags = CALENDAR_FORM.filter((f) => flags[f] !== undefined);
  const policyFlags = POLICY_FORM.filter((f) => flags[f] !== undefined);
  if (calendarFlags.length > 0 && policyFlags.length > 0) {
    throw new UsageError(
      `sla explain: --${calendarFlags[0]} and --${policyFlags[0]} belong to different forms (a calendar with --start and --minutes, or a policy with --priority and --created)`,
    );
  }
  if (calendarFlags.length === 0 && policyFlags.length === 0) {
    throw new UsageError(
      'sla explain: missing required option --calendar, --calendar-file, --policy or --policy-file',
    );
  }
  const form = calendarFlags.length > 0 ? 'calendar' : 'policy';
  for (const name of form === 'calendar' ? ['start', 'minutes'] : ['priority', 'created']) {
    if (flags[name] === undefined) throw new UsageError(`sla explain: missing required option --${name}`);
  }
  return form;
}

function explainCalendar(flags: Record<string, string>, format: 'json' | 'text'): CliResult {
  const start = instantFlag(flags, 'start', 'explain');
  const budgetMs = minutesFlag(flags, 'explain');
  const calendar = calendarFrom(flags, 'explain');
  if (start + budgetMs > LATEST) throw new UsageError('sla explain: the result is past the year 9999');
  const explanation = explainBudget({ calendar, clock: 'business', start, budgetMs });
  const body = budgetJson(explanation);
  return format === 'text' ? text(explanationText(body)) : json(body);
}

function explainPolicy(flags: Record<string, string>, format: 'json' | 'text'): CliResult {
  const createdAt = instantFlag(flags, 'created', 'explain');
  const { subject, policy } = policyFrom(flags, 'explain');
  const priority = flags.priority ?? '';
  policy.assertPriority(priority);
  const due = dueForNewTicket(subject, priority, createdAt, policy);
  const milestones: Record<string, ReturnType<typeof targetJson> | null> = {};
  for (const name of ['firstResponse', 'escalation', 'resolution'] as const) {
    const target = policy.targetFor(name, priority);
    if (!target) {
      milestones[name] = null;
      continue;
    }
    const explanation = explainTarget(target, createdAt);
    // One derivation: the explanation must land where `sla due` does.
    if (explanation.due !== due[name]) {
      throw new Error(`explain ${name}: ${explanation.due} differs from the due instant ${due[name]}`);
    }
    milestones[name] = targetJson(explanation);
  }
  const body = {
    policy: policy.id,
    priority,
    createdAt: formatInstant(createdAt),
    ...(policy.plan === undefined ? {} : { plan: policy.plan }),
    ...(policy.region === undefined ? {} : { region: policy.region }),
    ...(policy.timezone === undefined ? {} : { timezone: policy.timezone }),
    milestones,
  };
  if (format === 'json') return json(body);
  const blocks = Object.entries(milestones).map(([name, m]) => targetText(name, m));
  const head = `${body.policy} ${priority}${policy.plan ? ` (${policy.plan})` : ''}${policy.region ? ` [${policy.region}]` : ''}, created ${body.createdAt}`;
  return text([head, ...blocks].join('\n'));
}

export function explain(flags: Record<string, string>): CliResult {
  const format = formatFlag(flags);
  return formOf(flags) === 'calendar' ? explainCalendar(flags, format) : explainPolicy(flags, format);
}
