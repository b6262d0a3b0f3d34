/**
 * The real inbound use case on an API harness's services and DynamoDB Local table: a test hands over header lines
 * and a body, and the mail goes in the way SES would deliver it (raw message in the mail store, one receipt
 * record), with refusals kept in the real rejection log. One home for what the access tests all need.
 */
import { DynamoRejectionLog } from '../../shared/adapters/dynamodb/rejection-log.js';
import { createInboundMailHandler } from '../../shared/composition/inbound-mail.js';
import type { InboundOutcome } from '../../shared/inbound/process-inbound-mail.js';
import { buildSesRecord, rawMailKey, type VerdictStatus } from '../../shared/inbound/ses-event.js';
import { TicketServiceInboundPort } from '../../shared/inbound/ticket-service-port.js';
import { InMemoryMailStore, RecordingMetrics, silentLogger } from '../unit/inbound/fakes.js';
import type { ApiHarness } from './api-harness.js';

export interface DeliveredMail {
  /** Header lines as they stand in the message (`From: ...`, `Subject: ...`); Content-Type is added. */
  headers: string[];
  body?: string;
  /** The SMTP envelope sender SES reports. */
  source: string;
  recipient: string;
  verdicts?: Partial<Record<'spf' | 'dkim' | 'dmarc', VerdictStatus>>;
}

export interface InboundMailHarness {
  rejections: DynamoRejectionLog;
  deliver(mail: DeliveredMail): Promise<InboundOutcome>;
  /** A whole message as its bytes (multipart, odd encodings), for what header lines cannot say. */
  deliverRaw(raw: Buffer, envelope: Omit<DeliveredMail, 'headers' | 'body'>): Promise<InboundOutcome>;
  /** The SES message id of the mail delivered last (a refusal is recorded under it). */
  readonly lastSesMessageId: string;
}

export function createInboundMailHarness(
  h: ApiHarness,
  options: { supportDomain: string; idPrefix: string },
): InboundMailHarness {
  const store = new InMemoryMailStore();
  const rejections = new DynamoRejectionLog(h.table.client, h.table.tableName);
  const handle = createInboundMailHandler({
    store,
    tickets: new TicketServiceInboundPort({
      tickets: h.services.tickets,
      tenants: h.services.tenantRepository,
      rejections,
      supportDomain: options.supportDomain,
    }),
    clock: h.clock,
    logger: silentLogger,
    metrics: new RecordingMetrics(),
  });
  let seq = 0;
  const sesMessageIdOf = (n: number) => `${options.idPrefix}-ses-${String(n).padStart(4, '0')}`;
  const deliverRaw: InboundMailHarness['deliverRaw'] = async (raw, envelope) => {
    seq += 1;
    // Zero-padded: refusals of one second sort by this id (rejection-log.ts's sort key).
    const sesMessageId = sesMessageIdOf(seq);
    store.objects.set(rawMailKey(sesMessageId), { body: raw, contentType: 'message/rfc822' });
    const [outcome] = await handle({
      Records: [
        buildSesRecord({
          sesMessageId,
          source: envelope.source,
          recipients: [envelope.recipient],
          timestamp: new Date(h.clock.now()).toISOString(),
          ...(envelope.verdicts ? { verdicts: envelope.verdicts } : {}),
        }),
      ],
    });
    if (!outcome) throw new Error('the inbound handler gave no outcome');
    return outcome;
  };
  return {
    rejections,
    deliverRaw,
    get lastSesMessageId() {
      return sesMessageIdOf(seq);
    },
    deliver: ({ headers, body, ...envelope }) =>
      deliverRaw(
        Buffer.from(
          [...headers, 'Content-Type: text/plain; charset=utf-8', '', body ?? 'hello', ''].join('\r\n'),
        ),
        envelope,
      ),
  };
}
