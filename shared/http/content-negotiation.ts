/**
 * Which representation an `Accept` header asks for, by its q-values (RFC 9110 §12.5.1): a client that lists
 * `text/csv;q=0.1, application/json` prefers JSON, one that sends `text/csv` alone gets CSV. Only the two types
 * the API offers are weighed; wildcards never choose CSV (JSON is the default representation).
 */
function qualityOf(accept: string, type: string): number {
  let best = 0;
  for (const range of accept.split(',')) {
    const [media, ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    if (media !== type) continue;
    const q = params.find((p) => p.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    if (Number.isFinite(value)) best = Math.max(best, Math.min(1, Math.max(0, value)));
  }
  return best;
}

/** True when the client asks for `text/csv` at least as much as for `application/json`. */
export function prefersCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const csv = qualityOf(accept, 'text/csv');
  return csv > 0 && csv >= qualityOf(accept, 'application/json');
}
