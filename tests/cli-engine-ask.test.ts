/**
 * `guanbot index` and `guanbot ask` through the real command (node
 * bin/guanbot.mjs) on a temp corpus copy and data dir: the documented JSON
 * shapes, batch mode's one-line-per-question stdout, and Chinese errors.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, repoCorpusWorkspace, runCli, writeFile } from './fixtures/engine-workspace.ts';

const TICKET = /^GX\d{8}-\d{4}$/;
/** The keys README documents for `ask --json`. */
const ANSWER_KEYS = ['question', 'resolved', 'answer', 'persona', 'citations', 'ticket', 'turnId', 'kind', 'generated', 'timings'].sort();
const CITATION_KEYS = ['docId', 'title', 'section', 'text', 'score', 'url', 'published'];

let ws: ReturnType<typeof repoCorpusWorkspace>;
let chunkCount = 0;

beforeAll(() => {
  ws = repoCorpusWorkspace();
});
afterAll(removeTempDirs);

function expectAnswerShape(o: Record<string, any>): void {
  expect(Object.keys(o).sort()).toEqual(ANSWER_KEYS);
  expect(typeof o.question).toBe('string');
  expect(typeof o.resolved).toBe('boolean');
  expect(typeof o.answer).toBe('string');
  expect(typeof o.timings.totalMs).toBe('number');
  for (const c of o.citations as Record<string, unknown>[]) {
    for (const key of Object.keys(c)) expect(CITATION_KEYS).toContain(key);
    for (const key of ['docId', 'title', 'section', 'text']) expect(typeof c[key]).toBe('string');
    expect(typeof c.score).toBe('number');
  }
}

describe('guanbot index', () => {
  it('--json prints one JSON summary line; a first build embeds every passage', async () => {
    const r = await runCli(['index', '--json'], ws);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const summary = JSON.parse(lines[0]!);
    expect(summary).toMatchObject({ embedder: 'builtin:hash-ngram-v1:512', reused: 0, problems: [] });
    expect(summary.docs).toBeGreaterThan(30);
    expect(summary.chunks).toBeGreaterThanOrEqual(summary.docs);
    expect(summary.embedded).toBe(summary.chunks);
    expect(path.dirname(summary.dir)).toBe(path.join(ws.dataDir, 'index'));
    chunkCount = summary.chunks;
  });

  it('without --json prints the Chinese summary; an unchanged corpus reuses every vector', async () => {
    const r = await runCli(['index'], ws);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('索引已更新');
    expect(r.stdout).toContain(`新嵌入 0，复用 ${chunkCount}`);
  });
});

describe('guanbot ask', () => {
  it('--json prints exactly one JSON object with the documented keys', async () => {
    const r = await runCli(['ask', '--json', '--persona', '冠小芝', '申请政府信息公开多久能答复？'], ws);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const o = JSON.parse(lines[0]!);
    expectAnswerShape(o);
    expect(o).toMatchObject({ question: '申请政府信息公开多久能答复？', resolved: true, persona: 'xiaozhi', ticket: null, generated: false });
    expect(o.citations[0].text).toContain('20个工作日');
  });

  it('--json --batch prints one JSON line per question, in order, and nothing else', async () => {
    const questions = ['申请政府信息公开多久能答复？', '冠县哪里可以办护照？', '你好', '查政府信息要收费吗？'];
    const file = writeFile(ws.tmp, 'questions.txt', `${questions[0]}\n${questions[1]}\n\n${questions[2]}\r\n${questions[3]}\n`);
    const r = await runCli(['ask', '--json', '--batch', file], ws);
    expect(r.code).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const lines = r.stdout.slice(0, -1).split('\n');
    expect(lines).toHaveLength(questions.length);
    const answers = lines.map((l) => JSON.parse(l));
    answers.forEach(expectAnswerShape);
    expect(answers.map((a) => a.question)).toEqual(questions);
    expect(answers.map((a) => a.resolved)).toEqual([true, false, true, true]);
    expect(answers[1].ticket).toMatch(TICKET);
    expect(answers[1].kind).toBe('unresolved');
    expect(answers[2].kind).toBe('smalltalk');
    expect(answers.filter((a) => a.ticket !== null)).toHaveLength(1);
  });

  it('refuses an unknown character with a Chinese error instead of answering as another one', async () => {
    const r = await runCli(['ask', '--json', '--persona', '冠大梨', '申请政府信息公开多久能答复？'], ws);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('没有这个角色：冠大梨');
    expect(r.stderr).toContain('冠小梨、冠小芝 或 两人');
  });

  it('without a question exits non-zero with a Chinese hint on stderr and nothing on stdout', async () => {
    const r = await runCli(['ask'], ws);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('请提供问题');
    expect(r.stderr).toMatch(/[\u4e00-\u9fff]/);
  });
});
