/**
 * Character bigrams. Two extractions, because two callers were tuned on them:
 *
 * - {@link charBigrams}: the retrieval analyzer's index and query terms. Normalises first and takes bigrams inside
 *   each run of Han characters, letters and digits (none across punctuation); a one-character run gives none.
 * - {@link bigramSet}: near-duplicate grouping, on a question already normalised by the desk (punctuation gone, the
 *   masker's `*` kept). Bigrams across the whole string; a one-character question is its own gram, so 啊 / 啊 match.
 *
 * The one similarity is {@link bigramJaccard} (the grouping threshold, 0.7, is tuned on it).
 */
import { normalizeForMatch } from './normalize.ts';

/** Character bigrams of the CJK/alphanumeric runs of a text (in order, repeats kept). */
export function charBigrams(text: string): string[] {
  const out: string[] = [];
  for (const run of normalizeForMatch(text).match(/[\p{Script=Han}a-z0-9]+/gu) ?? []) {
    const chars = [...run];
    for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
  }
  return out;
}

/** The set of bigrams of an already normalised string; a single character stands for itself. */
export function bigramSet(normalized: string): Set<string> {
  const chars = [...normalized];
  const out = new Set<string>();
  const [only] = chars;
  if (chars.length === 1 && only !== undefined) out.add(only);
  for (let i = 0; i + 1 < chars.length; i += 1) out.add(chars[i]! + chars[i + 1]!);
  return out;
}

/** Jaccard similarity of two sets (0..1); two empty sets are equal (1). */
export function jaccard(A: Set<string>, B: Set<string>): number {
  if (A.size === 0 && B.size === 0) return 1;
  let inter = 0;
  for (const g of A) if (B.has(g)) inter += 1;
  return inter / (A.size + B.size - inter);
}

/** Character-bigram Jaccard similarity of two normalised strings (0..1). */
export function bigramJaccard(a: string, b: string): number {
  return jaccard(bigramSet(a), bigramSet(b));
}
