/**
 * Embeds through any OpenAI-compatible `/v1/embeddings` endpoint (OpenAI,
 * Ollama, vLLM, Xinference, a county-hosted service …) in batches, keeping
 * input order and L2-normalising what comes back.
 */
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { messages } from '../../messages/index.ts';
import { inBatches, normalise, type Embedder } from './embedder.ts';

const t = messages('model');

/** The embedding service failed or answered nonsense; the message is for the operator (Chinese). */
export class EmbeddingServiceError extends Error {}

export interface OpenAIEmbedderOptions {
  /** e.g. `http://127.0.0.1:11434/v1`. */
  baseURL: string;
  /** Sent as `Authorization: Bearer …`; local servers usually ignore it. */
  apiKey?: string;
  model: string;
  /** Inputs per request, at most 64 (the limit several servers enforce). Default 64. */
  batchSize?: number;
  /** Per-request timeout. Default 30 s. */
  timeoutMs?: number;
  /** Retries on connection errors, 408/409/429 and 5xx, with backoff. Default 2. */
  maxRetries?: number;
  /** Instruction prefixed to queries only, for models that want one. */
  queryPrefix?: string;
}

/** An OpenAI-compatible embeddings endpoint as an {@link Embedder}. Call `init()` (or use `create`) to learn the width. */
export class OpenAIEmbedder implements Embedder {
  readonly id: string;
  readonly baseURL: string;
  readonly model: string;
  private readonly client: OpenAI;
  private readonly batchSize: number;
  private readonly timeoutMs: number;
  private readonly queryPrefix: string;
  private dims = 0;

  constructor(options: OpenAIEmbedderOptions) {
    if (!options.model) throw new EmbeddingServiceError(t('openai.noModel'));
    this.baseURL = options.baseURL.replace(/\/+$/, '');
    this.model = options.model;
    this.batchSize = Math.min(64, Math.max(1, options.batchSize ?? 64));
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.queryPrefix = options.queryPrefix ?? '';
    this.id = `openai:${this.baseURL}:${this.model}`;
    this.client = new OpenAI({
      baseURL: this.baseURL,
      // The client refuses an empty key; local servers accept any.
      apiKey: options.apiKey || 'not-needed',
      timeout: this.timeoutMs,
      maxRetries: options.maxRetries ?? 2,
    });
  }

  /** Constructs and probes in one step. */
  static async create(options: OpenAIEmbedderOptions): Promise<OpenAIEmbedder> {
    return new OpenAIEmbedder(options).init();
  }

  get dimensions(): number {
    if (!this.dims) throw new Error('OpenAIEmbedder: call init() first');
    return this.dims;
  }

  /** Embeds one probe text to learn the vector width (services do not advertise it). */
  async init(): Promise<this> {
    if (!this.dims) {
      // request() returns exactly one vector per input (or throws).
      const [probe] = await this.request(['冠县']);
      this.dims = probe!.length;
    }
    return this;
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return inBatches(texts, this.batchSize, (batch) => this.request(batch));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    const [vector] = await this.request([this.queryPrefix + text]);
    return vector!;
  }

  async close(): Promise<void> {}

  private fail(reason: string): EmbeddingServiceError {
    return new EmbeddingServiceError(t('openai.badResponse', { baseURL: this.baseURL, reason }));
  }

  /** One request; returns the vectors in input order, normalised, checked against the known width. */
  private async request(input: string[]): Promise<Float32Array[]> {
    if (input.length === 0) return [];
    let data: { index: number; embedding: number[] | string }[];
    try {
      // `float` explicitly: the client's default (base64) is not understood by every compatible server.
      const res = await this.client.embeddings.create({ model: this.model, input, encoding_format: 'float' });
      data = res.data;
    } catch (err) {
      throw this.explain(err);
    }
    if (!Array.isArray(data) || data.length !== input.length) {
      throw this.fail(`expected ${input.length} vectors, got ${Array.isArray(data) ? data.length : 'none'}`);
    }
    // Servers may answer out of order; `index` is authoritative.
    const ordered = new Array<Float32Array>(input.length);
    for (const item of data) {
      if (!Number.isInteger(item.index) || item.index < 0 || item.index >= input.length || ordered[item.index]) {
        throw this.fail(`bad index ${item.index}`);
      }
      if (!Array.isArray(item.embedding) || item.embedding.length === 0) throw this.fail('embedding is not a list of numbers');
      const vector = Float32Array.from(item.embedding);
      if (this.dims && vector.length !== this.dims) throw this.fail(`width ${vector.length}, expected ${this.dims}`);
      ordered[item.index] = normalise(vector);
    }
    return ordered;
  }

  private explain(err: unknown): EmbeddingServiceError {
    const baseURL = this.baseURL;
    if (err instanceof APIConnectionTimeoutError) {
      return new EmbeddingServiceError(t('openai.timeout', { baseURL, seconds: Number((this.timeoutMs / 1000).toFixed(1)) }));
    }
    if (err instanceof APIConnectionError) {
      const cause = (err as { cause?: unknown }).cause;
      return new EmbeddingServiceError(t('openai.unreachable', { baseURL, reason: cause instanceof Error ? cause.message : err.message }));
    }
    if (err instanceof APIError) {
      return new EmbeddingServiceError(t('openai.failed', { baseURL, status: err.status ?? '?', reason: err.message }));
    }
    return new EmbeddingServiceError(t('openai.failed', { baseURL, status: '?', reason: err instanceof Error ? err.message : String(err) }));
  }
}
