// The flags of the operator commands (`reconcile-timers`, `backfill-outcomes`): string options each checked
// against a pattern that says what it must be, `--dry-run` and `--help`; strict, no positionals. A bad call is
// a `UsageError` whose message is the one line the command prints before exiting 2.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export type OptionPatterns = Record<string, { readonly pattern: RegExp; readonly what: string }>;

export type OperatorArgs<P extends OptionPatterns> = Partial<Record<keyof P & string, string>> & {
  'dry-run'?: boolean;
  help?: boolean;
};

/** Parses `argv`; unless `--help`, checks that every `required(values)` option is there and every value fits. */
export function parseOperatorArgs<P extends OptionPatterns>(
  argv: string[],
  patterns: P,
  required: (values: OperatorArgs<P>) => readonly (keyof P & string)[],
): OperatorArgs<P> {
  let values: OperatorArgs<P>;
  try {
    values = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...Object.fromEntries(Object.keys(patterns).map((name) => [name, { type: 'string' as const }])),
        'dry-run': { type: 'boolean' },
        help: { type: 'boolean' },
      },
    }).values as OperatorArgs<P>;
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help === true) return values;
  for (const name of required(values)) {
    if (values[name] === undefined) throw new UsageError(`--${name} is required: ${patterns[name]?.what}`);
  }
  for (const name of Object.keys(patterns) as (keyof P & string)[]) {
    const value = values[name];
    if (value !== undefined && !patterns[name]?.pattern.test(value)) {
      throw new UsageError(`--${name} ${JSON.stringify(value)} is not ${patterns[name]?.what}`);
    }
  }
  return values;
}

/**
 * What a command's `main` starts with: its flags, or the exit code once it printed why not (a bad call: one line
 * on stderr, 2) or its usage (`--help`: stdout, 0).
 */
export function readOperatorArgs<P extends OptionPatterns>(
  command: { name: string; usage: string },
  argv: string[],
  patterns: P,
  required: (values: OperatorArgs<P>) => readonly (keyof P & string)[],
): { values: OperatorArgs<P> } | { exitCode: number } {
  let values: OperatorArgs<P>;
  try {
    values = parseOperatorArgs(argv, patterns, required);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${command.name}: ${error.message} (--help for usage)\n`);
    return { exitCode: 2 };
  }
  if (values.help === true) {
    process.stdout.write(`${command.usage}\n`);
    return { exitCode: 0 };
  }
  return { values };
}

/** The last line a command logs when an AWS call stopped it: `stopped: <error name>: <message>`. */
export function stoppedLine(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `stopped: ${e.name ?? 'Error'}: ${e.message ?? String(error)}`;
}
