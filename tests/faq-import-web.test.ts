/**
 * FAQ spreadsheets and PDF uploads in the staff console, on the real server (127.0.0.1) with a temp corpus copy:
 * the import route reports a bad row by its number and imports the rest, which the bot then answers; template and
 * export downloads are real .xlsx / .csv files; a printed PDF uploads, a scanned one is refused. Then in a real
 * browser (Debian chromium): the upload form has no preselected type, the document list filters by search and
 * type, and the FAQ form shows the import report. Screenshots go to artifacts/screenshots/.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAQ_COLUMNS, readFaqTable } from '../src/corpus/faq/index.ts';
import { StaffClient, startWebFixture, type WebFixture } from './web-fixture.ts';
import { makeTempDir, removeTempDirs } from './fixtures/engine-workspace.ts';
import { CHROMIUM } from './fixtures/console-browser.ts';

const SHOTS = fileURLToPath(new URL('../artifacts/screenshots', import.meta.url));
const PASSWORD = 'faq-import-password';
const run = promisify(execFile);

let fx: WebFixture;
let staff: StaffClient;
let tmp: string;

beforeAll(async () => {
  fx = await startWebFixture();
  await fx.staff.accounts.add('zhangli', PASSWORD);
  staff = new StaffClient(fx.url);
  expect((await staff.login('zhangli', PASSWORD)).status).toBe(200);
  tmp = makeTempDir();
}, 60_000);
afterAll(async () => {
  await fx?.close();
  removeTempDirs();
});

async function waitForReindex() {
  for (let i = 0; i < 1200; i += 1) {
    const r = await staff.call('GET', 'corpus/reindex');
    if (r.body.state !== 'running' && !r.body.queued) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('reindex did not finish');
}

async function workbook(rows: (string | null)[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('问答');
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function form(file: Buffer | string, filename: string, fields: Record<string, string> = {}): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.append(k, v);
  f.append('file', new Blob([typeof file === 'string' ? file : new Uint8Array(file)]), filename);
  return f;
}

// Article 18 of the 2019 regulation (../shared/sources/gov-info-disclosure-regulation-2019.md).
const ROW = ['不予公开的政府信息以后还能公开吗？', '情况变了能公开吗；不公开的信息会重新审查吗', '行政机关应当建立健全政府信息管理动态调整机制，对本行政机关不予公开的政府信息进行定期评估审查，对因情势变化可以公开的政府信息应当公开。', '《中华人民共和国政府信息公开条例》第十八条', null, '2019-04-03'];

describe('console FAQ routes', () => {
  it('a dry run reports without writing; the import writes the good rows, reports 第3行, and the bot answers them after the rebuild', async () => {
    const xlsx = await workbook([[...FAQ_COLUMNS], ROW, ['没有答案的问题？', null, null, '《条例》', null, null]]);
    const dry = await staff.call('POST', 'corpus/faq/import', undefined, { form: form(xlsx, 'office.xlsx', { dryRun: '1' }) });
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ dryRun: true, imported: [{ row: 2 }], errors: [{ row: 3, message: '「答案」不能为空' }] });
    expect(fs.readdirSync(path.join(fx.config.corpusDir, 'faq')).filter((f) => /^faq-\d{8}-\d+\.md$/.test(f))).toEqual([]);

    const r = await staff.call('POST', 'corpus/faq/import', undefined, { form: form(xlsx, 'office.xlsx') });
    expect(r.status).toBe(200);
    expect(r.body.errors).toEqual([{ row: 3, message: '「答案」不能为空' }]);
    expect(r.body.imported).toEqual([expect.objectContaining({ row: 2, question: ROW[0] })]);
    expect(fs.existsSync(path.join(fx.config.corpusDir, r.body.imported[0].file))).toBe(true);
    expect((await waitForReindex()).state).toBe('done');
    const answer = await fx.app.ask('情况变了能公开吗', { channel: 'web', channelUserId: 'web:test' });
    expect(answer.resolved).toBe(true);
    expect(answer.citations[0]!.docId).toBe(r.body.imported[0].id);
    expect(fx.staff.audit.list({ actor: 'zhangli' }).map((e) => e.action)).toContain('faq.import');
  }, 120_000);

  it('refuses a file that is not a spreadsheet, and one without the required columns', async () => {
    const txt = await staff.call('POST', 'corpus/faq/import', undefined, { form: form('问题', 'faq.txt') });
    expect(txt.status).toBe(400);
    expect(txt.body.error).toContain('.xlsx');
    const noBasis = await staff.call('POST', 'corpus/faq/import', undefined, { form: form('问题,答案\r\n你好,好\r\n', 'faq.csv') });
    expect(noBasis.status).toBe(400);
    expect(noBasis.body.error).toContain('第1行：表头缺少「依据」列');
  });

  it('downloads the template and the export as real spreadsheets with the import columns', async () => {
    const template = await staff.call('GET', 'corpus/faq/template.xlsx');
    expect(template.status).toBe(200);
    expect(template.headers.get('content-disposition')).toContain('attachment');
    const rows = await readFaqTable(template.body, 'template.xlsx');
    expect(rows).toHaveLength(1);
    const csv = await staff.call('GET', 'corpus/faq/export.csv');
    expect(csv.status).toBe(200);
    const records = parse(csv.body.toString('utf8'), { bom: true }) as string[][];
    expect(records[0]).toEqual([...FAQ_COLUMNS]);
    expect(records.map((rec) => rec[0])).toContain(ROW[0]);
    const xlsx = await staff.call('GET', 'corpus/faq/export.xlsx');
    expect((await readFaqTable(xlsx.body, 'export.xlsx')).length).toBe(records.length - 1);
  });
});

describe('console PDF upload', () => {
  async function print(name: string, html: string): Promise<Buffer> {
    const src = path.join(tmp, `${name}.html`);
    fs.writeFileSync(src, html);
    const out = path.join(tmp, `${name}.pdf`);
    await run(CHROMIUM, ['--headless', '--no-sandbox', '--disable-gpu', '--no-pdf-header-footer', `--user-data-dir=${path.join(tmp, `profile-${name}`)}`, `--print-to-pdf=${out}`, src], { timeout: 60_000 });
    return fs.readFileSync(out);
  }

  it('uploads a printed PDF with its headings, and refuses a scan', async () => {
    const text = await print(
      'guide',
      '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><style>body{font-size:12pt}h1{font-size:22pt}</style></head><body><h1>政府信息公开指南和目录</h1><p>第十二条 行政机关编制、公布的政府信息公开指南和政府信息公开目录应当及时更新。</p></body></html>',
    );
    const ok = await staff.call('POST', 'corpus/upload', undefined, { form: form(text, 'gov-info-guide.pdf', { type: '法规', source: '《中华人民共和国政府信息公开条例》', published: '2019-04-03' }) });
    expect(ok.status).toBe(200);
    expect(ok.body.meta).toMatchObject({ id: 'gov-info-guide', title: '政府信息公开指南和目录', type: '法规' });
    const scan = await print('scan', '<!doctype html><html><body><canvas id="c" width="500" height="700"></canvas><script>document.getElementById("c").getContext("2d").fillRect(20,20,400,600)</script></body></html>');
    const refused = await staff.call('POST', 'corpus/upload', undefined, { form: form(scan, 'scan.pdf', { type: '法规' }) });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toContain('没有可读取的文字');
    await waitForReindex();
  }, 120_000);
});

describe('console corpus panel in a browser', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('no preselected upload type, search and type filter on the list, and the FAQ import report', async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${fx.url}/admin`);
    await page.fill('#login-name', 'zhangli');
    await page.fill('#login-password', PASSWORD);
    await page.click('#login-form button[type="submit"]');
    await page.locator('#app-view').waitFor();
    await page.locator('#tab-corpus').click();
    await page.locator('#corpus-table tbody tr').first().waitFor();

    expect(await page.locator('#up-type').inputValue()).toBe('');
    expect(await page.locator('#up-type').evaluate((s: HTMLSelectElement) => s.required)).toBe(true);

    const total = await page.locator('#corpus-table tbody tr').count();
    await page.selectOption('#corpus-type-filter', '法规');
    await expect.poll(() => page.locator('#corpus-table tbody tr').count()).toBeLessThan(total);
    expect(await page.locator('#corpus-table tbody tr').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('政府信息公开指南和目录')]));
    await page.selectOption('#corpus-type-filter', '');
    await page.fill('#corpus-search', 'gov-info-guide');
    await expect.poll(() => page.locator('#corpus-table tbody tr').count()).toBe(1);
    await page.fill('#corpus-search', '');

    const file = path.join(tmp, 'console-faq.xlsx');
    fs.writeFileSync(file, await workbook([[...FAQ_COLUMNS], ['政府信息公开目录包括哪些内容？', null, '政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。', '《中华人民共和国政府信息公开条例》第十二条', null, null], ['缺依据的问题？', null, '答案。', null, null, null]]));
    await page.setInputFiles('#faq-file', file);
    await page.click('#faq-import-form button[type="submit"]');
    await page.locator('#faq-result', { hasText: '第3行：「依据」不能为空' }).waitFor();
    expect(await page.locator('#faq-result').innerText()).toContain('已导入 1 条问答');
    await page.locator('#faq-import-form').screenshot({ path: path.join(SHOTS, 'faq-import-report.png') });
    await page.screenshot({ path: path.join(SHOTS, 'corpus-search-filter.png'), fullPage: true });
    await waitForReindex();
  }, 120_000);
});
