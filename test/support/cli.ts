/**
 * Assertions around `runCli` shared by the CLI and spec-audit tests: a success prints JSON and nothing on
 * stderr; a failure exits 2 with nothing on stdout and exactly one line on stderr (SLA-SPEC section 5).
 */
import { expect } from 'vitest';
import { runCli } from '../../shared/cli/sla-cli.js';

export type Json = Record<string, unknown>;

export function ok(argv: string[]): Json {
  const result = runCli(argv);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as Json;
}

export function bad(argv: string[]): string {
  const result = runCli(argv);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  return result.stderr;
}
