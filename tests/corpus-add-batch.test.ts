/**
 * `addDocuments`: a batch import reads the corpus once and checks ids against it and against the batch itself;
 * each document is judged on its own and written only when it has no problems. Real files in a temp corpus.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addDocument, addDocuments, loadCorpus, type AddInput } from '../src/corpus/index.ts';
import { docText, emptyWorkspace, removeTempDirs, writeFile } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

const law = (id: string, title: string): AddInput => ({
  filename: `${id}.txt`,
  id,
  type: '法规',
  content: `# ${title}\n\n2019年4月3日 国务院令第711号公布\n\n第一条 为了规范${title}，制定本办法。\n`,
});

function corpusWithOneFaq(): string {
  const { corpusDir } = emptyWorkspace();
  writeFile(corpusDir, 'faq/faq-existing.md', docText({ id: 'faq-existing', title: '已有问答', type: '问答', question: '已有的问题？' }, '已有的回答。'));
  return corpusDir;
}

describe('addDocuments', () => {
  it('files every valid document of a batch and returns one result per input, in order', () => {
    const corpusDir = corpusWithOneFaq();
    const inputs = Array.from({ length: 40 }, (_, i) => law(`law-${i}`, `第${i}号管理办法`));
    const results = addDocuments(corpusDir, inputs);
    expect(results).toHaveLength(40);
    results.forEach((r, i) => {
      expect(r).toMatchObject({ ok: true, file: path.join('laws', `law-${i}.md`) });
      if (r.ok) expect(r.meta).toMatchObject({ id: `law-${i}`, title: `第${i}号管理办法`, type: '法规', published: '2019-04-03' });
    });
    const { docs, problems } = loadCorpus(corpusDir);
    expect(problems).toEqual([]);
    expect(docs.map((d) => d.meta.id).sort()).toEqual(['faq-existing', ...inputs.map((x) => x.id!)].sort());
  });

  it('rejects an id already in the corpus and a repeat within the batch, naming the file that holds it', () => {
    const corpusDir = corpusWithOneFaq();
    const results = addDocuments(corpusDir, [law('law-a', '甲办法'), law('faq-existing', '乙办法'), law('law-a', '丙办法'), law('law-b', '丁办法')]);
    expect(results.map((r) => r.ok)).toEqual([true, false, false, true]);
    const [, clashWithCorpus, clashInBatch] = results;
    if (clashWithCorpus!.ok || clashInBatch!.ok) throw new Error('expected rejections');
    expect(clashWithCorpus!.problems).toEqual([{ file: 'faq-existing.txt', line: 2, message: expect.stringContaining(path.join('faq', 'faq-existing.md')) }]);
    expect(clashInBatch!.problems[0]!.message).toContain(path.join('laws', 'law-a.md'));
    // The first law-a stays as it was written; the repeat did not overwrite it.
    expect(fs.readFileSync(path.join(corpusDir, 'laws', 'law-a.md'), 'utf8')).toContain('甲办法');
    expect(fs.readFileSync(path.join(corpusDir, 'laws', 'law-a.md'), 'utf8')).not.toContain('丙办法');
    expect(fs.existsSync(path.join(corpusDir, 'laws', 'law-b.md'))).toBe(true);
  });

  it('an invalid document is not written and does not stop the rest of the batch', () => {
    const corpusDir = corpusWithOneFaq();
    const undated: AddInput = { filename: 'undated.txt', id: 'law-undated', type: '法规', content: '# 没有日期的办法\n\n第一条 正文。\n' };
    const results = addDocuments(corpusDir, [law('law-1', '一号办法'), undated, law('law-2', '二号办法')]);
    expect(results.map((r) => r.ok)).toEqual([true, false, true]);
    const rejected = results[1];
    if (rejected!.ok) throw new Error('expected a rejection');
    expect(rejected!.problems.some((p) => p.message.includes('published'))).toBe(true);
    expect(fs.existsSync(path.join(corpusDir, 'laws', 'law-undated.md'))).toBe(false);
    expect(loadCorpus(corpusDir).docs).toHaveLength(3);
  });

  it('ids filed by a batch are taken for later imports; an empty batch does nothing', () => {
    const corpusDir = corpusWithOneFaq();
    expect(addDocuments(corpusDir, [law('law-x', '某办法')])[0]!.ok).toBe(true);
    expect(addDocument(corpusDir, law('law-x', '另一办法')).ok).toBe(false);
    expect(addDocuments(corpusDir, [law('law-x', '第三办法')])[0]!.ok).toBe(false);
    expect(addDocuments(corpusDir, [])).toEqual([]);
    expect(loadCorpus(corpusDir).docs).toHaveLength(2);
  });

  it('never overwrites a file sitting at the target path under another id', () => {
    const corpusDir = corpusWithOneFaq();
    // A document whose file name does not match its id occupies laws/law-y.md.
    writeFile(corpusDir, 'laws/law-y.md', docText({ id: 'law-other', title: '占位文件', type: '法规' }, '占位正文。'));
    const [r] = addDocuments(corpusDir, [law('law-y', '新办法')]);
    expect(r!.ok).toBe(false);
    expect(fs.readFileSync(path.join(corpusDir, 'laws', 'law-y.md'), 'utf8')).toContain('占位文件');
  });
});
