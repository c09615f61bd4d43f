import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddingServiceError, OpenAIEmbedder } from '../src/retrieval/embedders/openai.ts';
import { createApp } from '../src/app.ts';
import { createLogger } from '../src/log.ts';
import { docText, emptyWorkspace, engineConfig, removeTempDirs, writeFile } from './fixtures/engine-workspace.ts';

const DIM = 8;

/** Deterministic, deliberately un-normalised vector for a text (length ≈ 10). */
function fakeVector(text: string): number[] {
  const h = crypto.createHash('sha256').update(text).digest();
  return Array.from({ length: DIM }, (_, i) => (h[i]! - 128) / 12.8);
}

interface Recorded {
  authorization?: string;
  body: { model: string; input: string[]; encoding_format?: string };
}

/** A stand-in OpenAI-compatible server: POST /v1/embeddings, answers in reverse order to test re-ordering. */
function standIn() {
  const requests: Recorded[] = [];
  const state = { failWith: 0, hang: false };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/embeddings') {
        res.writeHead(404).end();
        return;
      }
      const body = JSON.parse(raw) as Recorded['body'];
      requests.push({ authorization: req.headers.authorization, body });
      if (state.hang) return; // never answer
      if (state.failWith) {
        res.writeHead(state.failWith, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'model exploded', type: 'server_error' } }));
        return;
      }
      const data = body.input.map((text, index) => ({ object: 'embedding', index, embedding: fakeVector(text) })).reverse();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data, model: body.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  return { server, requests, state };
}

let stand: ReturnType<typeof standIn>;
let baseURL: string;

beforeAll(async () => {
  stand = standIn();
  await new Promise<void>((resolve) => stand.server.listen(0, '127.0.0.1', resolve));
  baseURL = `http://127.0.0.1:${(stand.server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  removeTempDirs();
  stand.server.closeAllConnections();
  await new Promise((resolve) => stand.server.close(resolve));
});

beforeEach(() => {
  stand.requests.length = 0;
  stand.state.failWith = 0;
  stand.state.hang = false;
});

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));

describe('OpenAIEmbedder against a stand-in /v1/embeddings', () => {
  it('probes the width once on init, sends the key and the model, asks for floats', async () => {
    const e = await OpenAIEmbedder.create({ baseURL: `${baseURL}/`, apiKey: 'sk-county', model: 'bge-m3' });
    expect(e.dimensions).toBe(DIM);
    expect(e.id).toBe(`openai:${baseURL}:bge-m3`);
    expect(stand.requests).toHaveLength(1);
    expect(stand.requests[0]!.authorization).toBe('Bearer sk-county');
    expect(stand.requests[0]!.body.model).toBe('bge-m3');
    expect(stand.requests[0]!.body.encoding_format).toBe('float');
  });

  it('batches by 64 at most, keeps input order and normalises', async () => {
    const e = await OpenAIEmbedder.create({ baseURL, apiKey: 'k', model: 'm' });
    stand.requests.length = 0;
    const texts = Array.from({ length: 150 }, (_, i) => `冠县第${i}条政策`);
    const vectors = await e.embedDocuments(texts);
    expect(stand.requests.map((r) => r.body.input.length)).toEqual([64, 64, 22]);
    expect(stand.requests.flatMap((r) => r.body.input)).toEqual(texts);
    expect(vectors).toHaveLength(150);
    for (const [i, v] of vectors.entries()) {
      expect(norm(v)).toBeCloseTo(1, 5);
      const raw = fakeVector(texts[i]!);
      const rawNorm = Math.sqrt(raw.reduce((s, x) => s + x * x, 0));
      expect(v[0]).toBeCloseTo(raw[0]! / rawNorm, 5); // right text at the right place despite the reversed reply
    }
  });

  it('honours a smaller batch size and never exceeds 64', async () => {
    const small = new OpenAIEmbedder({ baseURL, model: 'm', batchSize: 10 });
    await small.embedDocuments(Array.from({ length: 25 }, (_, i) => `t${i}`));
    expect(stand.requests.map((r) => r.body.input.length)).toEqual([10, 10, 5]);
    stand.requests.length = 0;
    const big = new OpenAIEmbedder({ baseURL, model: 'm', batchSize: 500 });
    await big.embedDocuments(Array.from({ length: 70 }, (_, i) => `t${i}`));
    expect(stand.requests.map((r) => r.body.input.length)).toEqual([64, 6]);
  });

  it('prefixes queries only, and sends a placeholder key when none is configured', async () => {
    const e = new OpenAIEmbedder({ baseURL, model: 'm', queryPrefix: 'query: ' });
    await e.embedQuery('低保怎么申请');
    await e.embedDocuments(['低保怎么申请']);
    expect(stand.requests.map((r) => r.body.input[0])).toEqual(['query: 低保怎么申请', '低保怎么申请']);
    expect(stand.requests[0]!.authorization).toMatch(/^Bearer \S+/);
  });

  it('makes no request for an empty list', async () => {
    const e = new OpenAIEmbedder({ baseURL, model: 'm' });
    expect(await e.embedDocuments([])).toEqual([]);
    expect(stand.requests).toHaveLength(0);
  });

  it('turns a 500 into a clear Chinese error naming the service and status', async () => {
    stand.state.failWith = 500;
    const e = new OpenAIEmbedder({ baseURL, model: 'm', maxRetries: 0 });
    const err = await e.embedDocuments(['x']).catch((x: Error) => x);
    expect(err).toBeInstanceOf(EmbeddingServiceError);
    expect((err as Error).message).toContain(`向量服务 ${baseURL} 请求失败（HTTP 500）`);
    expect((err as Error).message).toContain('model exploded');
  });

  it('retries a 500 when allowed before giving up', async () => {
    stand.state.failWith = 503;
    const e = new OpenAIEmbedder({ baseURL, model: 'm', maxRetries: 1 });
    await expect(e.embedQuery('x')).rejects.toThrow(EmbeddingServiceError);
    expect(stand.requests).toHaveLength(2);
  });

  it('reports a timeout', async () => {
    stand.state.hang = true;
    const e = new OpenAIEmbedder({ baseURL, model: 'm', timeoutMs: 200, maxRetries: 0 });
    await expect(e.embedQuery('x')).rejects.toThrow(`向量服务 ${baseURL} 在 0.2 秒内没有响应`);
  });

  it('reports an unreachable service', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const e = new OpenAIEmbedder({ baseURL: `http://127.0.0.1:${port}/v1`, model: 'm', maxRetries: 0 });
    await expect(e.embedQuery('x')).rejects.toThrow('连不上向量服务');
  });

  it('requires a model name', () => {
    expect(() => new OpenAIEmbedder({ baseURL, model: '' })).toThrow('GUANBOT_EMBED_API_MODEL');
  });
});

describe('the app with an OpenAI-compatible embedder', () => {
  it('rebuilds with the embedder it answers with: no second client, no second width probe', async () => {
    const ws = emptyWorkspace();
    writeFile(ws.corpusDir, 'interpretations/fees.md', docText({ id: 'fees', title: '收费' }, '## 收费吗？\n行政机关依申请提供政府信息，不收取费用。'));
    const config = engineConfig(ws, { GUANBOT_EMBED_BASE_URL: baseURL, GUANBOT_EMBED_API_MODEL: 'bge-m3' });
    const app = await createApp({ config, log: createLogger({ logLevel: 'silent' }) });
    try {
      stand.requests.length = 0;
      writeFile(ws.corpusDir, 'interpretations/time.md', docText({ id: 'time', title: '期限' }, '## 多久答复？\n应当自收到申请之日起20个工作日内予以答复。'));
      await app.reindex();
      // Only the new passages are embedded; a fresh embedder would first have probed the width with 冠县.
      expect(stand.requests.flatMap((r) => r.body.input)).not.toContain('冠县');
      expect(stand.requests.length).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});

