import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstDate, formatTable, lawQuestions, mixedQuestions, percentile, REPO_ROOT, verdictLine, type BenchInputs, type ScenarioResult } from '../bench/lib/index.ts';
import { runDefault, runIncremental, runScale } from '../bench/scenarios/index.ts';

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
  const questions = ['申请政府信息公开收费吗？', '多久答复申请？', '什么是政府信息？'];
  fs.writeFileSync(path.join(root, 'questions.jsonl'), questions.map((q, i) => JSON.stringify({ id: `Q${i}`, q, expect: null })).join('\n') + '\n');
  inputs = { corpusDir, regulationFile: path.join(root, 'regulation.md'), lawsDir, questionsFile: path.join(root, 'questions.jsonl') };
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

describe('bench table', () => {
  const result = (over: Partial<ScenarioResult>): ScenarioResult => ({
    scenario: 'default', docs: 47, chunks: 231, buildSec: 0.5, p50Ms: 0.7, p95Ms: 6.4, samples: 369, peakRssMb: 243.7,
    targets: [{ label: 'p95 ≤ 30 ms', met: true, actual: '6.4 ms' }], details: {}, ...over,
  });

  it('aligns every row to the same width and shows missing latencies as a dash', () => {
    const table = formatTable([
      ['default', '47', '231', '0.50', '0.70', '6.40', '244', 'p95 ≤ 30 ms'],
      ['incremental', '47', '231', '0.23', '—', '—', '242', 'embeds only changed passages'],
    ]);
    const lines = table.split('\n');
    expect(lines).toHaveLength(4);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    expect(lines[0]).toMatch(/^\| scenario +\| docs \| chunks \| index build \(s\) \| p50 ms \| p95 ms \| peak RSS MB \| target +\|$/);
  });

  it('says a target is not met when one misses', () => {
    expect(verdictLine([result({})])).toMatch(/^All targets met/);
    const missed = verdictLine([result({ targets: [{ label: 'p95 ≤ 30 ms', met: false, actual: '41 ms' }] })]);
    expect(missed).toMatch(/^Targets NOT all met/);
    expect(missed).toContain('default p95 ≤ 30 ms (41 ms) NOT MET');
    expect(verdictLine([], ['scale'])).toContain('scale FAILED');
  });
});

describe('bench scenarios on a tiny corpus', () => {
  it('default: builds the corpus plus the regulation and times every question each round', async () => {
    const r = await runDefault(inputs, { rounds: 2, warmup: 1 });
    expect(r.docs).toBe(2);
    expect(r.chunks).toBeGreaterThan(2);
    expect(r.samples).toBe(6);
    expect(r.p50Ms).not.toBeNull();
    expect(r.p95Ms!).toBeGreaterThanOrEqual(r.p50Ms!);
    expect(r.targets.map((t) => t.label)).toEqual(['p50 ≤ 10 ms', 'p95 ≤ 30 ms']);
    expect(r.details.cpuP95Ms).toBeTypeOf('number');
  });

  it('scale: imports every law below the folder, including one without a date', async () => {
    const r = await runScale(inputs, { questions: 5, warmup: 1 });
    expect(r.details.lawsImported).toBe(2);
    expect(r.details.lawsSkipped).toBe(0);
    expect(r.docs).toBe(4);
    expect(r.samples).toBe(5);
  });

  it('incremental: re-embeds only the changed passage', async () => {
    const r = await runIncremental(inputs);
    expect(r.details.changedPassages).toBeGreaterThan(0);
    expect(r.details.embedded).toBe(r.details.changedPassages);
    expect(Number(r.details.reused)).toBe(r.chunks - Number(r.details.embedded));
    expect(r.targets[0].met).toBe(true);
  });

  it('the scenario runner rejects an unknown scenario name', () => {
    const out = spawnSync(process.execPath, ['--import', 'tsx', 'bench/scenario.ts', 'nope'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('expected one of default, scale, incremental');
  });
});
