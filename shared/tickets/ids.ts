import { randomBytes } from 'node:crypto';

/** Makes ids; injected so unit tests can make them predictable. */
export interface IdGenerator {
  /** A new id with the given prefix (`t` for tickets, `c` for comments). */
  next(prefix: string): string;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * ULID-shaped ids (48-bit time + 80 random bits, Crockford base32): they sort by creation time, which keeps
 * the index sort keys that end in an id stable for tickets created in the same millisecond.
 */
export function ulid(now: number = Date.now()): string {
  let time = '';
  let t = now;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32] + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(16);
  let random = '';
  for (let i = 0; i < 16; i++) random += CROCKFORD[(bytes[i] ?? 0) % 32];
  return time + random;
}

export const randomIds: IdGenerator = { next: (prefix) => `${prefix}_${ulid().toLowerCase()}` };

/** Deterministic ids for tests: `t_000001`, `t_000002`, ... */
export function sequentialIds(): IdGenerator {
  const counters = new Map<string, number>();
  return {
    next(prefix) {
      const n = (counters.get(prefix) ?? 0) + 1;
      counters.set(prefix, n);
      return `${prefix}_${String(n).padStart(6, '0')}`;
    },
  };
}
