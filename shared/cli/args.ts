/**
 * A tiny, strict flag parser for the `sla` command: `--name value` or `--name=value`, every flag known in
 * advance, no positional arguments after the subcommand. Strictness is the point: a mistyped flag must fail
 * loudly instead of being ignored and silently yielding a different deadline.
 */

/** A mistake in how the command was called (exit code 2, one line on stderr). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export interface FlagSpec {
  readonly required: readonly string[];
  readonly optional: readonly string[];
}

export function parseFlags(command: string, args: readonly string[], spec: FlagSpec): Record<string, string> {
  const known = new Set([...spec.required, ...spec.optional]);
  const values: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(`sla ${command}: unexpected argument ${JSON.stringify(arg)}`);
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    if (!known.has(name)) {
      const allowed = [...known].map((f) => `--${f}`).join(', ') || 'none';
      throw new UsageError(`sla ${command}: unknown option --${name} (allowed: ${allowed})`);
    }
    let value: string | undefined;
    if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      value = args[i + 1];
      if (value === undefined || value.startsWith('--')) {
        throw new UsageError(`sla ${command}: option --${name} needs a value`);
      }
      i++;
    }
    if (value === '') throw new UsageError(`sla ${command}: option --${name} needs a value`);
    if (name in values) throw new UsageError(`sla ${command}: option --${name} given twice`);
    values[name] = value;
  }
  for (const name of spec.required) {
    if (!(name in values)) throw new UsageError(`sla ${command}: missing required option --${name}`);
  }
  return values;
}
