/**
 * The SLA engine's named input errors. Every one extends `SlaInputError`, which carries the `field` that was
 * wrong, so the API maps the whole family to a 4xx in one place and the CLI prints one line and exits 2.
 */

export class SlaInputError extends Error {
  /** The input that was wrong, as a path a caller recognises (`priority`, `calendar.windows[0].zone`). */
  readonly field: string;

  constructor(message: string, field: string) {
    super(message);
    this.name = new.target.name;
    this.field = field;
  }
}

export class UnknownPolicyError extends SlaInputError {}
export class UnknownPriorityError extends SlaInputError {}
export class UnknownPlanError extends SlaInputError {}
export class UnknownRegionError extends SlaInputError {}
export class UnknownTimezoneError extends SlaInputError {}
export class UnknownCalendarError extends SlaInputError {}
export class MissingParameterError extends SlaInputError {}
/** A calendar, policy or duration spec that fails validation; the message names the field path and reason. */
export class InvalidSpecError extends SlaInputError {}
export class InvalidInstantError extends SlaInputError {}
/**
 * A calendar with no open time at all (every window filtered out by `onlyWhen`, or closed by its closures):
 * a deadline on it would never fall due, so the clock refuses instead of searching forever.
 */
export class CalendarNeverOpenError extends SlaInputError {}
/**
 * A year the public-holiday tables do not cover (`npm run holidays:build` tabulates a fixed span): refused
 * rather than answered with "no holidays", which would silently move deadlines.
 */
export class HolidayYearOutOfRangeError extends SlaInputError {}
