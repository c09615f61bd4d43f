/** The packed BM25 index: ranking sanity, idf, and a save/load round trip on disk. */
import { afterAll, describe, expect, it } from 'vitest';
import { Bm25Index } from '../src/retrieval/bm25.ts';
import { makeTempDir, removeTempDirs } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

const DOCS: string[][] = [
  ['申请', '政府', '信息', '公开', '期限', '答复'],
  ['信息', '处理费', '收费', '信息'],
  ['申请', '申请', '申请', '复议'],
  ['年度', '报告', '政府', '信息', '公开', '工作'],
  ['答复', '期限', '延长', '期限', '工作日'],
];

describe('BM25', () => {
  const index = Bm25Index.build(DOCS);

  it('ranks the passage with the rare query term first, and only passages sharing a term are returned', () => {
    const hits = index.search(['处理费'], 10);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.index).toBe(1);
  });

  it('a passage matching more query terms outranks one matching fewer', () => {
    const hits = index.search(['答复', '期限', '延长'], 10);
    expect(hits[0]!.index).toBe(4);
    expect(hits.map((h) => h.index)).toContain(0);
    expect(hits.find((h) => h.index === 0)!.score).toBeLessThan(hits[0]!.score);
    // Scores come back in descending order.
    for (let i = 1; i < hits.length; i++) expect(hits[i]!.score).toBeLessThanOrEqual(hits[i - 1]!.score);
  });

  it('term frequency counts, with saturation', () => {
    const hits = index.search(['申请'], 10);
    expect(hits[0]!.index).toBe(2);
    const [top, next] = hits;
    expect(top!.score).toBeLessThan(next!.score * 3);
  });

  it('respects the limit and returns nothing for unknown terms', () => {
    expect(index.search(['信息'], 2)).toHaveLength(2);
    expect(index.search(['护照'], 10)).toEqual([]);
  });

  it('idf is positive, lower for common terms, and highest for a term never seen', () => {
    expect(index.documentFrequency('信息')).toBe(3);
    expect(index.documentFrequency('护照')).toBe(0);
    expect(index.idf('信息')).toBeGreaterThan(0);
    expect(index.idf('信息')).toBeLessThan(index.idf('复议'));
    const seen = [...new Set(DOCS.flat())].map((t) => index.idf(t));
    expect(index.idf('护照')).toBeGreaterThan(Math.max(...seen));
  });

  it('save + load round-trips: same size, idf and search results', () => {
    const dir = makeTempDir();
    index.save(dir);
    const loaded = Bm25Index.load(dir);
    expect(loaded.size).toBe(index.size);
    for (const q of [['答复', '期限', '延长'], ['申请'], ['政府', '信息', '公开'], ['护照']]) {
      expect(loaded.search(q, 10)).toEqual(index.search(q, 10));
    }
    expect(loaded.idf('处理费')).toBe(index.idf('处理费'));
  });

  it('an empty index searches to nothing', () => {
    const empty = Bm25Index.build([]);
    expect(empty.size).toBe(0);
    expect(empty.search(['信息'], 5)).toEqual([]);
  });
});
