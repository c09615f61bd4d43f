/**
 * `guanbot index` on a corpus with a broken document: the real CLI exits non-zero and prints `file:line: message`
 * for the line where the mistake is (a title whose closing quote is missing), in text and with --json.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCorpus } from '../src/corpus/index.ts';
import { docText, emptyWorkspace, removeTempDirs, runCli, writeFile } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

const BROKEN = path.join('faq', 'reply-time.md');

/** A good document, and an FAQ whose title (line 3) lacks its closing quote. */
function workspace() {
  const ws = emptyWorkspace();
  writeFile(ws.corpusDir, 'interpretations/fees.md', docText({ id: 'fees', title: '收费吗' }, '## 收费\n\n申请政府信息公开不收取费用。'));
  writeFile(ws.corpusDir, BROKEN, '---\nid: reply-time\ntitle: "申请政府信息公开以后多久能答复？\ntype: 问答\nquestion: 申请政府信息公开以后多久能答复？\nsource: 《条例》\npublished: 2024-01-01\n---\n\n二十个工作日内答复。\n');
  return ws;
}

describe('guanbot index with a broken front matter', () => {
  it('the loader puts the missing closing quote on the line where the quote opens', () => {
    const { problems } = loadCorpus(workspace().corpusDir);
    expect(problems).toEqual([{ file: BROKEN, line: 3, message: expect.stringContaining('引号没有结束') }]);
  });

  it('exits non-zero and prints file:line: message, after building the rest', async () => {
    const r = await runCli(['index'], workspace());
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain('索引已更新：1 篇文档');
    expect(r.stderr).toContain('语料中有 1 处问题');
    expect(r.stderr.split('\n')).toContainEqual(expect.stringMatching(new RegExp(`^${BROKEN.replace('/', '\\/')}:3: front matter 格式错误：这一行的引号没有结束`)));
  }, 60_000);

  it('with --json: the summary on stdout lists the problem, and the exit is non-zero too', async () => {
    const r = await runCli(['index', '--json'], workspace());
    expect(r.code).not.toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.problems).toEqual([{ file: BROKEN, line: 3, message: expect.any(String) }]);
    expect(r.stderr).toContain(`${BROKEN}:3: `);
  }, 60_000);

  it('a clean corpus still exits 0', async () => {
    const ws = emptyWorkspace();
    writeFile(ws.corpusDir, 'interpretations/fees.md', docText({ id: 'fees', title: '收费吗' }, '## 收费\n\n申请政府信息公开不收取费用。'));
    const r = await runCli(['index'], ws);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  }, 60_000);
});
