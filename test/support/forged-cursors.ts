/**
 * Cursors forged from a real one: every key value in turn made empty, a number or longer than DynamoDB takes
 * for a key. Each must be refused as `invalid_cursor` (400), never reach DynamoDB as a start key (a 500).
 */
export function forgedCursors(cursor: string): { label: string; cursor: string }[] {
  const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as {
    i: string;
    k: Record<string, unknown>;
  };
  const out: { label: string; cursor: string }[] = [];
  for (const name of Object.keys(decoded.k)) {
    for (const [label, value] of [
      ['empty', ''],
      ['number', 5],
      ['oversized', 'x'.repeat(1100)],
    ] as const) {
      const k = { ...decoded.k, [name]: value };
      out.push({
        label: `${name} ${label}`,
        cursor: Buffer.from(JSON.stringify({ i: decoded.i, k })).toString('base64url'),
      });
    }
  }
  return out;
}
