import { describe, expect, it } from 'vitest';
import { CaseNumbers, type TicketNumberReserver } from '../../../shared/tickets/case-numbers.js';

/** A counter of our own port: records each reservation, like the table's `UpdateItem ADD`. */
class CountingReserver implements TicketNumberReserver {
  readonly counters = new Map<string, number>();
  calls = 0;
  failNext = false;
  async reserveTicketNumbers(tenantId: string, count: number): Promise<number> {
    this.calls++;
    await new Promise((r) => setTimeout(r, 1));
    if (this.failNext) {
      this.failNext = false;
      throw new Error('throttled');
    }
    const last = (this.counters.get(tenantId) ?? 0) + count;
    this.counters.set(tenantId, last);
    return last;
  }
}

describe('case numbers in blocks', () => {
  it('hands out 1, 2, 3, ... and reads the counter once per block, the next block reserved ahead', async () => {
    const counter = new CountingReserver();
    const numbers = new CaseNumbers(counter, 4);
    const got: number[] = [];
    for (let i = 0; i < 9; i++) {
      got.push(await numbers.next('acme'));
      await numbers.settle();
    }
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // 1-4 on the first call, 5-8 reserved when 4 was taken, 9-12 when 8 was taken
    expect(counter.calls).toBe(3);
  });

  it('keeps tenants apart', async () => {
    const numbers = new CaseNumbers(new CountingReserver(), 3);
    expect(await numbers.next('a')).toBe(1);
    expect(await numbers.next('b')).toBe(1);
    expect(await numbers.next('a')).toBe(2);
  });

  it('never hands out a number twice to concurrent creates, across blocks', async () => {
    const counter = new CountingReserver();
    const numbers = new CaseNumbers(counter, 5);
    const got = await Promise.all(Array.from({ length: 37 }, () => numbers.next('acme')));
    expect(new Set(got).size).toBe(37);
    expect(Math.max(...got)).toBeLessThanOrEqual(45);
  });

  it('two processes on one counter: unique numbers, gaps allowed', async () => {
    const counter = new CountingReserver();
    const one = new CaseNumbers(counter, 10);
    const two = new CaseNumbers(counter, 10);
    const got = [await one.next('acme'), await two.next('acme'), await one.next('acme')];
    expect(got).toEqual([1, 11, 2]);
  });

  it('a failed reservation fails that create and is tried again by the next', async () => {
    const counter = new CountingReserver();
    counter.failNext = true;
    const numbers = new CaseNumbers(counter, 2);
    await expect(numbers.next('acme')).rejects.toThrow('throttled');
    expect(await numbers.next('acme')).toBe(1);
  });
});
