import type { PolicySpecInput } from '../policy-schema.js';

/**
 * Fenorri (seed `000_99d4ea2a967b3dae.txt`).
 *
 * Interpretations:
 * - "24 hours a day, Monday through Friday ... in all time zones, to align with the operating hours of its
 *   customers": the clock is the customer's week, calendar `fenorri-24x5` (Monday 00:00 to Friday 24:00 in the
 *   customer's zone, no holidays), so the policy needs the customer's `timezone`.
 * - High is the critical class that "necessitates an emergency response" outside working days: it runs on
 *   `always` (24x7). Medium and low run on `fenorri-24x5`.
 * - "escalate within Nh" is the `escalation` milestone: if the ticket is not resolved by then it is escalated to
 *   level 1 (the escalation team). "must be fixed within" is `resolution`.
 * - Low "escalate within 1 week" = 168 h of `fenorri-24x5` (seven 24-hour weekdays: about nine calendar days);
 *   low resolution = the next monthly release: the first Tuesday of a month, 12:00 UTC, at least 7 calendar days
 *   after creation (exactly 7 days counts). The release is a fixed date: pauses do not move it.
 * - The regional normal/extended hours only route tickets to the team on duty; they do not drive the clock.
 * - Escalation chain (the seed names none): 1 "Escalation team", 2 "Support management". A missed first
 *   response or the escalation deadline raises to 1, a missed resolution to 2. Customers may not request
 *   escalation (the seed offers no such path); agents always may.
 * - Product defaults: a reminder at 75% of each budget; `pending_customer` pauses escalation and resolution.
 */
export const fenorri: PolicySpecInput = {
  id: 'fenorri',
  name: 'Fenorri',
  source: 'seeds/000_99d4ea2a967b3dae.txt',
  priorities: ['high', 'medium', 'low'],
  defaultPriority: 'medium',
  calendar: 'fenorri-24x5',
  needsTimezone: true,
  targets: {
    high: {
      firstResponse: { within: '4h', calendar: 'always' },
      escalation: { within: '8h', calendar: 'always' },
      resolution: { within: '48h', calendar: 'always' },
    },
    medium: {
      firstResponse: { within: '8h' },
      escalation: { within: '48h' },
      resolution: { within: '120h' },
    },
    low: {
      firstResponse: { within: '24h' },
      escalation: { within: '168h' },
      resolution: { kind: 'nextMonthlyRelease', weekday: 'tue', timeUtc: '12:00', minDaysAfterCreation: 7 },
    },
  },
  reminders: [0.75],
  escalation: {
    levels: [
      { level: 1, name: 'Escalation team', recipients: [] },
      { level: 2, name: 'Support management', recipients: [] },
    ],
    onBreach: { firstResponse: 1, escalation: 1, resolution: 2 },
    customerMayRequest: false,
  },
};
