import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getCalendar } from '../../../shared/sla/calendars.js';
import { computeSla, floorToSecond } from '../../../shared/sla/milestones.js';
import type { SlaEvent, SlaSnapshot, SlaSubject } from '../../../shared/sla/types.js';

const MIN = 60_000;
const DAY = 86_400_000;
const START_2026 = Date.UTC(2026, 0, 1);

/** Policies with a pausable resolution, on calendars with gaps, zones and DST. */
const SUBJECTS: { subject: SlaSubject; priority: string; calendar: string }[] = [
  { subject: { policyId: 'interzen' }, priority: 'medium', calendar: 'interzen-working' },
  { subject: { policyId: 'interzen' }, priority: 'blocking', calendar: 'interzen-working' },
  {
    subject: { policyId: 'fenorri', timezone: 'America/Los_Angeles' },
    priority: 'medium',
    calendar: 'fenorri-24x5',
  },
  { subject: { policyId: 'fenorri', timezone: 'Pacific/Auckland' }, priority: 'high', calendar: 'always' },
];

const resolutionOf = (s: SlaSnapshot) => {
  const m = s.milestones.find((x) => x.name === 'resolution');
  if (!m) throw new Error('no resolution');
  return m;
};

/** Sorted, disjoint pause spans [start, end) after `created`, as offsets in minutes. */
const pausesArb = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 3 * 24 * 60 }), fc.integer({ min: 1, max: 4 * 24 * 60 })), {
    minLength: 1,
    maxLength: 3,
  })
  .map((pairs) => {
    let cursor = 0;
    return pairs.map(([gap, length]) => {
      const start = cursor + gap;
      cursor = start + length;
      return [start, cursor] as const;
    });
  });

const caseArb = fc.record({
  which: fc.integer({ min: 0, max: SUBJECTS.length - 1 }),
  createdMinute: fc.integer({ min: 0, max: 700 * 24 * 60 }),
  pauses: pausesArb,
});

function events(
  priority: string,
  created: number,
  pauses: readonly (readonly [number, number])[],
): SlaEvent[] {
  return [
    { type: 'created', at: created, priority },
    ...pauses.flatMap(([a, b]): SlaEvent[] => [
      { type: 'statusChanged', at: created + a * MIN, status: 'pending_customer' },
      { type: 'statusChanged', at: created + b * MIN, status: 'open' },
    ]),
  ];
}

describe('milestone engine properties', () => {
  it('a pause never shortens a deadline (resolution due with pauses >= without)', () => {
    fc.assert(
      fc.property(caseArb, ({ which, createdMinute, pauses }) => {
        const { subject, priority } = SUBJECTS[which]!;
        const created = START_2026 + createdMinute * MIN;
        const lastResume = created + (pauses.at(-1)?.[1] ?? 0) * MIN;
        const withPauses = resolutionOf(computeSla(subject, events(priority, created, pauses), lastResume));
        const without = resolutionOf(computeSla(subject, events(priority, created, []), lastResume));
        expect(withPauses.dueAt).not.toBeNull();
        expect(without.dueAt).not.toBeNull();
        expect(withPauses.dueAt!).toBeGreaterThanOrEqual(without.dueAt!);
        // Never more used with pauses than without.
        expect(withPauses.elapsedMs).toBeLessThanOrEqual(without.elapsedMs);
      }),
      { numRuns: 150 },
    );
  });

  it('after a single pause the due instant is addBusinessMs(resume, what was left)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: SUBJECTS.length - 1 }),
        fc.integer({ min: 0, max: 700 * 24 * 60 }),
        fc.integer({ min: 0, max: 10 * 24 * 60 }),
        fc.integer({ min: 1, max: 10 * 24 * 60 }),
        (which, createdMinute, pauseAfter, pauseLength) => {
          const { subject, priority, calendar: calendarId } = SUBJECTS[which]!;
          const calendar = getCalendar(calendarId, subject.timezone ? { timezone: subject.timezone } : {});
          const created = START_2026 + createdMinute * MIN;
          const pauseAt = created + pauseAfter * MIN;
          const resumeAt = pauseAt + pauseLength * MIN;
          const snapshot = computeSla(
            subject,
            events(priority, created, [[pauseAfter, pauseAfter + pauseLength]]),
            resumeAt,
          );
          const resolution = resolutionOf(snapshot);
          const used = calendar.businessMsBetween(created, pauseAt);
          if (used >= resolution.budgetMs) {
            // Ran out before the pause: breached, and the pause changed nothing.
            expect(resolution.state).toBe('breached');
            expect(resolution.dueAt).toBe(
              floorToSecond(calendar.addBusinessMs(created, resolution.budgetMs)),
            );
          } else {
            const left = resolution.budgetMs - used;
            expect(resolution.dueAt).toBe(floorToSecond(calendar.addBusinessMs(resumeAt, left)));
            expect(resolution.remainingMs).toBe(left);
            expect(resolution.elapsedMs).toBe(used);
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('while running, elapsed + remaining = budget and the deadline timer carries the due instant', () => {
    fc.assert(
      fc.property(caseArb, fc.integer({ min: 0, max: 3 * DAY }), ({ which, createdMinute }, lookAhead) => {
        const { subject, priority } = SUBJECTS[which]!;
        const created = START_2026 + createdMinute * MIN;
        const now = created + lookAhead;
        const snapshot = computeSla(subject, events(priority, created, []), now);
        for (const m of snapshot.milestones) {
          if (m.state !== 'running') continue;
          expect(m.elapsedMs + m.remainingMs).toBe(m.budgetMs);
          expect(m.dueAt!).toBeGreaterThan(now);
          const deadline = snapshot.timers.find((t) => t.key === `${m.name}#${m.cycle}#deadline#0`);
          expect(deadline?.fireAt).toBe(m.dueAt);
          for (const r of m.reminders) expect(r).toBeLessThan(m.dueAt!);
        }
      }),
      { numRuns: 100 },
    );
  });
});
