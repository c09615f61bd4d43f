
import type { Logger } from 'pino';
import type { Config } from '../config.ts';
import { createEmbedder, HashedNgramEmbedder, type Embedder } from '../retrieval/embedders/index.ts';
import {
  buildIndexFiles,
  corpusFingerprint,
  currentIndexDir,
  loadIndexFiles,
  readManifest,
  verifyVersion,
  createAnalyzer,
  FORMAT_VERSION,
  type LoadedIndex,
  type Manifest,
  type BuildIndexOptions,
  type IndexSummary,
} from '../retrieval/index-store.ts';
import { Retriever } from '../retrieval/retriever.ts';
import { AnsweringEngine } from './engine.ts';
import { DEFAULT_DECISION_OPTIONS } from './decision/options.ts';
import { trainDecision } from './decision/train.ts';
import type { Engine } from './types.ts';

export type { IndexSummary } from '../retrieval/index-store.ts';
export type BuildOptions = BuildIndexOptions & { log?: Logger; embedder?: Embedder };
export * from './types.ts';
export { parsePersona, loadPersonas } from './persona.ts';
export { restatesSource, sourceLine, type SourceRenderer } from './compose.ts';
export { answerJson } from './public-json.ts';

/** Builds (incrementally) the index for the configured corpus and embedder. */
export async function buildIndex(config: Config, opts: BuildOptions = {}): Promise<IndexSummary> {
  const embedder = opts.embedder ?? (await createEmbedder(config.embed));
  try {
    // Worker threads can rebuild the built-in embedder (a model-backed one would load its model once per thread).
    const workers = embedder instanceof HashedNgramEmbedder ? { corpusDir: config.corpusDir, dimensions: embedder.dimensions } : undefined;
    // The decision is trained on the new index with the same analyzer and embedder that will answer from it.
    const train = (index: LoadedIndex, previous: unknown, onProgress?: (done: number, total: number) => void) =>
      trainDecision(new Retriever(index, createAnalyzer(config.corpusDir), embedder), index, opts.full ? null : previous, DEFAULT_DECISION_OPTIONS, onProgress, workers);
    const summary = await buildIndexFiles(config.corpusDir, config.indexDir, embedder, { timeZone: config.timezone, train, ...opts });
    opts.log?.info({ docs: summary.docs, chunks: summary.chunks, bank: summary.bankQuestions, embedded: summary.embedded, reused: summary.reused, ms: summary.ms }, 'index built');
    return summary;
  } finally {
    if (!opts.embedder) await embedder.close?.();
  }
}

/** Why the current index cannot serve as is (missing, damaged, another format or embedder, a changed corpus), or null when it can. */
function staleness(config: Config, embedder: Embedder): { code: 'missing' | 'damaged' | 'format' | 'embedder' | 'corpus'; detail: string } | null {
  const dir = currentIndexDir(config.indexDir);
  if (!dir) return { code: 'missing', detail: 'no index yet' };
  let manifest: Manifest;
  try {
    manifest = readManifest(dir);
    verifyVersion(dir, manifest);
  } catch (err) {
    return { code: 'damaged', detail: (err as Error).message };
  }
  if (manifest.version !== FORMAT_VERSION) return { code: 'format', detail: `index format ${manifest.version}, this version reads ${FORMAT_VERSION}` };
  if (manifest.embedder !== embedder.id) return { code: 'embedder', detail: `index was built by ${manifest.embedder}, configured embedder is ${embedder.id}` };
  if (manifest.fingerprint !== corpusFingerprint(config.corpusDir)) return { code: 'corpus', detail: 'corpus changed since the last build' };
  return null;
}

export interface OpenEngineOptions {
  /** Build when the index is missing, was built by another embedder, or the corpus changed (default true). */
  buildIfMissing?: boolean;
  log?: Logger;
  /** The embedder to answer (and build) with; created from config when not given. The engine closes it. */
  embedder?: Embedder;
}

/** Opens the answering engine over the current index. */
export async function openEngine(config: Config, opts: OpenEngineOptions = {}): Promise<Engine> {
  const embedder = opts.embedder ?? (await createEmbedder(config.embed));
  const stale = staleness(config, embedder);
  if (stale && opts.buildIfMissing !== false) {
    opts.log?.info({ reason: stale.detail }, 'building the index');
    try {
      await buildIndex(config, { embedder, log: opts.log });
    } catch (err) {
      // A failed rebuild never takes the bot down while an earlier index can serve: staff see the error in the log.
      if (!currentIndexDir(config.indexDir) || stale.code === 'embedder' || stale.code === 'format') throw err;
      opts.log?.error({ err, reason: stale.detail }, 'rebuilding the index failed; serving the last good index');
    }
  } else if (stale?.code === 'embedder') {
    // Never answer with query vectors of one model against passage vectors of another.
    throw new Error(`索引与当前向量模型不一致（${stale.detail}），请运行 guanbot index 重建`);
  }
  // A missing index that may not be built is refused by load() below.
  const load = async () => {
    const index = loadIndexFiles(config.indexDir, (err) => opts.log?.warn({ file: err.file, detail: err.detail }, 'index file damaged; serving the previous version'));
    if (!index) throw new Error('索引不存在，请先运行 guanbot index');
    if (index.manifest.embedder !== embedder.id) throw new Error(`索引与当前向量模型不一致，请运行 guanbot index 重建`);
    return index;
  };
  return new AnsweringEngine(config, await load(), embedder, load);
}
