/**
 * Which question words point to which passage words, learned from the question bank (pointwise mutual information
 * over question–passage pairs): 掏钱 → 费用, 回信儿 → 答复. A citizen's word that no passage uses can still count as
 * covered when the passage holds a word it is strongly associated with. Learned at every build; nothing is hand-written.
 */
import type { Analyzer } from './analyzer.ts';
import type { BankQuestion } from './bank-index.ts';
import type { Chunk } from './chunker.ts';

/** How strongly the table must hold a pair before it is used. */
export interface AssociationOptions {
  /** Distinct bank questions that must show the pair (one question alone never makes an association). */
  minPairs: number;
  /** Least P(passage word | question word) / P(passage word). */
  minLift: number;
  /** Passage words kept per question word. */
  perWord: number;
}

export const DEFAULT_ASSOCIATIONS: AssociationOptions = { minPairs: 3, minLift: 3, perWord: 8 };

/** question word → passage words it points to. */
export type AssociationTable = Record<string, string[]>;

/** Learns the table from the bank's questions and the passages they are filed under. */
export function learnAssociations(questions: BankQuestion[], chunks: Chunk[], analyzer: Analyzer, opts: AssociationOptions = DEFAULT_ASSOCIATIONS): AssociationTable {
  const passageWords = new Map<number, Set<string>>();
  const wordsOf = (i: number) => {
    let w = passageWords.get(i);
    if (!w) {
      // Bank questions are filed under passage indices of this same chunk list.
      const chunk = chunks[i]!;
      w = new Set(analyzer.words(`${chunk.section}\n${chunk.text}`));
      passageWords.set(i, w);
    }
    return w;
  };
  const pairs = new Map<string, Map<string, number>>();
  const questionCount = new Map<string, number>();
  const passageCount = new Map<string, number>();
  let total = 0;
  for (const q of questions) {
    if (q.chunk < 0) continue;
    total++;
    const target = wordsOf(q.chunk);
    for (const v of target) passageCount.set(v, (passageCount.get(v) ?? 0) + 1);
    for (const w of new Set(analyzer.words(q.text))) {
      questionCount.set(w, (questionCount.get(w) ?? 0) + 1);
      // Only words the passage lacks need a bridge.
      if (target.has(w)) continue;
      let row = pairs.get(w);
      if (!row) {
        row = new Map();
        pairs.set(w, row);
      }
      for (const v of target) row.set(v, (row.get(v) ?? 0) + 1);
    }
  }
  const table: AssociationTable = {};
  for (const [w, row] of pairs) {
    const nw = questionCount.get(w)!;
    const kept = [...row]
      .filter(([, n]) => n >= opts.minPairs)
      .map(([v, n]) => ({ v, lift: n / nw / ((passageCount.get(v) ?? 1) / total) }))
      .filter((x) => x.lift >= opts.minLift)
      .sort((a, b) => b.lift - a.lift || a.v.localeCompare(b.v))
      .slice(0, opts.perWord)
      .map((x) => x.v);
    if (kept.length) table[w] = kept;
  }
  return table;
}
