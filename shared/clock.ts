/**
 * The clock port. Handlers never call `Date.now()` themselves: in AWS they get the system clock; the local
 * runtime hands every handler (and its Scheduler) one shared clock that `POST /_local/clock` can move.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/**
 * A clock that only moves when told to: the local runtime's and the tests'. The instant lives in a
 * SharedArrayBuffer, so the local runtime's stream consumers, which run in a worker thread as they run in their
 * own Lambdas in AWS, read the very clock `POST /_local/clock` moves (`ManualClock.over(clock.buffer)`).
 */
export class ManualClock implements Clock {
  readonly #view: Float64Array;

  /** Starts at `start`; with `shared` (another clock's `buffer`) it is that clock, and `start` is ignored. */
  constructor(start: number = Date.now(), shared?: SharedArrayBuffer) {
    this.#view = new Float64Array(shared ?? new SharedArrayBuffer(Float64Array.BYTES_PER_ELEMENT));
    if (!shared) this.#view[0] = start;
  }

  /** The same clock over another thread's handle on `buffer` (nothing copied: both read one instant). */
  static over(buffer: SharedArrayBuffer): ManualClock {
    return new ManualClock(0, buffer);
  }

  get buffer(): SharedArrayBuffer {
    return this.#view.buffer as SharedArrayBuffer;
  }

  now(): number {
    return this.#view[0] as number;
  }

  set(instant: number): void {
    if (!Number.isFinite(instant)) throw new RangeError('ManualClock.set needs a finite epoch-ms instant');
    this.#view[0] = instant;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError('ManualClock.advance needs a non-negative duration');
    this.#view[0] = (this.#view[0] as number) + ms;
  }
}
