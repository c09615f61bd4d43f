import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readVectorRows } from '../src/retrieval/index-store.ts';
import { VectorIndex } from '../src/retrieval/vector-index.ts';

/** Unit vectors with a fixed seed, so the test is the same on every run. */
function unitRows(count: number, dims: number, seed = 7): Float32Array {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31 - 0.5;
  };
  const rows = new Float32Array(count * dims);
  for (let i = 0; i < count; i++) {
    let norm = 0;
    for (let d = 0; d < dims; d++) {
      const x = next();
      rows[i * dims + d] = x;
      norm += x * x;
    }
    for (let d = 0; d < dims; d++) rows[i * dims + d]! /= Math.sqrt(norm);
  }
  return rows;
}

describe('VectorIndex.searchWithin', () => {
  const dims = 16;
  const rows = unitRows(300, dims);
  const index = VectorIndex.build(rows, dims);
  const query = rows.slice(42 * dims, 43 * dims);

  it('over every passage finds what the graph finds, with the same scores', () => {
    const graph = index.search(query, 10);
    const exact = index.searchWithin(query, Array.from({ length: 300 }, (_, i) => i), 10);
    expect(exact.map((h) => h.index)).toEqual(graph.map((h) => h.index));
    exact.forEach((h, i) => {
      expect(h.score).toBeCloseTo(graph[i]!.score, 5);
    });
    expect(exact[0]).toMatchObject({ index: 42 });
  });

  it('returns only passages of the pool, best first, and ignores indexes outside the index', () => {
    const pool = [5, 17, 99, 250, -1, 300];
    const hits = index.searchWithin(query, pool, 3);
    expect(hits).toHaveLength(3);
    for (const h of hits) expect([5, 17, 99, 250]).toContain(h.index);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    expect(hits[1]!.score).toBeGreaterThanOrEqual(hits[2]!.score);
  });
});

describe('VectorIndex.searchWithin without its stored vectors', () => {
  it('falls back to the graph (a pruned version folder), instead of failing the question', () => {
    const dims = 8;
    const rows = unitRows(50, dims, 3);
    const built = VectorIndex.build(rows, dims);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-vec-')), 'vectors.hnsw');
    built.save(file);
    const loaded = VectorIndex.load(file, () => readVectorRows(path.dirname(file)), dims, 50);
    const query = rows.slice(0, dims);
    expect(loaded.searchWithin(query, [1, 2, 3], 3).map((h) => h.index)).toEqual(loaded.search(query, 3).map((h) => h.index));
    expect(loaded.searchWithin(query, [1, 2, 3], 3)[0]).toMatchObject({ index: 0 });
  });
});
