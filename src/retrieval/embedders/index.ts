/**
 * Picks the embedder from configuration: the built-in hashed n-grams by
 * default, a local transformers.js model folder, or an OpenAI-compatible
 * embeddings endpoint. Model-backed embedders are imported lazily so the
 * default start never loads onnxruntime.
 */
import type { Config } from '../../config.ts';
import type { Embedder } from './embedder.ts';
import { HashedNgramEmbedder } from './hashed.ts';

export type { Embedder } from './embedder.ts';
export { HashedNgramEmbedder } from './hashed.ts';

export async function createEmbedder(embed: Config['embed']): Promise<Embedder> {
  if (embed.kind === 'transformers') {
    if (!embed.modelPath) throw new Error('GUANBOT_EMBED_MODEL is required for the transformers embedder');
    const { TransformersEmbedder } = await import('./transformers.ts');
    return new TransformersEmbedder({ modelPath: embed.modelPath, pooling: embed.pooling, queryPrefix: embed.queryPrefix }).init();
  }
  if (embed.kind === 'openai') {
    if (!embed.baseURL || !embed.apiModel) throw new Error('GUANBOT_EMBED_BASE_URL and GUANBOT_EMBED_API_MODEL are required for the openai embedder');
    const { OpenAIEmbedder } = await import('./openai.ts');
    return new OpenAIEmbedder({ baseURL: embed.baseURL, apiKey: embed.apiKey, model: embed.apiModel, queryPrefix: embed.queryPrefix }).init();
  }
  return new HashedNgramEmbedder();
}
