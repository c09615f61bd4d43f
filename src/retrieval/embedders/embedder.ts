/**
 * Turns text into vectors for dense retrieval. Every implementation returns
 * L2-normalised vectors of `dimensions` floats, so inner product = cosine.
 */
export interface Embedder {
  /** Stable identity recorded in the index, e.g. `builtin:hash-ngram-v1:512` or `transformers:/models/bge-small-zh-v1.5`. An index built by one id is never mixed with vectors of another. */
  readonly id: string;
  readonly dimensions: number;
  /** Embeds passages (documents) for the index. */
  embedDocuments(texts: string[]): Promise<Float32Array[]>;
  /** Embeds a question; models with a query instruction (bge-zh) add it here. */
  embedQuery(text: string): Promise<Float32Array>;
  /** Releases model sessions or sockets. */
  close?(): Promise<void>;
}

/** Runs `embed` over `texts` in batches of `size`, keeping their order (model sessions and HTTP services both want batches). */
export async function inBatches(texts: string[], size: number, embed: (batch: string[]) => Promise<Float32Array[]>): Promise<Float32Array[]> {
  const out: Float32Array[] = [];
  for (let i = 0; i < texts.length; i += size) out.push(...(await embed(texts.slice(i, i + size))));
  return out;
}

/** Scales `v` to unit length in place; an all-zero vector stays zero (it matches nothing). */
export function normalise(v: Float32Array): Float32Array {
  let sum = 0;
  for (const x of v) sum += x * x;
  const norm = Math.sqrt(sum);
  if (norm > 0) for (let i = 0; i < v.length; i++) v[i]! /= norm;
  return v;
}
