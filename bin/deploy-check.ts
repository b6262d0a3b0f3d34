#!/usr/bin/env node
/**
 * `npm run deploy:check -- -c domain=support.acme.example [-c key=value ...]`: synthesizes both stacks as
 * `cdk deploy` would (context from cdk.json, then `-c`; cdk-nag included; bundling skipped, since no check
 * reads the bundles) and runs lib/deploy-checks on the templates and README.md. One line per finding; exit 1
 * on any finding, 2 on a configuration error, 0 when every check passes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App } from 'aws-cdk-lib';
import { buildSlaSentinel, STACK_NAMES } from '../lib/app.js';
import { InvalidConfigError } from '../lib/config.js';
import { CHECK_DESCRIPTIONS, DEPLOY_CHECKS, runDeployChecks } from '../lib/deploy-checks/index.js';

const root = resolve(import.meta.dirname, '..');

/** `-c key=value`, `--context key=value` and `--context=key=value`, as the cdk CLI takes them. */
export function contextFromArgs(args: readonly string[]): Record<string, string> {
  const context: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    let pair: string | undefined;
    if (arg === '-c' || arg === '--context') pair = args[++i];
    else if (arg.startsWith('--context=')) pair = arg.slice('--context='.length);
    else throw new InvalidConfigError([`${arg}: unknown argument (give context as -c key=value)`]);
    const eq = pair?.indexOf('=') ?? -1;
    if (pair === undefined || eq <= 0)
      throw new InvalidConfigError([`${arg} ${pair ?? ''}: expected key=value`]);
    context[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return context;
}

function main(): number {
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const outdir = mkdtempSync(join(tmpdir(), 'sla-deploy-check-'));
  try {
    const cdkJson = JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as {
      context?: Record<string, unknown>;
    };
    const app = new App({
      outdir,
      context: {
        ...cdkJson.context,
        ...contextFromArgs(process.argv.slice(2)),
        'aws:cdk:bundling-stacks': [],
      },
    });
    buildSlaSentinel(app);
    const assembly = app.synth();
    const stack = (name: string) => ({ stackName: name, template: assembly.getStackByName(name).template });
    const findings = runDeployChecks({
      stateful: stack(STACK_NAMES.stateful),
      stateless: stack(STACK_NAMES.stateless),
      readme: readFileSync(join(root, 'README.md'), 'utf8'),
    });
    for (const check of Object.values(DEPLOY_CHECKS)) {
      const mine = findings.filter((f) => f.check === check);
      if (mine.length === 0) log(`deploy:check  ok    ${check}: ${CHECK_DESCRIPTIONS[check]}`);
      for (const f of mine) log(`deploy:check  FAIL  ${check}  ${f.where}: ${f.message}`);
    }
    log(
      `deploy:check: ${findings.length} finding${findings.length === 1 ? '' : 's'} (${Object.keys(DEPLOY_CHECKS).length} checks on ${STACK_NAMES.stateful}, ${STACK_NAMES.stateless})`,
    );
    return findings.length === 0 ? 0 : 1;
  } catch (error) {
    if (error instanceof InvalidConfigError) {
      process.stderr.write(`deploy:check: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

process.exitCode = main();
