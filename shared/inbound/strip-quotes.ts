/**
 * Reply text without the history it quotes and without the signature, where the two can be told apart
 * from the new text. Mail clients mark history in a handful of ways (attribution lines, separators,
 * Outlook header blocks, `>` prefixes); when the markers are ambiguous (interleaved answers between
 * quoted lines, nothing left above the cut) the text is kept whole: an over-long comment is better than a
 * lost answer.
 */

const ATTRIBUTION_PATTERNS: RegExp[] = [
  // Gmail/Apple Mail/Thunderbird (en): "On Tue, 3 Mar 2026 at 10:02, Anna <anna@x.it> wrote:"
  /^On\b.{0,300}\bwrote:\s*$/i,
  // Gmail (it): "Il giorno mar 3 mar 2026 alle ore 10:02 Anna <...> ha scritto:"; Thunderbird (it): "Il 03/03/26 10:02, Anna ha scritto:"
  /^Il\b.{0,300}\bha scritto:\s*$/i,
  /^Le\b.{0,300}\ba écrit\s*:\s*$/i,
  /^Am\b.{0,300}\bschrieb\b.{0,200}:\s*$/i,
  /^El\b.{0,300}\bescribió:\s*$/i,
];

const SEPARATOR =
  /^\s*-{2,}\s*(Original Message|Messaggio originale|Message d'origine|Ursprüngliche Nachricht|Mensaje original)\s*-{2,}\s*$/i;
const OUTLOOK_FROM = /^\s*\*?(From|Da|De|Von):\*?\s+\S/i;
const OUTLOOK_SENT = /^\s*\*?(Sent|Date|Inviato|Data|Envoyé|Gesendet|Enviado):\*?\s+\S/i;
const OUTLOOK_RULE = /^\s*_{8,}\s*$/;
const QUOTED = /^\s*>/;
const SIGNATURE_DELIMITER = /^-- ?$/;
const MOBILE_SIGNATURE =
  /^(Sent from my .{1,40}|Sent from (Outlook|Mail) for .{1,40}|Get Outlook for .{1,40}|Inviato da(l mio)? .{1,40}|Envoyé de mon .{1,40})$/i;
/** A signature longer than this is more likely text after a stray `--`. */
const MAX_SIGNATURE_LINES = 12;

function hasContent(lines: string[]): boolean {
  return lines.some((l) => l.trim() !== '');
}

function attributionAt(lines: string[], i: number): boolean {
  const line = lines[i]!.trim();
  if (ATTRIBUTION_PATTERNS.some((p) => p.test(line))) return true;
  // Gmail wraps long attributions: "On Tue, 3 Mar 2026 at 10:02, Anna Rossi <\nanna@x.it> wrote:"
  const next = lines[i + 1];
  if (next === undefined) return false;
  const joined = `${line} ${next.trim()}`;
  return /^(On|Il|Le|Am|El)\b/i.test(line) && ATTRIBUTION_PATTERNS.some((p) => p.test(joined));
}

function historyStart(lines: string[]): number | undefined {
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (attributionAt(lines, i) || SEPARATOR.test(line)) return i;
    if (OUTLOOK_FROM.test(line) && lines.slice(i + 1, i + 6).some((l) => OUTLOOK_SENT.test(l))) {
      return i > 0 && OUTLOOK_RULE.test(lines[i - 1]!) ? i - 1 : i;
    }
    if (OUTLOOK_RULE.test(line) && lines[i + 1] !== undefined && OUTLOOK_FROM.test(lines[i + 1]!)) return i;
    if (QUOTED.test(line)) {
      // Only a trailing block of quotes is history; answers interleaved between quotes are kept whole.
      const rest = lines.slice(i);
      const interleaved = rest.some((l) => l.trim() !== '' && !QUOTED.test(l));
      return interleaved ? undefined : i;
    }
  }
  return undefined;
}

function stripSignature(lines: string[]): string[] {
  let end = lines.length;
  while (end > 0 && lines[end - 1]!.trim() === '') end--;
  if (end > 0 && MOBILE_SIGNATURE.test(lines[end - 1]!.trim())) end--;
  const body = lines.slice(0, end);
  for (let i = body.length - 1; i > 0; i--) {
    if (SIGNATURE_DELIMITER.test(body[i]!)) {
      if (body.length - i - 1 <= MAX_SIGNATURE_LINES && hasContent(body.slice(0, i))) return body.slice(0, i);
      break;
    }
  }
  return body;
}

export interface StrippedReply {
  text: string;
  /** True when quoted history or a signature was removed. */
  stripped: boolean;
}

export function stripQuotedReply(text: string): StrippedReply {
  const original = text.replace(/\r\n/g, '\n');
  let lines = original.split('\n');
  const cut = historyStart(lines);
  if (cut !== undefined && hasContent(lines.slice(0, cut))) lines = lines.slice(0, cut);
  lines = stripSignature(lines);
  const result = lines.join('\n').trim();
  if (result === '') return { text: original.trim(), stripped: false };
  return { text: result, stripped: result !== original.trim() };
}
