import type { PolicySpecInput } from '../policy-schema.js';

/**
 * Enterprise Support (seed `001_a0346aad1bf0267a.txt`, second half).
 *
 * Interpretations:
 * - "24x7, including holidays": calendar `always`.
 * - "respond to all support requests within 30 minutes": firstResponse 30 minutes for every priority. No update
 *   or resolution target ("not resolved within the expected timeframe" names no timeframe).
 * - Escalation: levels 1 "Support team lead", 2 "Department manager", 3 "Executive management", each reached
 *   by request ("they may request escalation to a higher level"): customers may request the next level, agents
 *   always may. A missed first response also raises the ticket to level 1 (product choice).
 * - Product default: a reminder at 75% of the budget.
 */
export const enterpriseSupport: PolicySpecInput = {
  id: 'enterprise-support',
  name: 'Enterprise Support',
  source: 'seeds/001_a0346aad1bf0267a.txt',
  priorities: ['high', 'medium', 'low'],
  defaultPriority: 'medium',
  calendar: 'always',
  targets: {
    high: { firstResponse: { within: '30m' } },
    medium: { firstResponse: { within: '30m' } },
    low: { firstResponse: { within: '30m' } },
  },
  reminders: [0.75],
  escalation: {
    levels: [
      { level: 1, name: 'Support team lead', recipients: [] },
      { level: 2, name: 'Department manager', recipients: [] },
      { level: 3, name: 'Executive management', recipients: [] },
    ],
    onBreach: { firstResponse: 1 },
    customerMayRequest: true,
  },
};
