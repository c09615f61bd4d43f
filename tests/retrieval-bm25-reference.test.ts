/**
 * BM25 search with a reused score buffer and a bounded top-k heap must return exactly what the plain algorithm
 * returns: score every passage sharing a term, sort all of them (score down, then passage index up), cut at the
 * limit. The reference below is written from the raw passages, independently of the packed index.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { Bm25Index, type Hit } from '../src/retrieval/bm25.ts';
import { makeTempDir, removeTempDirs } from './fixtures/engine-workspace.ts';
import { seededRandom as random } from './fixtures/seeded-random.ts';

afterAll(removeTempDirs);

const K1 = 1.2;
const B = 0.75;


/** The plain algorithm: float32 accumulation in query-term order, full sort with the index tie-break. */
function referenceSearch(docs: string[][], queryTerms: string[], limit: number): Hit[] {
  const n = docs.length;
  const avg = n ? docs.reduce((sum, d) => sum + d.length, 0) / n || 1 : 1;
  const scores = new Float32Array(n);
  const touched = new Set<number>();
  const qtf = new Map<string, number>();
  for (const t of queryTerms) qtf.set(t, (qtf.get(t) ?? 0) + 1);
  for (const [term, count] of qtf) {
    const containing = docs.map((d, i) => i).filter((i) => docs[i]!.includes(term));
    if (!containing.length) continue;
    const idf = Math.log(1 + (n - containing.length + 0.5) / (containing.length + 0.5));
    for (const doc of containing) {
      const tf = docs[doc]!.filter((t) => t === term).length;
      const norm = tf + K1 * (1 - B + (B * docs[doc]!.length) / avg);
      touched.add(doc);
      scores[doc]! += count * idf * ((tf * (K1 + 1)) / norm);
    }
  }
  return [...touched]
    .map((index) => ({ index, score: scores[index]! }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, Math.max(0, limit));
}

/** Passages over a small, skewed vocabulary, with exact duplicates so that equal scores are common. */
function randomDocs(rand: () => number, count: number, vocab: string[]): string[][] {
  const docs: string[][] = [];
  for (let i = 0; i < count; i++) {
    if (i > 0 && rand() < 0.25) {
      docs.push([...docs[Math.floor(rand() * i)]!]);
      continue;
    }
    const length = 1 + Math.floor(rand() * 12);
    // Squaring skews toward the first words: a few very common terms, like 中华/人民 in the law corpus.
    docs.push(Array.from({ length }, () => vocab[Math.floor(rand() ** 2 * vocab.length)]!));
  }
  return docs;
}

const VOCAB = ['中华', '人民', '共和', '政府', '信息', '公开', '申请', '答复', '期限', '收费', '复议', '诉讼', '年度', '报告', '工作', '机关', '条例', '规定', '行政', '处理费'];

describe('BM25 top-k search against the plain full sort', () => {
  it('returns the same hits, scores and order on random corpora, queries and limits', () => {
    const rand = random(20261128);
    for (let round = 0; round < 20; round++) {
      const docs = randomDocs(rand, 20 + Math.floor(rand() * 300), VOCAB);
      const index = Bm25Index.build(docs);
      for (let q = 0; q < 25; q++) {
        const query = Array.from({ length: 1 + Math.floor(rand() * 6) }, () => (rand() < 0.1 ? '护照' : VOCAB[Math.floor(rand() * VOCAB.length)]!));
        const limit = [0, 1, 3, 10, 50, 10_000][Math.floor(rand() * 6)]!;
        expect(index.search(query, limit), `round ${round} query ${query.join(' ')} limit ${limit}`).toEqual(referenceSearch(docs, query, limit));
      }
    }
  });

  it('breaks ties by passage index, whatever the order the query terms were visited', () => {
    // Passages 0, 2 and 3 are identical, so they score the same; 1 matches only one term.
    const docs = [['政府', '信息'], ['信息'], ['政府', '信息'], ['政府', '信息'], ['报告']];
    const index = Bm25Index.build(docs);
    for (const query of [['政府', '信息'], ['信息', '政府']]) {
      expect(index.search(query, 10).map((h) => h.index)).toEqual([0, 2, 3, 1]);
      expect(index.search(query, 2).map((h) => h.index)).toEqual([0, 2]);
    }
  });

  it('a query leaves nothing behind: repeating queries in any order gives the same answers', () => {
    const rand = random(7);
    const docs = randomDocs(rand, 200, VOCAB);
    const index = Bm25Index.build(docs);
    const queries = [['中华', '人民'], ['申请', '期限', '申请'], ['护照'], ['处理费'], ['人民', '政府', '信息', '公开']];
    const first = queries.map((q) => index.search(q, 20));
    const again = [...queries].reverse().map((q) => index.search(q, 20)).reverse();
    expect(again).toEqual(first);
    expect(first).toEqual(queries.map((q) => referenceSearch(docs, q, 20)));
  });

  it('a loaded index searches exactly like the one it was saved from', () => {
    const rand = random(42);
    const docs = randomDocs(rand, 150, VOCAB);
    const index = Bm25Index.build(docs);
    const dir = makeTempDir();
    index.save(dir);
    const loaded = Bm25Index.load(dir);
    for (const q of [['中华', '人民', '共和'], ['行政', '复议'], ['护照', '信息']]) expect(loaded.search(q, 15)).toEqual(index.search(q, 15));
  });

  it('an empty index and an empty query return no hits', () => {
    expect(Bm25Index.build([]).search(['政府'], 10)).toEqual([]);
    expect(Bm25Index.build([['政府']]).search([], 10)).toEqual([]);
  });
});
