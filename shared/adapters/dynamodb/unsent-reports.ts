/**
 * The `report_due` items whose mail no ledger record marks sent (`UnsentReportSource`, the mail redrive's): the
 * items of the given tenants and months read by key (one consistent BatchGetItem per 100 keys, never a Scan:
 * `T#<tenant>#REPORT#<month>` is known once tenant and month are), then their ledger records, under the key the
 * notifier claims (`reportSendKey` over the item's recipients). Items without recipients owe nothing and are
 * left out. Apart from report-due.ts so the monthly-report Lambda's bundle does not carry the notifier.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { MONTHLY_REPORT_TEMPLATE, reportRecipients, reportSendKey } from '../../notifications/notifier.js';
import type { UnsentReportItem, UnsentReportSource } from '../../notifications/ports.js';
import { batchGetAll, sentLedgerKeys } from './batch-get.js';
import { reportDueKey } from './report-due.js';
import { sendLedgerKey } from './send-ledger.js';

export class DynamoUnsentReports implements UnsentReportSource {
  readonly #client: DynamoDBClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#client = client;
    this.#table = tableName;
  }

  async unsent(query: {
    tenantIds: string[];
    months: string[];
    createdBefore: number;
  }): Promise<UnsentReportItem[]> {
    const keys = query.tenantIds.flatMap((tenantId) =>
      query.months.map((month) => reportDueKey(tenantId, month)),
    );
    const candidates = (await batchGetAll(this.#client, this.#table, keys)).flatMap((item) => {
      // report_due items store an ISO instant (outbox items epoch ms).
      const createdAt = typeof item.createdAt === 'string' ? Date.parse(item.createdAt) : Number.NaN;
      const to = reportRecipients(
        Array.isArray(item.recipients) ? item.recipients.filter((a) => typeof a === 'string') : [],
      );
      if (item.entity !== 'report_due' || !(createdAt <= query.createdBefore) || to.length === 0) return [];
      const ledger = sendLedgerKey(reportSendKey(String(item.tenantId), String(item.month), to));
      return [{ item, createdAt, ledger }];
    });
    const sent = await sentLedgerKeys(
      this.#client,
      this.#table,
      candidates.map((c) => c.ledger),
    );
    return candidates
      .filter((c) => !sent.has(`${c.ledger.PK}\u0000${c.ledger.SK}`))
      .map((c) => ({
        kind: 'report' as const,
        tenantId: String(c.item.tenantId),
        month: String(c.item.month),
        template: MONTHLY_REPORT_TEMPLATE,
        createdAt: c.createdAt,
        image: c.item,
      }));
  }
}
