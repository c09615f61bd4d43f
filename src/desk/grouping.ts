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

/** Character-bigram Jaccard similarity of two normalised questions (0..1). */
export function bigramJaccard(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  if (A.size === 0 && B.size === 0) return 1;
  let inter = 0;
  for (const g of A) if (B.has(g)) inter += 1;
  return inter / (A.size + B.size - inter);
}

const numbersIn = (s: string) => (s.match(/\d+/g) ?? []).sort().join(',');

/**
 * Whether two normalised questions ask the same thing: equal, or similar
 * enough while mentioning the same numbers (2023年 and 2024年 differ).
 */
export function isNearDuplicate(a: string, b: string): boolean {
  if (a === b) return a.length > 0;
  if (!a || !b) return false;
  if (numbersIn(a) !== numbersIn(b)) return false;
  return bigramJaccard(a, b) >= GROUP_SIMILARITY;
}

/** The best-matching candidate for `norm`, if any is a near duplicate. */
export function findNearDuplicate<T extends { norm: string }>(norm: string, open: T[]): T | undefined {
  let best: T | undefined;
  let bestScore = -1;
  for (const candidate of open) {
    if (!isNearDuplicate(norm, candidate.norm)) continue;
    const score = candidate.norm === norm ? 2 : bigramJaccard(norm, candidate.norm);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
