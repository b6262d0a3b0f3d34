/**
 * A tenant's own policy is bounded (issue 10, "Policies have no size limits"): each reminder is a schedule, so
 * without bounds one tenant could flood the shared Scheduler quota. Over a bound: a named 400 (InvalidInputError
 * with the field), never a stored tenant.
 */
import { describe, expect, it } from 'vitest';
import { POLICY_LIMITS } from '../../../shared/sla/calendar-schema.js';
import { tenantProfileSchema } from '../../../shared/tenants/tenant.js';
import { buildTenant } from '../../../shared/tenants/tenant-service.js';
import { InvalidInputError } from '../../../shared/tickets/errors.js';

const NOW = Date.parse('2026-03-02T09:00:00Z');

const calendar = {
  id: 'lab-hours',
  hoursPerDay: 8,
  windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00', zone: 'Europe/Rome' }],
};

function policy(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'lab',
    priorities: ['high', 'low'],
    defaultPriority: 'low',
    calendar: 'lab-hours',
    calendars: [calendar],
    targets: { high: { firstResponse: { within: '1h' } }, low: { firstResponse: { within: '8h' } } },
    ...overrides,
  };
}

function refusal(p: Record<string, unknown>): InvalidInputError | undefined {
  try {
    buildTenant('acme', tenantProfileSchema.parse({ policy: p }), NOW);
    return undefined;
  } catch (error) {
    if (error instanceof InvalidInputError) return error;
    throw error;
  }
}

describe('policy limits', () => {
  it('accepts a policy at the bounds', () => {
    expect(refusal(policy({ reminders: [0.5, 0.6, 0.7, 0.8, 0.9] }))).toBeUndefined();
  });

  it.each([
    [
      'reminders',
      { reminders: [0.1, 0.2, 0.3, 0.4, 0.5, 0.6] },
      'policy.reminders',
      `${POLICY_LIMITS.reminders}`,
    ],
    [
      'priorities',
      {
        priorities: Array.from({ length: 11 }, (_, i) => `p${i}`),
        defaultPriority: 'p0',
        targets: { p0: { firstResponse: { within: '1h' } } },
      },
      'policy.priorities',
      `${POLICY_LIMITS.priorities}`,
    ],
    [
      'escalation levels',
      {
        escalation: {
          levels: Array.from({ length: 11 }, (_, i) => ({ level: i + 1, name: `L${i + 1}` })),
        },
      },
      'policy.escalation.levels',
      `${POLICY_LIMITS.escalationLevels}`,
    ],
    [
      'windows',
      {
        calendars: [{ ...calendar, windows: Array.from({ length: 51 }, () => calendar.windows[0]) }],
      },
      'policy.calendars',
      `${POLICY_LIMITS.windows}`,
    ],
    [
      'closures',
      {
        calendars: [
          {
            ...calendar,
            closedDates: Array.from({ length: 201 }, (_, i) =>
              new Date(Date.UTC(2027, 0, 1 + i)).toISOString().slice(0, 10),
            ),
          },
        ],
      },
      'policy.calendars',
      `${POLICY_LIMITS.closures}`,
    ],
  ])('refuses too many %s, naming the field and the bound', (_name, overrides, field, bound) => {
    const error = refusal(policy(overrides));
    expect(error, 'expected a refusal').toBeDefined();
    expect(error!.field.startsWith(field)).toBe(true);
    expect(error!.message).toContain(bound);
  });
});
