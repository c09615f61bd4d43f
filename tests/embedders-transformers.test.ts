import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFolderError, TransformersEmbedder } from '../src/retrieval/embedders/transformers.ts';
import { makeTinyModel } from './fixtures/tiny-model.ts';

const norm = (v: Float32Array) => Math.sqrt(v.reduce((s, x) => s + x * x, 0));
const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

let tmp: string;
let modelDir: string;

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
  modelDir = path.join(tmp, 'tiny-bert');
  makeTinyModel(modelDir, { dimensions: 32 });
});

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

describe('TransformersEmbedder on the tiny fixture model (offline)', () => {
  let embedder: TransformersEmbedder;
  const prefix = '为这个句子生成表示以用于检索相关文章：';

  beforeAll(async () => {
    embedder = await TransformersEmbedder.create({ modelPath: modelDir, pooling: 'cls', queryPrefix: prefix, batchSize: 4 });
  });
  afterAll(() => embedder?.close());

  it('learns the width from the model and names kind, folder, weights, their size and pooling in its id', () => {
    expect(embedder.dimensions).toBe(32);
    const size = fs.statSync(path.join(modelDir, 'onnx/model.onnx')).size;
    expect(embedder.id).toBe(`transformers:tiny-bert:fp32:${size}:cls`);
  });

  it('a different model in a folder of the same name gets another id (vectors of the two are never mixed)', async () => {
    const otherRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-other-'));
    const other = path.join(otherRoot, 'tiny-bert');
    makeTinyModel(other, { dimensions: 48 });
    const e = await TransformersEmbedder.create({ modelPath: other, pooling: 'cls' });
    try {
      expect(e.id).not.toBe(embedder.id);
    } finally {
      await e.close();
      fs.rmSync(otherRoot, { recursive: true, force: true });
    }
  });

  it('returns one unit-length vector of `dimensions` floats per text, across several batches', async () => {
    const texts = ['冠县政府信息公开', '社保缴费标准', '医疗救助', '住房公积金', '户籍办理', '残疾人补贴', '就业创业', '企业营业执照', '农村低保'];
    const vectors = await embedder.embedDocuments(texts);
    expect(vectors).toHaveLength(texts.length);
    for (const v of vectors) {
      expect(v).toBeInstanceOf(Float32Array);
      expect(v.length).toBe(32);
      expect(norm(v)).toBeCloseTo(1, 4);
    }
  });

  it('is deterministic and independent of batch composition (padding does not leak)', async () => {
    const [alone] = await embedder.embedDocuments(['你好']);
    const batch = await embedder.embedDocuments(['冠县人民政府二〇二四年政府信息公开工作年度报告', '你好']);
    const again = await embedder.embedDocuments(['你好']);
    for (let i = 0; i < 32; i++) {
      expect(batch[1]![i]).toBeCloseTo(alone![i]!, 5);
      expect(again[0]![i]).toBe(alone![i]);
    }
  });

  it('gives different texts different vectors', async () => {
    const [a, b] = await embedder.embedDocuments(['养老保险', '营业执照']);
    expect(dot(a!, b!)).toBeLessThan(0.999);
  });

  it('applies the query prefix to queries only', async () => {
    const [doc] = await embedder.embedDocuments(['养老保险']);
    const query = await embedder.embedQuery('养老保险');
    const [prefixedDoc] = await embedder.embedDocuments([prefix + '养老保险']);
    expect(dot(doc!, query)).toBeLessThan(0.999);
    for (let i = 0; i < 32; i++) expect(query[i]).toBeCloseTo(prefixedDoc![i]!, 5);
  });

  it('without a prefix, a query and the same document embed identically', async () => {
    const plain = await TransformersEmbedder.create({ modelPath: modelDir, pooling: 'mean' });
    try {
      expect(plain.id).toMatch(/^transformers:tiny-bert:fp32:\d+:mean$/);
      const [doc] = await plain.embedDocuments(['养老保险']);
      const query = await plain.embedQuery('养老保险');
      for (let i = 0; i < 32; i++) expect(query[i]).toBeCloseTo(doc![i]!, 6);
      // mean pooling really differs from cls pooling
      const [clsDoc] = await embedder.embedDocuments(['养老保险']);
      expect(dot(doc!, clsDoc!)).toBeLessThan(0.999);
    } finally {
      await plain.close();
    }
  });

  it('loads 8-bit-named weights (onnx/model_quantized.onnx) when model.onnx is absent', async () => {
    const qDir = path.join(tmp, 'tiny-q');
    makeTinyModel(qDir, { quantizedName: true });
    const q = await TransformersEmbedder.create({ modelPath: qDir });
    try {
      expect(q.dimensions).toBe(32);
    } finally {
      await q.close();
    }
  });
});

describe('TransformersEmbedder with a bad folder', () => {
  it('names the folder when it does not exist', async () => {
    const missing = path.join(tmp, 'no-such-model');
    const e = new TransformersEmbedder({ modelPath: missing });
    await expect(e.init()).rejects.toThrow(ModelFolderError);
    await expect(e.init()).rejects.toThrow(`找不到模型文件夹：${missing}`);
  });

  it('names each missing file when the folder is incomplete', async () => {
    const broken = path.join(tmp, 'broken');
    makeTinyModel(broken);
    fs.rmSync(path.join(broken, 'tokenizer.json'));
    fs.rmSync(path.join(broken, 'onnx'), { recursive: true });
    const err = await new TransformersEmbedder({ modelPath: broken }).init().catch((e: Error) => e);
    expect(err).toBeInstanceOf(ModelFolderError);
    expect((err as Error).message).toContain('不完整');
    expect((err as Error).message).toContain('tokenizer.json');
    expect((err as Error).message).toContain('onnx/model.onnx');
    expect((err as Error).message).not.toContain('config.json');
  });

  it('refuses a file where a folder is expected', async () => {
    const file = path.join(tmp, 'a-file');
    fs.writeFileSync(file, 'x');
    await expect(new TransformersEmbedder({ modelPath: file }).init()).rejects.toThrow('不是文件夹');
  });

  it('reports a corrupt ONNX file as a load failure naming the folder', async () => {
    const corrupt = path.join(tmp, 'corrupt');
    makeTinyModel(corrupt);
    fs.writeFileSync(path.join(corrupt, 'onnx', 'model.onnx'), 'not a model');
    const err = await new TransformersEmbedder({ modelPath: corrupt }).init().catch((e: Error) => e);
    expect(err).toBeInstanceOf(ModelFolderError);
    expect((err as Error).message).toContain(`无法加载模型 ${corrupt}`);
  });
});
