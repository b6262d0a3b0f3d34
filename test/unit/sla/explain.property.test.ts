// Properties of explanations (spec section 7) on random calendars, starts and budgets: the segments are open and
// add up to the budget, the gaps are closed and exactly the stretches between segments, each with a reason, and
// the last segment ends at the due instant `addBusinessMs` gives. Stops (pauses) are cut out of the segments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type BusinessCalendar, compileCalendar } from '../../../shared/sla/calendar.js';
import { type CalendarSpec, WEEKDAYS } from '../../../shared/sla/calendar-schema.js';
import { type BudgetExplanation, type ClockStop, explainBudget } from '../../../shared/sla/explain.js';
import { HOUR, MINUTE } from './calendar-helpers.js';

const ZONES = [
  'Europe/Rome',
  'America/Chicago',
  'Pacific/Auckland',
  'Asia/Kolkata',
  'America/Los_Angeles',
  'UTC',
];
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

const windowArb = fc
  .record({
    days: fc.subarray([...WEEKDAYS], { minLength: 1 }),
    start: fc.integer({ min: 0, max: 47 }).map((h) => h * 30),
    length: fc.integer({ min: 1, max: 40 }).map((h) => h * 30),
    zone: fc.constantFrom(...ZONES),
    onlyWhen: fc.constantFrom(undefined, 'daylight' as const, 'standard' as const),
  })
  .map((w) => ({
    days: w.days,
    start: hhmm(w.start),
    end:
      w.start + w.length >= 1440 && (w.start + w.length) % 1440 === 0
        ? '24:00'
        : hhmm((w.start + w.length) % 1440),
    zone: w.zone,
    ...(w.onlyWhen ? { onlyWhen: w.onlyWhen } : {}),
  }))
  .filter((w) => w.start !== w.end);

const specArb: fc.Arbitrary<CalendarSpec> = fc
  .record({
    id: fc.constant('random'),
    hoursPerDay: fc.constant(8),
    windows: fc.array(windowArb, { minLength: 1, maxLength: 3 }),
    holidays: fc.constantFrom(undefined, [{ country: 'IT' }], [{ country: 'US' }], [{ country: 'NZ' }]),
    closedDates: fc.constantFrom(undefined, [
      '2026-08-14',
      { from: '2026-12-21', to: '2027-01-06', note: 'winter closing' },
    ]),
  })
  .map(
    (s) =>
      Object.fromEntries(Object.entries(s).filter(([, v]) => v !== undefined)) as unknown as CalendarSpec,
  );

const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2027, 11, 1);
const startArb = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.integer({ min: FROM, max: TO }).map((t) => t - (t % (30 * MINUTE))),
);
const budgetArb = fc.oneof(
  fc.integer({ min: 0, max: 60 * 60 }).map((m) => m * MINUTE),
  fc.integer({ min: 1, max: 120 * HOUR }),
);

function compile(spec: CalendarSpec): BusinessCalendar | null {
  const calendar = compileCalendar(spec);
  // A random calendar may never open (e.g. only a daylight window in a zone without DST): nothing to explain.
  try {
    calendar.nextOpen(FROM);
    return calendar;
  } catch {
    return null;
  }
}

function checkWalk(
  calendar: BusinessCalendar,
  e: BudgetExplanation,
  start: number,
  budgetMs: number,
  stops: ClockStop[],
) {
  const sum = e.segments.reduce((s, x) => s + x.ms, 0);
  expect(sum).toBe(budgetMs);
  let cursor = start;
  let g = 0;
  for (const seg of e.segments) {
    expect(seg.to).toBeGreaterThan(seg.from);
    // Open throughout, and outside every stop.
    expect(calendar.businessMsBetween(seg.from, seg.to)).toBe(seg.to - seg.from);
    for (const s of stops)
      expect(seg.to <= s.from || seg.from >= (s.to ?? Number.POSITIVE_INFINITY)).toBe(true);
    if (seg.from > cursor) {
      // Exactly one gap covers [cursor, seg.from): closed or stopped, with a reason.
      const gap = e.gaps[g++];
      expect(gap).toMatchObject({ from: cursor, to: seg.from });
      expect(gap!.reasons.length).toBeGreaterThan(0);
      if (stops.length === 0) expect(calendar.businessMsBetween(gap!.from, gap!.to)).toBe(0);
    }
    cursor = seg.to;
  }
  expect(g).toBe(e.gaps.length);
  expect(e.due).toBe(budgetMs === 0 ? start : e.segments.at(-1)!.to);
}

describe('explainBudget on random calendars', () => {
  it('segments open and add up to the budget, gaps closed and exactly between them, last segment at due', () => {
    fc.assert(
      fc.property(specArb, startArb, budgetArb, (spec, start, budgetMs) => {
        const calendar = compile(spec);
        if (!calendar) return;
        const e = explainBudget({ calendar, clock: 'business', start, budgetMs });
        checkWalk(calendar, e, start, budgetMs, []);
        expect(e.due).toBe(calendar.addBusinessMs(start, budgetMs));
      }),
      { numRuns: 150 },
    );
  });

  it('with stops: the segments skip them, still add up to the budget, and each stop inside is a paused gap', () => {
    fc.assert(
      fc.property(
        specArb,
        startArb,
        budgetArb,
        fc.array(fc.tuple(fc.integer({ min: 0, max: 400 * HOUR }), fc.integer({ min: 1, max: 48 * HOUR })), {
          maxLength: 3,
        }),
        (spec, start, budgetMs, raw) => {
          const calendar = compile(spec);
          if (!calendar) return;
          // Disjoint stops after the start, in order.
          const stops: ClockStop[] = [];
          let at = start;
          for (const [offset, length] of raw) {
            const from = at + offset;
            stops.push({ from, to: from + length, status: 'pending_customer' });
            at = from + length + 1;
          }
          const e = explainBudget({ calendar, clock: 'business', start, budgetMs, stops });
          checkWalk(calendar, e, start, budgetMs, stops);
          for (const s of stops) {
            if (e.due !== null && s.to! <= e.due && s.from >= start && budgetMs > 0) {
              const gap = e.gaps.find((x) => x.from <= s.from && x.to >= s.to!);
              if (gap) expect(gap.reasons).toContainEqual({ kind: 'paused', status: 'pending_customer' });
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
