/**
 * The clock port. Handlers never call `Date.now()` themselves: in AWS they get the system clock; the local
 * runtime hands every handler (and its Scheduler) one shared clock that `POST /_local/clock` can move.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to: the local runtime's and the tests'. */
export class ManualClock implements Clock {
  #now: number;

  constructor(start: number = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  set(instant: number): void {
    if (!Number.isFinite(instant)) throw new RangeError('ManualClock.set needs a finite epoch-ms instant');
    this.#now = instant;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('ManualClock.advance needs a non-negative duration');
    this.#now += ms;
  }
}
