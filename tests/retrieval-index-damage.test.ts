/**
 * A damaged index, a broken document and a failing rebuild never take the bot down: every version file carries a
 * checksum in its manifest, a damaged file is named and the last good version serves (or a rebuild replaces it),
 * a broken document keeps serving its last good version, and a huge document builds without overflowing the stack.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIndex, openEngine } from '../src/answer/index.ts';
import type { Config } from '../src/config.ts';
import { HashedNgramEmbedder } from '../src/retrieval/embedders/index.ts';
import { currentIndexDir, type IndexDamagedError, loadIndexFiles, MAX_DOC_PASSAGES, readManifest } from '../src/retrieval/index-store.ts';
import { docText, emptyWorkspace, engineConfig, removeTempDirs, repoCorpusWorkspace, writeFile } from './fixtures/engine-workspace.ts';

const QUESTION = '申请政府信息公开以后多久能答复？';

afterAll(removeTempDirs);

async function answers(config: Config): Promise<string> {
  const engine = await openEngine(config);
  try {
    const r = await engine.answer(QUESTION);
    expect(r.resolved).toBe(true);
    return r.answer;
  } finally {
    await engine.close();
  }
}

describe('the serving index survives damage', () => {
  let config: Config;
  beforeAll(async () => {
    config = engineConfig(repoCorpusWorkspace());
    await buildIndex(config);
  }, 120_000);

  it('records a checksum for every file of the version', () => {
    const manifest = readManifest(currentIndexDir(config.indexDir)!);
    expect(Object.keys(manifest.files).sort()).toEqual(['bank.json', 'bm25.bin', 'bm25.json', 'chunks.json', 'decision.json', 'docs.json', 'vectors.f32', 'vectors.hnsw']);
  });

  it('each file truncated to half in turn: the damage is named, and the question is still answered', async () => {
    const dir = currentIndexDir(config.indexDir)!;
    const files = [...Object.keys(readManifest(dir).files), 'manifest.json'];
    for (const name of files) {
      // Rebuild a good version first, so that every round starts from a healthy index with a fallback.
      await buildIndex(config, { full: true });
      const current = currentIndexDir(config.indexDir)!;
      const file = path.join(current, name);
      const buf = fs.readFileSync(file);
      fs.writeFileSync(file, buf.subarray(0, Math.floor(buf.length / 2)));
      const damaged: string[] = [];
      try {
        loadIndexFiles(config.indexDir, (err) => damaged.push(err.file));
      } catch (err) {
        damaged.push((err as IndexDamagedError).file);
      }
      expect(damaged, name).toContain(file);
      expect(await answers(config), name).toContain('20个工作日');
    }
  }, 300_000);
});

describe('a broken document and a failing rebuild', () => {
  it('a broken front matter keeps its last good version serving, and the problem names file and line', async () => {
    const ws = repoCorpusWorkspace();
    const config = engineConfig(ws);
    expect(await answers(config)).toContain('20个工作日');
    const file = path.join(ws.corpusDir, 'faq/faq-reply-deadline.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^title: (.*)$/m, 'title: "$1'));
    const summary = await buildIndex(config);
    expect(summary.problems.some((p) => p.file === 'faq/faq-reply-deadline.md' && p.line > 1)).toBe(true);
    expect(summary.kept).toEqual(['faq/faq-reply-deadline.md']);
    const index = loadIndexFiles(config.indexDir)!;
    expect(index.docs.has('faq-reply-deadline')).toBe(true);
    expect(await answers(config)).toContain('20个工作日');
  }, 120_000);

  it('serves the last good index when the rebuild at start fails', async () => {
    const ws = emptyWorkspace();
    writeFile(ws.corpusDir, 'interpretations/fees.md', docText({ id: 'fees', title: '收费' }, '## 申请要收费吗？\n行政机关依申请提供政府信息，不收取费用。'));
    const config = engineConfig(ws);
    await buildIndex(config);
    const before = currentIndexDir(config.indexDir);
    writeFile(ws.corpusDir, 'interpretations/more.md', docText({ id: 'more', title: '更多' }, '## 新内容\n一段新的内容。'));
    const failing = new HashedNgramEmbedder();
    failing.embedDocuments = async () => {
      throw new Error('embedding service down');
    };
    const engine = await openEngine(config, { embedder: failing });
    try {
      expect(engine.version).toBe(before);
      expect((await engine.answer('申请政府信息要收费吗？')).citations[0]?.docId ?? 'none').not.toBe('more');
    } finally {
      await engine.close();
    }
  }, 60_000);

  it('a 5 MB document of 150,000 sections is refused by name, and the rest of the corpus still builds and answers', async () => {
    const ws = emptyWorkspace();
    writeFile(ws.corpusDir, 'interpretations/fees.md', docText({ id: 'fees', title: '收费' }, '## 申请要收费吗？\n行政机关依申请提供政府信息，不收取费用。'));
    const body = Array.from({ length: 150_000 }, (_, i) => `## 第${i}节\n内容${i}。`).join('\n');
    expect(body.length).toBeGreaterThan(2_000_000);
    writeFile(ws.corpusDir, 'interpretations/huge.md', docText({ id: 'huge', title: '超长文档' }, body));
    const config = engineConfig(ws);
    const summary = await buildIndex(config);
    expect(summary.problems.find((p) => p.file === 'interpretations/huge.md')?.message).toContain(String(MAX_DOC_PASSAGES));
    expect(summary.chunks).toBe(1);
  }, 120_000);
});
