/**
 * `guanbot questions suggest` (doc2query, issue 10 item 1): the real openai client against the stand-in
 * OpenAI-compatible server drafts questions per passage; drafts the bank holds are dropped, the rest printed and,
 * with --write, kept in questions/<doc>.suggested.yaml for review — a file the trained bank never reads.
 * Also `questions list` / `stats`, and the message without a model. The built CLI is spawned for the command line.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suggestQuestions, parseDrafts } from '../src/cli/questions/suggest.ts';
import { CliError } from '../src/cli/errors.ts';
import { listBankFiles, loadBankFile, loadCorpus, loadQuestionBank, suggestedFileFor } from '../src/corpus/index.ts';
import { resolveBank } from '../src/retrieval/bank-index.ts';
import { chunkDocument } from '../src/retrieval/chunker.ts';
import { startFakeOpenAI, type FakeOpenAI, type RecordedRequest } from './fixtures/fake-openai.ts';
import { docText, emptyWorkspace, engineConfig, removeTempDirs, runCli, writeFile } from './fixtures/engine-workspace.ts';

const SECTION = '申请政府信息公开要交钱吗？';
const LEAD = '冠县依申请公开政府信息，原则上不收费。';
const FIRST = '行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以收取信息处理费。';
const SECOND =
  '行政机关收取信息处理费的具体办法由国务院价格主管部门会同国务院财政部门、全国政府信息公开工作主管部门制定。' +
  '申请人对收费有异议的，可以向作出收费决定的行政机关提出，行政机关应当说明收费的依据和标准。' +
  '行政机关收取信息处理费的，应当在答复中告知申请人收费的理由、数额和缴费方式。' +
  '申请人按照规定缴纳信息处理费后，行政机关再向其提供相关政府信息。' +
  '行政机关不得通过其他方式变相收取费用，收费的标准和依据应当向社会公开。' +
  '对收费决定不服的，申请人可以依法申请行政复议或者提起行政诉讼。' +
  '申请人也可以向县政府办公室咨询具体的收费情况。';

/** A corpus whose fee section has two passages (so drafts need a key to tell them apart), and a small bank. */
function writeCorpus(corpusDir: string): void {
  writeFile(corpusDir, 'interpretations/interp-fees.md', docText({ id: 'interp-fees', title: '申请政府信息公开收不收费' }, `${LEAD}\n\n## ${SECTION}\n\n${FIRST}\n\n${SECOND}`));
  writeFile(corpusDir, 'questions/interp-fees.yaml', `doc: interp-fees\nentries:\n  - section: ${SECTION}\n    key: 不收取费用\n    questions:\n      - 申请信息公开要交钱吗\n      - 要钱不\n`);
  writeFile(corpusDir, 'questions/negatives.yaml', 'negatives:\n  - topic: 别的县\n    questions:\n      - 聊城市东昌府区申请信息公开收费吗\n');
}

/** The stand-in model: a preamble, numbered and bulleted lines, a bank question, an invented phone, a repeat. */
function draftingModel(request: RecordedRequest) {
  const user = request.body.messages?.find((m) => m.role === 'user')?.content ?? '';
  const tag = user.includes('原则上不收费') ? '依申请公开' : user.includes('具体办法') ? '信息处理费' : '申请信息';
  return {
    text: ['以下是三个问题：', '1. 俺去县里查个文件得掏钱不', '2. 申请信息公开要交钱吗？', '3、我电话13812345678 申请收费吗', `- “${tag}咋收钱”`, `（4）${tag}要花多少钱`, `${tag}要花多少钱`].join('\n'),
  };
}

const EXPECTED = [
  ['interp-fees#0', ['俺去县里查个文件得掏钱不', '依申请公开咋收钱', '依申请公开要花多少钱']],
  ['interp-fees#1', ['申请信息咋收钱', '申请信息要花多少钱']],
  ['interp-fees#2', ['信息处理费咋收钱', '信息处理费要花多少钱']],
];

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(async () => {
  await fake?.close();
  removeTempDirs();
});

function workspace() {
  const ws = emptyWorkspace();
  writeCorpus(ws.corpusDir);
  return ws;
}
const llmEnv = () => ({ GUANBOT_LLM_BASE_URL: fake.baseURL, GUANBOT_LLM_MODEL: 'fake-chat' });

describe('questions suggest', () => {
  it('drafts new questions per passage and writes them for review, outside the trained bank', async () => {
    const ws = workspace();
    const doc = loadCorpus(ws.corpusDir).docs[0];
    // The fee section really is cut into two passages.
    expect(chunkDocument(doc!).map((c) => c.section)).toEqual(['', SECTION, SECTION]);
    fake.setFallback(draftingModel);
    const asked = fake.requests.length;

    const result = await suggestQuestions(engineConfig(ws, llmEnv()), { doc: 'interp-fees', count: 3, write: true });
    expect(result.groups.map((g) => [g.passage.chunk.id, g.drafts])).toEqual(EXPECTED);

    // One request per passage, naming the count, the passage and what the bank already has for it.
    const requests = fake.requests.slice(asked);
    expect(requests).toHaveLength(3);
    expect(requests[1]!.body.model).toBe('fake-chat');
    expect(requests[1]!.body.messages?.[0]?.content).toContain('写 3 个问题');
    expect(requests[1]!.body.messages?.[1]?.content).toContain(FIRST);
    expect(requests[1]!.body.messages?.[1]?.content).toContain('申请信息公开要交钱吗');

    // The drafts file parses with the bank's own loader; each entry finds exactly its passage.
    const file = suggestedFileFor('interp-fees');
    expect(result.written).toEqual([{ doc: 'interp-fees', file, added: 7 }]);
    const drafts = loadBankFile(ws.corpusDir, file);
    expect(drafts.problems).toEqual([]);
    const resolved = resolveBank(drafts.entries, [], chunkDocument(doc!), new Map([[doc!.meta.id, doc!.meta]]));
    expect(resolved.problems).toEqual([]);
    const byChunk = EXPECTED.map((_, i) => resolved.questions.filter((q) => q.chunk === i).map((q) => q.text));
    expect(byChunk).toEqual(EXPECTED.map(([, qs]) => qs));
    const text = fs.readFileSync(path.join(ws.corpusDir, file), 'utf8');
    expect(text).toMatch(/^# 问题库草稿：大模型为《申请政府信息公开收不收费》（interp-fees）的段落拟的群众问法/);
    expect(text).toContain('# 段落 interp-fees#2：行政机关收取信息处理费的具体办法');

    // Never read into the trained bank.
    expect(listBankFiles(ws.corpusDir)).toEqual(['questions/interp-fees.yaml', 'questions/negatives.yaml']);
    expect(loadQuestionBank(ws.corpusDir).entries.flatMap((e) => e.questions)).not.toContain('依申请公开咋收钱');

    // Asked again, the model says the same: every draft is known now (waiting for review), nothing is added.
    const again = await suggestQuestions(engineConfig(ws, llmEnv()), { doc: 'interp-fees', count: 3, write: true });
    expect(again.groups.every((g) => g.drafts.length === 0)).toBe(true);
    expect(fs.readFileSync(path.join(ws.corpusDir, file), 'utf8')).toBe(text);
  });

  it('writes nothing when the model fails, and says so', async () => {
    const ws = workspace();
    // The first passage is drafted, the second fails: the first passage's drafts are not kept either.
    fake.enqueue(draftingModel, { status: 503 });
    const failed = suggestQuestions(engineConfig(ws, llmEnv()), { doc: 'interp-fees', count: 3, write: true });
    await expect(failed).rejects.toBeInstanceOf(CliError);
    await expect(failed).rejects.toMatchObject({ exitCode: 1, message: expect.stringMatching(/大模型出错（段落 interp-fees#1）：HTTP 503.*没有写入任何问法/) });
    expect(fs.existsSync(path.join(ws.corpusDir, suggestedFileFor('interp-fees')))).toBe(false);
  });

  it('reads questions out of a model reply', () => {
    expect(parseDrafts('好的，以下是问题：\n1) 俺想问问咋申请\n• 『申请要带啥』\n\n2．A\n这是一个很长的问题'.replace('很长的问题', '很长的问题'.repeat(40)))).toEqual(['俺想问问咋申请', '申请要带啥']);
  });
});

describe('the command line', () => {
  it('prints drafts grouped by passage and writes them with --write; without a model it says which setting to set (exit 2)', async () => {
    const ws = workspace();
    fake.setFallback(draftingModel);
    const run = await runCli(['questions', 'suggest', 'interp-fees', '--section', SECTION, '--count', '2', '--write'], ws, llmEnv());
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('《申请政府信息公开收不收费》 › 申请政府信息公开要交钱吗？（interp-fees#1，问题库已有 2 条）\n  · 俺去县里查个文件得掏钱不\n  · 申请信息咋收钱\n');
    expect(run.stdout).toContain('共为 2 个段落拟了 4 条新问法。');
    expect(run.stdout).toContain(`已写入 ${suggestedFileFor('interp-fees')}（新增 4 条）`);
    expect(loadBankFile(ws.corpusDir, suggestedFileFor('interp-fees')).entries.flatMap((e) => e.questions)).toEqual(['俺去县里查个文件得掏钱不', '申请信息咋收钱', '信息处理费咋收钱', '信息处理费要花多少钱']);

    const noModel = await runCli(['questions', 'suggest', 'interp-fees'], ws);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toContain('没有配置大模型');
    expect(noModel.stderr).toContain('GUANBOT_LLM_BASE_URL');
    expect(noModel.stderr).toContain('GUANBOT_LLM_MODEL');

    const badCount = await runCli(['questions', 'suggest', 'interp-fees', '--count', '0'], ws, llmEnv());
    expect(badCount.code).toBe(1);
    expect(badCount.stderr).toContain('--count 应为 1 到 30 之间的整数');
    const unknown = await runCli(['questions', 'suggest', 'no-such-doc'], ws, llmEnv());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('没有 id 为「no-such-doc」的文档');
  });

  it('shows where the bank is thin', async () => {
    const ws = workspace();
    const stats = await runCli(['questions', 'stats'], ws);
    expect(stats.code, stats.stderr).toBe(0);
    expect(stats.stdout).toContain('问题库：1 篇文档，3 个段落，2 条问法，1 条反例');
    expect(stats.stdout).toContain('问法少于 10 条的段落有 3 个：\n  interp-fees（interp-fees#0）：0 条\n  interp-fees › 申请政府信息公开要交钱吗？（interp-fees#1）：2 条');
    const json = JSON.parse((await runCli(['questions', 'stats', '--json'], ws)).stdout);
    expect(json).toMatchObject({ docs: 1, passages: 3, questions: 2, negatives: 1, thinBelow: 10 });

    const list = await runCli(['questions', 'list', 'interp-fees'], ws);
    expect(list.stdout).toContain('《申请政府信息公开收不收费》 › 申请政府信息公开要交钱吗？（interp-fees#1，2 条问法）\n  · 申请信息公开要交钱吗\n  · 要钱不\n');
    expect((await runCli(['questions', 'list'], ws)).stdout).toContain('interp-fees | 申请政府信息公开收不收费 | 3 | 2 | 3');
  });
});
