/**
 * The policy file format: what a preset is written in, and what a tenant may bring as its own JSON policy.
 * One zod schema is the type and the validation; errors name the field path.
 *
 * Shape, in short:
 * - `priorities` (most urgent first) and `defaultPriority`;
 * - `calendar`: the calendar id targets use unless they name their own; `regions` map a region to its calendar
 *   (a policy with regions requires one); `needsTimezone` for calendars that follow the customer's zone;
 * - `targets[priority][milestone]` (or `plans[plan].targets[...]` for a policy with plans): a target is
 *   `'none'`, `'onStatusChange'` (update only: no timer, the customer hears of every status change),
 *   `{ within: '4h', calendar?, outsideHours?: '8h calendar' }` or
 *   `{ kind: 'nextMonthlyRelease', weekday, hourUtc, minDaysAfterCreation }`;
 * - `pause`: which statuses stop which milestones (default: `pending_customer` stops update, escalation, resolution);
 * - `reminders`: fractions of a budget at which to warn (default `[0.75]`);
 * - `escalation`: the chain of levels, which milestone's breach escalates to which level, and whether customers
 *   may request the next level;
 * - `calendars`: the policy's own calendars (the calendar file format of spec section 1), which its `calendar`,
 *   regions and targets may name beside the built-in ones. See docs/policies.md.
 */
import * as z from '../zod.js';
import { calendarSpecSchema, formatIssuePath, POLICY_LIMITS } from './calendar-schema.js';
import { BUILT_IN_CALENDAR_IDS } from './calendars.js';
import { durationSchema } from './duration.js';
import { InvalidSpecError } from './errors.js';
import { MILESTONE_NAMES, TICKET_STATUSES } from './types.js';

const idSchema = z.lazySchema(() =>
  z
    .string()
    .check(
      z.regex(/^[a-z0-9][a-z0-9_-]*$/, 'must be lower-case letters, digits, "-" or "_"'),
      z.maxLength(64),
    ),
);

/** A duration as an object or as the short form `"4h"`, `"30m"`, `"1bd"`, `"8h calendar"`. */
export const durationInputSchema = durationSchema;

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export const durationTargetSchema = z.lazySchema(() =>
  z.strictObject({
    within: durationInputSchema,
    /** Calendar id; defaults to the region's calendar, then the policy's. */
    calendar: z.optional(idSchema),
    /** Applies instead of `within` when the clock starts while the calendar is closed. */
    outsideHours: z.optional(durationInputSchema),
  }),
);

export const releaseTargetSchema = z.lazySchema(() =>
  z.strictObject({
    kind: z.literal('nextMonthlyRelease'),
    /** The release weekday: the first such weekday of a month. */
    weekday: z._default(z.enum(WEEKDAYS), 'tue'),
    /** The release hour, UTC (`HH:MM`). */
    timeUtc: z._default(z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM')), '12:00'),
    /** The release must be at least this many calendar days after the ticket's creation. */
    minDaysAfterCreation: z._default(z.int().check(z.gte(0), z.lte(366)), 7),
  }),
);

export const targetSchema = z.lazySchema(() =>
  z.union([z.literal('none'), z.literal('onStatusChange'), durationTargetSchema, releaseTargetSchema]),
);

export const milestoneTargetsSchema = z.lazySchema(() =>
  z.strictObject({
    firstResponse: z.optional(targetSchema),
    update: z.optional(targetSchema),
    escalation: z.optional(targetSchema),
    resolution: z.optional(targetSchema),
  }),
);

const targetsByPrioritySchema = z.lazySchema(() => z.record(z.string(), milestoneTargetsSchema));

export const escalationSchema = z.lazySchema(() =>
  z.strictObject({
    levels: z._default(
      z
        .array(
          z.strictObject({
            level: z.int().check(z.gte(1)),
            name: z.string().check(z.minLength(1)),
            /** Who is told when the ticket reaches this level (addresses or role names; the tenant may override). */
            recipients: z._default(z.array(z.string().check(z.minLength(1))), []),
          }),
        )
        .check(
          z.maxLength(
            POLICY_LIMITS.escalationLevels,
            `at most ${POLICY_LIMITS.escalationLevels} escalation levels`,
          ),
        ),
      [],
    ),
    /** The level a breach of each milestone raises the ticket to. */
    onBreach: z._default(z.partialRecord(z.enum(MILESTONE_NAMES), z.int().check(z.gte(1))), {}),
    /** Whether a customer may ask for the next level (an agent always may). */
    customerMayRequest: z._default(z.boolean(), false),
  }),
);

export const pauseSchema = z.lazySchema(() =>
  z.strictObject({
    statuses: z._default(z.array(z.enum(TICKET_STATUSES)), ['pending_customer']),
    milestones: z._default(z.array(z.enum(MILESTONE_NAMES)), ['update', 'escalation', 'resolution']),
  }),
);

export const policySpecSchema = z.lazySchema(() =>
  z
    .strictObject({
      id: idSchema,
      name: z.optional(z.string().check(z.minLength(1))),
      description: z.optional(z.string()),
      /** Where the policy comes from (e.g. the seed file), for the docs. */
      source: z.optional(z.string()),
      priorities: z
        .array(idSchema)
        .check(
          z.minLength(1),
          z.maxLength(POLICY_LIMITS.priorities, `at most ${POLICY_LIMITS.priorities} priorities`),
        ),
      defaultPriority: idSchema,
      /** The default calendar id for targets that name none. */
      calendar: z.optional(idSchema),
      needsTimezone: z._default(z.boolean(), false),
      /**
       * The policy's own calendars. Ids are unique and are not built-in ids; every calendar id the policy names
       * must be one of these or a built-in one.
       */
      calendars: z.optional(z.array(calendarSpecSchema).check(z.maxLength(32))),
      /** Region -> calendar id. A policy with regions requires one. */
      regions: z.optional(
        z.record(idSchema, z.strictObject({ calendar: idSchema })).check(
          z.refine((r) => Object.keys(r).length <= POLICY_LIMITS.regions, {
            message: `at most ${POLICY_LIMITS.regions} regions`,
          }),
        ),
      ),
      targets: z.optional(targetsByPrioritySchema),
      /** Plan -> targets by priority. A policy with plans requires one. */
      plans: z.optional(
        z.record(idSchema, z.strictObject({ targets: targetsByPrioritySchema })).check(
          z.refine((p) => Object.keys(p).length <= POLICY_LIMITS.plans, {
            message: `at most ${POLICY_LIMITS.plans} plans`,
          }),
        ),
      ),
      pause: z._default(pauseSchema, {
        statuses: ['pending_customer'],
        milestones: ['update', 'escalation', 'resolution'],
      }),
      reminders: z._default(
        z
          .array(z.number().check(z.gt(0), z.lt(1)))
          .check(
            z.maxLength(POLICY_LIMITS.reminders, `at most ${POLICY_LIMITS.reminders} reminder fractions`),
          ),
        [0.75],
      ),
      escalation: z._default(escalationSchema, { levels: [], onBreach: {}, customerMayRequest: false }),
    })
    .check(
      z.superRefine((spec, ctx) => {
        if (!spec.priorities.includes(spec.defaultPriority)) {
          ctx.addIssue({ code: 'custom', path: ['defaultPriority'], message: 'must be one of priorities' });
        }
        if (new Set(spec.priorities).size !== spec.priorities.length) {
          ctx.addIssue({ code: 'custom', path: ['priorities'], message: 'must not repeat a priority' });
        }
        if ((spec.targets === undefined) === (spec.plans === undefined)) {
          ctx.addIssue({
            code: 'custom',
            path: ['targets'],
            message: 'give exactly one of targets or plans',
          });
        }
        const tables: [string[], Record<string, unknown>][] = [];
        if (spec.targets) tables.push([['targets'], spec.targets]);
        for (const [plan, value] of Object.entries(spec.plans ?? {}))
          tables.push([['plans', plan, 'targets'], value.targets]);
        for (const [path, table] of tables) {
          for (const priority of Object.keys(table)) {
            if (!spec.priorities.includes(priority)) {
              ctx.addIssue({
                code: 'custom',
                path: [...path, priority],
                message: 'is not one of priorities',
              });
            }
          }
          for (const [priority, milestones] of Object.entries(table)) {
            for (const [milestone, target] of Object.entries(milestones as Record<string, unknown>)) {
              if (target === 'onStatusChange' && milestone !== 'update') {
                ctx.addIssue({
                  code: 'custom',
                  path: [...path, priority, milestone],
                  message: 'onStatusChange is only for update',
                });
              }
              const usesCalendar = typeof target === 'object' && target !== null && 'within' in target;
              if (
                usesCalendar &&
                !(target as { calendar?: string }).calendar &&
                !spec.calendar &&
                !spec.regions
              ) {
                ctx.addIssue({
                  code: 'custom',
                  path: [...path, priority, milestone, 'calendar'],
                  message: 'is required when the policy has no calendar or regions',
                });
              }
            }
          }
        }
        checkCalendarIds(spec, ctx);
        const levels = spec.escalation.levels.map((l) => l.level);
        levels.forEach((level, i) => {
          if (level !== i + 1) {
            ctx.addIssue({
              code: 'custom',
              path: ['escalation', 'levels', i, 'level'],
              message: `must be ${i + 1}`,
            });
          }
        });
        for (const [milestone, level] of Object.entries(spec.escalation.onBreach)) {
          if (level !== undefined && level > levels.length) {
            ctx.addIssue({
              code: 'custom',
              path: ['escalation', 'onBreach', milestone],
              message: `must be a level of the chain (1-${levels.length})`,
            });
          }
        }
      }),
    ),
);

const BUILT_IN_IDS: ReadonlySet<string> = new Set(BUILT_IN_CALENDAR_IDS);

interface CalendarIdsInput {
  calendar?: string | undefined;
  calendars?: ReadonlyArray<{ id: string }> | undefined;
  regions?: Record<string, { calendar: string }> | undefined;
  targets?: Record<string, unknown> | undefined;
  plans?: Record<string, { targets: Record<string, unknown> }> | undefined;
}

/** Own calendar ids unique and distinct from the built-ins; every calendar id named resolves to one or the other. */
function checkCalendarIds(spec: CalendarIdsInput, ctx: z.core.$RefinementCtx): void {
  const own = new Set<string>();
  (spec.calendars ?? []).forEach((calendar, i) => {
    if (BUILT_IN_IDS.has(calendar.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['calendars', i, 'id'],
        message: `is a built-in calendar id; give the policy's own calendar another id`,
      });
    } else if (own.has(calendar.id)) {
      ctx.addIssue({ code: 'custom', path: ['calendars', i, 'id'], message: 'repeats another calendar id' });
    }
    own.add(calendar.id);
  });
  const known = (id: string) => own.has(id) || BUILT_IN_IDS.has(id);
  const unknown = (path: PropertyKey[], id: string) =>
    ctx.addIssue({
      code: 'custom',
      path,
      message: `unknown calendar ${JSON.stringify(id)} (built-in: ${BUILT_IN_CALENDAR_IDS.join(', ')}${
        own.size > 0 ? `; the policy's own: ${[...own].join(', ')}` : ''
      })`,
    });
  if (spec.calendar !== undefined && !known(spec.calendar)) unknown(['calendar'], spec.calendar);
  for (const [region, value] of Object.entries(spec.regions ?? {}))
    if (!known(value.calendar)) unknown(['regions', region, 'calendar'], value.calendar);
  const tables: [PropertyKey[], Record<string, unknown>][] = [];
  if (spec.targets) tables.push([['targets'], spec.targets]);
  for (const [plan, value] of Object.entries(spec.plans ?? {}))
    tables.push([['plans', plan, 'targets'], value.targets]);
  for (const [path, table] of tables) {
    for (const [priority, milestones] of Object.entries(table)) {
      for (const [milestone, target] of Object.entries(milestones as Record<string, unknown>)) {
        const id =
          typeof target === 'object' && target !== null
            ? (target as { calendar?: unknown }).calendar
            : undefined;
        if (typeof id === 'string' && !known(id)) unknown([...path, priority, milestone, 'calendar'], id);
      }
    }
  }
}

export type PolicySpec = z.output<typeof policySpecSchema>;
export type PolicySpecInput = z.input<typeof policySpecSchema>;
export type TargetSpec = z.output<typeof targetSchema>;
export type DurationTargetSpec = z.output<typeof durationTargetSchema>;
export type ReleaseTargetSpec = z.output<typeof releaseTargetSchema>;
export type MilestoneTargetsSpec = z.output<typeof milestoneTargetsSchema>;

/** Validates a policy file; throws `InvalidSpecError` naming the first bad field and why. */
export function parsePolicySpec(json: unknown): PolicySpec {
  const result = policySpecSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  // `calendars[0].windows[1].zone`: the calendar files' own path style (`formatIssuePath`).
  const path = issue && issue.path.length > 0 ? formatIssuePath('', issue.path) : '(policy)';
  throw new InvalidSpecError(`policy ${path}: ${issue?.message ?? 'invalid'}`, path);
}
