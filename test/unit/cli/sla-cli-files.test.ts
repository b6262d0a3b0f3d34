/**
 * `sla` with files and closures: `--policy-file`, `--calendar-file`, `--closed`. A bad file (unreadable, not
 * JSON, invalid) exits 2 with one stderr line naming the file and the field.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bad, ok } from '../../support/cli.js';

const EXAMPLE = fileURLToPath(new URL('../../../docs/examples/policy-custom-calendar.json', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sla-cli-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const SPLIT_SHIFT = {
  id: 'lab-split',
  hoursPerDay: 8,
  windows: [
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '12:00', zone: 'Europe/Madrid' },
    { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '14:00', end: '18:00', zone: 'Europe/Madrid' },
  ],
};

describe('sla due --policy-file', () => {
  it('computes with the policy file and keeps the section 5 keys', () => {
    const out = ok([
      'due',
      '--policy-file',
      EXAMPLE,
      '--priority',
      'normal',
      '--created',
      '2026-08-07T16:00:00+02:00',
    ]);
    expect(out).toMatchObject({
      policy: 'acme-split',
      priority: 'normal',
      createdAt: '2026-08-07T14:00:00Z',
      // The file's own calendar closes 10-21 August: 2 h on Friday, then Mon 24 Aug 08:00-10:00 Madrid.
      milestones: {
        firstResponse: '2026-08-24T08:00:00Z',
        escalation: null,
        resolution: '2026-08-26T14:00:00Z',
      },
      calendars: { firstResponse: 'acme-split-shift', resolution: 'acme-split-shift' },
    });
    expect(Object.keys(out.milestones as object)).toEqual(['firstResponse', 'escalation', 'resolution']);
  });

  it('--closed adds closures to every calendar of the policy but always', () => {
    const args = [
      'due',
      '--policy',
      'interzen',
      '--priority',
      'blocking',
      '--created',
      '2026-07-31T10:00:00+02:00',
    ];
    // 7 working hours on Friday 31 July; resolution (8 h) needs one more: Mon 3 Aug, or Mon 24 Aug when closed.
    expect(ok(args).milestones).toMatchObject({ resolution: '2026-08-03T08:00:00Z' });
    expect(ok([...args, '--closed', '2026-08-03..2026-08-21']).milestones).toMatchObject({
      firstResponse: '2026-07-31T09:00:00Z',
      resolution: '2026-08-24T08:00:00Z',
    });
    const always = [
      'due',
      '--policy',
      'enterprise-support',
      '--priority',
      'high',
      '--created',
      '2026-08-03T10:00:00Z',
    ];
    expect(ok([...always, '--closed', '2026-08-03']).milestones).toMatchObject({
      firstResponse: '2026-08-03T10:30:00Z',
    });
  });
});

describe('sla add/elapsed --calendar-file and --closed', () => {
  it('a calendar file counts its windows (a split shift here)', () => {
    const path = file('split.json', SPLIT_SHIFT);
    // Mon 2 March 11:00 Madrid: 11-12, 14-17 -> 17:00 Madrid = 16:00Z.
    expect(
      ok(['add', '--calendar-file', path, '--start', '2026-03-02T11:00:00+01:00', '--minutes', '240']),
    ).toEqual({
      due: '2026-03-02T16:00:00Z',
    });
    expect(
      ok([
        'elapsed',
        '--calendar-file',
        path,
        '--start',
        '2026-03-02T11:00:00+01:00',
        '--end',
        '2026-03-02T17:00:00+01:00',
      ]),
    ).toEqual({ minutes: 240 });
  });

  it('--closed takes dates and FROM..TO ranges, comma-separated', () => {
    const path = file('split2.json', SPLIT_SHIFT);
    const start = ['--start', '2026-03-02T17:00:00+01:00'];
    // 1 h on Monday; Tuesday and Wednesday closed; Thursday 08:00-11:00 -> 10:00Z.
    expect(
      ok([
        'add',
        '--calendar-file',
        path,
        ...start,
        '--minutes',
        '240',
        '--closed',
        '2026-03-03..2026-03-04',
      ]),
    ).toEqual({
      due: '2026-03-05T10:00:00Z',
    });
    expect(
      ok([
        'add',
        '--calendar',
        'interzen-working',
        '--start',
        '2026-12-23T18:00:00+01:00',
        '--minutes',
        '60',
        '--closed',
        '2026-12-24, 2026-12-28',
      ]),
    ).toEqual({
      // 30 min on the 23rd; 24th closed, 25th-26th holidays, weekend, 28th closed -> Tue 29 Dec 09:30 Rome.
      due: '2026-12-29T08:30:00Z',
    });
    expect(
      ok([
        'elapsed',
        '--calendar',
        'interzen-working',
        '--start',
        '2026-08-03T00:00:00+02:00',
        '--end',
        '2026-08-08T00:00:00+02:00',
        '--closed',
        '2026-08-04,2026-08-06',
      ]),
    ).toEqual({ minutes: 3 * 8 * 60 });
  });
});

describe('bad files and closures: exit 2, one line naming what is wrong', () => {
  const due = (path: string) => [
    'due',
    '--policy-file',
    path,
    '--priority',
    'normal',
    '--created',
    '2026-03-02T10:00:00Z',
  ];
  const add = (path: string) => [
    'add',
    '--calendar-file',
    path,
    '--start',
    '2026-03-02T10:00:00Z',
    '--minutes',
    '60',
  ];

  it.each([
    [
      'a policy that is not JSON',
      () => due(file('policy.txt', 'calendar: yes')),
      /--policy-file .*policy\.txt: not valid JSON/,
    ],
    [
      'a missing policy file',
      () => due(join(dir, 'missing.json')),
      /--policy-file .*missing\.json: cannot read it \(ENOENT\)/,
    ],
    [
      'a policy whose own calendar has a bad zone',
      () => {
        const example = {
          ...SPLIT_SHIFT,
          windows: [SPLIT_SHIFT.windows[0], { ...SPLIT_SHIFT.windows[1], zone: 'Mars/Base' }],
        };
        return due(
          file('zone.json', {
            id: 'p',
            priorities: ['normal'],
            defaultPriority: 'normal',
            calendar: 'lab-split',
            calendars: [example],
            targets: { normal: { firstResponse: { within: '1h' } } },
          }),
        );
      },
      /policy calendars\[0\]\.windows\[1\]\.zone: not a known IANA time zone/,
    ],
    [
      'a policy naming an unknown calendar',
      () =>
        due(
          file('unknown.json', {
            id: 'p',
            priorities: ['normal'],
            defaultPriority: 'normal',
            targets: { normal: { firstResponse: { within: '1h', calendar: 'nowhere' } } },
          }),
        ),
      /policy targets\.normal\.firstResponse\.calendar: unknown calendar "nowhere"/,
    ],
    [
      'a calendar that is not JSON',
      () => add(file('cal.txt', '{')),
      /--calendar-file .*cal\.txt: not valid JSON/,
    ],
    [
      'a calendar with a bad end',
      () => add(file('end.json', { ...SPLIT_SHIFT, windows: [{ ...SPLIT_SHIFT.windows[0], end: '25:00' }] })),
      /calendar\.windows\[0\]\.end: expected HH:MM or 24:00/,
    ],
    [
      'both --calendar and --calendar-file',
      () => [...add(file('ok.json', SPLIT_SHIFT)), '--calendar', 'always'],
      /give only one of --calendar or --calendar-file/,
    ],
    [
      'neither --policy nor --policy-file',
      () => ['due', '--priority', 'low', '--created', '2026-03-02T10:00:00Z'],
      /missing required option --policy or --policy-file/,
    ],
    [
      'a closure that is not a date',
      () => [...add(file('ok2.json', SPLIT_SHIFT)), '--closed', '2026-03-03,2026-02-30'],
      /--closed "2026-02-30": expected a date YYYY-MM-DD/,
    ],
    [
      'a closure range backwards',
      () => [...add(file('ok3.json', SPLIT_SHIFT)), '--closed', '2026-03-05..2026-03-03'],
      /--closed "2026-03-05..2026-03-03": `to` must not be before `from`/,
    ],
  ])('%s', (_name, argv, message) => {
    expect(bad(argv())).toMatch(message);
  });
});
