/** The built-in hashed n-gram embedder: unit vectors, deterministic, surface similarity. */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { createEmbedder, HashedNgramEmbedder } from '../src/retrieval/embedders/index.ts';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);
const norm = (a: Float32Array) => Math.sqrt(dot(a, a));

describe('hashed n-gram embedder', () => {
  const e = new HashedNgramEmbedder();

  it('returns unit vectors of the declared dimensions', async () => {
    const texts = ['申请政府信息公开多久能答复？', '信息处理费', '一', 'ABC 123'];
    for (const v of await e.embedDocuments(texts)) {
      expect(v).toHaveLength(e.dimensions);
      expect(norm(v)).toBeCloseTo(1, 5);
    }
    const small = new HashedNgramEmbedder(64);
    expect((await small.embedQuery('政府信息')).length).toBe(64);
  });

  it('an empty or symbol-only text gives a zero vector, not NaN', async () => {
    const v = await e.embedQuery('🙂？！');
    expect(v.every((x) => x === 0)).toBe(true);
  });

  it('is deterministic across instances, and queries embed like documents', async () => {
    const text = '行政机关收到申请后20个工作日内予以答复';
    const [doc] = await e.embedDocuments([text]);
    const q = await new HashedNgramEmbedder().embedQuery(text);
    expect(Array.from(q)).toEqual(Array.from(doc!));
  });

  it('similar texts are closer than unrelated ones', async () => {
    const [a, b, c] = await e.embedDocuments([
      '申请政府信息公开多久能答复',
      '政府信息公开申请的答复期限是多久',
      '冠县中考志愿填报服务',
    ]);
    expect(dot(a!, b!)).toBeGreaterThan(dot(a!, c!) + 0.2);
  });

  it('records dimensions in its id, so indexes of two sizes are never mixed', () => {
    expect(new HashedNgramEmbedder().id).toBe('builtin:hash-ngram-v1:512');
    expect(new HashedNgramEmbedder(64).id).not.toBe(new HashedNgramEmbedder().id);
  });

  it('is what a default configuration creates', async () => {
    const config = loadConfig({ GUANBOT_LOG_LEVEL: 'silent' }, '/tmp');
    const created = await createEmbedder(config.embed);
    expect(created).toBeInstanceOf(HashedNgramEmbedder);
  });
});
