/**
 * The mail's "why this deadline" (issue 12 item 4): two or three lines in the reader's language and zone, from
 * the engine's explanation of the cycle. Hand-worked on the preset calendars.
 */
import { describe, expect, it } from 'vitest';
import { deadlineWhyLines, deadlineWhyOf } from '../../../shared/notifications/deadline-why.js';
import { renderMail } from '../../../shared/notifications/templates.js';
import { explainTarget } from '../../../shared/sla/explain.js';
import { resolvePolicy } from '../../../shared/sla/policy.js';
import type { MilestoneName, SlaSubject } from '../../../shared/sla/types.js';

function why(subject: SlaSubject, priority: string, milestone: MilestoneName, start: string) {
  const target = resolvePolicy(subject).targetFor(milestone, priority);
  if (!target) throw new Error('no target');
  return deadlineWhyOf(explainTarget(target, Date.parse(start)));
}

describe('deadlineWhyLines', () => {
  it('interzen blocking: 1 business hour from Mon 16:34, counted 16:34–17:34 Rome', () => {
    const w = why({ policyId: 'interzen' }, 'blocking', 'firstResponse', '2026-11-16T15:34:00Z');
    expect(deadlineWhyLines(w, 'en', 'Europe/Rome')).toEqual([
      '1 business hour from Mon 16:34, due Mon 17:34 Rome',
      'counted Mon 16:34–17:34',
    ]);
    expect(deadlineWhyLines(w, 'it', 'Europe/Rome')).toEqual([
      '1 ora lavorativa da lun 16:34, scadenza lun 17:34 Rome',
      'contate lun 16:34–17:34',
    ]);
  });

  it('harmoni emea urgent over Easter: the weekend and both holidays named, the lunch gap not', () => {
    const w = why({ policyId: 'harmoni', region: 'emea' }, 'urgent', 'firstResponse', '2026-04-03T15:00:00Z');
    expect(deadlineWhyLines(w, 'en', 'Europe/London')).toEqual([
      '4 business hours from Fri 16:00, due Tue 12:30 London',
      'counted Tue 08:30–12:30',
      'closed Fri 16:00 – Tue 08:30 (weekend, Good Friday, Easter Monday)',
    ]);
  });

  it("shows the reader's zone (UTC when the tenant has none), and the outside-hours alternative", () => {
    // Managry premier critical at 20:00 Rome: the clock starts while closed, so the 8-hour alternative applies.
    const w = why(
      { policyId: 'managry', plan: 'premier' },
      'critical',
      'firstResponse',
      '2026-11-20T19:00:00Z',
    );
    const [first] = deadlineWhyLines(w, 'en');
    expect(first).toMatch(
      /^8 hours around the clock from Fri 19:00 \(opened outside business hours: instead of 1h\), due Sat 03:00 UTC$/,
    );
  });

  it('fenorri low: the next release and its rule', () => {
    const w = why(
      { policyId: 'fenorri', timezone: 'Europe/Paris' },
      'low',
      'resolution',
      '2027-03-01T17:43:00Z',
    );
    expect(deadlineWhyLines(w, 'en', 'Europe/Paris')).toEqual([
      'the next release: the first Tuesday of a month at 12:00 UTC, at least 7 days after creation, due Tue 6 Apr 14:00 Paris',
    ]);
  });
});

describe('reminder and breach mail carry the block', () => {
  it('in the reader language, under a heading, between the deadline and the assignee', () => {
    const w = why({ policyId: 'interzen' }, 'blocking', 'firstResponse', '2026-11-16T15:34:00Z');
    const base = {
      reference: 'INT-000001',
      subject: 'VPN down',
      priority: 'blocking',
      milestone: 'firstResponse' as const,
      dueAt: Date.parse('2026-11-16T16:34:00Z'),
      timezone: 'Europe/Rome',
      why: w,
    };
    const reminder = renderMail({ ...base, template: 'reminder' }, 'en').text;
    expect(reminder).toContain(
      'Why this deadline:\n  1 business hour from Mon 16:34, due Mon 17:34 Rome\n  counted Mon 16:34–17:34\nNobody is assigned',
    );
    const breach = renderMail({ ...base, template: 'breach', escalation: null }, 'it').text;
    expect(breach).toContain('Perché questa scadenza:\n  1 ora lavorativa da lun 16:34');
    expect(renderMail({ ...base, why: null, template: 'reminder' }, 'en').text).not.toContain(
      'Why this deadline',
    );
  });
});
