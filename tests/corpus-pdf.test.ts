/**
 * PDF documents: `guanbot corpus add FILE.pdf`, with fixtures printed from HTML by Debian's chromium at test time.
 * A printed policy text keeps its headings and paragraphs, is indexed and answers a question only it answers,
 * citing it; a scanned PDF (a page that is only a drawing) and a damaged file are refused with a clear message.
 * The article texts are quoted from ../shared/sources/gov-info-disclosure-regulation-2019.md.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layoutToMarkdown, pdfToMarkdown, PdfRejectedError } from '../src/corpus/pdf.ts';
import { loadCorpus, parseFrontMatter } from '../src/corpus/index.ts';
import { makeTempDir, removeTempDirs, repoCorpusWorkspace, runCli, writeFile } from './fixtures/engine-workspace.ts';
import { CHROMIUM } from './fixtures/console-browser.ts';

const run = promisify(execFile);

/** Prints `html` to a PDF with chromium; returns the PDF's path. */
async function printPdf(dir: string, name: string, html: string): Promise<string> {
  const source = writeFile(dir, `${name}.html`, html);
  const out = path.join(dir, `${name}.pdf`);
  await run(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--user-data-dir=${path.join(dir, `profile-${name}`)}`, `--print-to-pdf=${out}`, source], { timeout: 60_000 });
  return out;
}

const STYLE = '<style>body{font-family:sans-serif;font-size:12pt;line-height:1.6} h1{font-size:22pt} h2{font-size:16pt} p{margin:0 0 10pt}</style>';

/** Articles 12 and 18 of the 2019 regulation under their chapter headings, as a county office might publish them. */
const REGULATION_HTML = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>条例</title>${STYLE}</head><body>
<h1>中华人民共和国政府信息公开条例</h1>
<p>2019年4月3日 中华人民共和国国务院令第711号修订</p>
<h2>第二章 公开的主体和范围</h2>
<p>第十二条 行政机关编制、公布的政府信息公开指南和政府信息公开目录应当及时更新。</p>
<p>政府信息公开指南包括政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容。</p>
<p>政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。</p>
<h2>第三章 主动公开</h2>
<p>第十八条 行政机关应当建立健全政府信息管理动态调整机制，对本行政机关不予公开的政府信息进行定期评估审查，对因情势变化可以公开的政府信息应当公开。</p>
</body></html>`;

/** A "scan": the page is a drawing on a canvas, so the PDF has no text layer. */
const SCANNED_HTML = `<!doctype html><html><head><meta charset="utf-8"></head><body>
<canvas id="c" width="600" height="800"></canvas>
<script>const g=document.getElementById('c').getContext('2d');g.fillStyle='#eee';g.fillRect(0,0,600,800);g.fillStyle='#333';for(let y=60;y<760;y+=28)g.fillRect(40,y,520-(y%90),10);</script>
</body></html>`;

const QUESTION = '政府信息公开目录包括哪些内容？';

let ws: ReturnType<typeof repoCorpusWorkspace>;
let inbox: string;
let regulationPdf: string;
let scannedPdf: string;

beforeAll(async () => {
  ws = repoCorpusWorkspace();
  inbox = makeTempDir();
  [regulationPdf, scannedPdf] = await Promise.all([printPdf(inbox, 'regulation-excerpt', REGULATION_HTML), printPdf(inbox, '扫描件', SCANNED_HTML)]);
}, 120_000);
afterAll(removeTempDirs);

describe('pdfToMarkdown', () => {
  it('keeps the printed headings as Markdown headings and each paragraph as one', async () => {
    const md = await pdfToMarkdown(fs.readFileSync(regulationPdf), 'regulation-excerpt.pdf');
    const blocks = md.split('\n\n');
    expect(blocks[0]).toBe('# 中华人民共和国政府信息公开条例');
    expect(blocks).toContain('## 第二章 公开的主体和范围');
    expect(blocks).toContain('## 第三章 主动公开');
    // The long paragraph wrapped over lines in print and is one paragraph again, without spaces in the Chinese.
    expect(blocks).toContain('政府信息公开指南包括政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容。');
    expect(blocks).toContain('第十八条 行政机关应当建立健全政府信息管理动态调整机制，对本行政机关不予公开的政府信息进行定期评估审查，对因情势变化可以公开的政府信息应当公开。');
  });

  it('starts paragraphs at a first-line indent and at a new article, and drops page numbers', () => {
    // Two pages of body text set at 12 pt with 18 pt line spacing and no extra space between paragraphs.
    const line = (str: string, x: number, y: number, fontSize = 12) => ({ str, x, y, fontSize });
    const md = layoutToMarkdown([
      [line('关于开展政务公开工作的说明', 60, 780, 20), line('　　一段文字的第一行，', 84, 740), line('接着第二行。', 60, 722), line('　　另一段。', 84, 704), line('第一条 条文一。', 60, 686), line('1', 300, 40)],
      [line('第二条 条文二，', 60, 780), line('跨行继续。', 60, 762), line('2', 300, 40)],
    ]);
    expect(md.split('\n\n')).toEqual(['# 关于开展政务公开工作的说明', '一段文字的第一行，接着第二行。', '另一段。', '第一条 条文一。', '第二条 条文二，跨行继续。']);
  });

  it('refuses a scanned PDF (no text layer) and tells staff to use the text version or OCR', async () => {
    const err = await pdfToMarkdown(fs.readFileSync(scannedPdf), '扫描件.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfRejectedError);
    expect((err as PdfRejectedError).reason).toBe('noText');
    expect((err as Error).message).toContain('扫描件.pdf');
    expect((err as Error).message).toContain('OCR');
  });

  it('refuses a damaged PDF', async () => {
    const damaged = fs.readFileSync(regulationPdf).subarray(0, 900);
    const err = await pdfToMarkdown(damaged, 'broken.pdf').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PdfRejectedError);
    expect((err as PdfRejectedError).reason).toBe('damaged');
    expect((err as Error).message).toContain('broken.pdf');
  });
});

describe('guanbot corpus add FILE.pdf', { timeout: 180_000 }, () => {
  it('before the PDF is added, the corpus has no passage on what the catalogue contains', async () => {
    const r = await runCli(['ask', '--json', QUESTION], ws);
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(JSON.stringify(answer.citations)).not.toContain('内容概述');
  });

  it('adds a printed PDF as a 法规 document with a readable id, its headings kept', async () => {
    const r = await runCli(['corpus', 'add', regulationPdf, '--type', '法规', '--source', '《中华人民共和国政府信息公开条例》'], ws);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const file = path.join('laws', 'regulation-excerpt.md');
    expect(r.stdout).toContain(file);
    const fm = parseFrontMatter(fs.readFileSync(path.join(ws.corpusDir, file), 'utf8'));
    expect(fm.data).toMatchObject({ id: 'regulation-excerpt', title: '中华人民共和国政府信息公开条例', type: '法规', published: '2019-04-03' });
    expect(fm.body).toContain('## 第三章 主动公开');
  });

  it('after `index`, `ask` answers the question from the PDF and cites it', async () => {
    const index = await runCli(['index'], ws);
    expect(index.code).toBe(0);
    const r = await runCli(['ask', '--json', QUESTION], ws);
    expect(r.code).toBe(0);
    const answer = JSON.parse(r.stdout);
    expect(answer.resolved).toBe(true);
    expect(answer.answer).toContain('内容概述');
    expect(answer.citations[0]).toMatchObject({ docId: 'regulation-excerpt', section: '第二章 公开的主体和范围' });
  });

  it('refuses a scanned PDF and writes nothing', async () => {
    const before = loadCorpus(ws.corpusDir).docs.length;
    const r = await runCli(['corpus', 'add', scannedPdf, '--type', '法规', '--title', '扫描的通知', '--published', '2024-01-01', '--source', '《扫描件》'], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('没有可读取的文字');
    expect(r.stderr).toContain('OCR');
    expect(loadCorpus(ws.corpusDir).docs.length).toBe(before);
  });

  it('refuses a damaged PDF with a clear message', async () => {
    const broken = writeFile(inbox, 'broken.pdf', '%PDF-1.4\nthis is not really a pdf');
    const r = await runCli(['corpus', 'add', broken, '--type', '法规'], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('broken.pdf');
    expect(r.stderr).toContain('无法读取');
  });
});
