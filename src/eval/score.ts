/** Scoring rules of the evaluation, shared by the runner and the tests. */
import { normalizeForMatch } from '../text/index.ts';

/** True when every string of at least one alternative appears in the text (width and spacing normalised). */
export function satisfies(text: string, expect: string[][]): boolean {
  const hay = normalizeForMatch(text);
  return expect.some((alt) => alt.every((s) => hay.includes(normalizeForMatch(s))));
}

/** 1/rank of the first passage that satisfies the expectation, 0 when none does. */
export function reciprocalRank(passages: string[], expect: string[][]): number {
  const i = passages.findIndex((p) => satisfies(p, expect));
  return i < 0 ? 0 : 1 / (i + 1);
}

export function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  // For 0 < p <= 100 the index is within the non-empty sorted list.
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}
