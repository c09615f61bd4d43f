/**
 * `corpus check`: every mistake in a broken corpus is reported with its file
 * and 1-based line, through the loader and through the real CLI.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblems, loadCorpus, type CorpusProblem } from '../src/corpus/index.ts';
import { docText, emptyWorkspace, removeTempDirs, repoCorpusWorkspace, runCli, writeFile } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

/** A corpus with one mistake per file, each on a known line. */
function brokenCorpus() {
  const ws = emptyWorkspace();
  const dir = ws.corpusDir;
  // Line 1 is the opening fence; there is no id line at all.
  writeFile(dir, 'a-missing-id.md', '---\ntitle: 缺少编号\ntype: 政策解读\nsource: 《测试》\npublished: 2024-01-01\n---\n\n正文。\n');
  // docText puts id on line 2, title 3, type 4, source 5, published 6, closing fence 7.
  writeFile(dir, 'b-bad-type.md', docText({ id: 'bad-type', title: '错误类型', type: '通知' }, '正文。'));
  writeFile(dir, 'c-bad-date.md', docText({ id: 'bad-date', title: '错误日期', published: '2024/01/15' }, '正文。'));
  writeFile(dir, 'dup/one.md', docText({ id: 'dup-doc', title: '第一篇' }, '正文一。'));
  writeFile(dir, 'dup/two.md', docText({ id: 'dup-doc', title: '第二篇' }, '正文二。'));
  writeFile(dir, 'e-empty-body.md', docText({ id: 'empty-body', title: '空正文' }, ''));
  writeFile(dir, 'f-unclosed.md', '---\nid: unclosed\ntitle: 没有结束\n\n正文。\n');
  // The YAML mistake is on line 4 (`type: 问答: 错` is a nested mapping in a compact one).
  writeFile(dir, 'g-yaml.md', '---\nid: yaml-bad\ntitle: 语法错误\ntype: 问答: 错\nsource: 《测试》\npublished: 2024-01-01\n---\n\n正文。\n');
  // Windows line endings must not shift line numbers.
  writeFile(dir, 'h-crlf.md', docText({ id: 'crlf', title: 'CRLF', type: '公告' }, '正文。').replace(/\n/g, '\r\n'));
  writeFile(dir, 'ok.md', docText({ id: 'ok-doc', title: '正常文档' }, '这是一篇正常的文档。'));
  // README.md is documentation, not a document.
  writeFile(dir, 'README.md', '# 说明\n\n这里没有 front matter。\n');
  return ws;
}

let ws: ReturnType<typeof brokenCorpus>;
let problems: CorpusProblem[];
let docIds: string[];

beforeAll(() => {
  ws = brokenCorpus();
  const loaded = loadCorpus(ws.corpusDir);
  problems = loaded.problems;
  docIds = loaded.docs.map((d) => d.meta.id);
});

const problemsOf = (file: string) => problems.filter((p) => p.file === file);

describe('corpus check: problems with file and line', () => {
  it('a missing id is reported on line 1 of its file', () => {
    expect(problemsOf('a-missing-id.md')).toEqual([{ file: 'a-missing-id.md', line: 1, message: expect.stringContaining('id') }]);
    expect(problemsOf('a-missing-id.md')[0]!.message).toContain('缺少必填字段');
  });

  it('an unknown type (通知) is reported on the type line, listing the allowed types', () => {
    const [p] = problemsOf('b-bad-type.md');
    expect(p!.line).toBe(4);
    expect(p!.message).toContain('通知');
    for (const type of ['年度报告', '政策解读', '法规', '问答']) expect(p!.message).toContain(type);
  });

  it('a bad date is reported on the published line', () => {
    expect(problemsOf('c-bad-date.md')).toEqual([{ file: 'c-bad-date.md', line: 6, message: expect.stringContaining('2024/01/15') }]);
  });

  it('a duplicate id is reported in the second file, on its id line, naming the first file', () => {
    expect(problemsOf(path.join('dup', 'one.md'))).toEqual([]);
    const [p] = problemsOf(path.join('dup', 'two.md'));
    expect(p!.line).toBe(2);
    expect(p!.message).toContain('dup-doc');
    expect(p!.message).toContain(path.join('dup', 'one.md'));
    // The first document still serves.
    expect(docIds.filter((id) => id === 'dup-doc')).toHaveLength(1);
  });

  it('an empty body is reported on the first body line', () => {
    expect(problemsOf('e-empty-body.md')).toEqual([{ file: 'e-empty-body.md', line: 8, message: expect.stringContaining('正文为空') }]);
  });

  it('unclosed front matter is reported on line 1', () => {
    const found = problemsOf('f-unclosed.md');
    expect(found).toHaveLength(1);
    expect(found[0]!.line).toBe(1);
  });

  it('a YAML syntax error is reported for its file as a front matter error', () => {
    const found = problemsOf('g-yaml.md');
    expect(found.length).toBeGreaterThan(0);
    expect(found[0]!.message).toContain('front matter 格式错误');
  });

  // Staff are sent to the line of the YAML mistake, not to the start of the front matter.
  it('a YAML syntax error is reported on the line where it is (line 4)', () => {
    expect(problemsOf('g-yaml.md')[0]!.line).toBe(4);
  });

  // Every problem text comes from prompts/messages/corpus.yaml, in Chinese, these two included.
  it('the unclosed front matter message is Chinese', () => {
    expect(problemsOf('f-unclosed.md')[0]!.message).not.toContain('is not closed');
  });

  // A date must exist in the calendar, not only look like one: a wrong `expires` would decide silently whether a
  // document is served.
  it('an impossible calendar date is reported', () => {
    const dir = emptyWorkspace().corpusDir;
    writeFile(dir, 'bad-calendar.md', docText({ id: 'bad-calendar', title: '不存在的日期', published: '2024-13-45' }, '正文。'));
    expect(loadCorpus(dir).problems).toEqual([{ file: 'bad-calendar.md', line: 6, message: expect.stringContaining('2024-13-45') }]);
  });

  it('CRLF files keep their line numbers', () => {
    expect(problemsOf('h-crlf.md').map((p) => p.line)).toEqual([4]);
  });

  it('valid documents load; README.md and broken documents are left out', () => {
    expect(docIds.sort()).toEqual(['dup-doc', 'ok-doc']);
    expect(problems.some((p) => p.file.toLowerCase() === 'readme.md')).toBe(false);
  });

  it('formatProblems prints compiler-style file:line: message lines', () => {
    const text = formatProblems(problems);
    expect(text.split('\n')).toHaveLength(problems.length);
    expect(text).toContain('c-bad-date.md:6: ');
  });
});

describe('guanbot corpus check (CLI)', () => {
  it('exits 1 on the broken corpus and prints one file:line: line per problem', async () => {
    const r = await runCli(['corpus', 'check'], ws);
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain(`语料检查发现 ${problems.length} 处问题`);
    for (const expected of ['a-missing-id.md:1: ', 'b-bad-type.md:4: ', 'c-bad-date.md:6: ', `${path.join('dup', 'two.md')}:2: `, 'e-empty-body.md:8: ', 'f-unclosed.md:1: ', 'h-crlf.md:4: ']) {
      expect(out).toContain(expected);
    }
    const lines = out.split('\n').filter((l) => /^[^\s:]+\.md:\d+: /.test(l));
    expect(lines).toHaveLength(problems.length);
  });

  it('exits 0 on a copy of the real corpus and counts its documents by type', async () => {
    const good = repoCorpusWorkspace();
    const r = await runCli(['corpus', 'check'], good);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/语料检查通过：\d+ 篇文档/);
    expect(r.stdout).toContain('问答');
  });
});
