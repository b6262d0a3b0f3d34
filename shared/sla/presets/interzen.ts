import type { PolicySpecInput } from '../policy-schema.js';

/**
 * Interzen (seed `003_a182e009a15b2e9b.txt`).
 *
 * Interpretations:
 * - Requests are received 24/7/365, but the targets are in "working hours" / "working days": the clock runs on
 *   calendar `interzen-working`: Monday-Friday 09:00-13:00 and 14:30-18:30 Europe/Rome, Italian public holidays
 *   excluded, `hoursPerDay` 8 (one working day = 8 working hours). The summer and Christmas closures are
 *   "communicated from time to time": a tenant adds them as closed dates on its own calendar.
 * - Priorities 1-4 are `blocking`, `high`, `medium`, `low`. "Charge taking" is firstResponse (1/4/8/16 working
 *   hours); "Resolution" is resolution (1/2/5/30 working days of 8 h). "30 business days" for low is read as
 *   30 working days.
 * - Escalation chain ("an escalation procedure", levels not named): 1 "Support team lead" on a missed charge
 *   taking, 2 "Service manager" on a missed resolution. Customers may not request escalation; agents may.
 * - Product defaults: a reminder at 75% of each budget; `pending_customer` (a "request for clarification")
 *   pauses resolution.
 */
export const interzen: PolicySpecInput = {
  id: 'interzen',
  name: 'Interzen',
  source: 'seeds/003_a182e009a15b2e9b.txt',
  priorities: ['blocking', 'high', 'medium', 'low'],
  defaultPriority: 'medium',
  calendar: 'interzen-working',
  targets: {
    blocking: { firstResponse: { within: '1h' }, resolution: { within: '1bd' } },
    high: { firstResponse: { within: '4h' }, resolution: { within: '2bd' } },
    medium: { firstResponse: { within: '8h' }, resolution: { within: '5bd' } },
    low: { firstResponse: { within: '16h' }, resolution: { within: '30bd' } },
  },
  reminders: [0.75],
  escalation: {
    levels: [
      { level: 1, name: 'Support team lead', recipients: [] },
      { level: 2, name: 'Service manager', recipients: [] },
    ],
    onBreach: { firstResponse: 1, resolution: 2 },
    customerMayRequest: false,
  },
};
