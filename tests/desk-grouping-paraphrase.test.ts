/**
 * Paraphrase-aware grouping: each of the paraphrase sets (tests/fixtures/paraphrases.ts) becomes one group on
 * the desk, no two sets meet, near misses (another programme, another step, another place, name or amount)
 * stay apart, and the relation is symmetric (fast-check).
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isNearDuplicate, normalizeQuestion } from '../src/desk/grouping.ts';
import { questionAnalyzer } from '../src/desk/question-terms.ts';
import { deskFixture, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';
import { NEAR_MISSES, PARAPHRASE_SETS } from './fixtures/paraphrases.ts';

const corpusDir = path.resolve(import.meta.dirname, '..', 'corpus');
const analyzer = questionAnalyzer(corpusDir);
const same = (a: string, b: string) => isNearDuplicate(normalizeQuestion(a), normalizeQuestion(b), analyzer);
const sets = Object.entries(PARAPHRASE_SETS);

describe('paraphrases', () => {
  it('joins every two wordings of the same question', () => {
    const missed = sets.flatMap(([, qs]) => qs.flatMap((a, i) => qs.slice(i + 1).filter((b) => !same(a, b)).map((b) => `${a} | ${b}`)));
    expect(missed).toEqual([]);
  });

  it('keeps different questions apart: across the sets and the near misses', () => {
    const merged: string[] = [];
    for (const [i, [, qa]] of sets.entries()) for (const [, qb] of sets.slice(i + 1)) for (const a of qa) for (const b of qb) if (same(a, b)) merged.push(`${a} | ${b}`);
    for (const [a, b] of NEAR_MISSES) if (same(a, b)) merged.push(`${a} | ${b}`);
    expect(merged).toEqual([]);
  });

  it('is symmetric', () => {
    const pool = [...sets.flatMap(([, qs]) => qs), ...NEAR_MISSES.flat()];
    const decorate = fc.constantFrom('', '请问', '我想问一下，', '3号楼', '张伟家的', '每个月300元');
    const question = fc.tuple(decorate, fc.constantFrom(...pool), fc.constantFrom('', '？', '谢谢', '，急')).map(([pre, q, post]) => pre + q + post);
    fc.assert(fc.property(question, question, (a, b) => same(a, b) === same(b, a)), { numRuns: 300 });
  });
});

describe('paraphrase groups on the desk', () => {
  let fx: DeskFixture;
  afterEach(() => fx?.cleanup());

  it('forms one group per set, whatever order the citizens ask in', () => {
    fx = deskFixture({ GUANBOT_CORPUS_DIR: corpusDir });
    // Interleaved: the first of every set, then the second of every set, …
    const asked: { set: string; ticket: string }[] = [];
    for (let round = 0; round < 3; round += 1) {
      for (const [set, qs] of sets) asked.push({ set, ticket: fx.desk.openItem(unresolved(qs[round]!, 'telegram', `${set}-${round}`)).ticket });
    }
    const groupOf = new Map(asked.map((a) => [a.ticket, fx.desk.getFullItem(a.ticket)!.groupId]));
    for (const [set] of sets) {
      const groups = new Set(asked.filter((a) => a.set === set).map((a) => groupOf.get(a.ticket)));
      expect({ set, groups: groups.size }).toEqual({ set, groups: 1 });
    }
    expect(new Set(groupOf.values()).size).toBe(sets.length);
  });
});
