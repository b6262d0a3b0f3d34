import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ManualClock } from '../../../shared/clock.js';
import { type InboundOutcome, processInboundMail } from '../../../shared/inbound/process-inbound-mail.js';
import {
  buildSesRecord,
  rawMailKey,
  type SesMail,
  type VerdictStatus,
} from '../../../shared/inbound/ses-event.js';
import { FakeTicketPort, InMemoryMailStore, RecordingMetrics, silentLogger } from './fakes.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/mail/', import.meta.url));

export function fixture(name: string): Buffer {
  return readFileSync(`${FIXTURES}${name}`);
}

export const OUR_ACK_ID = '<INT-000123.01JNX0ACK7QF@support.example.com>';

export function makeWorld() {
  const store = new InMemoryMailStore();
  const tickets = new FakeTicketPort();
  const metrics = new RecordingMetrics();
  const clock = new ManualClock(Date.parse('2026-03-04T10:00:00Z'));
  tickets.addTenant({
    tenantId: 'interzen',
    priorities: ['blocking', 'high', 'medium', 'low'],
    defaultPriority: 'medium',
    allowSubjectPriority: true,
  });
  tickets.addTenant({
    tenantId: 'standard-support',
    priorities: ['high', 'medium', 'low'],
    defaultPriority: 'low',
    allowSubjectPriority: false,
  });
  tickets.addTenant({
    tenantId: 'managry',
    priorities: ['critical', 'high', 'medium', 'low'],
    defaultPriority: 'medium',
    allowSubjectPriority: true,
    allowedRequesterDomains: ['brnosoft.cz'],
  });
  tickets.addTenant({
    tenantId: 'harmoni',
    priorities: ['urgent', 'high', 'normal', 'low'],
    defaultPriority: 'normal',
    allowSubjectPriority: true,
  });
  tickets.addTenant({
    tenantId: 'fenorri',
    priorities: ['high', 'medium', 'low'],
    defaultPriority: 'medium',
    allowSubjectPriority: false,
  });
  let seq = 0;
  /** The use case's warnings (info and errors are not kept). */
  const warnings: { message: string; extra?: Record<string, unknown> }[] = [];
  const logger = {
    ...silentLogger,
    warn: (message: string, extra?: Record<string, unknown>) =>
      void warnings.push({ message, ...(extra ? { extra } : {}) }),
  };

  /** Puts the raw mail where the S3 action would and runs the use case on SES's event for it. */
  async function deliver(
    raw: Uint8Array,
    options: {
      to?: string[];
      source?: string;
      verdicts?: Partial<Record<'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc', VerdictStatus>>;
      dmarcPolicy?: 'none' | 'quarantine' | 'reject';
      sesMessageId?: string;
      commonHeaders?: SesMail['commonHeaders'];
    } = {},
  ): Promise<InboundOutcome> {
    seq += 1;
    const sesMessageId = options.sesMessageId ?? `ses-${seq}`;
    store.objects.set(rawMailKey(sesMessageId), { body: raw, contentType: 'message/rfc822' });
    const to = options.to ?? [headerAddress(raw, 'to') ?? 'interzen@support.example.com'];
    const record = buildSesRecord({
      sesMessageId,
      source: options.source ?? 'sender@example.org',
      recipients: to,
      timestamp: new Date(clock.now()).toISOString(),
      ...(options.verdicts ? { verdicts: options.verdicts } : {}),
      ...(options.dmarcPolicy ? { dmarcPolicy: options.dmarcPolicy } : {}),
      ...(options.commonHeaders ? { commonHeaders: options.commonHeaders } : {}),
    });
    return processInboundMail({ store, tickets, clock, logger, metrics }, record);
  }

  return { store, tickets, metrics, clock, deliver, warnings };
}

/** The envelope recipient the way SES would see it: the address in the To header. */
function headerAddress(raw: Uint8Array, name: string): string | undefined {
  const head = Buffer.from(raw).subarray(0, 8192).toString('latin1');
  const line = new RegExp(`^${name}:(.*)$`, 'im').exec(head)?.[1];
  if (!line) return undefined;
  return (/<([^<>]+)>\s*$/.exec(line.trim())?.[1] ?? line.trim()).toLowerCase();
}
