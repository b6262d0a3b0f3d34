/**
 * `npm run mail:activate`, `mail:deactivate` and the check `npm run destroy` makes, against a fake of our own
 * port (`ActiveReceiptRuleSet`): one active rule set per account and region, as SES keeps it.
 */
import { describe, expect, it } from 'vitest';
import {
  type ActiveReceiptRuleSet,
  activateRuleSet,
  deactivateRuleSet,
  destroyGuard,
} from '../../../lib/operations/receipt-rule-sets.js';

class FakeSes implements ActiveReceiptRuleSet {
  readonly calls: string[] = [];
  constructor(public active: string | undefined) {}
  async current() {
    return this.active;
  }
  async activate(name: string) {
    this.calls.push(`activate ${name}`);
    this.active = name;
  }
  async deactivate() {
    this.calls.push('deactivate');
    this.active = undefined;
  }
}

const OURS = 'slasentinel-stateless-inbound';

describe('mail:activate', () => {
  it('activates our set when none is active', async () => {
    const ses = new FakeSes(undefined);
    expect(await activateRuleSet(ses, OURS, { replace: false })).toEqual({
      exitCode: 0,
      message: `receipt rule set ${OURS} is now active`,
    });
    expect(ses.active).toBe(OURS);
  });

  it("refuses to switch off another product's active set unless told to, and says which", async () => {
    const ses = new FakeSes('billing-inbound');
    const refused = await activateRuleSet(ses, OURS, { replace: false });
    expect(refused.exitCode).toBe(1);
    expect(refused.message).toContain('billing-inbound is active');
    expect(refused.message).toContain('--replace');
    expect(ses.calls).toEqual([]);
    const replaced = await activateRuleSet(ses, OURS, { replace: true });
    expect(replaced).toEqual({
      exitCode: 0,
      message: `receipt rule set ${OURS} is now active (it replaced billing-inbound)`,
    });
    expect(ses.active).toBe(OURS);
  });

  it('does nothing when ours is already active', async () => {
    const ses = new FakeSes(OURS);
    expect((await activateRuleSet(ses, OURS, { replace: false })).message).toContain('already active');
    expect(ses.calls).toEqual([]);
  });
});

describe('mail:deactivate', () => {
  it('deactivates ours, and never another set', async () => {
    const ours = new FakeSes(OURS);
    expect((await deactivateRuleSet(ours, OURS)).exitCode).toBe(0);
    expect(ours.active).toBeUndefined();
    const other = new FakeSes('billing-inbound');
    const result = await deactivateRuleSet(other, OURS);
    expect(result).toEqual({
      exitCode: 0,
      message: `receipt rule set ${OURS} is not active (billing-inbound is, and stays so); nothing to do`,
    });
    expect(other.calls).toEqual([]);
  });
});

describe('npm run destroy: the guard before cdk destroy', () => {
  it('stops while our set is active (SES cannot delete it) and says what to run', async () => {
    const result = await destroyGuard(new FakeSes(OURS), OURS);
    expect(result.exitCode).toBe(1);
    expect(result.message).toContain('npm run mail:deactivate');
  });

  it('lets the destroy go on when ours is not the active set', async () => {
    expect((await destroyGuard(new FakeSes(undefined), OURS)).exitCode).toBe(0);
    expect((await destroyGuard(new FakeSes('billing-inbound'), OURS)).exitCode).toBe(0);
  });
});
