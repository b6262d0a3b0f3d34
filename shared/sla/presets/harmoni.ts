import type { PolicySpecInput } from '../policy-schema.js';

/**
 * Harmoni (seed `004_bbf632473e01ee90.txt`).
 *
 * Interpretations:
 * - The times are "Business Hours" of the customer's region, so the policy needs a `region`: `apac` ->
 *   `harmoni-apac` (Pacific/Auckland 08:30-17:00 Mon-Fri, NZ public holidays), `emea` -> `harmoni-emea`
 *   (Europe/London 08:30-17:00 Mon-Fri, England and Wales bank holidays), `americas` -> `harmoni-americas`
 *   (America/Los_Angeles, no holidays; PDT: Mon-Thu 06:00-10:00 and 13:30-18:00, Fri 06:00-10:00; PST: Mon-Thu
 *   06:00-10:00 and 11:30-18:00, Fri 06:00-10:00).
 * - L1-L4 are `urgent`, `high`, `normal`, `low`. firstResponse 4/8/24/48 business hours.
 * - "Update Frequency" is the recurring `update` milestone: urgent 24, high 72 business hours between public
 *   agent replies; normal and low "on status change": no timer, the customer is notified at every status change.
 * - No escalation or resolution target. Escalation chain (the seed names none; it names a designated Customer
 *   Success Manager): 1 "Support team lead" on a missed first response or update, 2 "Customer Success Manager"
 *   by request. Customers may not request escalation; agents may.
 * - Product defaults: a reminder at 75% of each budget; `pending_customer` pauses update.
 */
export const harmoni: PolicySpecInput = {
  id: 'harmoni',
  name: 'Harmoni',
  source: 'seeds/004_bbf632473e01ee90.txt',
  priorities: ['urgent', 'high', 'normal', 'low'],
  defaultPriority: 'normal',
  regions: {
    apac: { calendar: 'harmoni-apac' },
    emea: { calendar: 'harmoni-emea' },
    americas: { calendar: 'harmoni-americas' },
  },
  targets: {
    urgent: { firstResponse: { within: '4h' }, update: { within: '24h' } },
    high: { firstResponse: { within: '8h' }, update: { within: '72h' } },
    normal: { firstResponse: { within: '24h' }, update: 'onStatusChange' },
    low: { firstResponse: { within: '48h' }, update: 'onStatusChange' },
  },
  reminders: [0.75],
  escalation: {
    levels: [
      { level: 1, name: 'Support team lead', recipients: [] },
      { level: 2, name: 'Customer Success Manager', recipients: [] },
    ],
    onBreach: { firstResponse: 1, update: 1 },
    customerMayRequest: false,
  },
};
