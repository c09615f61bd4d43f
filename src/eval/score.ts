/** Scoring rules of the evaluation, shared by the runner and the threshold calibration. */
import { normalizeForMatch } from '../retrieval/text.ts';

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
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export interface Outcome {
  answerable: boolean;
  /** Best evidence score (coverage) of the question. */
  confidence: number;
  /** Answerable: the shown text satisfies the expectation when answered. */
  shownOk: boolean;
}

/**
 * The threshold that maximises answerable hits plus out-of-scope abstentions; among equally good
 * thresholds the middle of the widest best range is taken, so the margin is as large as the data allows.
 */
export function calibrateThreshold(outcomes: Outcome[]): { threshold: number; hits: number; abstained: number } {
  const candidates = [...new Set(outcomes.map((o) => o.confidence))].sort((a, b) => a - b);
  const steps = [0, ...candidates.map((c, i) => (i + 1 < candidates.length ? (c + candidates[i + 1]) / 2 : c + 1e-3))];
  let best = { score: -1, lo: 0, hi: 0, hits: 0, abstained: 0 };
  const evalAt = (t: number) => {
    let hits = 0;
    let abstained = 0;
    for (const o of outcomes) {
      if (o.answerable && o.confidence >= t && o.shownOk) hits++;
      if (!o.answerable && o.confidence < t) abstained++;
    }
    return { hits, abstained };
  };
  for (const t of steps) {
    const { hits, abstained } = evalAt(t);
    const score = hits + abstained;
    if (score > best.score) best = { score, lo: t, hi: t, hits, abstained };
    else if (score === best.score) best.hi = t;
  }
  let threshold = Math.round(((best.lo + best.hi) / 2) * 1000) / 1000;
  // The best scores may form separate ranges; fall back to the first one when the middle is worse.
  const mid = evalAt(threshold);
  if (mid.hits + mid.abstained < best.score) threshold = best.lo;
  return { threshold, ...evalAt(threshold) };
}
