/**
 * Bulk Q&A from an office's spreadsheet: `guanbot faq import | export | template` through the real command on a
 * temp copy of the corpus, with real .xlsx files (exceljs) and .csv files. A bad row is reported by its row number
 * and skipped while the good rows are imported and answered at once; duplicates and personal numbers are caught;
 * an export imports again as the same entries (a property test for the CSV round trip).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faqCsv, faqRowsOf, FAQ_COLUMNS, importFaqRows, questionKey, readFaqTable, type FaqRow } from '../src/corpus/faq/index.ts';
import { loadCorpus } from '../src/corpus/index.ts';
import { emptyWorkspace, makeTempDir, removeTempDirs, repoCorpusWorkspace, runCli, writeFile } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

/** Writes an .xlsx whose first sheet holds `rows` (the first is the header). */
async function xlsx(dir: string, name: string, rows: (string | Date | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('Sheet1');
  for (const r of rows) sheet.addRow(r);
  const file = path.join(dir, name);
  await wb.xlsx.writeFile(file);
  return file;
}

// Facts from ../shared/sources/gov-info-disclosure-regulation-2019.md (articles 12 and 18).
const GUIDE = {
  question: '政府信息公开指南包括哪些内容？',
  variants: '公开指南里都写了什么；信息公开指南有哪些内容',
  answer: '政府信息公开指南包括政府信息的分类、编排体系、获取方式和政府信息公开工作机构的名称、办公地址、办公时间、联系电话、传真号码、互联网联系方式等内容。',
  basis: '《中华人民共和国政府信息公开条例》第十二条',
};
const REVIEW = {
  question: '不予公开的政府信息以后还能公开吗？',
  variants: '不公开的信息会重新审查吗\n情况变了能公开吗',
  answer: '行政机关应当建立健全政府信息管理动态调整机制，对本行政机关不予公开的政府信息进行定期评估审查，对因情势变化可以公开的政府信息应当公开。',
  basis: '《中华人民共和国政府信息公开条例》第十八条',
};

/** An import rebuilds the index (training the decision on the corpus copy): slow on a shared machine. */
const CLI_TIMEOUT = { timeout: 180_000 };

let ws: ReturnType<typeof repoCorpusWorkspace>;
let inbox: string;

beforeAll(() => {
  ws = repoCorpusWorkspace();
  inbox = makeTempDir();
});

const faqFiles = (dir: string) => loadCorpus(dir).docs.filter((d) => d.meta.id.startsWith('faq-2') && /^faq-\d{8}-\d+$/.test(d.meta.id));

describe('guanbot faq import FILE.xlsx', CLI_TIMEOUT, () => {
  it('imports the good rows, reports the bad one as 第N行：说明, exits non-zero, and the new entries are answered at once', async () => {
    const file = await xlsx(inbox, 'office-faq.xlsx', [
      [...FAQ_COLUMNS],
      [GUIDE.question, GUIDE.variants, GUIDE.answer, GUIDE.basis, null, '2019-04-03'],
      ['这一行没有依据？', null, '有答案，没有依据。', null, null, null],
      [],
      // A real Excel date cell in 发布日期.
      [REVIEW.question, REVIEW.variants, REVIEW.answer, REVIEW.basis, '信息公开的定期评估审查', new Date(Date.UTC(2019, 3, 3))],
    ]);
    const r = await runCli(['faq', 'import', file], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第3行：「依据」不能为空');
    expect(r.stderr).not.toContain('第2行');
    expect(r.stderr).not.toContain('第5行');
    expect(r.stdout).toContain('已导入 2 条问答');
    expect(r.stdout).toContain('索引已更新');

    const added = faqFiles(ws.corpusDir);
    expect(added.map((d) => [d.meta.question, d.meta.source, d.meta.published])).toEqual([
      [GUIDE.question, GUIDE.basis, '2019-04-03'],
      [REVIEW.question, REVIEW.basis, '2019-04-03'],
    ]);
    expect(added[0]!.file).toMatch(/^faq\/faq-\d{8}-1\.md$/);
    expect(added[0]!.meta.variants).toEqual(['公开指南里都写了什么', '信息公开指南有哪些内容']);
    expect(added[1]!.meta).toMatchObject({ title: '信息公开的定期评估审查', variants: ['不公开的信息会重新审查吗', '情况变了能公开吗'] });

    // No separate `guanbot index`: the import rebuilt it.
    const ask = await runCli(['ask', '--json', '公开指南里都写了什么'], ws);
    const answer = JSON.parse(ask.stdout);
    expect(answer.resolved).toBe(true);
    expect(answer.citations[0].docId).toBe(added[0]!.meta.id);
    expect(answer.answer).toContain('编排体系');
  });

  it('importing the same file again skips the questions already in the corpus instead of importing them twice', async () => {
    const before = loadCorpus(ws.corpusDir).docs.length;
    const r = await runCli(['faq', 'import', '--json', path.join(inbox, 'office-faq.xlsx')], ws);
    const report = JSON.parse(r.stdout);
    expect(report.imported).toEqual([]);
    expect(report.skipped.map((s: { row: number }) => s.row)).toEqual([2, 5]);
    expect(report.skipped[0].message).toContain('已在语料中');
    expect(report.errors).toEqual([{ row: 3, message: '「依据」不能为空' }]);
    expect(r.code).toBe(1);
    expect(loadCorpus(ws.corpusDir).docs.length).toBe(before);
  });
});

describe('guanbot faq import FILE.csv', CLI_TIMEOUT, () => {
  it('reports duplicates in the file and in the corpus, refuses ID numbers, warns on phone numbers; --dry-run writes nothing', async () => {
    const csv = [
      '问题,相似问法,答案,依据,标题,发布日期',
      '冠县2024年收到多少政府信息公开申请？,,130件。,《年报》,,',
      '"政府信息公开目录包括哪些内容？","目录里有什么；公开目录的内容","政府信息公开目录包括政府信息的索引、名称、内容概述、生成日期等内容。",《中华人民共和国政府信息公开条例》第十二条,,2019-04-03',
      '政府信息公开目录包括哪些内容,,重复的一行。,《条例》,,',
      '办理时要带什么证件？,,请带身份证370102199001011234原件。,《测试》,,',
      '在哪里咨询政府信息公开？,,拨打 13812345678 咨询。,《测试》,,',
      '发布日期写错了？,,答案。,《测试》,,2024/5/1',
    ].join('\r\n');
    const file = writeFile(inbox, 'office.csv', csv);
    const before = loadCorpus(ws.corpusDir).docs.length;
    const dry = await runCli(['faq', 'import', '--dry-run', '--json', file], ws);
    expect(dry.code).toBe(1);
    const report = JSON.parse(dry.stdout);
    expect(report.dryRun).toBe(true);
    expect(report.imported.map((i: { row: number }) => i.row)).toEqual([3, 6]);
    expect(report.skipped).toEqual([expect.objectContaining({ row: 2 })]);
    expect(report.errors.map((e: { row: number }) => e.row)).toEqual([4, 5, 7]);
    expect(report.errors[0].message).toContain('与第3行重复');
    expect(report.errors[1].message).toContain('身份证号');
    // The refused number is shown masked, never in full.
    expect(dry.stdout).not.toContain('370102199001011234');
    expect(report.errors[2].message).toContain('2024/5/1');
    expect(report.warnings).toEqual([expect.objectContaining({ row: 6 })]);
    expect(loadCorpus(ws.corpusDir).docs.length).toBe(before);
    expect(dry.stderr).toContain('第5行：');
  });

  it('reads a CSV saved by Excel on a Chinese Windows (GB18030), reporting a missing column on row 1', async () => {
    // GB18030 bytes of 「问题,答案\r\n你好,好\r\n」 (no 依据 column).
    const bytes = Buffer.from([0xce, 0xca, 0xcc, 0xe2, 0x2c, 0xb4, 0xf0, 0xb0, 0xb8, 0x0d, 0x0a, 0xc4, 0xe3, 0xba, 0xc3, 0x2c, 0xba, 0xc3, 0x0d, 0x0a]);
    const file = path.join(inbox, 'ansi.csv');
    fs.writeFileSync(file, bytes);
    const r = await runCli(['faq', 'import', file], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('第1行：表头缺少「依据」列');
  });

  it('refuses a file that is not a spreadsheet', async () => {
    const r = await runCli(['faq', 'import', writeFile(inbox, 'notes.txt', '问题')], ws);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('.xlsx');
    const broken = await runCli(['faq', 'import', writeFile(inbox, 'broken.xlsx', 'not a zip')], ws);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('无法读取「broken.xlsx」');
  });
});

describe('guanbot faq export / template', CLI_TIMEOUT, () => {
  it('export → import into an empty corpus gives the same entries (xlsx)', async () => {
    const out = path.join(inbox, 'export.xlsx');
    const r = await runCli(['faq', 'export', out], ws);
    expect(r.code).toBe(0);
    const exported = faqRowsOf(ws.corpusDir);
    expect(r.stdout).toContain(`已导出 ${exported.length} 条问答`);
    const empty = emptyWorkspace();
    const again = await runCli(['faq', 'import', out], empty);
    expect(again.stderr).toBe('');
    expect(again.code).toBe(0);
    expect(faqRowsOf(empty.corpusDir).sort((a, b) => a.question.localeCompare(b.question))).toEqual([...exported].sort((a, b) => a.question.localeCompare(b.question)));
  });

  it('the template has the header row and one example row, which imports cleanly', async () => {
    const out = path.join(inbox, 'template.xlsx');
    expect((await runCli(['faq', 'template', out], ws)).code).toBe(0);
    const rows = await readFaqTable(fs.readFileSync(out), 'template.xlsx');
    expect(rows).toHaveLength(1);
    expect(rows[0]!.row).toBe(2);
    expect(rows[0]!.cells).toMatchObject({ 问题: '申请政府信息公开要交钱吗？', 依据: '《中华人民共和国政府信息公开条例》第四十二条' });
    const report = importFaqRows(emptyWorkspace().corpusDir, rows, 'template.xlsx', { today: '2025-01-02' });
    expect(report.errors).toEqual([]);
    expect(report.imported).toEqual([expect.objectContaining({ row: 2, id: 'faq-20250102-1' })]);
  });
});

describe('CSV round trip (property)', () => {
  const chars = [...'政府信息公开申请答复条例办理时间ABCxyz ,"\'=+-@；;：（）。？'];
  const text = (min = 1) =>
    fc
      .string({ unit: fc.constantFrom(...chars), minLength: min, maxLength: 24 })
      .map((s) => s.replace(/\s+/g, ' ').trim())
      .filter((s) => s.length >= min);
  const answer = fc
    .array(text(), { minLength: 1, maxLength: 3 })
    .map((lines) => lines.join('\n'));
  const variant = text().map((s) => s.replace(/[；;]/g, '，')).filter((s) => s.length > 0);
  const row = fc.record({
    question: text().filter((q) => questionKey(q).length > 0),
    variants: fc.uniqueArray(variant, { maxLength: 3 }),
    answer,
    basis: text(),
    title: fc.option(text(), { nil: undefined }),
    published: fc.option(fc.constantFrom('2019-04-03', '2024-02-29', '2025-12-31'), { nil: undefined }),
  });
  const rows = fc
    .uniqueArray(row, { minLength: 1, maxLength: 5, selector: (r) => questionKey(r.question) })
    .map((list) => list.map((r) => ({ ...r, variants: r.variants.filter((v) => v !== r.question) })));

  it('faqCsv → import → export gives back every row', async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (input: FaqRow[]) => {
        const dir = emptyWorkspace().corpusDir;
        const table = await readFaqTable(Buffer.from(faqCsv(input)), 'round.csv');
        const report = importFaqRows(dir, table, 'round.csv', { today: '2025-06-01' });
        expect(report.errors).toEqual([]);
        const expected = input.map((r) => ({ ...r, title: r.title ?? r.question, published: r.published ?? '2025-06-01' }));
        const back = new Map(faqRowsOf(dir).map((r) => [r.question, r]));
        for (const e of expected) expect(back.get(e.question)).toEqual(e);
        expect(back.size).toBe(expected.length);
      }),
      { numRuns: 40 },
    );
  });
});
