/**
 * The SES receipt rule set's name, from the stack that owns it: the construct names the set with it and the
 * `mail:activate` / `mail:deactivate` / `destroy` commands find the set by it, without reading stack outputs.
 */
export function receiptRuleSetName(stackName: string): string {
  return `${stackName}-inbound`.toLowerCase().replace(/[^a-z0-9_-]/g, '-');
}
