/**
 * The grounding check: a generated answer may only say what its passages say.
 * Every number, date, amount, phone number, e-mail, web address, document name or number and
 * quoted phrase in the answer must appear in the passages, every passage mark [n] must exist,
 * and there must be at least one mark. Pure function: no I/O, no model.
 */
import { canonical } from './normalize.ts';
import { extractFacts, stripMarks, type Facts } from './facts.ts';

/** What the check decided; `reasons` are short codes for the staff log (e.g. `number:13件`, `mark:5`). */
export interface GroundingResult {
  ok: boolean;
  reasons: string[];
}

export interface GroundingOptions {
  /**
   * Texts the answer must not repeat (the system prompt's rules): any run of `leakWindow`
   * characters found in them and not in the passages fails the check as `prompt-leak`.
   */
  forbidden?: string[];
  /** Length of the runs compared for leaks (default 12 characters). */
  leakWindow?: number;
}

function evidenceOf(passages: string[]) {
  // Passages are read one by one so that a date's year is never inherited across passages.
  const all = passages.map((p) => extractFacts(p, 'evidence'));
  const union = <T>(pick: (f: Facts) => T[]) => all.flatMap(pick);
  return {
    text: all.map((f) => f.text).join('\u0000'),
    dates: new Set(union((f) => f.dates)),
    times: new Set(union((f) => f.times)),
    phones: union((f) => f.phones),
    emails: new Set(union((f) => f.emails)),
    quantities: new Set(union((f) => f.quantities).map((q) => `${q.value}|${q.unit}`)),
    values: new Set(union((f) => f.quantities).map((q) => q.value)),
  };
}

function findLeak(answer: string, evidenceText: string, forbidden: string[], window: number): string | null {
  const text = canonical(stripMarks(answer));
  const rules = forbidden.map(canonical);
  for (let i = 0; i + window <= text.length; i++) {
    const run = text.slice(i, i + window);
    if (rules.some((r) => r.includes(run)) && !evidenceText.includes(run)) return run;
  }
  return null;
}

/**
 * Checks a generated answer against the passages it was given (numbered from 1 in this order).
 * @param answer the model's text, with its [n] marks
 * @param passages the passage texts (include title and section: the model saw them too)
 */
export function checkGrounding(answer: string, passages: string[], options: GroundingOptions = {}): GroundingResult {
  const reasons: string[] = [];
  if (!answer.trim()) return { ok: false, reasons: ['empty'] };

  const claims = extractFacts(answer, 'claim');
  const evidence = evidenceOf(passages);

  if (claims.marks.length === 0) reasons.push('no-marks');
  for (const n of new Set(claims.marks)) if (n < 1 || n > passages.length) reasons.push(`mark:${n}`);

  for (const q of claims.quotes) if (!evidence.text.includes(q)) reasons.push(`quote:${q}`);
  for (const t of claims.titles) if (!evidence.text.includes(t)) reasons.push(`document:${t}`);
  for (const d of claims.docNumbers) if (!evidence.text.includes(d.prefix + d.core)) reasons.push(`docnumber:${d.prefix}${d.core}`);
  for (const e of claims.emails) if (!evidence.emails.has(e)) reasons.push(`email:${e}`);
  for (const u of claims.urls) if (!evidence.text.includes(u)) reasons.push(`url:${u}`);
  for (const p of claims.phones) {
    // A number written without its area code still matches (5237226 ↔ 0635-5237226).
    if (!evidence.phones.some((known) => known === p || known.endsWith(p))) reasons.push(`phone:${p}`);
  }
  for (const d of claims.dates) if (!evidence.dates.has(d)) reasons.push(`date:${d}`);
  for (const t of claims.times) if (!evidence.times.has(t)) reasons.push(`time:${t}`);
  for (const q of claims.quantities) {
    const known = q.unit ? evidence.quantities.has(`${q.value}|${q.unit}`) : evidence.values.has(q.value);
    if (!known) reasons.push(`number:${q.value}${q.unit}`);
  }

  if (options.forbidden?.length) {
    const leak = findLeak(answer, evidence.text, options.forbidden, options.leakWindow ?? 12);
    if (leak) reasons.push(`prompt-leak:${leak}`);
  }
  return { ok: reasons.length === 0, reasons: [...new Set(reasons)] };
}
