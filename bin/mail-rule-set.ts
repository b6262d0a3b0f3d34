// `npm run mail:activate [-- --replace]`, `npm run mail:deactivate`, and the check `npm run destroy` runs first
// (`guard-destroy`): see lib/operations/receipt-rule-sets.ts. They act on the stateless stack's receipt rule
// set, in the region and account of your AWS profile (AWS_REGION / AWS_PROFILE, as `cdk` uses). Exit 0: done or
// nothing to do; 1: refused (one line saying why); 2: bad arguments.
import { SESClient } from '@aws-sdk/client-ses';
import { STACK_NAMES } from '../lib/app.js';
import {
  activateRuleSet,
  deactivateRuleSet,
  destroyGuard,
  type OperationResult,
  SesActiveReceiptRuleSet,
} from '../lib/operations/receipt-rule-sets.js';
import { receiptRuleSetName } from '../lib/receipt-rule-set-name.js';
import { withoutSdkLogFilter } from '../shared/adapters/sdk-client.js';

const USAGE = 'usage: tsx bin/mail-rule-set.ts activate [--replace] | deactivate | guard-destroy';

async function main(argv: string[]): Promise<number> {
  const [command, ...flags] = argv;
  const replace = flags.includes('--replace');
  const unknown = flags.filter((f) => !(command === 'activate' && f === '--replace'));
  if (unknown.length > 0 || !['activate', 'deactivate', 'guard-destroy'].includes(command ?? '')) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const ses = new SesActiveReceiptRuleSet(withoutSdkLogFilter(new SESClient({})));
  const name = receiptRuleSetName(STACK_NAMES.stateless);
  let result: OperationResult;
  if (command === 'activate') result = await activateRuleSet(ses, name, { replace });
  else if (command === 'deactivate') result = await deactivateRuleSet(ses, name);
  else result = await destroyGuard(ses, name);
  (result.exitCode === 0 ? process.stdout : process.stderr).write(`${result.message}\n`);
  return result.exitCode;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  // No region or credentials, access denied, throttling: one line, not a stack trace.
  const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
  process.stderr.write(
    `mail-rule-set: ${name}: ${message} (the region and credentials come from your AWS profile, as for cdk)\n`,
  );
  process.exitCode = 1;
}
