import type { PolicySpecInput } from '../policy-schema.js';

/**
 * Standard Support (seed `001_a0346aad1bf0267a.txt`, first half).
 *
 * Interpretations:
 * - "Monday through Friday, 8:00 AM to 5:00 PM Central Time, excluding holidays": calendar
 *   `us-central-business` (America/Chicago, US public holidays, `hoursPerDay` 9).
 * - "respond to all support requests within one business day": firstResponse 1 business day = 9 business hours
 *   for every priority (the priorities only order the queue). No update, escalation or resolution target.
 * - Escalation chain (the seed gives none for standard): 1 "Support team lead", reached when a first response is
 *   missed. Customers may not request escalation (the seed offers it only to enterprise); agents always may.
 * - Product default: a reminder at 75% of the budget.
 */
export const standardSupport: PolicySpecInput = {
  id: 'standard-support',
  name: 'Standard Support',
  source: 'seeds/001_a0346aad1bf0267a.txt',
  priorities: ['high', 'medium', 'low'],
  defaultPriority: 'medium',
  calendar: 'us-central-business',
  targets: {
    high: { firstResponse: { within: '1bd' } },
    medium: { firstResponse: { within: '1bd' } },
    low: { firstResponse: { within: '1bd' } },
  },
  reminders: [0.75],
  escalation: {
    levels: [{ level: 1, name: 'Support team lead', recipients: [] }],
    onBreach: { firstResponse: 1 },
    customerMayRequest: false,
  },
};
