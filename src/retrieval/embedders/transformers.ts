/**
 * Embeds with a local transformers.js model folder (e.g. Xenova/bge-small-zh-v1.5)
 * on onnxruntime-node, strictly offline: nothing is fetched and nothing is
 * cached into node_modules.
 */
import fs from 'node:fs';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { messages } from '../../messages/index.ts';
import { inspectModelFolder, WEIGHT_FILES, type WeightsDtype } from '../../models/index.ts';
import { inBatches, type Embedder } from './embedder.ts';

const t = messages('model');

/** The model folder is missing, incomplete or unloadable; the message names the path and the missing files (Chinese). */
export class ModelFolderError extends Error {}

export interface TransformersEmbedderOptions {
  /** Absolute path of the model folder (config.json, tokenizer*.json, onnx/model.onnx). */
  modelPath: string;
  /** bge uses `cls`; most sentence-transformers models `mean`. Default `cls`. */
  pooling?: 'cls' | 'mean';
  /** Instruction prefixed to queries only (bge-zh: 为这个句子生成表示以用于检索相关文章：). */
  queryPrefix?: string;
  /** Documents per forward pass; bounds memory on long passages. Default 16. */
  batchSize?: number;
}

/** Keeps transformers.js away from the network and from writing caches next to the library. */
function configureOffline(): void {
  env.allowRemoteModels = false;
  env.allowLocalModels = true;
  env.useFSCache = false;
  env.useBrowserCache = false;
}

/** Throws ModelFolderError unless `dir` is a complete model folder; returns the weights to load. */
function checkFolder(dir: string): WeightsDtype {
  if (!fs.existsSync(dir)) throw new ModelFolderError(t('folder.missing', { path: dir }));
  if (!fs.statSync(dir).isDirectory()) throw new ModelFolderError(t('folder.notDirectory', { path: dir }));
  const info = inspectModelFolder(dir);
  if (info.missing.length || !info.dtype) {
    throw new ModelFolderError(t('folder.incomplete', { path: dir, files: info.missing.join('、') }));
  }
  return info.dtype;
}

/** A transformers.js feature-extraction model as an {@link Embedder}. Call `init()` (or use `create`) before embedding. */
export class TransformersEmbedder implements Embedder {
  /** Folder name, weights and their size, pooling: a re-pulled or different model never passes for the one that built the index. */
  id: string;
  readonly modelPath: string;
  readonly pooling: 'cls' | 'mean';
  readonly queryPrefix: string;
  private readonly batchSize: number;
  private extractor?: FeatureExtractionPipeline;
  private dims = 0;
  /** Serialises forward passes: one session, and only two shared cores. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: TransformersEmbedderOptions) {
    this.modelPath = path.resolve(options.modelPath);
    this.pooling = options.pooling ?? 'cls';
    this.queryPrefix = options.queryPrefix ?? '';
    this.batchSize = Math.max(1, options.batchSize ?? 16);
    this.id = `transformers:${path.basename(this.modelPath)}:${this.pooling}`;
  }

  /** Loads and initialises in one step. */
  static async create(options: TransformersEmbedderOptions): Promise<TransformersEmbedder> {
    return new TransformersEmbedder(options).init();
  }

  get dimensions(): number {
    if (!this.extractor) throw new Error('TransformersEmbedder: call init() first');
    return this.dims;
  }

  /** Checks the folder, loads tokenizer and ONNX session, and probes the vector width. */
  async init(): Promise<this> {
    if (this.extractor) return this;
    const dtype = checkFolder(this.modelPath);
    const weightBytes = fs.statSync(path.join(this.modelPath, WEIGHT_FILES[dtype])).size;
    this.id = `transformers:${path.basename(this.modelPath)}:${dtype}:${weightBytes}:${this.pooling}`;
    configureOffline();
    try {
      // An absolute path is not a hub id, so transformers.js reads it as is (no localModelPath join, no remote lookup).
      this.extractor = (await pipeline('feature-extraction', this.modelPath, {
        local_files_only: true,
        device: 'cpu',
        dtype,
      })) as FeatureExtractionPipeline;
    } catch (err) {
      throw new ModelFolderError(t('folder.loadFailed', { path: this.modelPath, reason: err instanceof Error ? err.message : String(err) }));
    }
    // run() returns exactly one vector per input text.
    const [probe] = await this.run(['冠县']);
    this.dims = probe!.length;
    return this;
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return inBatches(texts, this.batchSize, (batch) => this.run(batch));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.run([this.queryPrefix + text]);
    return vector!;
  }

  async close(): Promise<void> {
    const extractor = this.extractor;
    this.extractor = undefined;
    await extractor?.dispose();
  }

  /** One forward pass over `texts`, pooled and L2-normalised by the pipeline; one row per text. */
  private run(texts: string[]): Promise<Float32Array[]> {
    const extractor = this.extractor;
    if (!extractor) return Promise.reject(new Error('TransformersEmbedder: call init() first'));
    if (texts.length === 0) return Promise.resolve([]);
    const job = this.queue.then(async () => {
      const tensor = await extractor(texts, { pooling: this.pooling, normalize: true });
      const data = tensor.data as Float32Array;
      const width = data.length / texts.length;
      return texts.map((_, i) => data.slice(i * width, (i + 1) * width));
    });
    this.queue = job.catch(() => undefined);
    return job;
  }
}
