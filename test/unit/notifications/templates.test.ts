import { describe, expect, it } from 'vitest';
import { mailLanguage } from '../../../shared/notifications/language.js';
import { renderMail, type TemplateInput } from '../../../shared/notifications/templates.js';

const due = Date.parse('2026-03-02T14:00:00Z');
const base = { reference: 'INT-000123', subject: 'Stampante bloccata', timezone: 'Europe/Rome' };
const inputs: TemplateInput[] = [
  {
    ...base,
    template: 'acknowledgement',
    priority: 'high',
    firstResponseDueAt: due,
    requesterName: 'Giulia',
  },
  { ...base, template: 'agentReply', body: 'We are on it.' },
  {
    ...base,
    template: 'reminder',
    milestone: 'firstResponse',
    priority: 'high',
    dueAt: due,
    assignee: 'marco',
  },
  {
    ...base,
    template: 'breach',
    milestone: 'resolution',
    priority: 'high',
    dueAt: due,
    assignee: null,
    escalation: { level: 2, name: 'department manager' },
  },
  { ...base, template: 'statusChange', from: 'open', to: 'pending_customer' },
  { ...base, template: 'closure', status: 'resolved' },
  { ...base, template: 'clarification', body: 'Which printer model?' },
  {
    ...base,
    template: 'escalation',
    priority: 'high',
    level: 1,
    levelName: 'team lead',
    by: 'customer',
    reason: null,
  },
];

describe('mail templates', () => {
  it.each(inputs)(
    '$template has the case number in the subject in both languages, and they differ',
    (input) => {
      const en = renderMail(input, 'en');
      const it_ = renderMail(input, 'it');
      for (const mail of [en, it_]) {
        expect(mail.subject).toContain('[INT-000123]');
        expect(mail.text.length).toBeGreaterThan(20);
      }
      if (input.template !== 'agentReply') expect(it_.text).not.toBe(en.text);
    },
  );

  it('shows instants in the tenant zone, localised', () => {
    const en = renderMail(inputs[2]!, 'en');
    const it_ = renderMail(inputs[2]!, 'it');
    expect(en.text).toContain('Monday 2 March 2026, 15:00 CET');
    expect(it_.text).toContain('lunedì 2 marzo 2026, 15:00 (ora di Roma)');
    expect(it_.text).toContain('(priorità alta)');
    expect(it_.subject).toContain('Promemoria');
    expect(en.text).toContain('Assigned to: marco.');
  });

  it('names the escalation level on a breach', () => {
    expect(renderMail(inputs[3]!, 'en').text).toContain('escalated to level 2 (department manager)');
    expect(renderMail(inputs[3]!, 'it').text).toContain('scalata al livello 2 (department manager)');
    expect(renderMail(inputs[3]!, 'it').subject).toBe('[INT-000123] SLA violato: risoluzione scaduta');
  });
});

describe('mailLanguage', () => {
  it('takes the ticket language when given', () => {
    expect(mailLanguage({ given: 'it', text: 'The printer is broken and nothing prints anymore.' })).toBe(
      'it',
    );
    expect(mailLanguage({ given: 'EN' })).toBe('en');
    expect(mailLanguage({ given: 'de' })).toBe('en');
  });

  it('detects Italian from the text, English otherwise, the fallback when the text is too short', () => {
    expect(
      mailLanguage({
        text: 'Buongiorno, la stampante del secondo piano non funziona più da questa mattina e nessuno riesce a stampare.',
      }),
    ).toBe('it');
    expect(
      mailLanguage({
        text: 'Good morning, the printer on the second floor has not worked since this morning and nobody can print.',
      }),
    ).toBe('en');
    expect(mailLanguage({ text: 'ok', fallback: 'it' })).toBe('it');
  });
});
