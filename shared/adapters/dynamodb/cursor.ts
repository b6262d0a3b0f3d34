/**
 * Opaque listing cursors: base64url JSON of the index and its LastEvaluatedKey. On the way back in the cursor
 * is checked against the listing it claims to continue (same index, same tenant partition, only key
 * attributes): a tampered cursor is a 400, never a query into someone else's partition.
 */
import { InvalidCursorError } from '../../tickets/errors.js';
import { TABLE_KEYS } from './table.js';

export interface CursorScope {
  index: string;
  /** Key attribute -> the value it must have (partition keys), or a prefix it must start with. */
  exact: Record<string, string>;
  prefixes: Record<string, string>;
  /** Every attribute the key holds. */
  attributes: readonly string[];
}

const MAX_KEY_VALUE_BYTES = 1024;

export function encodeCursor(index: string, lastKey: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify({ i: index, k: lastKey }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string, scope: CursorScope): Record<string, string> {
  let parsed: unknown;
  try {
    if (!/^[A-Za-z0-9_-]+$/.test(cursor) || cursor.length > 2048) throw new Error('shape');
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidCursorError();
  }
  if (typeof parsed !== 'object' || parsed === null) throw new InvalidCursorError();
  const { i, k } = parsed as { i?: unknown; k?: unknown };
  if (i !== scope.index || typeof k !== 'object' || k === null || Array.isArray(k))
    throw new InvalidCursorError();
  const key = k as Record<string, unknown>;
  const names = Object.keys(key).sort();
  const expected = [...scope.attributes].sort();
  if (names.length !== expected.length || names.some((n, idx) => n !== expected[idx]))
    throw new InvalidCursorError();
  // DynamoDB refuses an empty key value and one over its key-size limit as a start key: the client's bad cursor
  // (400), never a failed query (500). 1024 bytes is the sort-key limit; our keys are far shorter.
  for (const name of names) {
    const value = key[name];
    if (typeof value !== 'string' || value === '' || Buffer.byteLength(value, 'utf8') > MAX_KEY_VALUE_BYTES)
      throw new InvalidCursorError();
  }
  for (const [name, value] of Object.entries(scope.exact))
    if (key[name] !== value) throw new InvalidCursorError();
  for (const [name, prefix] of Object.entries(scope.prefixes)) {
    if (!(key[name] as string).startsWith(prefix)) throw new InvalidCursorError();
  }
  return key as Record<string, string>;
}

export const BASE_KEY_ATTRIBUTES = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey] as const;
