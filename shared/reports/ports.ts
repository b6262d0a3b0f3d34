/**
 * What the report use cases need from outside: the outcome items by tenant and month (`DynamoOutcomeStore` on
 * the table's GSI5; an in-memory fake in unit tests), the tenants, and where a due monthly report is recorded.
 */
import type { Tenant } from '../tenants/tenant.js';
import type { MilestoneOutcome } from './milestone-outcome.js';

export interface OutcomeStore {
  /** Every outcome of the tenant whose milestone started in that UTC month (`2026-11`): a Query, never a Scan. */
  listOutcomes(tenantId: string, month: string): Promise<MilestoneOutcome[]>;
}

export interface TenantDirectory {
  getTenant(tenantId: string): Promise<Tenant | null>;
  /** Every tenant id (from the tenants' index, not a Scan). */
  listTenantIds(): Promise<string[]>;
}

/** A monthly report owed to a tenant's report contacts, recorded once per tenant and month. */
export interface ReportDue {
  tenantId: string;
  /** The tenant's display name: the report mail's sender name (the notification Lambda sends it). */
  tenantName?: string;
  /** The local month reported, `2026-11`. */
  month: string;
  recipients: string[];
  language: string;
  timezone: string;
  subject: string;
  text: string;
  createdAt: number;
}

export interface ReportDueSink {
  /** Stores it unless one for the tenant and month exists; true when it stored it. */
  recordReportDue(report: ReportDue): Promise<boolean>;
}
