/**
 * Activating and deactivating the stack's SES receipt rule set, and the check `npm run destroy` makes first.
 * An account has one active rule set per region: activating ours switches off any other (another product's
 * mail), so activation refuses to replace one unless told to, and deactivation touches nothing but ours. SES
 * cannot delete the active rule set, so destroying the stateless stack while ours is active would fail half
 * way; the destroy guard stops before CloudFormation starts.
 */
import {
  DescribeActiveReceiptRuleSetCommand,
  type SESClient,
  SetActiveReceiptRuleSetCommand,
} from '@aws-sdk/client-ses';

/** The one piece of SES (v1: receiving has no v2 API) these operations need. */
export interface ActiveReceiptRuleSet {
  /** The name of the active rule set of this account and region, if any. */
  current(): Promise<string | undefined>;
  activate(name: string): Promise<void>;
  /** Leaves no rule set active. */
  deactivate(): Promise<void>;
}

export interface OperationResult {
  /** 0 done (or nothing to do), 1 refused. */
  readonly exitCode: 0 | 1;
  readonly message: string;
}

export async function activateRuleSet(
  ses: ActiveReceiptRuleSet,
  name: string,
  options: { replace: boolean },
): Promise<OperationResult> {
  const current = await ses.current();
  if (current === name) return { exitCode: 0, message: `receipt rule set ${name} is already active` };
  if (current !== undefined && !options.replace) {
    return {
      exitCode: 1,
      message: `receipt rule set ${current} is active in this account and region; activating ${name} would stop the mail it receives. Merge its rules into ${name} or run again with --replace`,
    };
  }
  await ses.activate(name);
  return {
    exitCode: 0,
    message: `receipt rule set ${name} is now active${current ? ` (it replaced ${current})` : ''}`,
  };
}

export async function deactivateRuleSet(ses: ActiveReceiptRuleSet, name: string): Promise<OperationResult> {
  const current = await ses.current();
  if (current !== name) {
    return {
      exitCode: 0,
      message: `receipt rule set ${name} is not active (${current ? `${current} is, and stays so` : 'none is'}); nothing to do`,
    };
  }
  await ses.deactivate();
  return { exitCode: 0, message: `receipt rule set ${name} deactivated: SES no longer receives mail for it` };
}

/** Whether `cdk destroy` of the stack that owns `name` can succeed as far as SES receiving is concerned. */
export async function destroyGuard(ses: ActiveReceiptRuleSet, name: string): Promise<OperationResult> {
  if ((await ses.current()) !== name)
    return { exitCode: 0, message: `receipt rule set ${name} is not active` };
  return {
    exitCode: 1,
    message: `receipt rule set ${name} is active and SES cannot delete an active rule set: run npm run mail:deactivate first (SES then stops receiving for the support domain)`,
  };
}

/** SES's receipt rule set API behind the port. */
export class SesActiveReceiptRuleSet implements ActiveReceiptRuleSet {
  constructor(private readonly client: SESClient) {}

  async current(): Promise<string | undefined> {
    const result = await this.client.send(new DescribeActiveReceiptRuleSetCommand({}));
    return result.Metadata?.Name;
  }

  async activate(name: string): Promise<void> {
    await this.client.send(new SetActiveReceiptRuleSetCommand({ RuleSetName: name }));
  }

  async deactivate(): Promise<void> {
    // SetActiveReceiptRuleSet without a name deactivates every rule set.
    await this.client.send(new SetActiveReceiptRuleSetCommand({}));
  }
}
