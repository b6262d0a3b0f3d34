// Which months' report_due items the mail redrive reads (shared/notifications/redrive-mail.ts): this UTC month
// and the two before, across a year's turn.
import { describe, expect, it } from 'vitest';
import { REDRIVE_REPORT_MONTHS, reportMonths } from '../../../shared/notifications/redrive-mail.js';

describe('reportMonths', () => {
  it('is this UTC month and the two before, newest first', () => {
    expect(REDRIVE_REPORT_MONTHS).toBe(3);
    expect(reportMonths(Date.parse('2026-11-30T23:59:59Z'))).toEqual(['2026-11', '2026-10', '2026-09']);
  });

  it('crosses into the previous year', () => {
    expect(reportMonths(Date.parse('2026-02-01T00:00:00Z'))).toEqual(['2026-02', '2026-01', '2025-12']);
    expect(reportMonths(Date.parse('2027-01-15T12:00:00Z'), 4)).toEqual([
      '2027-01',
      '2026-12',
      '2026-11',
      '2026-10',
    ]);
  });
});
