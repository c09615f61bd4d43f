/**
 * The built-in embedder: hashed character n-gram vectors (bigrams and
 * trigrams, sublinear term frequency, signed feature hashing). It needs no
 * model file, so a fresh offline checkout has dense retrieval at once; it
 * captures surface similarity, not meaning, which a real model adds.
 */
import { normalizeForMatch } from '../../text/index.ts';
import { normalise, type Embedder } from './embedder.ts';

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export class HashedNgramEmbedder implements Embedder {
  readonly id: string;

  constructor(readonly dimensions = 512) {
    this.id = `builtin:hash-ngram-v1:${dimensions}`;
  }

  /** One vector; exposed for tests. */
  vector(text: string): Float32Array {
    const counts = new Map<string, number>();
    for (const run of normalizeForMatch(text).match(/[\p{Script=Han}a-z0-9]+/gu) ?? []) {
      const chars = [...run];
      for (let n = 2; n <= 3; n++) {
        for (let i = 0; i + n <= chars.length; i++) {
          const g = chars.slice(i, i + n).join('');
          counts.set(g, (counts.get(g) ?? 0) + 1);
        }
      }
      const [only] = chars;
      if (chars.length === 1 && only !== undefined) counts.set(only, (counts.get(only) ?? 0) + 1);
    }
    const v = new Float32Array(this.dimensions);
    for (const [g, tf] of counts) {
      const h = fnv1a(g);
      const sign = h & 0x80000000 ? -1 : 1;
      v[h % this.dimensions]! += sign * (1 + Math.log(tf));
    }
    return normalise(v);
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.vector(t));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.vector(text);
  }
}
