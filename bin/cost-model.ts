/**
 * What SLA Sentinel costs to run, per ticket life: `npm run cost` prints it, docs/cost.md explains it. A ticket's
 * life is a profile (how it arrives, how many replies, changes, reads, timers, mails); each thing that happens
 * is turned into what AWS bills (API requests, Lambda invocations and GB-seconds, DynamoDB request units and
 * stored bytes, schedules fired, SES mails, S3 objects, logs, traces), and those into dollars at the list
 * prices below. Linear by design: no free tier and no volume tier is applied (see docs/cost.md).
 */

/** The functions, with the memory the stack configures (test/cdk/cost-model.test.ts checks it against the stack). */
export const LAMBDA_MEMORY_MB = {
  api: 512,
  slaTimer: 512,
  timerSync: 512,
  slaEvents: 512,
  inboundEmail: 1024,
  notification: 512,
} as const;
/**
 * Functions that run per deploy, not per ticket (reconcile-timers: after a deploy that creates or changes the
 * stateless stack; monthly-report: once a month for all tenants), so no ticket's life pays for them
 * (docs/cost.md, "Not counted"); memory as configured.
 */
export const PER_DEPLOY_LAMBDA_MEMORY_MB = { reconcileTimers: 512, monthlyReport: 512 } as const;
export type FunctionName = keyof typeof LAMBDA_MEMORY_MB;
const FUNCTIONS = Object.keys(LAMBDA_MEMORY_MB) as FunctionName[];

/** The global secondary indexes of the table (`ProjectionType: ALL`): a ticket write is copied to each. */
export const TABLE_GSI_COUNT = 4;
/**
 * The sparse GSI of the milestone outcome items (the compliance report): only those items carry its keys. A
 * write adds an outcome item (and its index copy) per milestone it moved; not priced yet.
 */
export const OUTCOME_GSI_COUNT = 1;

/**
 * Public list prices, US East (N. Virginia), USD, pay as you go, Lambda on arm64 (the stack's architecture),
 * DynamoDB Standard table class on demand (after the 2024-11-01 price cut), SES à la carte (no pricing plan).
 * Checked on 2026-11-30 against the pages named in `bin/cost-price-sources.ts` (each with its date and whether
 * it is confirmed; two are not); check them before you budget.
 */
export const PRICES = {
  region: 'us-east-1',
  readOn: '2026-11-30',
  apiGatewayHttpPerMillion: 1.0,
  lambdaRequestsPerMillion: 0.2,
  lambdaArmGbSecond: 0.0000133334,
  dynamoWritePerMillionUnits: 0.625,
  dynamoReadPerMillionUnits: 0.125,
  dynamoStorageGbMonth: 0.25,
  dynamoPitrGbMonth: 0.2,
  schedulerPerMillionInvocations: 1.0,
  eventBridgeCustomEventsPerMillion: 1.0,
  sesOutboundPerThousand: 0.1,
  sesInboundPerThousand: 0.1,
  sesInboundChunkPerThousand: 0.09,
  s3PutPerThousand: 0.005,
  s3GetPerThousand: 0.0004,
  s3StorageGbMonth: 0.023,
  logsIngestGb: 0.5,
  logsStorageGbMonth: 0.03,
  xrayTracesPerMillion: 5.0,
};
export type Prices = typeof PRICES;

/** One ticket's life. Every field is overridable (`npm run cost -- --profile file.json`). */
export interface CostProfile {
  /** Share of tickets opened by mail; the rest through the API (portal, agent console, integrations). */
  mailCreatedShare: number;
  /** Replies from the requester, and the share of them that arrive by mail (the rest through the portal). */
  customerReplies: number;
  customerRepliesByMailShare: number;
  /** Public agent replies: each is a comment and one mail to the requester. */
  agentReplies: number;
  /** Internal notes: a comment, no mail. */
  internalNotes: number;
  /** Other changes through the API: status, priority, assignee, pause (PATCH). */
  otherChanges: number;
  /** Status mails per ticket (closure, and status changes where the tenant asks for them). */
  statusMails: number;
  /** API reads attributed to a ticket: opening it, its events and comments, its share of list pages. */
  apiReads: number;
  /** Mail refused per ticket (auto-replies, spam, bounces): received, stored, logged, nothing else. */
  rejectedMails: number;
  /** Scheduler schedules created per ticket (first response, resolution, their reminders, re-plans). */
  schedulesCreated: number;
  /** Reminders that fire (the milestone still running when the reminder is due). */
  remindersFired: number;
  /** Breaches per ticket: each fires a timer, writes the breach and escalation, and mails. */
  breaches: number;
  /** History events written per ticket change (a change and its SLA events). */
  eventsPerWrite: number;
  /** Item sizes in KB: the ticket (with its SLA history and timers), an event, a comment, a mail ledger item. */
  ticketKb: number;
  eventKb: number;
  commentKb: number;
  ledgerKb: number;
  /** A raw inbound message as SES stores it, in KB. */
  inboundMailKb: number;
  /** Message-IDs linked per mail sent (ours and SES's), each a small item. */
  messageIdsPerMail: number;
  /** Months a ticket stays in the table (nothing deletes tickets; set it to your own retention). */
  retentionMonths: number;
  /** Months raw inbound mail stays in S3 (the bucket's lifecycle rule; `rawMailRetentionDays` 90). */
  rawMailRetentionMonths: number;
  /** Stream records per timer-sync invocation (batching: up to 100 records or 1 s). */
  streamRecordsPerInvocation: number;
  /** Billed duration of a warm invocation, per function, ms. */
  durationMs: Record<FunctionName, number>;
  /** Share of invocations that start cold, and the init each one bills, ms (`npm run bench:cold`). */
  coldStartShare: number;
  initMs: Record<FunctionName, number>;
  /** Log bytes per invocation (platform lines, Powertools logs, EMF metrics), KB. */
  logKbPerInvocation: number;
  /** Share of invocations X-Ray records (active tracing: 1 a second, then 5%). */
  tracedShare: number;
}

/** A support desk of a few dozen agents: the profile docs/cost.md reasons out. */
export const DEFAULT_PROFILE: CostProfile = {
  mailCreatedShare: 0.6,
  customerReplies: 2,
  customerRepliesByMailShare: 0.7,
  agentReplies: 2.5,
  internalNotes: 0.5,
  otherChanges: 3,
  statusMails: 1.5,
  apiReads: 15,
  rejectedMails: 0.3,
  schedulesCreated: 6,
  remindersFired: 0.4,
  breaches: 0.08,
  eventsPerWrite: 1.5,
  ticketKb: 3,
  eventKb: 0.4,
  commentKb: 1.5,
  ledgerKb: 0.5,
  inboundMailKb: 60,
  messageIdsPerMail: 2,
  retentionMonths: 24,
  rawMailRetentionMonths: 3,
  streamRecordsPerInvocation: 1.5,
  durationMs: { api: 80, slaTimer: 200, timerSync: 60, slaEvents: 60, inboundEmail: 500, notification: 150 },
  coldStartShare: 0.05,
  initMs: { api: 350, slaTimer: 350, timerSync: 300, slaEvents: 300, inboundEmail: 600, notification: 350 },
  logKbPerInvocation: 1.5,
  tracedShare: 0.2,
};

/** What one ticket's life makes AWS count. */
export interface TicketUsage {
  apiRequests: number;
  invocations: Record<FunctionName, number>;
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  /** Stored in the table per ticket, KB, GSI copies included. */
  dynamoStoredKb: number;
  schedulesCreated: number;
  schedulesFired: number;
  /** SLA events put on the custom bus (EventBridge bills each custom event). */
  busEvents: number;
  mailsOut: number;
  mailsIn: number;
  inboundChunks: number;
  s3Puts: number;
  s3Gets: number;
  s3StoredKb: number;
}

const KB_PER_GB = 1024 * 1024;
const units = (kb: number) => Math.max(1, Math.ceil(kb));
const readUnits = (kb: number) => Math.max(1, Math.ceil(kb / 4));

/** Counts what AWS bills for one ticket's life under a profile. */
export function ticketUsage(p: CostProfile): TicketUsage {
  const u: TicketUsage = {
    apiRequests: 0,
    invocations: { api: 0, slaTimer: 0, timerSync: 0, slaEvents: 0, inboundEmail: 0, notification: 0 },
    dynamoWriteUnits: 0,
    dynamoReadUnits: 0,
    dynamoStoredKb: 0,
    schedulesCreated: p.schedulesCreated,
    schedulesFired: 0,
    busEvents: 0,
    mailsOut: 0,
    mailsIn: 0,
    inboundChunks: 0,
    s3Puts: 0,
    s3Gets: 0,
    s3StoredKb: 0,
  };
  const events = p.eventsPerWrite;

  // A ticket write: a transaction (2 units a KB) of the ticket and its events (and a comment), the ticket
  // copied to every GSI (1 unit a KB each), one strongly consistent read of the ticket first; its stream
  // record wakes timer-sync (batched), which creates and deletes schedules (Scheduler API calls: free), and
  // sla-events (batched), which puts the write's SLA transitions on the bus (about one per history event).
  const write = (n: number, commentKb = 0) => {
    u.dynamoWriteUnits +=
      n *
      (2 * units(p.ticketKb) +
        2 * events * units(p.eventKb) +
        (commentKb > 0 ? 2 * units(commentKb) : 0) +
        TABLE_GSI_COUNT * units(p.ticketKb));
    u.dynamoReadUnits += n * readUnits(p.ticketKb);
    u.dynamoStoredKb += n * (events * p.eventKb + commentKb);
    u.invocations.timerSync += n / p.streamRecordsPerInvocation;
    u.invocations.slaEvents += n / p.streamRecordsPerInvocation;
    u.busEvents += n * events;
  };
  // A mail sent: its outbox item (in the change's transaction), whose stream record wakes the notification
  // Lambda (batched); the ledger claim and its completion, the Message-ID links (one-item transactions), SES.
  const mail = (n: number) => {
    u.mailsOut += n;
    u.invocations.notification += n / p.streamRecordsPerInvocation;
    u.dynamoWriteUnits += n * (2 * units(p.ledgerKb) + 2 * p.messageIdsPerMail);
    u.dynamoStoredKb += n * (p.ledgerKb + p.messageIdsPerMail * 0.2);
  };
  // Mail received: SES receives and stores it in S3, inbound-email reads it, finds the tenant and the thread.
  const inbound = (n: number) => {
    u.mailsIn += n;
    u.inboundChunks += n * Math.ceil(p.inboundMailKb / 256);
    u.s3Puts += n;
    u.s3Gets += n;
    u.s3StoredKb += n * p.inboundMailKb * p.rawMailRetentionMonths;
    u.invocations.inboundEmail += n;
    u.dynamoReadUnits += n * 2;
  };
  const viaApi = (n: number) => {
    u.apiRequests += n;
    u.invocations.api += n;
  };

  // Creation: the counter, the ticket with its reference item and first events, the acknowledgement.
  const byMail = p.mailCreatedShare;
  inbound(byMail);
  viaApi(1 - byMail);
  write(1);
  u.dynamoWriteUnits += 1 + 2 * 1;
  u.dynamoStoredKb += p.ticketKb * (1 + TABLE_GSI_COUNT) + 0.2;
  mail(1);

  // Replies, notes and changes.
  const customerByMail = p.customerReplies * p.customerRepliesByMailShare;
  inbound(customerByMail);
  viaApi(p.customerReplies - customerByMail);
  write(p.customerReplies, p.commentKb);
  viaApi(p.agentReplies + p.internalNotes + p.otherChanges);
  write(p.agentReplies + p.internalNotes, p.commentKb);
  write(p.otherChanges);
  mail(p.agentReplies + p.statusMails);

  // Reads: a ticket (a strongly consistent GetItem) or a page of events or comments (an eventually consistent
  // Query of a few KB): about one read unit each.
  viaApi(p.apiReads);
  u.dynamoReadUnits += p.apiReads * readUnits(p.ticketKb);

  // Refused mail: received, stored, read, logged in the rejection log.
  inbound(p.rejectedMails);
  u.dynamoWriteUnits += p.rejectedMails;

  // Timers that fire: Scheduler invokes sla-timer, which reads the ticket, writes the reminder or breach
  // (a ticket write) and mails.
  const fired = p.remindersFired + p.breaches;
  u.schedulesFired += fired;
  u.invocations.slaTimer += fired;
  u.dynamoReadUnits += fired * readUnits(p.ticketKb);
  write(fired);
  mail(fired);

  return u;
}

export interface CostLine {
  service: string;
  item: string;
  /** USD per ticket. */
  usd: number;
}

/** Dollars per ticket, line by line. */
export function ticketCost(p: CostProfile, prices: Prices = PRICES): CostLine[] {
  const u = ticketUsage(p);
  const lines: CostLine[] = [];
  const add = (service: string, item: string, usd: number) => lines.push({ service, item, usd });

  add('API Gateway', 'HTTP API requests', (u.apiRequests * prices.apiGatewayHttpPerMillion) / 1e6);
  let invocations = 0;
  for (const fn of FUNCTIONS) {
    const n = u.invocations[fn];
    invocations += n;
    const seconds = (n * (p.durationMs[fn] + p.coldStartShare * p.initMs[fn])) / 1000;
    add('Lambda', `${fn} GB-seconds`, seconds * (LAMBDA_MEMORY_MB[fn] / 1024) * prices.lambdaArmGbSecond);
  }
  add('Lambda', 'requests', (invocations * prices.lambdaRequestsPerMillion) / 1e6);
  add('DynamoDB', 'write request units', (u.dynamoWriteUnits * prices.dynamoWritePerMillionUnits) / 1e6);
  add('DynamoDB', 'read request units', (u.dynamoReadUnits * prices.dynamoReadPerMillionUnits) / 1e6);
  const storedGbMonths = (u.dynamoStoredKb / KB_PER_GB) * p.retentionMonths;
  add('DynamoDB', 'storage over the retention', storedGbMonths * prices.dynamoStorageGbMonth);
  add('DynamoDB', 'point-in-time recovery', storedGbMonths * prices.dynamoPitrGbMonth);
  add(
    'EventBridge Scheduler',
    'schedules fired',
    (u.schedulesFired * prices.schedulerPerMillionInvocations) / 1e6,
  );
  add(
    'EventBridge',
    'SLA events put on the bus',
    (u.busEvents * prices.eventBridgeCustomEventsPerMillion) / 1e6,
  );
  add('SES', 'mail sent', (u.mailsOut * prices.sesOutboundPerThousand) / 1000);
  add(
    'SES',
    'mail received',
    (u.mailsIn * prices.sesInboundPerThousand + u.inboundChunks * prices.sesInboundChunkPerThousand) / 1000,
  );
  add(
    'S3',
    'raw mail: requests and storage',
    (u.s3Puts * prices.s3PutPerThousand + u.s3Gets * prices.s3GetPerThousand) / 1000 +
      (u.s3StoredKb / KB_PER_GB) * prices.s3StorageGbMonth,
  );
  const logGb = (invocations * p.logKbPerInvocation) / KB_PER_GB;
  add(
    'CloudWatch Logs',
    'ingestion and a month kept',
    logGb * (prices.logsIngestGb + prices.logsStorageGbMonth),
  );
  add('X-Ray', 'traces recorded', (invocations * p.tracedShare * prices.xrayTracesPerMillion) / 1e6);
  return lines;
}

export interface ServiceShare {
  service: string;
  usd: number;
  share: number;
}

/** Where the money goes: per service, most expensive first. */
export function byService(lines: readonly CostLine[]): ServiceShare[] {
  const total = lines.reduce((s, l) => s + l.usd, 0);
  const sums = new Map<string, number>();
  for (const l of lines) sums.set(l.service, (sums.get(l.service) ?? 0) + l.usd);
  return [...sums]
    .map(([service, usd]) => ({ service, usd, share: total > 0 ? usd / total : 0 }))
    .sort((a, b) => b.usd - a.usd);
}

export const totalUsd = (lines: readonly CostLine[]): number => lines.reduce((s, l) => s + l.usd, 0);

/** A profile with overrides applied; unknown or non-numeric fields are refused (field and reason). */
export function profileWith(
  overrides: Record<string, unknown>,
  base: CostProfile = DEFAULT_PROFILE,
): CostProfile {
  const out = structuredClone(base) as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides)) {
    const current = out[key];
    if (current === undefined) throw new Error(`profile.${key}: not a field of the cost profile`);
    if (typeof current === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
        throw new Error(`profile.${key}: expected a non-negative number`);
      out[key] = value;
      continue;
    }
    if (typeof value !== 'object' || value === null) throw new Error(`profile.${key}: expected an object`);
    const target = current as Record<string, number>;
    for (const [fn, ms] of Object.entries(value)) {
      if (!(fn in target)) throw new Error(`profile.${key}.${fn}: not a function (${FUNCTIONS.join(', ')})`);
      if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0)
        throw new Error(`profile.${key}.${fn}: expected a non-negative number`);
      target[fn] = ms;
    }
  }
  if ((out.streamRecordsPerInvocation as number) <= 0)
    throw new Error('profile.streamRecordsPerInvocation: must be above 0');
  return out as unknown as CostProfile;
}
