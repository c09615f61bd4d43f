import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregate, benchSection, exactTopK, recallOf, firstDate, formatTable, lawQuestions, loadEvalStream, mixedQuestions, percentile, REPO_ROOT, scoreAnswers, spread, verdictLine, type BenchInputs, type ScenarioResult } from '../bench/lib/index.ts';
import { runDefault, runIncremental, runScale, runTelegram } from '../bench/scenarios/index.ts';
import type { EngineAnswer } from '../src/answer/types.ts';

const INTERPRETATION = `---
id: interp-fees
title: 政府信息公开收费吗
type: 政策解读
source: 《中华人民共和国政府信息公开条例》
published: 2024-05-01
---

# 政府信息公开收费吗

行政机关依申请提供政府信息，不收取费用。申请公开的数量、频次明显超过合理范围的，行政机关可以收取信息处理费。

## 如何申请

申请人可以通过网站、信函或者当面提出申请。行政机关收到申请后，应当在二十个工作日内予以答复。
`;

const REGULATION = `# 中华人民共和国政府信息公开条例

2019年4月3日 国务院令第711号公布

## 第一章 总则

第一条 为了保障公民、法人和其他组织依法获取政府信息，提高政府工作的透明度，制定本条例。

第二条 本条例所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的，以一定形式记录、保存的信息。
`;

const LAW_WITH_DATE = `# 中华人民共和国教师法

1993年10月31日 第八届全国人民代表大会常务委员会第四次会议通过

第一条 为了保障教师的合法权益，建设具有良好思想品德修养和业务素质的教师队伍，制定本法。
`;

const LAW_WITHOUT_DATE = `# 某某管理办法

第一条 为了规范某某管理，制定本办法。

第二条 本办法适用于本行政区域内的某某管理活动。
`;

let root: string;
let inputs: BenchInputs;

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'guanbot-'));
  const corpusDir = path.join(root, 'corpus');
  fs.mkdirSync(path.join(corpusDir, 'interpretations'), { recursive: true });
  fs.writeFileSync(path.join(corpusDir, 'interpretations', 'interp-fees.md'), INTERPRETATION);
  const lawsDir = path.join(root, 'laws');
  fs.mkdirSync(path.join(lawsDir, '行政法'), { recursive: true });
  fs.mkdirSync(path.join(lawsDir, '部门规章'), { recursive: true });
  fs.writeFileSync(path.join(lawsDir, '行政法', '教师法(2009-08-27).md'), LAW_WITH_DATE);
  fs.writeFileSync(path.join(lawsDir, '部门规章', '某某管理办法.md'), LAW_WITHOUT_DATE);
  fs.writeFileSync(path.join(root, 'regulation.md'), REGULATION);
  const lines = [
    { id: 'Q1', q: '申请政府信息公开收费吗？', expect: [['不收取费用']] },
    { id: 'Q2', q: '多久答复申请？', expect: [['二十个工作日']] },
    { id: 'Q3', q: '冠县县长是谁？', expect: null },
  ];
  fs.writeFileSync(path.join(root, 'sealed-x.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
  // A second set repeating one question: the stream asks it once.
  fs.writeFileSync(path.join(root, 'questions.jsonl'), `${JSON.stringify({ id: 'D1', q: '什么是政府信息？', expect: null })}\n${JSON.stringify(lines[0])}\n`);
  const files = [path.join(root, 'questions.jsonl'), path.join(root, 'sealed-x.jsonl')];
  inputs = { corpusDir, regulationFile: path.join(root, 'regulation.md'), lawsDir, evalFiles: files, qualityFiles: [files[1]!] };
});

afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('bench statistics and questions', () => {
  it('takes nearest-rank percentiles', () => {
    const samples = [5, 1, 4, 2, 3, 10, 9, 8, 7, 6];
    expect(percentile(samples, 50)).toBe(5);
    expect(percentile(samples, 95)).toBe(10);
    expect(percentile([7], 95)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });

  it('gives the median and spread of the runs', () => {
    expect(spread([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(spread([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4 });
    expect(spread([]).median).toBeNaN();
  });

  it('streams every evaluation question once, in file order, with its set', () => {
    const stream = loadEvalStream(inputs.evalFiles);
    expect(stream.map((q) => q.q)).toEqual(['什么是政府信息？', '申请政府信息公开收费吗？', '多久答复申请？', '冠县县长是谁？']);
    expect(stream.map((q) => q.sets)).toEqual([['questions.jsonl'], ['questions.jsonl', 'sealed-x.jsonl'], ['sealed-x.jsonl'], ['sealed-x.jsonl']]);
  });

  it('makes exactly the requested number of questions, evaluation questions first', () => {
    const titles = ['甲法', '乙法', '丙法'];
    expect(lawQuestions(titles, 5)).toHaveLength(5);
    expect(lawQuestions(titles, 4)[0]).toBe('丙法的立法目的是什么？'); // titles are sorted for a stable set
    const mixed = mixedQuestions(['问一', '问二'], titles, 6);
    expect(mixed).toHaveLength(6);
    expect(mixed.slice(0, 2)).toEqual(['问一', '问二']);
    expect(mixedQuestions(['问一', '问二', '问三'], titles, 2)).toEqual(['问一', '问二']);
  });

  it('reads the first Chinese date of a text', () => {
    expect(firstDate('前言\n2001年4月8日 通过')).toBe('2001-04-08');
    expect(firstDate('没有日期')).toBe('2000-01-01');
  });
});

describe('bench quality and recall', () => {
  const answer = (resolved: boolean, text: string) => ({ resolved, answer: text, citations: [] }) as unknown as EngineAnswer;

  it('scores answers by the evaluation rule: right when answered and expected text shown, out of scope when refused', () => {
    const qs = loadEvalStream(inputs.qualityFiles);
    const s = scoreAnswers(qs, [answer(true, '依申请提供政府信息，不收取费用。'), answer(true, '十五个工作日'), answer(true, '县长是某某')]);
    expect(s).toMatchObject({ answerable: 2, answeredRight: 1, outOfScope: 1, outOfScopeAnswered: 1, accuracy: 0.5, falseAnswerRate: 1 });
    expect(scoreAnswers(qs, [answer(false, '不收取费用'), answer(true, '二十个工作日'), answer(false, '')]).falseAnswerRate).toBe(0);
  });

  it('finds the exact nearest vectors by inner product', () => {
    const matrix = new Float32Array([1, 0, 0, 1, 0.6, 0.8, -1, 0]);
    expect(exactTopK(matrix, 2, new Float32Array([1, 0]), 2)).toEqual([0, 2]);
    expect(exactTopK(matrix, 2, new Float32Array([0, 1]), 1)).toEqual([1]);
  });

  it('counts a result tied with the k-th exact score as found; strict recall does not', () => {
    // Passages 1 and 2 tie for second place: returning 2 instead of 1 is as good an answer.
    const scores = new Float32Array([0.9, 0.5, 0.5, 0.1]);
    expect(recallOf([0, 2], scores, 2)).toEqual({ recall: 1, strict: 0.5 });
    expect(recallOf([0, 3], scores, 2)).toEqual({ recall: 0.5, strict: 0.5 });
  });
});

describe('bench table', () => {
  const run = (p95: number, load: number, over: Partial<ScenarioResult> = {}): ScenarioResult => ({
    scenario: 'default',
    metrics: [{ name: 'engine p95', value: p95, unit: 'ms' }, { name: 'peak RSS', value: 243.7, unit: 'MB', digits: 0 }],
    targets: [{ metric: 'engine p95', op: '<=', value: 30 }],
    details: {},
    load: { start: load, end: load + 0.5 },
    ...over,
  });

  it('sums up the runs: median and spread per metric, the target judged on the median, the load seen', () => {
    const rows = aggregate([run(6, 1), run(40, 2), run(8, 3)]);
    expect(rows.map((r) => r.metric)).toEqual(['engine p95', 'peak RSS']);
    expect(rows[0]).toMatchObject({ runs: 3, median: 8, min: 6, max: 40, target: '≤ 30 ms', met: true, load: { min: 1, max: 3.5 } });
    expect(rows[1]!.met).toBeUndefined();
    expect(aggregate([run(31, 1)])[0]!.met).toBe(false);
  });

  it('prints a ## bench Markdown table with aligned rows, spread, target, met and load', () => {
    const section = benchSection(aggregate([run(6, 1), run(7, 2), run(8, 3)]), 2);
    const lines = section.split('\n');
    expect(lines[0]).toBe('## bench');
    const table = lines.filter((l) => l.startsWith('|'));
    expect(table).toHaveLength(4);
    expect(new Set(table.map((l) => l.length)).size).toBe(1);
    expect(table[0]).toMatch(/^\| scenario +\| metric +\| runs \| +median \| spread \(min–max\) \| target +\| met +\| load \(1 min\) \|$/);
    expect(table[2]).toMatch(/\| default +\| engine p95 +\| +3 \| +7\.00 ms \| +6\.00–8\.00 \| ≤ 30 ms +\| met +\| 1\.00–3\.50 +\|/);
    expect(table[3]).toContain('244 MB');
  });

  it('formats rows to one width and shows a single run without spread', () => {
    const rows = aggregate([run(6, 1)]);
    const table = formatTable(rows.map((r) => [r.scenario, r.metric, String(r.runs), String(r.median), '—', r.target ?? '', '', '1.00']));
    expect(new Set(table.split('\n').map((l) => l.length)).size).toBe(1);
  });

  it('says a target is not met when the median misses', () => {
    expect(verdictLine(aggregate([run(6, 1)]))).toMatch(/^All targets met/);
    const missed = verdictLine(aggregate([run(41, 1), run(45, 1), run(6, 1)]));
    expect(missed).toMatch(/^Targets NOT all met/);
    expect(missed).toContain('default engine p95 ≤ 30 ms (41.00 ms) NOT MET');
    expect(verdictLine([], ['scale'])).toContain('scale FAILED');
  });
});

const metric = (r: { metrics: { name: string; value: number }[] }, name: string) => r.metrics.find((m) => m.name === name)?.value;

describe('bench scenarios on a tiny corpus', () => {
  it('default: builds the corpus plus the regulation, times the engine and the whole ask once per question', async () => {
    const r = await runDefault(inputs, { openItems: 5 });
    expect(r.details.docs).toBe(2);
    expect(Number(r.details.chunks)).toBeGreaterThan(2);
    expect(r.details.engineSamples).toBe(4);
    expect(r.details.askSamples).toBe(4);
    expect(metric(r, 'engine p95')!).toBeGreaterThanOrEqual(metric(r, 'engine p50')!);
    expect(metric(r, 'ask p95')).toBeGreaterThan(0);
    expect(r.targets.map((t) => t.metric)).toEqual(['engine p50', 'engine p95', 'ask p95']);
  });

  it('scale: imports every law below the folder, scores the sealed set and measures recall', async () => {
    const r = await runScale(inputs, { openItems: 5 });
    expect(r.details.lawsImported).toBe(2);
    expect(r.details.lawsSkipped).toBe(0);
    expect(r.details.docs).toBe(4);
    expect(r.details.engineSamples).toBe(4);
    expect(r.details.answerable).toBe(2);
    expect(r.details.outOfScope).toBe(1);
    // Fewer passages than k: the graph finds them all.
    expect(metric(r, 'HNSW recall@50')).toBe(1);
  });

  it('incremental: re-embeds only the changed passage', async () => {
    const r = await runIncremental(inputs);
    expect(r.details.changedPassages).toBeGreaterThan(0);
    expect(r.details.embedded).toBe(r.details.changedPassages);
    expect(Number(r.details.reused)).toBe(Number(r.details.chunks) - Number(r.details.embedded));
    expect(metric(r, 'only changed re-embedded')).toBe(1);
  });

  it('telegram: every update is answered through the stand-in in its own process, throughput measured', async () => {
    const r = await runTelegram(inputs, { warmup: 2, burst: 6, paced: 4, pacedPerSecond: 20 });
    expect(r.details.burstMissing).toBe(0);
    expect(r.details.pacedMissing).toBe(0);
    expect(metric(r, 'burst updates/s')).toBeGreaterThan(0);
    // Paced at 20/s, 4 updates span at least 150 ms: the achieved rate is measured, not echoed.
    expect(metric(r, 'paced 20/s achieved')).toBeLessThan(30);
    expect(JSON.parse(String(r.details.burstCalls)).sendMessage).toBeGreaterThanOrEqual(6);
  }, 120_000);

  it('the scenario runner rejects an unknown scenario name', () => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'bench/scenario.ts', 'nope'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('expected one of default, scale, incremental, telegram, server');
  });
});
