// `npm run bench`: deadlines (addBusinessMs) and elapsed (businessMsBetween) per second on every built-in
// calendar, cold and warm, then the same workload through moment-business-time on us-central-business.

import { type BusinessCalendar, compileCalendar } from '../shared/sla/calendar.js';
import { builtInCalendarSpec } from '../shared/sla/calendars.js';
import { publicHolidayDays } from '../shared/sla/holidays.js';
import { peerDue, peerElapsedMinutes, setUpPeer } from './moment-peer.js';
import { PEER_ZONE } from './peer-timezone.js';
import { makeWorkload } from './workload.js';

const CALENDARS: Array<{ label: string; id: string; timezone?: string }> = [
  { label: 'always', id: 'always' },
  { label: 'fenorri-24x5 (Europe/Paris)', id: 'fenorri-24x5', timezone: 'Europe/Paris' },
  { label: 'fenorri-24x5 (America/New_York)', id: 'fenorri-24x5', timezone: 'America/New_York' },
  { label: 'us-central-business', id: 'us-central-business' },
  { label: 'managry-business', id: 'managry-business' },
  { label: 'interzen-working', id: 'interzen-working' },
  { label: 'harmoni-apac', id: 'harmoni-apac' },
  { label: 'harmoni-emea', id: 'harmoni-emea' },
  { label: 'harmoni-americas', id: 'harmoni-americas' },
];

const WARM_OPS = 1_000_000;
const COLD_REPS = 9;
const PEER_OPS = 1_000;
const WORKLOAD = makeWorkload(1 << 16, 2026);
const MASK = (1 << 16) - 1;
let sink = 0;

function compile(c: (typeof CALENDARS)[number]) {
  return compileCalendar(builtInCalendarSpec(c.id, { timezone: c.timezone }));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/**
 * Cold: a freshly compiled calendar answering its first question in a year nothing in the process has built
 * (so the zone's offsets, the holidays and the open intervals of that year are all computed inside the timing).
 */
function coldMicros(
  c: (typeof CALENDARS)[number],
  firstYear: number,
  op: 'due' | 'elapsed',
  holidaysCached = false,
): number {
  const times: number[] = [];
  for (let rep = 0; rep < COLD_REPS; rep++) {
    const calendar = compile(c);
    if (holidaysCached) {
      for (const h of builtInCalendarSpec(c.id, { timezone: c.timezone }).holidays ?? []) {
        for (let y = firstYear + rep - 1; y <= firstYear + rep + 1; y++)
          publicHolidayDays(h.country, h.region, y);
      }
    }
    const start = Date.UTC(firstYear + rep, 5, 1, 9);
    const t0 = performance.now();
    sink +=
      op === 'due'
        ? calendar.addBusinessMs(start, 4 * 3_600_000)
        : calendar.businessMsBetween(start, start + 86_400_000 * 3);
    times.push((performance.now() - t0) * 1000);
  }
  return median(times);
}

function warmNanos(calendar: BusinessCalendar, op: 'due' | 'elapsed', ops: number): number {
  const { starts, budgets, ends } = WORKLOAD;
  const t0 = process.hrtime.bigint();
  if (op === 'due')
    for (let i = 0; i < ops; i++) sink += calendar.addBusinessMs(starts[i & MASK]!, budgets[i & MASK]!);
  else for (let i = 0; i < ops; i++) sink += calendar.businessMsBetween(starts[i & MASK]!, ends[i & MASK]!);
  return Number(process.hrtime.bigint() - t0) / ops;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

console.log(
  `SLA engine benchmark (node ${process.version}); ${fmt(WARM_OPS)} warm ops per cell over starts spread across 2026-2027.`,
);
console.log(
  'cold = a freshly compiled calendar asked once in a year nothing has built yet (median of 9): zone offsets, public',
);
console.log(
  'holidays (read from the prebuilt tables, the country file parsed once per process) and open intervals all computed',
);
console.log(
  'inside the timing; "holidays cached" leaves out the holiday lookup. warm = the years already built.\n',
);

const rows: string[][] = [];
const warmDue = new Map<string, number>();
for (const c of CALENDARS) {
  // Years inside the holiday tables' span (2010-2050), each set untouched by the others.
  const coldDue = coldMicros(c, 2020, 'due');
  const coldElapsed = coldMicros(c, 2030, 'elapsed');
  const coldBuild = coldMicros(c, 2040, 'due', true);
  const calendar = compile(c);
  // Build both years and let the JIT settle before timing.
  warmNanos(calendar, 'due', 200_000);
  warmNanos(calendar, 'elapsed', 200_000);
  const due = warmNanos(calendar, 'due', WARM_OPS);
  const elapsed = warmNanos(calendar, 'elapsed', WARM_OPS);
  warmDue.set(c.label, due);
  rows.push([
    c.label,
    fmt(coldDue, 0),
    fmt(coldElapsed, 0),
    fmt(coldBuild, 0),
    fmt(due, 1),
    fmt(1e9 / due),
    fmt(elapsed, 1),
    fmt(1e9 / elapsed),
  ]);
}
console.log(
  table(
    [
      'calendar',
      'cold due µs',
      'cold elapsed µs',
      'cold due µs, holidays cached',
      'warm due ns/op',
      'deadlines/s',
      'warm elapsed ns/op',
      'elapsed/s',
    ],
    rows,
  ),
);

// The peer: the same kind of workload (whole-minute starts: moment-business-time counts whole minutes) on
// us-central-business, in the same zone, answers compared one by one.
console.log(
  `\nmoment-business-time 2.0.0 (process TZ ${PEER_ZONE}) vs our us-central-business, ${fmt(PEER_OPS)} deadlines and ${fmt(PEER_OPS)} elapsed:`,
);
setUpPeer([2026, 2027, 2028, 2029]);
const peerWork = makeWorkload(PEER_OPS, 7, 60_000);
const ours = compile({ label: 'us-central-business', id: 'us-central-business' });
let dueMismatches = 0;
let elapsedMismatches = 0;
let t0 = performance.now();
const peerDues = Array.from(peerWork.starts, (s, i) => peerDue(s, peerWork.budgets[i]! / 60_000));
const peerDueNs = ((performance.now() - t0) * 1e6) / PEER_OPS;
t0 = performance.now();
const peerElapsed = Array.from(peerWork.starts, (s, i) => peerElapsedMinutes(s, peerWork.ends[i]!));
const peerElapsedNs = ((performance.now() - t0) * 1e6) / PEER_OPS;
for (let i = 0; i < PEER_OPS; i++) {
  if (ours.addBusinessMs(peerWork.starts[i]!, peerWork.budgets[i]!) !== peerDues[i]) dueMismatches++;
  if (ours.businessMsBetween(peerWork.starts[i]!, peerWork.ends[i]!) / 60_000 !== peerElapsed[i])
    elapsedMismatches++;
}
// Our side of the same inputs, warm, repeated enough to time.
const REPEAT = 1000;
let t1 = process.hrtime.bigint();
for (let r = 0; r < REPEAT; r++)
  for (let i = 0; i < PEER_OPS; i++) sink += ours.addBusinessMs(peerWork.starts[i]!, peerWork.budgets[i]!);
const oursDueNs = Number(process.hrtime.bigint() - t1) / (REPEAT * PEER_OPS);
t1 = process.hrtime.bigint();
for (let r = 0; r < REPEAT; r++)
  for (let i = 0; i < PEER_OPS; i++) sink += ours.businessMsBetween(peerWork.starts[i]!, peerWork.ends[i]!);
const oursElapsedNs = Number(process.hrtime.bigint() - t1) / (REPEAT * PEER_OPS);

console.log(
  table(
    ['', 'moment-business-time ns/op', 'ours ns/op', 'speedup', 'mismatches'],
    [
      [
        'deadline',
        fmt(peerDueNs),
        fmt(oursDueNs, 1),
        `${fmt(peerDueNs / oursDueNs)}x`,
        `${dueMismatches} of ${PEER_OPS}`,
      ],
      [
        'elapsed',
        fmt(peerElapsedNs),
        fmt(oursElapsedNs, 1),
        `${fmt(peerElapsedNs / oursElapsedNs)}x`,
        `${elapsedMismatches} of ${PEER_OPS}`,
      ],
    ],
  ),
);
const worstWarm = Math.max(...warmDue.values());
console.log(`\nslowest warm deadline over all calendars: ${fmt(worstWarm, 1)} ns/op (goal < 500 ns)`);
console.log(`mismatches: ${dueMismatches + elapsedMismatches} (checksum ${sink % 997})`);
if (dueMismatches + elapsedMismatches > 0) process.exitCode = 1;
console.log(`speedup vs moment-business-time: ${Math.round(peerDueNs / oursDueNs)}x`);
