/**
 * The layers the tree shows, enforced: every import of every source file under shared/, lambdas/, bin/ and lib/
 * is checked against the rules below, and every such file against the 500-line budget. A violation names the
 * file, the import and the rule. (Tests are not checked: they wire adapters and emulators on purpose.)
 *
 *   shared/sla/                      the SLA engine: imports only itself (and libraries)
 *   shared/<use case>/               tickets, tenants, timers, notifications, inbound (+ auth, http, cli, ...):
 *                                    no AWS SDK, no Powertools, no adapters, composition, local runtime, lambdas
 *   shared/adapters/                 the only home of the runtime's AWS SDK and Powertools code (bin/ and
 *                                    lib/operations, operator tooling, may call AWS directly); implements ports
 *   shared/composition/              wires adapters to use cases, for the Lambdas and the local runtime
 *   shared/local/                    the local runtime (uses composition)
 *   lambdas/                         thin handlers: composition roots come from shared/composition
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../../..');
const SOURCE_ROOTS = ['shared', 'lambdas', 'bin', 'lib'];
const LINE_BUDGET = 500;

interface Rule {
  name: string;
  /** Files the rule applies to (repo-relative, forward slashes). */
  files: RegExp;
  /** What they may not import: a package name, or a repo-relative path for relative imports. */
  forbidden: RegExp;
  why: string;
}

const USE_CASES = /^shared\/(?!adapters\/|composition\/|local\/)/;

const RULES: Rule[] = [
  {
    name: 'engine-is-pure',
    files: /^shared\/sla\//,
    // shared/zod.ts is not the product: it is the one way in to the zod library (zod/mini, messages configured),
    // which the engine's calendar and policy schemas use like any package.
    forbidden:
      /^(shared\/(?!sla\/|zod\.js$)|lambdas\/|bin\/|lib\/|@aws-sdk\/|@aws-lambda-powertools\/|aws-lambda$)/,
    why: 'the SLA engine imports nothing of the product: time is an argument, no I/O',
  },
  {
    name: 'aws-only-in-adapters',
    // The runtime code. Operator tooling (bin/ commands, lib/operations) runs at deploy time with the
    // operator's credentials and may call AWS directly.
    files: /^(shared\/(?!adapters\/)|lambdas\/)/,
    forbidden: /^(@aws-sdk\/|@aws-lambda-powertools\/)/,
    why: 'AWS SDK and Powertools code lives under shared/adapters/ (re-export a type from there if one is needed)',
  },
  {
    name: 'use-cases-know-no-outside',
    files: USE_CASES,
    forbidden: /^(shared\/(adapters|composition|local)\/|lambdas\/|bin\/|lib\/)/,
    why: 'use cases talk through their ports.ts; adapters, composition, the local runtime and Lambdas depend on them, never the reverse',
  },
  {
    name: 'use-cases-take-no-lambda-events',
    files: /^shared\/(sla|tickets|tenants|timers|notifications|inbound|reports)\//,
    forbidden: /^aws-lambda$/,
    why: 'Lambda event shapes are decoded at the edge (shared/adapters, shared/composition, shared/http)',
  },
  {
    name: 'adapters-know-no-wiring',
    files: /^shared\/adapters\//,
    forbidden: /^(shared\/(composition|local)\/|lambdas\/|bin\/|lib\/)/,
    why: 'an adapter implements a port; choosing adapters is the composition roots’ job',
  },
  {
    name: 'composition-is-shared',
    files: /^shared\/composition\//,
    forbidden: /^(shared\/local\/|lambdas\/|bin\/|lib\/)/,
    why: 'the Lambdas and the local runtime both use the composition roots, so they cannot depend on either',
  },
  {
    name: 'shared-imports-no-deployable',
    files: /^shared\//,
    forbidden: /^(lambdas\/|bin\/|lib\/)/,
    why: 'shared code never imports a Lambda, a command or the CDK app',
  },
  {
    name: 'handlers-are-thin',
    files: /^lambdas\//,
    forbidden: /^shared\/(adapters|local)\//,
    why: 'a handler gets its wiring from shared/composition',
  },
];

/** Every module specifier a source imports or re-exports (static and dynamic). */
function importsOf(source: string): string[] {
  const specs: string[] = [];
  const pattern =
    /(?:^|[\s;])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;
  for (const m of source.matchAll(pattern)) specs.push((m[1] ?? m[2] ?? m[3]) as string);
  return specs;
}

/** A specifier as the rules see it: a repo-relative path for relative imports, the package name otherwise. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return posix.normalize(posix.join(posix.dirname(file), spec));
}

function violations(file: string, source: string, rules: Rule[] = RULES): string[] {
  const found: string[] = [];
  for (const spec of importsOf(source)) {
    const to = target(file, spec);
    for (const rule of rules) {
      if (rule.files.test(file) && rule.forbidden.test(to)) {
        found.push(`${file} imports '${spec}': rule ${rule.name} (${rule.why})`);
      }
    }
  }
  return found;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|mts|mjs)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const FILES = SOURCE_ROOTS.flatMap(sourceFiles);

describe('layers', () => {
  it('finds the sources it checks', () => {
    expect(FILES).toContain('shared/tickets/ticket-service.ts');
    expect(FILES).toContain('lambdas/api/handler.ts');
    expect(FILES.length).toBeGreaterThan(100);
  });

  it('names the file, the import and the rule of a violation', () => {
    const source =
      "import { ScanCommand } from '@aws-sdk/client-dynamodb';\nimport { x } from '../local/runtime.js';\n";
    expect(violations('shared/timers/reconcile.ts', source)).toEqual([
      "shared/timers/reconcile.ts imports '@aws-sdk/client-dynamodb': rule aws-only-in-adapters (AWS SDK and Powertools code lives under shared/adapters/ (re-export a type from there if one is needed))",
      "shared/timers/reconcile.ts imports '../local/runtime.js': rule use-cases-know-no-outside (use cases talk through their ports.ts; adapters, composition, the local runtime and Lambdas depend on them, never the reverse)",
    ]);
    expect(
      violations('shared/local/smtp.ts', "import { h } from '../../lambdas/inbound-email/handler.js';"),
    ).toEqual([
      "shared/local/smtp.ts imports '../../lambdas/inbound-email/handler.js': rule shared-imports-no-deployable (shared code never imports a Lambda, a command or the CDK app)",
    ]);
    expect(
      violations('shared/adapters/dynamodb/x.ts', "import type { A } from '@aws-sdk/client-dynamodb';"),
    ).toEqual([]);
    expect(violations('shared/sla/policy-schema.ts', "import * as z from '../zod.js';")).toEqual([]);
    expect(violations('shared/sla/x.ts', "import { t } from '../tickets/ticket.js';")).toEqual([
      expect.stringContaining('rule engine-is-pure'),
    ]);
    expect(
      importsOf("export { a } from './a.js';\nconst m = await import('./b.js');\nimport './c.js';"),
    ).toEqual(['./a.js', './b.js', './c.js']);
  });

  it('every source file keeps the import rules', () => {
    const found = FILES.flatMap((file) => violations(file, readFileSync(join(ROOT, file), 'utf8')));
    expect(found).toEqual([]);
  });

  it("the README's Where things live table names every folder of shared/", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Where things live'), readme.indexOf('## Tests'));
    const folders = readdirSync(join(ROOT, 'shared'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => `shared/${e.name}/`);
    expect(folders.filter((folder) => !table.includes(`\`${folder}\``))).toEqual([]);
  });

  it(`every source file under ${SOURCE_ROOTS.join(', ')} has at most ${LINE_BUDGET} lines`, () => {
    const over = FILES.map((file) => ({
      file,
      lines: readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1,
    }))
      .filter(({ lines }) => lines > LINE_BUDGET)
      .map(({ file, lines }) => `${file}: ${lines} lines (budget ${LINE_BUDGET}: split it by concept)`);
    expect(over).toEqual([]);
  });
});
