import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_CALENDAR_IDS } from '../../../shared/sla/calendars.js';
import { bad, ok } from '../../support/cli.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** A valid `sla due` call, for the cases that add one bad option to it. */
const INTERZEN_LOW_DUE = [
  'due',
  '--policy',
  'interzen',
  '--priority',
  'low',
  '--created',
  '2026-03-02T11:00:00Z',
];

describe('sla due', () => {
  it('prints the spec keys, createdAt normalised to UTC Z and floored to the second', () => {
    const out = ok([
      'due',
      '--policy',
      'fenorri',
      '--priority',
      'low',
      '--created',
      '2026-03-04T12:00:00.750+02:00',
      '--timezone',
      'Europe/Tallinn',
    ]);
    expect(out).toMatchObject({
      policy: 'fenorri',
      priority: 'low',
      createdAt: '2026-03-04T10:00:00Z',
      milestones: {
        firstResponse: '2026-03-05T10:00:00Z',
        escalation: '2026-03-13T10:00:00Z',
        resolution: '2026-04-07T12:00:00Z',
      },
      timezone: 'Europe/Tallinn',
    });
    expect(Object.keys(out.milestones as object)).toEqual(['firstResponse', 'escalation', 'resolution']);
  });

  it('prints null for milestones the policy does not define; accepts --flag=value', () => {
    const out = ok([
      'due',
      '--policy=managry',
      '--plan=premier',
      '--priority=critical',
      '--created=2026-03-04T20:00:00+01:00',
    ]);
    expect(out.milestones).toEqual({
      firstResponse: '2026-03-05T03:00:00Z',
      escalation: null,
      resolution: null,
    });
    expect(out.plan).toBe('premier');
  });

  it('ignores options the policy does not use (but validates a given zone)', () => {
    const out = ok([
      'due',
      '--policy',
      'interzen',
      '--priority',
      'blocking',
      '--created',
      '2026-03-02T11:00:00Z',
      '--plan',
      'premier',
      '--timezone',
      'Asia/Tokyo',
    ]);
    expect(out.milestones).toEqual({
      firstResponse: '2026-03-02T12:00:00Z',
      escalation: null,
      resolution: '2026-03-03T11:00:00Z',
    });
    expect(bad([...INTERZEN_LOW_DUE, '--timezone', 'Asia/Nowhere'])).toMatch(/time zone "Asia\/Nowhere"/);
  });

  it.each([
    [
      ['due', '--policy', 'nope', '--priority', 'high', '--created', '2026-03-02T11:00:00Z'],
      /unknown policy "nope"/,
    ],
    [
      ['due', '--policy', 'interzen', '--priority', 'urgent', '--created', '2026-03-02T11:00:00Z'],
      /unknown priority "urgent"/,
    ],
    [['due', '--policy', 'fenorri', '--priority', 'low', '--created', '2026-03-02T11:00:00Z'], /time ?zone/],
    [
      ['due', '--policy', 'managry', '--priority', 'low', '--created', '2026-03-02T11:00:00Z'],
      /needs a plan/,
    ],
    [
      [
        'due',
        '--policy',
        'managry',
        '--plan',
        'gold',
        '--priority',
        'low',
        '--created',
        '2026-03-02T11:00:00Z',
      ],
      /unknown plan "gold"/,
    ],
    [
      ['due', '--policy', 'harmoni', '--priority', 'low', '--created', '2026-03-02T11:00:00Z'],
      /needs a region/,
    ],
    [
      [
        'due',
        '--policy',
        'harmoni',
        '--region',
        'mars',
        '--priority',
        'low',
        '--created',
        '2026-03-02T11:00:00Z',
      ],
      /unknown region "mars"/,
    ],
    [['due', '--policy', 'interzen', '--priority', 'low', '--created', '2026-03-02T11:00:00'], /created/],
    [['due', '--policy', 'interzen', '--priority', 'low', '--created', 'yesterday'], /created/],
    [['due', '--policy', 'interzen', '--priority', 'low'], /missing required option --created/],
    [[...INTERZEN_LOW_DUE, '--colour', 'red'], /unknown option --colour/],
    [['due', '--policy', 'interzen', '--priority'], /--priority needs a value/],
    [['due', 'interzen'], /unexpected argument "interzen"/],
  ])('%j fails with one line, exit 2', (argv, message) => {
    expect(bad(argv)).toMatch(message);
  });
});

describe('sla add and elapsed', () => {
  it('add: business minutes on a calendar (Interzen lunch gap)', () => {
    // Monday 13:00 CET is lunch: 60 min from 14:30 -> 15:30 CET = 14:30Z.
    expect(
      ok(['add', '--calendar', 'interzen-working', '--start', '2026-03-02T12:00:00Z', '--minutes', '60']),
    ).toEqual({
      due: '2026-03-02T14:30:00Z',
    });
    // 0 minutes while closed -> the start itself (spec: budget 0 is due at start).
    expect(
      ok(['add', '--calendar', 'interzen-working', '--start', '2026-03-02T12:10:00Z', '--minutes', '0']),
    ).toEqual({
      due: '2026-03-02T12:10:00Z',
    });
  });

  it('add and elapsed on fenorri-24x5 need --timezone', () => {
    // Friday 23:00 Paris (22:00Z) + 120 min: 1 h on Friday, then Monday 00:00-01:00 CET = Sunday 23:00Z.
    expect(
      ok([
        'add',
        '--calendar',
        'fenorri-24x5',
        '--timezone',
        'Europe/Paris',
        '--start',
        '2026-03-06T22:00:00Z',
        '--minutes',
        '120',
      ]),
    ).toEqual({ due: '2026-03-09T00:00:00Z' });
    expect(
      bad(['add', '--calendar', 'fenorri-24x5', '--start', '2026-03-06T22:00:00Z', '--minutes', '120']),
    ).toMatch(/timezone/);
    expect(
      ok([
        'elapsed',
        '--calendar',
        'fenorri-24x5',
        '--timezone',
        'Europe/Paris',
        '--start',
        '2026-03-06T22:00:00Z',
        '--end',
        '2026-03-09T00:00:00Z',
      ]),
    ).toEqual({ minutes: 120 });
  });

  it('elapsed: fractional minutes where the span has seconds', () => {
    // 12:00Z-14:00:30Z on Monday = 13:00-15:00:30 CET: lunch until 14:30, so 30.5 minutes.
    expect(
      ok([
        'elapsed',
        '--calendar',
        'interzen-working',
        '--start',
        '2026-03-02T12:00:00Z',
        '--end',
        '2026-03-02T14:00:30Z',
      ]),
    ).toEqual({
      minutes: 30.5,
    });
  });

  it('add and elapsed are inverses on a sample', () => {
    const start = '2026-03-27T15:17:00Z';
    const { due } = ok(['add', '--calendar', 'harmoni-americas', '--start', start, '--minutes', '1000']) as {
      due: string;
    };
    expect(ok(['elapsed', '--calendar', 'harmoni-americas', '--start', start, '--end', due])).toEqual({
      minutes: 1000,
    });
  });

  it.each([
    [
      ['add', '--calendar', 'mars', '--start', '2026-03-02T12:00:00Z', '--minutes', '5'],
      /unknown calendar "mars"/,
    ],
    [['add', '--calendar', 'always', '--start', '2026-03-02T12:00:00Z', '--minutes', '-5'], /negative/],
    [['add', '--calendar', 'always', '--start', '2026-03-02T12:00:00Z', '--minutes', 'ten'], /not a number/],
    [['add', '--calendar', 'always', '--start', '2026-02-30T12:00:00Z', '--minutes', '5'], /start/],
    [
      ['elapsed', '--calendar', 'always', '--start', '2026-03-02T12:00:00Z', '--end', '2026-03-02T11:00:00Z'],
      /before/,
    ],
    [['elapsed', '--calendar', 'always', '--start', '2026-03-02T12:00:00Z'], /missing required option --end/],
    [
      [
        'elapsed',
        '--calendar',
        'always',
        '--start',
        '2026-03-02T12:00:00Z',
        '--end',
        '2026-03-02T13:00:00Z',
        '--timezone',
        'Bad/Zone',
      ],
      /time zone/,
    ],
    [['frobnicate'], /unknown subcommand "frobnicate"/],
    [[], /missing subcommand/],
  ])('%j fails with one line, exit 2', (argv, message) => {
    expect(bad(argv)).toMatch(message);
  });
});

describe('sla policies', () => {
  it('lists the presets with priorities, plans, regions, requirements and targets, and the calendars', () => {
    const out = ok(['policies']) as {
      policies: {
        id: string;
        requires: string[];
        plans: string[] | null;
        regions: Record<string, string> | null;
        targets: unknown;
      }[];
      calendars: { id: string }[];
    };
    expect(out.policies.map((p) => [p.id, p.requires])).toEqual([
      ['fenorri', ['timezone']],
      ['standard-support', []],
      ['enterprise-support', []],
      ['managry', ['plan']],
      ['interzen', []],
      ['harmoni', ['region']],
    ]);
    expect(out.policies.find((p) => p.id === 'managry')?.plans).toEqual(['standard', 'premier']);
    expect(out.policies.find((p) => p.id === 'harmoni')?.regions).toEqual({
      apac: 'harmoni-apac',
      emea: 'harmoni-emea',
      americas: 'harmoni-americas',
    });
    expect(out.policies.find((p) => p.id === 'managry')?.targets).toMatchObject({
      premier: {
        critical: {
          firstResponse: { within: '1h', calendar: 'managry-business', outsideHours: '8h calendar' },
        },
      },
    });
    expect(out.calendars.map((c) => c.id)).toEqual([...BUILT_IN_CALENDAR_IDS]);
    expect(bad(['policies', '--all'])).toMatch(/unknown option --all/);
  });
});

describe('npx sla (a real process)', () => {
  const run = promisify(execFile);

  it('prints JSON and exits 0', async () => {
    const { stdout } = await run(
      'npx',
      [
        '--no-install',
        'sla',
        'due',
        '--policy',
        'standard-support',
        '--priority',
        'high',
        '--created',
        '2026-03-02T16:00:00Z',
      ],
      { cwd: ROOT },
    );
    expect(JSON.parse(stdout).milestones).toEqual({
      firstResponse: '2026-03-03T16:00:00Z',
      escalation: null,
      resolution: null,
    });
  });

  it('prints the error on stderr and exits 2', async () => {
    const failure = await run(
      'npx',
      [
        '--no-install',
        'sla',
        'due',
        '--policy',
        'nope',
        '--priority',
        'x',
        '--created',
        '2026-03-02T16:00:00Z',
      ],
      {
        cwd: ROOT,
      },
    ).then(
      () => null,
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe('');
    // npm itself may warn on stderr about the machine's npm config; our message is the line naming the policy.
    expect(failure?.stderr.split('\n').filter((l) => l.includes('unknown policy'))).toHaveLength(1);
  });
});
