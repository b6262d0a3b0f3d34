// A deterministic workload (seeded LCG) so every run, and both libraries, see the same inputs.
const MINUTE = 60_000;
export const SPAN_FROM = Date.UTC(2026, 0, 1);
export const SPAN_TO = Date.UTC(2028, 0, 1);

export interface Workload {
  starts: Float64Array;
  /** Business-time budgets in ms: 1 minute to 45 business hours (five 9-hour days). */
  budgets: Float64Array;
  /** Ends for elapsed: up to 20 days after the start. */
  ends: Float64Array;
}

export function makeWorkload(size: number, seed: number, granularityMs = 1000): Workload {
  let state = seed >>> 0;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const slots = (SPAN_TO - SPAN_FROM) / granularityMs;
  const starts = new Float64Array(size);
  const budgets = new Float64Array(size);
  const ends = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    starts[i] = SPAN_FROM + Math.floor(random() * slots) * granularityMs;
    budgets[i] = (1 + Math.floor(random() * 45 * 60)) * MINUTE;
    ends[i] = starts[i]! + Math.floor((random() * 20 * 86_400_000) / granularityMs) * granularityMs;
  }
  return { starts, budgets, ends };
}
