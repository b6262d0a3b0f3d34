import { ENV } from '../../shared/runtime/env.js';
import {
  DEPLOY_CHECKS,
  type Finding,
  type Json,
  resourcesOf,
  type SynthesizedStack,
  show,
} from './template.js';

const lower = (s: string) => s.toLowerCase();

/** `a` is `b` or one of its subdomains or parents: the same organisation's mail. */
function related(a: string, b: string): boolean {
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}

/**
 * The domain the functions send from, the SES identity that exists for it, and the domain SES receives for
 * agree: every SENDER_ADDRESS is at the one identity the stacks create, every SUPPORT_DOMAIN (the Reply-To
 * of every notification, `<tenant>@domain`) is a domain a receipt rule accepts, and the two are the same
 * organisation's (one is the other or under it). Otherwise mail is refused as unverified, or replies go
 * where SES receives nothing.
 */
export function checkMailDomains(stacks: SynthesizedStack[]): Finding[] {
  const findings: Finding[] = [];
  const finding = (where: string, message: string) =>
    findings.push({ check: DEPLOY_CHECKS.mailDomains, where, message });

  const identities = stacks.flatMap((s) =>
    resourcesOf(s.template, 'AWS::SES::EmailIdentity').map(([id, r]) => ({
      where: `${s.stackName}/${id}`,
      name: r.Properties?.EmailIdentity,
    })),
  );
  const recipients = stacks.flatMap((s) =>
    resourcesOf(s.template, 'AWS::SES::ReceiptRule').flatMap(([, r]) =>
      ((((r.Properties?.Rule as Json | undefined)?.Recipients as unknown[]) ?? []) as unknown[])
        .filter((x): x is string => typeof x === 'string')
        .map(lower),
    ),
  );
  if (identities.length !== 1 || typeof identities[0]?.name !== 'string') {
    finding(
      stacks.map((s) => s.stackName).join(', '),
      `expected exactly one SES email identity with a literal name, found ${identities.map((i) => `${i.where}=${show(i.name)}`).join(', ') || 'none'}`,
    );
    return findings;
  }
  const identity = lower(identities[0].name);
  if (recipients.length === 0)
    finding(stacks.map((s) => s.stackName).join(', '), 'no SES receipt rule names a recipient domain');

  for (const stack of stacks) {
    for (const [fnId, fn] of resourcesOf(stack.template, 'AWS::Lambda::Function')) {
      const where = `${stack.stackName}/${fnId}`;
      const env = ((fn.Properties?.Environment as Json | undefined)?.Variables ?? {}) as Record<
        string,
        unknown
      >;
      const sender = env[ENV.senderAddress];
      if (sender !== undefined) {
        const domain =
          typeof sender === 'string' ? lower(sender.slice(sender.lastIndexOf('@') + 1)) : undefined;
        if (domain !== identity) {
          finding(
            where,
            `${ENV.senderAddress}=${show(sender)} is not at the SES identity ${identity}: SES refuses it as unverified`,
          );
        }
      }
      const support = env[ENV.supportDomain];
      if (support !== undefined) {
        const domain = typeof support === 'string' ? lower(support) : undefined;
        if (domain === undefined || !recipients.includes(domain)) {
          finding(
            where,
            `${ENV.supportDomain}=${show(support)} is not a domain SES receives for (receipt rules: ${recipients.join(', ') || 'none'}): replies would go nowhere`,
          );
        } else if (!related(domain, identity)) {
          finding(
            where,
            `the support domain ${domain} and the sender identity ${identity} are unrelated domains: mail would come from one organisation and ask for replies at another`,
          );
        }
      }
    }
  }
  return findings;
}
