/**
 * `corpus add | remove | list`: staff file documents without writing front
 * matter themselves; the command derives it, validates, and files the
 * document in its type folder. Run through the real CLI on a temp corpus.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDocument, loadCorpus, parseFrontMatter, prepareDocument } from '../src/corpus/index.ts';
import { docText, emptyWorkspace, makeTempDir, removeTempDirs, runCli, writeFile } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

/** The start of the 2019 regulation as published: title, then a preamble with its dates. */
const REGULATION_TXT = [
  '# 中华人民共和国政府信息公开条例',
  '',
  '2007年4月5日 中华人民共和国国务院令第492号公布',
  '',
  '2019年4月3日 中华人民共和国国务院令第711号修订',
  '',
  '2019年5月15日 施行',
  '',
  '## 第一章 总则',
  '',
  '第一条 为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，建设法治政府，充分发挥政府信息对人民群众生产、生活和经济社会活动的服务作用，制定本条例。',
  '',
  '第二条 本条例所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息。',
  '',
].join('\n');

const INTERPRETATION_MD = ['# 如何查看冠县政府信息公开年报', '', '## 年报在哪里看？', '', '年报全文在冠县人民政府门户网站公开。', ''].join('\n');

let ws: ReturnType<typeof emptyWorkspace>;
let inbox: string;

beforeAll(() => {
  ws = emptyWorkspace();
  writeFile(ws.corpusDir, 'faq/faq-existing.md', docText({ id: 'faq-existing', title: '已有问答', type: '问答', question: '已有的问题？' }, '已有的回答。'));
  inbox = makeTempDir();
  writeFile(inbox, 'regulation-2019.txt', REGULATION_TXT);
  writeFile(inbox, 'how-to-read.md', INTERPRETATION_MD);
  writeFile(inbox, 'no-date.md', '# 没有日期的说明\n\n正文。\n');
  writeFile(inbox, 'notes.docx', 'binary');
});

const frontMatterOf = (rel: string) => parseFrontMatter(fs.readFileSync(path.join(ws.corpusDir, rel), 'utf8'));

describe('guanbot corpus add', () => {
  it('a .txt law gets front matter from its heading and preamble and lands in laws/', async () => {
    const r = await runCli(['corpus', 'add', path.join(inbox, 'regulation-2019.txt'), '--type', '法规'], ws);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(path.join('laws', 'regulation-2019.md'));
    const fm = frontMatterOf(path.join('laws', 'regulation-2019.md'));
    expect(fm.errors).toEqual([]);
    expect(fm.data).toMatchObject({
      id: 'regulation-2019',
      title: '中华人民共和国政府信息公开条例',
      type: '法规',
      // The latest of 公布 / 修订 is the publication date; 施行 is the effective date.
      published: '2019-04-03',
      effective: '2019-05-15',
    });
    expect(fm.body).toContain('第二条 本条例所称政府信息');
  });

  it('a .md without front matter gets its title from the first heading and lands in interpretations/', async () => {
    const r = await runCli(['corpus', 'add', path.join(inbox, 'how-to-read.md'), '--type', '政策解读', '--published', '2024-03-01', '--source', '《冠县人民政府2024年政府信息公开工作年度报告》'], ws);
    expect(r.code).toBe(0);
    const fm = frontMatterOf(path.join('interpretations', 'how-to-read.md'));
    expect(fm.data).toMatchObject({ id: 'how-to-read', title: '如何查看冠县政府信息公开年报', type: '政策解读', published: '2024-03-01', source: '《冠县人民政府2024年政府信息公开工作年度报告》' });
    expect(fm.body).toContain('年报全文在冠县人民政府门户网站公开。');
  });

  it('the added documents pass the corpus check', () => {
    const { docs, problems } = loadCorpus(ws.corpusDir);
    expect(problems).toEqual([]);
    expect(docs.map((d) => d.meta.id).sort()).toEqual(['faq-existing', 'how-to-read', 'regulation-2019']);
  });

  it('is rejected when the id exists, and the existing file is left as it was', async () => {
    const file = path.join(ws.corpusDir, 'laws', 'regulation-2019.md');
    const before = fs.readFileSync(file, 'utf8');
    const r = await runCli(['corpus', 'add', path.join(inbox, 'regulation-2019.txt'), '--type', '法规', '--title', '另一个标题'], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('regulation-2019');
    expect(r.stderr).toContain('重复');
    expect(fs.readFileSync(file, 'utf8')).toBe(before);
  });

  it('is rejected when --id names another document', async () => {
    const r = await runCli(['corpus', 'add', path.join(inbox, 'how-to-read.md'), '--type', '政策解读', '--id', 'faq-existing', '--published', '2024-03-01'], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('faq-existing');
    expect(r.stderr).toContain('重复');
    expect(fs.existsSync(path.join(ws.corpusDir, 'interpretations', 'faq-existing.md'))).toBe(false);
  });

  it('a document without a publication date is rejected and nothing is written', async () => {
    const r = await runCli(['corpus', 'add', path.join(inbox, 'no-date.md'), '--type', '政策解读'], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('published');
    expect(fs.existsSync(path.join(ws.corpusDir, 'interpretations', 'no-date.md'))).toBe(false);
  });

  it('only .md and .txt files are accepted', async () => {
    const r = await runCli(['corpus', 'add', path.join(inbox, 'notes.docx'), '--type', '政策解读'], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('.md');
  });

  it('an unknown --type is rejected with the allowed types', async () => {
    const r = await runCli(['corpus', 'add', path.join(inbox, 'how-to-read.md'), '--type', '通知'], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('通知');
    expect(r.stderr).toContain('政策解读');
  });
});

describe('addDocument / prepareDocument', () => {
  it('keeps front matter an .md file already has and fills in only what is missing', () => {
    const { text } = prepareDocument({ filename: 'x.md', content: '---\nid: keep-me\ntags: [公开]\n---\n# 标题一\n\n正文。', type: '政策解读', published: '2024-05-01' });
    const fm = parseFrontMatter(text);
    expect(fm.data).toMatchObject({ id: 'keep-me', title: '标题一', type: '政策解读', published: '2024-05-01', tags: ['公开'] });
  });

  it('a file name without ASCII words gets a readable doc-<date>-<n> id, dated by its publication and not yet taken', () => {
    const a = prepareDocument({ filename: '政策解读.md', content: '# 标题\n\n正文。', type: '政策解读', published: '2024-03-05' });
    expect(parseFrontMatter(a.text).data?.id).toBe('doc-20240305-1');
    const b = prepareDocument({ filename: '政策解读.md', content: '# 标题\n\n正文。', type: '政策解读', published: '2024-03-05' }, { taken: new Set(['doc-20240305-1']) });
    expect(parseFrontMatter(b.text).data?.id).toBe('doc-20240305-2');
    const undated = prepareDocument({ filename: '政策解读.md', content: '# 标题\n\n正文。', type: '政策解读', published: '2024' }, { taken: new Set(), today: '2025-12-01' });
    expect(parseFrontMatter(undated.text).data?.id).toBe('doc-20251201-1');
  });

  it('the ASCII words of a mixed file name make the id', () => {
    const { text } = prepareDocument({ filename: '冠县2024年报annual-report.pdf', content: '# 标题\n\n正文。', type: '年度报告', published: '2025-01-20' });
    expect(parseFrontMatter(text).data).toMatchObject({ id: '2024-annual-report', title: '标题' });
  });

  it('the same text added twice under a Chinese file name is refused the second time', () => {
    const dir = emptyWorkspace().corpusDir;
    const input = { filename: '说明.md', content: '# 说明\n\n同样的正文。', type: '政策解读' as const, published: '2024-02-02', source: '《说明》' };
    const first = addDocument(dir, input);
    expect(first).toMatchObject({ ok: true, meta: { id: 'doc-20240202-1' } });
    const second = addDocument(dir, input);
    expect(second.ok).toBe(false);
    expect(JSON.stringify(second)).toContain(path.join('interpretations', 'doc-20240202-1.md'));
    expect(loadCorpus(dir).docs).toHaveLength(1);
  });

  // The clash check covers the target file, not only ids: a file holding a document with another id is never lost.
  it('never overwrites an existing file that holds a document with another id', () => {
    const dir = emptyWorkspace().corpusDir;
    writeFile(dir, 'faq/abc.md', docText({ id: 'faq-other', title: '其他', type: '问答', question: '其他问题？' }, '其他回答。'));
    const r = addDocument(dir, { filename: 'abc.md', content: '---\nquestion: 新问题？\n---\n# 新问题\n\n新回答。', type: '问答', published: '2024-02-02' });
    expect(r.ok).toBe(false);
    expect(loadCorpus(dir).docs.map((d) => d.meta.id)).toContain('faq-other');
  });
});

describe('guanbot corpus list / remove', () => {
  it('list --json prints one JSON array of the documents with their files', async () => {
    const r = await runCli(['corpus', 'list', '--json'], ws);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const docs = JSON.parse(r.stdout) as { id: string; type: string; title: string; file: string; published: string }[];
    expect(docs.map((d) => d.id).sort()).toEqual(['faq-existing', 'how-to-read', 'regulation-2019']);
    expect(docs.find((d) => d.id === 'regulation-2019')).toMatchObject({ type: '法规', file: path.join('laws', 'regulation-2019.md'), published: '2019-04-03' });
  });

  it('remove ID deletes the document file; a second remove reports the unknown id', async () => {
    const r = await runCli(['corpus', 'remove', 'how-to-read'], ws);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(path.join('interpretations', 'how-to-read.md'));
    expect(fs.existsSync(path.join(ws.corpusDir, 'interpretations', 'how-to-read.md'))).toBe(false);
    expect(loadCorpus(ws.corpusDir).docs.map((d) => d.meta.id).sort()).toEqual(['faq-existing', 'regulation-2019']);

    const again = await runCli(['corpus', 'remove', 'how-to-read'], ws);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('how-to-read');
  });
});
