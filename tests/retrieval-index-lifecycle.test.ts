/**
 * The on-disk index lifecycle: versioned builds switched atomically through
 * CURRENT, incremental reuse of vectors by passage hash, never across
 * embedders, a failed build leaving the previous index serving, and expired
 * documents skipped. Real files in a temp dir.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openEngine } from '../src/answer/index.ts';
import type { Config } from '../src/config.ts';
import { currentIndexDir, loadIndexFiles } from '../src/retrieval/index-store.ts';
import { RecordingEmbedder } from './fixtures/engine-embedders.ts';
import { docText, emptyWorkspace, engineConfig, removeTempDirs, writeFile } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

const FAQ_COUNT = 36;
const TODAY = '2026-06-01';

/** 36 one-passage FAQ entries, a three-section interpretation, one expired and one still valid dated document. */
function seedCorpus(corpusDir: string): void {
  for (let i = 1; i <= FAQ_COUNT; i++) {
    writeFile(corpusDir, `faq/faq-${i}.md`, docText({ id: `faq-${i}`, title: `测试问题${i}？`, type: '问答', question: `测试问题${i}？` }, `第${i}个测试问题的回答内容。`));
  }
  const sections = ['一', '二', '三'].map((n) => `## 第${n}部分\n\n第${n}部分的说明文字，用于测试索引。`).join('\n\n');
  writeFile(corpusDir, 'interpretations/interp-three.md', docText({ id: 'interp-three', title: '三部分解读' }, sections));
  writeFile(corpusDir, 'interpretations/interp-expired.md', docText({ id: 'interp-expired', title: '已失效的解读', expires: '2000-01-01' }, '这份解读已经失效，不应被检索到。'));
  writeFile(corpusDir, 'interpretations/interp-valid.md', docText({ id: 'interp-valid', title: '仍有效的解读', expires: '2099-12-31' }, '这份解读仍然有效。'));
}

const SERVED_DOCS = FAQ_COUNT + 2; // interp-three and interp-valid
const SERVED_CHUNKS = FAQ_COUNT + 3 + 1;

let ws: ReturnType<typeof emptyWorkspace>;
let config: Config;

const pointer = () => fs.readFileSync(path.join(config.indexDir, 'CURRENT'), 'utf8');
const versionDirs = () => fs.readdirSync(config.indexDir).filter((n) => n.startsWith('v-'));

beforeAll(() => {
  ws = emptyWorkspace();
  seedCorpus(ws.corpusDir);
  config = engineConfig(ws);
});

describe('index lifecycle', () => {
  it('openEngine without an index and buildIfMissing:false refuses to start', async () => {
    await expect(openEngine(config, { buildIfMissing: false })).rejects.toThrow(/索引不存在/);
  });

  it('an empty corpus builds an empty index on which every question is unresolved', async () => {
    const empty = engineConfig(emptyWorkspace());
    const s = await buildIndex(empty, { embedder: new RecordingEmbedder() });
    expect(s).toMatchObject({ docs: 0, chunks: 0, embedded: 0 });
    const engine = await openEngine(empty, { buildIfMissing: false });
    try {
      const r = await engine.answer('申请政府信息公开多久能答复？');
      expect(r).toMatchObject({ kind: 'unresolved', resolved: false, candidates: [] });
    } finally {
      await engine.close();
    }
  });

  it('a first build embeds every passage, skips the expired document and reports the counts', async () => {
    const embedder = new RecordingEmbedder();
    const s = await buildIndex(config, { embedder, today: TODAY });
    expect(s).toMatchObject({ docs: SERVED_DOCS, chunks: SERVED_CHUNKS, embedded: SERVED_CHUNKS, reused: 0, skippedExpired: 1, problems: [], embedder: embedder.id });
    expect(embedder.embedded).toHaveLength(SERVED_CHUNKS);
    expect(currentIndexDir(config.indexDir)).toBe(s.dir);

    const loaded = loadIndexFiles(config.indexDir)!;
    expect(loaded.chunks).toHaveLength(SERVED_CHUNKS);
    expect(loaded.manifest).toMatchObject({ docCount: SERVED_DOCS, chunkCount: SERVED_CHUNKS, embedder: embedder.id, dimensions: 512 });
    expect(loaded.docs.has('interp-expired')).toBe(false);
    expect(loaded.docs.has('interp-valid')).toBe(true);
    expect(loaded.chunks.some((c) => c.text.includes('已经失效'))).toBe(false);
  });

  it('an expired document is indexed when the build date is before its expiry', async () => {
    const other = emptyWorkspace();
    seedCorpus(other.corpusDir);
    const s = await buildIndex(engineConfig(other), { embedder: new RecordingEmbedder(), today: '1999-12-31' });
    expect(s.skippedExpired).toBe(0);
    expect(s.docs).toBe(SERVED_DOCS + 1);
  });

  it('a rebuild of an unchanged corpus embeds nothing and reuses every vector, in a new version', async () => {
    const before = pointer();
    const embedder = new RecordingEmbedder();
    const s = await buildIndex(config, { embedder, today: TODAY });
    expect(s).toMatchObject({ chunks: SERVED_CHUNKS, embedded: 0, reused: SERVED_CHUNKS });
    expect(embedder.batches).toBe(0);
    expect(pointer()).not.toBe(before);
    // Superseded versions are removed, but for the newest earlier one, kept as the fallback if a file is damaged.
    expect(versionDirs().sort()).toEqual([before, pointer()].sort());
  });

  it('changing one document re-embeds only its changed passage', async () => {
    writeFile(ws.corpusDir, 'faq/faq-7.md', docText({ id: 'faq-7', title: '测试问题7？', type: '问答', question: '测试问题7？' }, '第7个测试问题的新回答。'));
    const embedder = new RecordingEmbedder();
    const s = await buildIndex(config, { embedder, today: TODAY });
    expect(s).toMatchObject({ embedded: 1, reused: SERVED_CHUNKS - 1 });
    expect(embedder.embedded).toHaveLength(1);
    expect(embedder.embedded[0]).toContain('第7个测试问题的新回答。');
  });

  it('changing a document title re-embeds all of its passages (the title is part of what is embedded)', async () => {
    const sections = ['一', '二', '三'].map((n) => `## 第${n}部分\n\n第${n}部分的说明文字，用于测试索引。`).join('\n\n');
    writeFile(ws.corpusDir, 'interpretations/interp-three.md', docText({ id: 'interp-three', title: '三部分解读（修订）' }, sections));
    const s = await buildIndex(config, { embedder: new RecordingEmbedder(), today: TODAY });
    expect(s).toMatchObject({ embedded: 3, reused: SERVED_CHUNKS - 3 });
  });

  it('a build that fails midway leaves CURRENT and the previous index untouched and loadable', async () => {
    const before = pointer();
    const foldersBefore = versionDirs().sort();
    const servedBefore = loadIndexFiles(config.indexDir)!;
    writeFile(ws.corpusDir, 'faq/faq-8.md', docText({ id: 'faq-8', title: '测试问题8？', type: '问答', question: '测试问题8？' }, '第8个测试问题改过的回答。'));
    const failing = new RecordingEmbedder({ failAfterBatches: 1 });
    // full: every passage is embedded again, so there is a second batch to fail on.
    await expect(buildIndex(config, { embedder: failing, full: true, today: TODAY })).rejects.toThrow('embedding server went away');
    expect(failing.batches).toBe(1);
    expect(pointer()).toBe(before);
    // The failed build leaves no folder of its own.
    expect(versionDirs().sort()).toEqual(foldersBefore);

    const loaded = loadIndexFiles(config.indexDir)!;
    expect(loaded.dir).toBe(servedBefore.dir);
    expect(loaded.chunks.map((c) => c.hash)).toEqual(servedBefore.chunks.map((c) => c.hash));
    // The engine still opens on the previous index (without building) and answers from it.
    const engine = await openEngine(config, { buildIfMissing: false });
    try {
      const r = await engine.answer('测试问题8？');
      expect(r.resolved).toBe(true);
      expect(r.citations[0]!.text).toBe('第8个测试问题的回答内容。');
    } finally {
      await engine.close();
    }
  });

  it('an index built by another embedder is never reused: everything is embedded again', async () => {
    const other = new RecordingEmbedder({ id: 'test:other-model:512' });
    const s = await buildIndex(config, { embedder: other, today: TODAY });
    expect(s).toMatchObject({ embedder: 'test:other-model:512', embedded: SERVED_CHUNKS, reused: 0 });
    expect(loadIndexFiles(config.indexDir)!.manifest.embedder).toBe('test:other-model:512');

    // Back to the built-in embedder: nothing of the other model's vectors is reused either.
    const back = await buildIndex(config, { embedder: new RecordingEmbedder(), today: TODAY });
    expect(back).toMatchObject({ embedded: SERVED_CHUNKS, reused: 0 });
  });

  it('an index of another embedder with other dimensions is not reused even under the same id', async () => {
    const small = new RecordingEmbedder({ dimensions: 64, id: 'builtin:hash-ngram-v1:512' });
    const s = await buildIndex(config, { embedder: small, today: TODAY });
    expect(s).toMatchObject({ embedded: SERVED_CHUNKS, reused: 0 });
    const back = await buildIndex(config, { embedder: new RecordingEmbedder(), today: TODAY });
    expect(back).toMatchObject({ embedded: SERVED_CHUNKS, reused: 0 });
  });

  it('openEngine with buildIfMissing:false refuses an index built by another embedder; with building allowed it rebuilds', async () => {
    await buildIndex(config, { embedder: new RecordingEmbedder({ id: 'test:other-model:512' }), today: TODAY });
    await expect(openEngine(config, { buildIfMissing: false })).rejects.toThrow(/不一致/);
    expect(loadIndexFiles(config.indexDir)!.manifest.embedder).toBe('test:other-model:512');

    const engine = await openEngine(config);
    try {
      expect(loadIndexFiles(config.indexDir)!.manifest.embedder).toBe('builtin:hash-ngram-v1:512');
      expect((await engine.answer('测试问题3？')).citations[0]?.docId).toBe('faq-3');
    } finally {
      await engine.close();
    }
  });
});
