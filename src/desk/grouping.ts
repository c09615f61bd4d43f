/**
 * Near-duplicate detection for open items, so staff answer a group of the
 * same question once. Deliberately conservative: a group reply is delivered
 * to every citizen in the group, so a wrong match sends someone an answer to
 * a question they did not ask.
 */
import { toHalfWidth } from './mask.ts';

/** Bigram Jaccard at or above this joins a group (after filler words are dropped). */
export const GROUP_SIMILARITY = 0.7;

// Politeness and particles that change nothing about what is asked.
const FILLER = /请问一下|请问|问一下|你好|您好|麻烦|谢谢|一下|想知道|想问|我想|我们|咱们|的|了|吗|呢|吧|啊|呀/g;

/** The form two questions are compared in: half-width, lower case, no punctuation, spaces or filler. */
export function normalizeQuestion(text: string): string {
  return toHalfWidth(text)
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]/gu, '')
    .replace(FILLER, '');
}

function bigrams(s: string): Set<string> {
  const chars = [...s];
  const out = new Set<string>();
  if (chars.length === 1) out.add(chars[0]);
  for (let i = 0; i + 1 < chars.length; i += 1) out.add(chars[i] + chars[i + 1]);
  return out;
}

function jaccard(A: Set<string>, B: Set<string>): number {
  if (A.size === 0 && B.size === 0) return 1;
  let inter = 0;
  for (const g of A) if (B.has(g)) inter += 1;
  return inter / (A.size + B.size - inter);
}

/** Character-bigram Jaccard similarity of two normalised questions (0..1). */
export function bigramJaccard(a: string, b: string): number {
  return jaccard(bigrams(a), bigrams(b));
}

const numbersIn = (s: string) => (s.match(/\d+/g) ?? []).sort().join(',');

/** One side of many comparisons, worked out once: its numbers and bigrams. */
interface Probe {
  norm: string;
  numbers: string;
  grams: Set<string>;
}

const probeOf = (norm: string): Probe => ({ norm, numbers: numbersIn(norm), grams: bigrams(norm) });

/**
 * How closely `other` duplicates the probe's question: 2 when equal, the bigram
 * Jaccard when similar enough while mentioning the same numbers (2023年 and
 * 2024年 differ), null when it is no near duplicate.
 */
function duplicateScore(probe: Probe, other: string): number | null {
  const a = probe.norm;
  if (a === other) return a.length > 0 ? 2 : null;
  if (!a || !other) return null;
  if (probe.numbers !== numbersIn(other)) return null;
  const score = jaccard(probe.grams, bigrams(other));
  return score >= GROUP_SIMILARITY ? score : null;
}

/** Whether two normalised questions ask the same thing: equal, or similar enough while mentioning the same numbers. */
export function isNearDuplicate(a: string, b: string): boolean {
  return duplicateScore(probeOf(a), b) !== null;
}

/** The best-matching candidate for `norm`, if any is a near duplicate (the first of equal scores). */
export function findNearDuplicate<T extends { norm: string }>(norm: string, open: T[]): T | undefined {
  const probe = probeOf(norm);
  let best: T | undefined;
  let bestScore = -1;
  for (const candidate of open) {
    const score = duplicateScore(probe, candidate.norm);
    if (score !== null && score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
