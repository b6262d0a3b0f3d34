import type { PolicySpecInput } from '../policy-schema.js';

const OUTSIDE = '8h calendar';

/**
 * Managry (seed `002_ea58a9e9c31172d2.txt`).
 *
 * Interpretations:
 * - "8 am to 5 pm Central European Time ... Monday through Friday, excluding national holidays": calendar
 *   `managry-business` (Europe/Prague, Czech public holidays, `hoursPerDay` 9). Plans `standard` and `premier`
 *   (the two tables); severities 1-4 are priorities `critical`, `high`, `medium`, `low`.
 * - "Initial response time" is firstResponse; "Ongoing response time" is the recurring `update` (each public
 *   agent reply starts the next cycle).
 * - Standard: critical 1 business hour / update 2 business hours; high 4 business hours / update 1 business day
 *   (9 h); medium and low: no target (empty cells).
 * - Premier: critical 1 business hour / update 1 business hour, high 2 / 2 business hours, each with the
 *   outside-hours alternative "8 hours outside business hours" = 8 calendar hours, which applies when the
 *   milestone's clock starts while `managry-business` is closed (for update: the agent reply that starts the
 *   cycle). Medium firstResponse 1 business day (9 h), low 2 business days (18 h); no update target.
 * - No resolution or escalation target. Escalation chain (the seed names none): 1 "Support team lead" on a missed
 *   first response or update, 2 "Support manager" by request. Customers may not request escalation; agents may.
 * - Product defaults: a reminder at 75% of each budget; `pending_customer` pauses update.
 */
export const managry: PolicySpecInput = {
  id: 'managry',
  name: 'Managry',
  source: 'seeds/002_ea58a9e9c31172d2.txt',
  priorities: ['critical', 'high', 'medium', 'low'],
  defaultPriority: 'medium',
  calendar: 'managry-business',
  plans: {
    standard: {
      targets: {
        critical: { firstResponse: { within: '1h' }, update: { within: '2h' } },
        high: { firstResponse: { within: '4h' }, update: { within: '1bd' } },
        medium: {},
        low: {},
      },
    },
    premier: {
      targets: {
        critical: {
          firstResponse: { within: '1h', outsideHours: OUTSIDE },
          update: { within: '1h', outsideHours: OUTSIDE },
        },
        high: {
          firstResponse: { within: '2h', outsideHours: OUTSIDE },
          update: { within: '2h', outsideHours: OUTSIDE },
        },
        medium: { firstResponse: { within: '1bd' } },
        low: { firstResponse: { within: '2bd' } },
      },
    },
  },
  reminders: [0.75],
  escalation: {
    levels: [
      { level: 1, name: 'Support team lead', recipients: [] },
      { level: 2, name: 'Support manager', recipients: [] },
    ],
    onBreach: { firstResponse: 1, update: 1 },
    customerMayRequest: false,
  },
};
