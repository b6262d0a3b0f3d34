/**
 * The SLA receipt (`GET /tickets/{id}/sla`) read tolerantly: per milestone cycle, the open segments counted, the
 * gaps with their reasons (the engine's `explainTarget` shapes: weekend / outside hours, a holiday by name, a
 * closure, a pause), pauses and breaches. Instants may come as ISO strings or epoch ms.
 */
import { ApiError, call } from './api.js';
import { parseInstant, type Span } from './time.js';

export interface GapReason {
  kind: string;
  name?: string;
  date?: string;
  status?: string;
}

export interface ReceiptCycle {
  milestone: string;
  cycle: number;
  start: number | null;
  due: number | null;
  within: string | null;
  segments: Span[];
  gaps: (Span & { reasons: GapReason[] })[];
  pauses: (Span & { status: string })[];
  breaches: number[];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function spans(list: unknown): Span[] {
  const out: Span[] = [];
  for (const item of arr(list)) {
    if (!isObj(item)) continue;
    const from = parseInstant(item.from ?? item.start);
    const to = parseInstant(item.to ?? item.end);
    if (from !== null && to !== null) out.push({ from, to });
  }
  return out;
}

function cycleOf(milestone: string, raw: Obj): ReceiptCycle {
  // The receipt's walk to the due instant (`upToDue`) is the whole picture; older or plainer shapes carry the
  // walk at the top level or under `explanation`.
  const walk = isObj(raw.upToDue) ? raw.upToDue : isObj(raw.explanation) ? raw.explanation : raw;
  const target = isObj(raw.target) ? raw.target : {};
  const gaps = arr(walk.gaps)
    .filter(isObj)
    .map((g) => {
      const [span] = spans([g]);
      return span ? { ...span, reasons: arr(g.reasons).filter(isObj) as unknown as GapReason[] } : null;
    })
    .filter((g): g is Span & { reasons: GapReason[] } => g !== null);
  const pauses = arr(raw.pauses)
    .filter(isObj)
    .map((p) => {
      const from = parseInstant(p.from ?? p.start);
      if (from === null) return null;
      return { from, to: parseInstant(p.to ?? p.end) ?? Number.NaN, status: String(p.status ?? '') };
    })
    .filter((p): p is Span & { status: string } => p !== null);
  const breaches = arr(raw.breaches)
    .map((b) => parseInstant(isObj(b) ? (b.at ?? b.breachedAt) : b))
    .filter((b): b is number => b !== null);
  for (const at of [parseInstant(isObj(raw.breach) ? raw.breach.at : null), parseInstant(raw.breachedAt)]) {
    if (at !== null && !breaches.includes(at)) breaches.push(at);
  }
  const within = target.within ?? raw.within;
  return {
    milestone: String(raw.milestone ?? raw.name ?? milestone),
    cycle: typeof raw.cycle === 'number' ? raw.cycle : 1,
    start: parseInstant(raw.startedAt ?? raw.start),
    due: parseInstant(walk.dueAt ?? raw.dueAt ?? raw.due),
    within: typeof within === 'string' ? within : null,
    segments: spans(walk.segments),
    gaps,
    pauses,
    breaches,
  };
}

export function normalizeReceipt(json: unknown): ReceiptCycle[] {
  const root = isObj(json) ? json : {};
  const out: ReceiptCycle[] = [];
  for (const m of arr(root.milestones ?? root.items ?? root.cycles)) {
    if (!isObj(m)) continue;
    const name = String(m.milestone ?? m.name ?? '');
    const cycles = arr(m.cycles);
    if (cycles.length > 0) for (const c of cycles.filter(isObj)) out.push(cycleOf(name, c));
    else out.push(cycleOf(name, m));
  }
  return out;
}

/** The receipt, or null when this deployment has no receipt route yet (the route's 404, not the ticket's). */
export async function loadReceipt(ticketId: string): Promise<ReceiptCycle[] | null> {
  try {
    return normalizeReceipt(await call(`/tickets/${encodeURIComponent(ticketId)}/sla`));
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'route_not_found' || error.status === 405)) return null;
    throw error;
  }
}
