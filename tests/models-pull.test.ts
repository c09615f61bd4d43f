import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Command } from 'commander';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { register } from '../src/cli/commands/model.ts';
import { CliError } from '../src/cli/errors.ts';
import { ModelPullError, hintForModel, listModelFolders, pullModel, selectModelFiles } from '../src/models/index.ts';
import { TransformersEmbedder } from '../src/retrieval/embedders/transformers.ts';
import { makeTinyModel } from './fixtures/tiny-model.ts';

const REPO = 'Xenova/tiny-zh';

/** A stand-in hub with the huggingface.co layout, serving the tiny model plus files a pull must skip. */
function standInHub(modelDir: string) {
  const requests: string[] = [];
  const state = { missing: new Set<string>() };
  const extra = ['README.md', 'vocab.txt', 'pytorch_model.bin', 'onnx/model_fp16.onnx', 'onnx/model_quantized.onnx'];
  const served = [...makeTinyModel(modelDir), ...extra];
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? '');
    requests.push(url);
    if (url === `/api/models/${REPO}`) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: REPO, siblings: served.map((rfilename) => ({ rfilename })) }));
      return;
    }
    const prefix = `/${REPO}/resolve/main/`;
    if (url.startsWith('/cdn/')) {
      const file = url.slice('/cdn/'.length);
      res.writeHead(200, { 'content-length': fs.statSync(path.join(modelDir, file)).size });
      fs.createReadStream(path.join(modelDir, file)).pipe(res);
      return;
    }
    if (url.startsWith(prefix)) {
      const file = url.slice(prefix.length);
      if (state.missing.has(file) || !fs.existsSync(path.join(modelDir, file))) {
        res.writeHead(404).end('Entry not found');
        return;
      }
      if (file.endsWith('.onnx')) {
        // the real hub redirects large files to a CDN
        res.writeHead(302, { location: `/cdn/${file}` }).end();
        return;
      }
      res.writeHead(200, { 'content-length': fs.statSync(path.join(modelDir, file)).size });
      fs.createReadStream(path.join(modelDir, file)).pipe(res);
      return;
    }
    res.writeHead(404).end('Repository not found');
  });
  return { server, requests, state };
}

let tmp: string;
let hub: ReturnType<typeof standInHub>;
let endpoint: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
  hub = standInHub(path.join(tmp, 'hub-source'));
  await new Promise<void>((resolve) => hub.server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(hub.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => hub.server.close(resolve));
  fs.rmSync(tmp, { recursive: true, force: true });
});

beforeEach(() => {
  hub.requests.length = 0;
  hub.state.missing.clear();
});

describe('selectModelFiles', () => {
  const base = ['config.json', 'tokenizer.json', 'tokenizer_config.json'];

  it('takes the JSON files, optional extras when present, and one ONNX weights file (fp32 first)', () => {
    const all = [...base, 'special_tokens_map.json', 'vocab.txt', 'model.safetensors', 'onnx/model.onnx', 'onnx/model_quantized.onnx'];
    expect(selectModelFiles(REPO, all)).toEqual({ files: [...base, 'special_tokens_map.json', 'onnx/model.onnx'], dtype: 'fp32' });
    expect(selectModelFiles(REPO, all, true).files.at(-1)).toBe('onnx/model_quantized.onnx');
    expect(selectModelFiles(REPO, [...base, 'onnx/model_quantized.onnx']).dtype).toBe('q8');
  });

  it('refuses repositories without ONNX weights or without a tokenizer', () => {
    expect(() => selectModelFiles('BAAI/bge-small-zh-v1.5', [...base, 'pytorch_model.bin'])).toThrow(/没有 ONNX 权重/);
    expect(() => selectModelFiles(REPO, ['config.json', 'onnx/model.onnx'])).toThrow(/tokenizer\.json、tokenizer_config\.json/);
  });
});

describe('hintForModel', () => {
  it('suggests cls pooling and the query instruction for bge-zh, mean pooling otherwise', () => {
    expect(hintForModel('Xenova/bge-small-zh-v1.5')).toEqual({ pooling: 'cls', queryPrefix: '为这个句子生成表示以用于检索相关文章：' });
    expect(hintForModel('Xenova/bge-base-en-v1.5').queryPrefix).toMatch(/^Represent this sentence/);
    expect(hintForModel('Xenova/paraphrase-multilingual-MiniLM-L12-v2')).toEqual({ pooling: 'mean' });
  });
});

describe('pullModel against a stand-in hub', () => {
  it('downloads only the needed files into the folder, and the result loads offline', async () => {
    const dir = path.join(tmp, 'models', 'tiny-zh');
    const phases: string[] = [];
    const result = await pullModel({ name: REPO, endpoint: `${endpoint}/`, dir, onProgress: (p) => phases.push(`${p.phase}:${p.file}`) });
    expect(result.dtype).toBe('fp32');
    expect(result.files).toEqual(['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json', 'onnx/model.onnx']);
    expect(hub.requests.filter((r) => r.includes('/resolve/'))).toHaveLength(5);
    expect(hub.requests.some((r) => /pytorch_model|fp16|vocab|README/.test(r))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'onnx/model.onnx'))).toEqual(fs.readFileSync(path.join(tmp, 'hub-source/onnx/model.onnx')));
    expect(fs.existsSync(`${dir}.partial`)).toBe(false);
    expect(phases).toContain('done:onnx/model.onnx');
    expect(result.bytes).toBeGreaterThan(0);

    const embedder = await TransformersEmbedder.create({ modelPath: dir });
    try {
      expect(embedder.dimensions).toBe(32);
      expect(embedder.id).toMatch(/^transformers:tiny-zh:fp32:\d+:cls$/);
    } finally {
      await embedder.close();
    }

    const [listed] = listModelFolders(path.join(tmp, 'models'));
    expect(listed).toMatchObject({ dir, dtype: 'fp32', missing: [], source: { name: REPO, endpoint, revision: 'main' } });
  });

  it('a missing file (404) gives a clear error and leaves no folder behind', async () => {
    hub.state.missing.add('tokenizer_config.json');
    const dir = path.join(tmp, 'models-404', 'tiny-zh');
    const err = await pullModel({ name: REPO, endpoint, dir }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(ModelPullError);
    expect((err as Error).message).toContain('下载 tokenizer_config.json 失败（HTTP 404）');
    expect(fs.existsSync(dir)).toBe(false);
    expect(fs.existsSync(`${dir}.partial`)).toBe(false);
  });

  it('an unknown repository says which endpoint and name failed', async () => {
    const dir = path.join(tmp, 'models-unknown', 'nope');
    await expect(pullModel({ name: 'Xenova/nope', endpoint, dir })).rejects.toThrow(`无法从 ${endpoint} 获取模型 Xenova/nope 的文件列表（HTTP 404）`);
    expect(fs.existsSync(dir)).toBe(false);
  });

  it('keeps an existing folder unless forced, and replaces it whole when forced', async () => {
    const dir = path.join(tmp, 'models-force', 'tiny-zh');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'stale.txt'), 'old');
    await expect(pullModel({ name: REPO, endpoint, dir })).rejects.toThrow('已存在');
    expect(hub.requests).toHaveLength(0);

    hub.state.missing.add('onnx/model.onnx');
    await expect(pullModel({ name: REPO, endpoint, dir, force: true })).rejects.toThrow(ModelPullError);
    expect(fs.readFileSync(path.join(dir, 'stale.txt'), 'utf8')).toBe('old'); // failed forced pull keeps the old folder

    hub.state.missing.clear();
    await pullModel({ name: REPO, endpoint, dir, force: true });
    expect(fs.existsSync(path.join(dir, 'stale.txt'))).toBe(false);
    expect(fs.existsSync(path.join(dir, 'onnx/model.onnx'))).toBe(true);
    expect(fs.readdirSync(path.dirname(dir))).toEqual(['tiny-zh']);
  });

  it('rejects names that are not hub repository ids', async () => {
    await expect(pullModel({ name: '../etc', endpoint, dir: path.join(tmp, 'x') })).rejects.toThrow('模型名「../etc」不合规');
    expect(hub.requests).toHaveLength(0);
  });
});

describe('guanbot model pull / list', () => {
  const saved = { ...process.env };
  let out: string[];

  beforeEach(() => {
    out = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    process.env.GUANBOT_DATA_DIR = path.join(tmp, 'cli-data');
    process.env.HF_ENDPOINT = endpoint;
  });

  afterEach(() => {
    vi.restoreAllMocks();
    process.env = { ...saved };
  });

  const run = (...args: string[]) => {
    const program = new Command('guanbot').exitOverride();
    register(program);
    return program.parseAsync(['node', 'guanbot', ...args]);
  };

  it('list says how to get a model when there is none', async () => {
    await run('model', 'list');
    expect(out.join('')).toContain('还没有模型');
  });

  it('pull lands in <data>/models/<name>, prints how to use it, and list then shows it', async () => {
    await run('model', 'pull', REPO);
    const dir = path.join(tmp, 'cli-data', 'models', 'tiny-zh');
    expect(fs.existsSync(path.join(dir, 'onnx/model.onnx'))).toBe(true);
    expect(out.join('')).toContain(`GUANBOT_EMBED_MODEL=${dir} GUANBOT_EMBED_POOLING=mean guanbot index`);

    out.length = 0;
    await run('model', 'list');
    const text = out.join('');
    expect(text).toContain(dir);
    expect(text).toContain(`${endpoint}/${REPO}`);
    expect(text).toContain('可用');
  });

  it('pull --dir --endpoint writes to the given folder from the given hub', async () => {
    process.env.HF_ENDPOINT = 'http://127.0.0.1:9'; // would fail if used
    const dir = path.join(tmp, 'elsewhere', 'tiny');
    await run('model', 'pull', REPO, '--dir', dir, '--endpoint', endpoint);
    expect(fs.existsSync(path.join(dir, 'config.json'))).toBe(true);
    expect(out.join('')).toContain(`GUANBOT_EMBED_MODEL=${dir} `);
  });

  it('a failing pull becomes a CliError with the Chinese message', async () => {
    hub.state.missing.add('config.json');
    const err = await run('model', 'pull', REPO, '--dir', path.join(tmp, 'cli-fail')).catch((e: Error) => e);
    expect(err).toBeInstanceOf(CliError);
    expect((err as Error).message).toContain('下载 config.json 失败');
    expect(fs.existsSync(path.join(tmp, 'cli-fail'))).toBe(false);
  });
});
