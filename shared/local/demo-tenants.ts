/**
 * One demo tenant per preset (tenant id = preset id), with contacts and escalation recipients at
 * `@example.com` and the inbound address `<tenant>@support.localhost`. Seeded by `npm start` when absent.
 */
import { resolvePolicy } from '../sla/policy.js';
import type { SlaSubject } from '../sla/types.js';
import { type TenantProfile, type TenantProfileInput, tenantProfileSchema } from '../tenants/tenant.js';

export const DEMO_SUPPORT_DOMAIN = 'support.localhost';

const DEMO_SUBJECTS: { id: string; extra: Partial<TenantProfileInput>; language: string }[] = [
  { id: 'fenorri', extra: { timezone: 'Europe/Tallinn' }, language: 'en' },
  { id: 'standard-support', extra: {}, language: 'en' },
  { id: 'enterprise-support', extra: {}, language: 'en' },
  { id: 'managry', extra: { plan: 'premier' }, language: 'en' },
  { id: 'interzen', extra: {}, language: 'it' },
  { id: 'harmoni', extra: { region: 'emea' }, language: 'en' },
];

export const DEMO_TENANT_IDS: readonly string[] = DEMO_SUBJECTS.map((s) => s.id);

export function demoTenantProfiles(): { tenantId: string; profile: TenantProfile }[] {
  return DEMO_SUBJECTS.map(({ id, extra, language }) => {
    const subject: SlaSubject = { policyId: id };
    if (typeof extra.plan === 'string') subject.plan = extra.plan;
    if (typeof extra.region === 'string') subject.region = extra.region;
    if (typeof extra.timezone === 'string') subject.timezone = extra.timezone;
    const policy = resolvePolicy(subject);
    const recipients: Record<string, string[]> = {};
    for (const level of policy.escalationLevels) {
      recipients[String(level.level)] = [`level${level.level}@${id}.example.com`];
    }
    const profile = tenantProfileSchema.parse({
      name: policy.name,
      policy: id,
      ...extra,
      supportContacts: [
        { name: 'Support desk', email: `support@${id}.example.com`, role: 'team' },
        { name: 'Duty agent', email: `agent@${id}.example.com`, role: 'agent' },
      ],
      escalationRecipients: recipients,
      // The demo's staff write from @<tenant>.example.com: their replies by mail act as agents.
      staffDomains: [`${id}.example.com`],
      inboundAddress: `${id}@${DEMO_SUPPORT_DOMAIN}`,
      // Who gets the monthly SLA report (`POST /_local/reports/monthly` sends it locally).
      reportContacts: [`reports@${id}.example.com`],
      language,
    } satisfies TenantProfileInput);
    return { tenantId: id, profile };
  });
}
