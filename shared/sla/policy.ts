/**
 * A policy resolved for one subject (plan, region, customer zone): which target each milestone has at each
 * priority, on which compiled calendar. Validates the subject with the named errors.
 */
import { isValidZone } from './calendar/zone-offsets.js';
import type { BusinessCalendar } from './calendar.js';
import type { CalendarSpec, ClosedDate } from './calendar-schema.js';
import { builtInCalendarSpec, calendarSpecHash, compileCalendarCached, withClosures } from './calendars.js';
import { type Duration, durationToMs } from './duration.js';
import {
  MissingParameterError,
  UnknownPlanError,
  UnknownPolicyError,
  UnknownPriorityError,
  UnknownRegionError,
  UnknownTimezoneError,
} from './errors.js';
import type { MilestoneTargetsSpec, PolicySpec, TargetSpec } from './policy-schema.js';
import { getPreset, PRESET_IDS } from './presets/index.js';
import { nextMonthlyRelease, type ReleaseRule } from './release.js';
import type { Instant, MilestoneName, SlaSubject, TicketStatus } from './types.js';

/**
 * Turns a calendar id the policy names into a compiled calendar. `spec` is given when the policy defines that
 * calendar itself (`calendars`); otherwise the id is a built-in one. `timezone` is the customer's zone (only
 * `fenorri-24x5` uses it).
 */
export type CalendarResolver = (
  id: string,
  opts: { timezone?: string; spec?: CalendarSpec },
) => BusinessCalendar;

/** The calendar that closures never touch: "24x7, holidays included" stays open (spec section 1). */
export const ALWAYS_OPEN_CALENDAR_ID = 'always';

/**
 * A resolver that adds `closedDates` (a tenant's closures, or `sla --closed`) to every calendar it resolves
 * except `always`, built-in or the policy's own alike. Compiled calendars are cached by a hash of the
 * resulting spec, so the same closures, id and zone give the same compiled calendar across requests.
 */
export function calendarResolver(closedDates: readonly ClosedDate[] = []): CalendarResolver {
  // Per resolver, a built-in id and zone (or an own spec's hash, cheaper than the closures') map straight to
  // the compiled calendar: a resolver kept per tenant skips re-hashing its closures on every request.
  const memo = new Map<string, BusinessCalendar>();
  return (id, opts) => {
    const key = opts.spec ? `spec:${calendarSpecHash(opts.spec)}` : `id:${id}|${opts.timezone ?? ''}`;
    let calendar = memo.get(key);
    if (!calendar) {
      const base =
        opts.spec ?? builtInCalendarSpec(id, opts.timezone === undefined ? {} : { timezone: opts.timezone });
      calendar = compileCalendarCached(
        id === ALWAYS_OPEN_CALENDAR_ID ? base : withClosures(base, closedDates),
      );
      if (memo.size >= RESOLVER_MEMO_LIMIT) memo.clear();
      memo.set(key, calendar);
    }
    return calendar;
  };
}

const RESOLVER_MEMO_LIMIT = 64;

/** Built-in calendars and the policy's own, no extra closures. */
export const defaultCalendarResolver: CalendarResolver = calendarResolver();

export interface MilestoneTarget {
  milestone: MilestoneName;
  priority: string;
  /** `duration`: a budget on `calendar`; `release`: due at the next monthly release (a fixed date). */
  kind: 'duration' | 'release';
  calendar: BusinessCalendar;
  duration: Duration | null;
  /** Used instead of `duration` when the clock starts while `calendar` is closed. */
  outsideHours: Duration | null;
  release: ReleaseRule | null;
  /** Whether the pause statuses stop this milestone's clock. */
  pausable: boolean;
  escalatesTo: number | null;
  /** Fractions of the budget at which a reminder is owed. */
  reminders: number[];
}

/** A target's clock for a milestone started at a given instant (after the outside-hours choice). */
export interface MilestoneClock {
  budgetMs: number;
  clock: 'business' | 'calendar';
  /** True when the outside-hours alternative applies. */
  outsideHours: boolean;
  /** Clock time in [from, to). */
  measure(from: Instant, to: Instant): number;
  /** The smallest t >= from with `ms` of clock time in [from, t). */
  add(from: Instant, ms: number): Instant;
}

export interface EscalationLevel {
  level: number;
  name: string;
  recipients: string[];
}

export interface ResolvedPolicy {
  readonly id: string;
  readonly name: string;
  readonly spec: PolicySpec;
  readonly plan: string | undefined;
  readonly region: string | undefined;
  readonly timezone: string | undefined;
  readonly priorities: readonly string[];
  readonly defaultPriority: string;
  readonly escalationLevels: readonly EscalationLevel[];
  readonly customerMayRequestEscalation: boolean;
  readonly pauseStatuses: readonly TicketStatus[];
  /** Throws `UnknownPriorityError` unless the policy has this priority. */
  assertPriority(priority: string): void;
  /** The target of a milestone at a priority, or null where the policy defines none (or "on status change"). */
  targetFor(milestone: MilestoneName, priority: string): MilestoneTarget | null;
  /** True where the update "target" is "on status change": no timer, the customer hears of each status change. */
  notifiesOnStatusChange(priority: string): boolean;
}

export function isValidTimezone(zone: string): boolean {
  return isValidZone(zone);
}

export function assertTimezone(zone: string, field = 'timezone'): void {
  if (!isValidTimezone(zone)) {
    throw new UnknownTimezoneError(
      `unknown time zone ${JSON.stringify(zone)} (expected an IANA zone such as Europe/Paris)`,
      field,
    );
  }
}

function oneOf(values: readonly string[]): string {
  return values.join(', ');
}

/**
 * Resolves the subject's policy: a preset by id, or `custom` (a tenant's own validated policy spec).
 * Throws `UnknownPolicyError`, `MissingParameterError` (plan/region/timezone the policy needs),
 * `UnknownPlanError`, `UnknownRegionError`, `UnknownTimezoneError`, `UnknownCalendarError`.
 * A given timezone is always validated, even where the policy does not use it.
 */
export function resolvePolicy(
  subject: SlaSubject,
  custom?: PolicySpec,
  resolveCalendar: CalendarResolver = defaultCalendarResolver,
): ResolvedPolicy {
  const spec = custom ?? getPreset(subject.policyId);
  if (!spec) {
    throw new UnknownPolicyError(
      `unknown policy ${JSON.stringify(subject.policyId)} (built-in: ${oneOf(PRESET_IDS)})`,
      'policy',
    );
  }
  if (subject.timezone !== undefined) assertTimezone(subject.timezone);
  if (spec.needsTimezone && !subject.timezone) {
    throw new MissingParameterError(
      `policy ${spec.id} needs the customer's time zone (timezone)`,
      'timezone',
    );
  }

  let plan: string | undefined;
  let targetsByPriority: Record<string, MilestoneTargetsSpec>;
  if (spec.plans) {
    const plans = Object.keys(spec.plans);
    if (!subject.plan) {
      throw new MissingParameterError(`policy ${spec.id} needs a plan (one of ${oneOf(plans)})`, 'plan');
    }
    const chosen = spec.plans[subject.plan];
    if (!chosen) {
      throw new UnknownPlanError(
        `unknown plan ${JSON.stringify(subject.plan)} for policy ${spec.id} (one of ${oneOf(plans)})`,
        'plan',
      );
    }
    plan = subject.plan;
    targetsByPriority = chosen.targets;
  } else {
    targetsByPriority = spec.targets ?? {};
  }

  let region: string | undefined;
  let defaultCalendarId = spec.calendar;
  if (spec.regions) {
    const regions = Object.keys(spec.regions);
    if (!subject.region) {
      throw new MissingParameterError(
        `policy ${spec.id} needs a region (one of ${oneOf(regions)})`,
        'region',
      );
    }
    const chosen = spec.regions[subject.region];
    if (!chosen) {
      throw new UnknownRegionError(
        `unknown region ${JSON.stringify(subject.region)} for policy ${spec.id} (one of ${oneOf(regions)})`,
        'region',
      );
    }
    region = subject.region;
    defaultCalendarId = chosen.calendar;
  }

  const timezone = subject.timezone;
  // The policy's own calendars first, then the built-ins (the schema keeps their ids apart).
  const own = new Map((spec.calendars ?? []).map((c) => [c.id, c]));
  const calendars = new Map<string, BusinessCalendar>();
  const calendarOf = (id: string | undefined): BusinessCalendar => {
    // The schema guarantees a calendar for every duration target; `always` is only a type-level fallback.
    const chosen = id ?? defaultCalendarId ?? ALWAYS_OPEN_CALENDAR_ID;
    let calendar = calendars.get(chosen);
    if (!calendar) {
      const ownSpec = own.get(chosen);
      calendar = resolveCalendar(chosen, {
        ...(timezone ? { timezone } : {}),
        ...(ownSpec ? { spec: ownSpec } : {}),
      });
      calendars.set(chosen, calendar);
    }
    return calendar;
  };
  // Compile every calendar the policy uses now, so a bad calendar fails at resolution, not at the first ticket.
  const targets = new Map<string, MilestoneTarget | null>();
  const statusChange = new Set<string>();
  for (const priority of spec.priorities) {
    const row = targetsByPriority[priority] ?? {};
    for (const milestone of ['firstResponse', 'update', 'escalation', 'resolution'] as const) {
      const target: TargetSpec = row[milestone] ?? 'none';
      targets.set(`${milestone}/${priority}`, build(milestone, priority, target));
      if (target === 'onStatusChange') statusChange.add(priority);
    }
  }

  function build(milestone: MilestoneName, priority: string, target: TargetSpec): MilestoneTarget | null {
    if (target === 'none' || target === 'onStatusChange') return null;
    const common = {
      milestone,
      priority,
      pausable: spec!.pause.milestones.includes(milestone),
      escalatesTo: spec!.escalation.onBreach[milestone] ?? null,
      reminders: [...spec!.reminders].sort((a, b) => a - b),
    };
    if ('kind' in target) {
      return {
        ...common,
        kind: 'release',
        // A fixed date: no calendar counts towards it and pauses do not move it.
        calendar: resolveCalendar('always', {}),
        duration: null,
        outsideHours: null,
        release: {
          weekday: target.weekday,
          timeUtc: target.timeUtc,
          minDaysAfterCreation: target.minDaysAfterCreation,
        },
        pausable: false,
      };
    }
    return {
      ...common,
      kind: 'duration',
      calendar: calendarOf(target.calendar),
      duration: target.within,
      outsideHours: target.outsideHours ?? null,
      release: null,
    };
  }

  const assertPriority = (priority: string): void => {
    if (!spec.priorities.includes(priority)) {
      throw new UnknownPriorityError(
        `unknown priority ${JSON.stringify(priority)} for policy ${spec.id} (one of ${oneOf(spec.priorities)})`,
        'priority',
      );
    }
  };

  return {
    id: spec.id,
    name: spec.name ?? spec.id,
    spec,
    plan,
    region,
    timezone,
    priorities: spec.priorities,
    defaultPriority: spec.defaultPriority,
    escalationLevels: spec.escalation.levels,
    customerMayRequestEscalation: spec.escalation.customerMayRequest,
    pauseStatuses: spec.pause.statuses,
    assertPriority,
    targetFor(milestone, priority) {
      assertPriority(priority);
      return targets.get(`${milestone}/${priority}`) ?? null;
    },
    notifiesOnStatusChange(priority) {
      assertPriority(priority);
      return statusChange.has(priority);
    },
  };
}

/** The clock a target runs on for a milestone started at `startedAt` (applies the outside-hours alternative). */
export function clockFor(target: MilestoneTarget, startedAt: Instant): MilestoneClock {
  const calendar = target.calendar;
  const wall: Pick<MilestoneClock, 'measure' | 'add'> = {
    measure: (from, to) => to - from,
    add: (from, ms) => from + ms,
  };
  const business: Pick<MilestoneClock, 'measure' | 'add'> = {
    measure: (from, to) => calendar.businessMsBetween(from, to),
    add: (from, ms) => calendar.addBusinessMs(from, ms),
  };
  if (target.kind === 'release') {
    const release = nextMonthlyRelease(startedAt, target.release ?? undefined);
    return { budgetMs: release - startedAt, clock: 'calendar', outsideHours: false, ...wall };
  }
  const outside = target.outsideHours !== null && !calendar.isOpen(startedAt);
  const duration = outside ? target.outsideHours : target.duration;
  if (!duration) throw new Error(`target ${target.milestone}/${target.priority} has no duration`);
  const budgetMs = durationToMs(duration, calendar);
  const clock = duration.clock;
  return { budgetMs, clock, outsideHours: outside, ...(clock === 'calendar' ? wall : business) };
}
