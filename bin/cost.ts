// `npm run cost -- --tickets-per-month N [--profile file.json] [--json]`: what SLA Sentinel costs per 1,000 tickets
// and per month, from the model in bin/cost-model.ts (docs/cost.md explains it). --profile overrides fields of
// the default ticket profile. Exit 2 on bad arguments, with one line saying which.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  byService,
  type CostProfile,
  DEFAULT_PROFILE,
  PRICES,
  profileWith,
  ticketCost,
  ticketUsage,
  totalUsd,
} from './cost-model.js';

const USAGE = 'usage: npm run cost -- [--tickets-per-month N] [--profile file.json] [--json]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      'tickets-per-month': { type: 'string' },
      profile: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  }).values;
}
try {
  args = parse();
} catch (error) {
  fail((error as Error).message);
}

const perMonthText = args['tickets-per-month'];
const ticketsPerMonth = perMonthText === undefined ? undefined : Number(perMonthText);
if (ticketsPerMonth !== undefined && (!Number.isInteger(ticketsPerMonth) || ticketsPerMonth < 0))
  fail(`--tickets-per-month: expected a whole number of tickets, got ${JSON.stringify(perMonthText)}`);

let profile: CostProfile = DEFAULT_PROFILE;
if (args.profile !== undefined) {
  try {
    const overrides = JSON.parse(readFileSync(args.profile, 'utf8')) as unknown;
    if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides))
      fail(`--profile: ${args.profile} must hold a JSON object of profile fields`);
    profile = profileWith(overrides as Record<string, unknown>);
  } catch (error) {
    fail(`--profile ${args.profile}: ${(error as Error).message}`);
  }
}

const lines = ticketCost(profile);
const perTicket = totalUsd(lines);
const volumes = [10_000, 100_000, 1_000_000, ...(ticketsPerMonth === undefined ? [] : [ticketsPerMonth])];

if (args.json) {
  console.log(
    JSON.stringify(
      {
        prices: PRICES,
        profile,
        usagePerTicket: ticketUsage(profile),
        perThousandTickets: perTicket * 1000,
        perMonth: volumes.map((tickets) => ({ tickets, usd: perTicket * tickets })),
        byService: byService(lines),
        lines,
      },
      null,
      2,
    ),
  );
  process.exit(0);
}

const usd = (n: number) =>
  `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: n < 1 ? 4 : 2 })}`;
const u = ticketUsage(profile);
console.log(
  `SLA Sentinel cost model: list prices of ${PRICES.region} read ${PRICES.readOn}, no free tier (docs/cost.md).`,
);
console.log(
  `Profile${args.profile ? ` (${args.profile} over the default)` : ' (default)'}: ${Math.round(profile.mailCreatedShare * 100)}% opened by mail, ` +
    `${profile.customerReplies} customer and ${profile.agentReplies} agent replies, ${profile.otherChanges} changes, ` +
    `${profile.apiReads} reads, ${profile.remindersFired} reminders and ${profile.breaches} breaches a ticket.\n`,
);
console.log('Per ticket life:');
console.log(
  `  ${u.apiRequests.toFixed(1)} API requests; Lambda invocations ${Object.entries(u.invocations)
    .map(([fn, n]) => `${fn} ${n.toFixed(2)}`)
    .join(', ')}`,
);
console.log(
  `  DynamoDB ${u.dynamoWriteUnits.toFixed(0)} write and ${u.dynamoReadUnits.toFixed(0)} read units, ${u.dynamoStoredKb.toFixed(1)} KB stored; ` +
    `${u.schedulesCreated} schedules created, ${u.schedulesFired.toFixed(2)} fired`,
);
console.log(
  `  ${u.mailsOut.toFixed(2)} mails sent, ${u.mailsIn.toFixed(2)} received (${u.s3Puts.toFixed(2)} S3 objects)\n`,
);
console.log(`Per 1,000 tickets: ${usd(perTicket * 1000)}`);
for (const tickets of volumes)
  console.log(
    `  ${tickets.toLocaleString('en-US').padStart(12)} tickets a month: ${usd(perTicket * tickets)} a month`,
  );
console.log('\nWhere the money goes:');
for (const s of byService(lines))
  console.log(
    `  ${s.service.padEnd(22)} ${usd(s.usd * 1000).padStart(9)} per 1,000 tickets  ${(s.share * 100).toFixed(1).padStart(5)}%`,
  );
console.log('\nLargest items:');
for (const l of [...lines].sort((a, b) => b.usd - a.usd).slice(0, 5))
  console.log(`  ${`${l.service}: ${l.item}`.padEnd(45)} ${usd(l.usd * 1000).padStart(9)} per 1,000 tickets`);
