/**
 * The question bank grows from use (issue 10, item 1): a 👍, a promoted ticket and a staff correction each add the
 * citizen's question, cleaned of personal data and labelled with its passage, to questions/learned.yaml — once.
 * A real desk file in a temp dir, a small real corpus, and a real index build that reads the learned file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildIndex } from '../src/answer/index.ts';
import { LEARNED_FILE, listBankFiles, loadBankFile, loadQuestionBank, suggestedFileFor } from '../src/corpus/index.ts';
import { correctTurn, promoteToFaq, quotedKey } from '../src/desk/index.ts';
import { BankIndex } from '../src/retrieval/bank-index.ts';
import { deskFixture, turn, type DeskFixture } from './fixtures/desk-setup.ts';
import { docText, writeFile } from './fixtures/engine-workspace.ts';

const TITLE = '申请政府信息公开收不收费';
const SECTION = '申请政府信息公开要交钱吗？';
const PASSAGE = '行政机关依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以收取信息处理费。';
const ANSWER = `冠小梨来啦！${PASSAGE.split('。')[0]}。\n出处：《${TITLE}》 › ${SECTION}`;

/** A small corpus: one interpretation with a lead and one section, a FAQ entry, a bank file and a negatives file. */
function writeCorpus(corpusDir: string): void {
  writeFile(corpusDir, 'interpretations/interp-fees.md', docText({ id: 'interp-fees', title: TITLE }, `冠县依申请公开政府信息，原则上不收费。\n\n## ${SECTION}\n\n${PASSAGE}`));
  writeFile(
    corpusDir,
    'faq/faq-contact.md',
    docText({ id: 'faq-contact', title: '县政府办公室电话多少', type: '问答', question: '县政府办公室电话多少', variants: ['政府办电话'] }, '冠县人民政府办公室的联系电话是0635-5237226。'),
  );
  writeFile(corpusDir, 'questions/interp-fees.yaml', `doc: interp-fees\nentries:\n  - section: ${SECTION}\n    key: 不收取费用\n    questions:\n      - 申请信息公开要交钱吗\n      - 要钱不\n`);
  writeFile(corpusDir, 'questions/negatives.yaml', 'negatives:\n  - topic: 别的县\n    questions:\n      - 聊城市东昌府区申请信息公开收费吗\n');
}

const fixtures: DeskFixture[] = [];
function setup(env: Record<string, string> = {}): DeskFixture {
  const f = deskFixture(env);
  fixtures.push(f);
  writeCorpus(f.config.corpusDir);
  return f;
}
afterEach(() => {
  for (const f of fixtures.splice(0)) f.cleanup();
});

const learnedPath = (f: DeskFixture) => path.join(f.config.corpusDir, LEARNED_FILE);
const learnedText = (f: DeskFixture) => fs.readFileSync(learnedPath(f), 'utf8');
const learnedQuestions = (f: DeskFixture) => loadBankFile(f.config.corpusDir, LEARNED_FILE).entries.flatMap((e) => e.questions);

/** Logs a resolved answer from the fee passage and gives it a 👍; returns the turn id. */
async function thumbsUp(f: DeskFixture, question: string, extra: Parameters<typeof turn>[1] = {}): Promise<number> {
  const id = f.desk.recordTurn(
    turn(question, { answer: ANSWER, citations: [{ docId: 'interp-fees', chunkId: 'interp-fees#1', score: 0.8, title: TITLE, section: SECTION, text: PASSAGE }], ...extra }),
  );
  f.desk.feedback(id, true, { channel: 'telegram', channelUserId: '4242' });
  await f.desk.settled();
  return id;
}

describe('a 👍 adds the question to questions/learned.yaml', async () => {
  it('is written after the reply: the 👍 returns before the bank file is touched', async () => {
    const f = setup();
    const id = f.desk.recordTurn(turn('俺去县里查个文件得掏钱不', { answer: ANSWER, citations: [{ docId: 'interp-fees', chunkId: 'interp-fees#1', score: 0.8, title: TITLE, section: SECTION, text: PASSAGE }] }));
    f.desk.feedback(id, true, { channel: 'telegram', channelUserId: '4242' });
    expect(f.desk.getTurn(id)?.feedback).toBe('up');
    expect(fs.existsSync(learnedPath(f))).toBe(false);
    await f.desk.settled();
    expect(learnedQuestions(f)).toEqual(['俺去县里查个文件得掏钱不']);
  });

  it('adds exactly one labelled question, keyed by what the answer quoted, with its source and date; never a second copy', async () => {
    const f = setup();
    const id = await thumbsUp(f, '俺去县里查个文件得掏钱不');
    const bank = loadBankFile(f.config.corpusDir, LEARNED_FILE);
    expect(bank.problems).toEqual([]);
    expect(bank.entries.map(({ doc, section, key, questions }) => ({ doc, section, key, questions }))).toEqual([
      { doc: 'interp-fees', section: SECTION, key: '行政机关依申请提供政府信息', questions: ['俺去县里查个文件得掏钱不'] },
    ]);
    expect(learnedText(f)).toContain(`- 俺去县里查个文件得掏钱不 # 👍 对话记录第 ${id} 轮，2026-11-28`);
    // The header tells staff what the file is and that it takes effect at the next build.
    expect(learnedText(f)).toMatch(/^# 问题库：从使用中学到的问法/);
    expect(learnedText(f)).toContain('guanbot index');

    const before = learnedText(f);
    // The same question again (other punctuation and spacing, another turn), and the same turn twice: nothing new.
    await thumbsUp(f, '俺去县里查个文件 得掏钱不？');
    f.desk.feedback(id, true, { channel: 'telegram', channelUserId: '4242' });
    await f.desk.settled();
    expect(learnedText(f)).toBe(before);
    // Written through a temp file and a rename: nothing else is left in the folder.
    expect(fs.readdirSync(path.dirname(learnedPath(f))).sort()).toEqual(['interp-fees.yaml', 'learned.yaml', 'negatives.yaml']);
  });

  it('files a second question under the same entry, and the whole bank reads it', async () => {
    const f = setup();
    await thumbsUp(f, '俺去县里查个文件得掏钱不');
    await thumbsUp(f, '给政府写申请要份文件收钱吗');
    const bank = loadQuestionBank(f.config.corpusDir);
    expect(bank.problems).toEqual([]);
    expect(bank.entries.filter((e) => e.file === LEARNED_FILE).map((e) => e.questions)).toEqual([['俺去县里查个文件得掏钱不', '给政府写申请要份文件收钱吗']]);
  });

  it('removes personal numbers whole, kept or masked in the log, and leaves out a question with a name', async () => {
    const kept = setup();
    await thumbsUp(kept, '我手机13812345678，申请公开政府信息收费吗');
    await thumbsUp(kept, '我叫张三，申请政府信息要交钱吗');
    await thumbsUp(kept, '住3号楼501室，申请公开文件收钱不');
    expect(learnedQuestions(kept)).toEqual(['我手机，申请公开政府信息收费吗']);
    expect(learnedText(kept)).not.toMatch(/138|5678|张三|3号楼|\*/);

    const masked = setup({ GUANBOT_KEEP_PERSONAL_DATA: '0' });
    await thumbsUp(masked, '身份证370102199001011234丢了还能申请信息公开免费吗');
    expect(learnedQuestions(masked)).toEqual(['身份证丢了还能申请信息公开免费吗']);
    expect(learnedText(masked)).not.toMatch(/370|1234|\*/);
  });

  it('adds nothing the bank already holds: a bank question, a negative, a FAQ entry’s own wording', async () => {
    const f = setup();
    await thumbsUp(f, '申请信息公开要交钱吗？');
    await thumbsUp(f, '聊城市东昌府区申请信息公开收费吗');
    await thumbsUp(f, '政府办电话', {
      kind: 'faq',
      citations: [{ docId: 'faq-contact', chunkId: 'faq-contact#0', score: 1, title: '县政府办公室电话多少', section: '县政府办公室电话多少', text: '冠县人民政府办公室的联系电话是0635-5237226。' }],
      answer: '冠小梨来啦！冠县人民政府办公室的联系电话是0635-5237226。',
    });
    expect(fs.existsSync(learnedPath(f))).toBe(false);
    // Another wording of the FAQ entry is learned for it, keyed by the clause the answer quoted.
    await thumbsUp(f, '县政府办公室的电话号码是多少', {
      kind: 'faq',
      citations: [{ docId: 'faq-contact', chunkId: 'faq-contact#0', score: 1, title: '县政府办公室电话多少', section: '县政府办公室电话多少', text: '冠县人民政府办公室的联系电话是0635-5237226。' }],
      answer: '冠小梨来啦！冠县人民政府办公室的联系电话是0635-5237226。',
    });
    expect(loadBankFile(f.config.corpusDir, LEARNED_FILE).entries.map(({ doc, section, key, questions }) => ({ doc, section, key, questions }))).toEqual([
      { doc: 'faq-contact', section: '县政府办公室电话多少', key: '冠县人民政府办公室的联系电话是0635-5237226', questions: ['县政府办公室的电话号码是多少'] },
    ]);
  });

  it('learns only from resolved answers, and not at all with GUANBOT_LEARN_FROM_FEEDBACK off', async () => {
    const f = setup();
    await thumbsUp(f, '你好', { kind: 'smalltalk', citations: [], answer: '你好呀！' });
    await thumbsUp(f, '冠县图书馆几点开门', { kind: 'unresolved', resolved: false, citations: [] });
    const id = f.desk.recordTurn(turn('申请公开要掏钱嘛', { answer: ANSWER, citations: [{ docId: 'interp-fees', chunkId: 'interp-fees#1', score: 0.8, section: SECTION, text: PASSAGE }] }));
    f.desk.feedback(id, false, { channel: 'telegram', channelUserId: '4242' });
    expect(fs.existsSync(learnedPath(f))).toBe(false);

    const off = setup({ GUANBOT_LEARN_FROM_FEEDBACK: 'off' });
    expect(off.config.learnFromFeedback).toBe(false);
    await thumbsUp(off, '俺去县里查个文件得掏钱不');
    expect(fs.existsSync(learnedPath(off))).toBe(false);
  });

  it('keeps staff’s comments and edits, and never overwrites a file staff broke (the 👍 is still stored)', async () => {
    const f = setup();
    const staffFile = '# 工作人员的说明：这个文件我们每月看一遍\nentries:\n  - doc: interp-fees\n    section: ""\n    questions:\n      - 原则上收费不 # 李娜加的\n';
    writeFile(f.config.corpusDir, LEARNED_FILE, staffFile);
    await thumbsUp(f, '俺去县里查个文件得掏钱不');
    const text = learnedText(f);
    expect(text.startsWith('# 工作人员的说明：这个文件我们每月看一遍\n')).toBe(true);
    expect(text).toContain('- 原则上收费不 # 李娜加的');
    expect(learnedQuestions(f)).toEqual(['原则上收费不', '俺去县里查个文件得掏钱不']);

    const broken = 'entries:\n  - doc: interp-fees\n    questions: [没有结束\n';
    writeFile(f.config.corpusDir, LEARNED_FILE, broken);
    const id = await thumbsUp(f, '给政府写申请要份文件收钱吗');
    expect(learnedText(f)).toBe(broken);
    expect(f.desk.getTurn(id)?.feedback).toBe('up');
  });
});

describe('quotedKey', () => {
  it('is the longest clause of the passage the answer holds verbatim, never a cut clause or a short one', () => {
    expect(quotedKey(PASSAGE, ANSWER)).toBe('行政机关依申请提供政府信息');
    expect(quotedKey(PASSAGE, '冠小梨：不收取费用。')).toBeUndefined();
    expect(quotedKey(`${PASSAGE.slice(0, 30)}…`, PASSAGE)).toBe('行政机关依申请提供政府信息');
    expect(quotedKey('- 申请人可以到县政府办公室窗口当面提出申请…', '申请人可以到县政府办公室窗口当面提出申请')).toBeUndefined();
  });
});

describe('promote and correct add the citizen’s wording; the next build reads the learned file', () => {
  it('files them under the new FAQ entries, and the index trains on them without problems', async () => {
    const f = setup();
    // The published FAQ entries are answered once the index is rebuilt (a small corpus: the shipped decision is used).
    const host = { desk: f.desk, config: f.config, reindex: () => buildIndex(f.config) };

    const { ticket } = f.desk.openItem({ kind: '未解答', channel: 'web', channelUserId: 's-1', question: '俺想问问冠县图书馆礼拜天开门不？俺手机13812345678', candidates: [] });
    f.desk.reply(ticket, '冠县图书馆周六、周日开放时间为上午9:00至下午5:00。', '李娜');
    const promoted = await promoteToFaq(host, ticket, '李娜', { question: '冠县图书馆周末开放吗？' });
    expect(promoted.learned).toMatchObject({ added: true, question: '俺想问问冠县图书馆礼拜天开门不？俺手机' });
    expect(promoted.learned?.message).toContain('下次重建索引');

    // Published as the citizen wrote it: nothing to learn.
    const same = f.desk.openItem({ kind: '未解答', channel: 'web', channelUserId: 's-2', question: '冠县博物馆几点关门', candidates: [] });
    f.desk.reply(same.ticket, '冠县博物馆下午5:00闭馆。', '李娜');
    expect((await promoteToFaq(host, same.ticket, '李娜')).learned).toBeNull();

    const turnId = f.desk.recordTurn(turn('冠县哪儿能办护照啊', { kind: 'unresolved', resolved: false, citations: [] }));
    const corrected = await correctTurn(host, turnId, '李娜', { question: '冠县在哪里办理护照？', answer: '护照请到县公安局出入境接待大厅办理。' });
    expect(corrected.learned).toMatchObject({ added: true, question: '冠县哪儿能办护照啊' });

    const learned = loadBankFile(f.config.corpusDir, LEARNED_FILE);
    expect(learned.entries.map(({ doc, section, key, questions }) => ({ doc, section, key, questions }))).toEqual([
      { doc: promoted.faqId, section: '冠县图书馆周末开放吗？', key: undefined, questions: ['俺想问问冠县图书馆礼拜天开门不？俺手机'] },
      { doc: `faq-turn-${turnId}`, section: '冠县在哪里办理护照？', key: undefined, questions: ['冠县哪儿能办护照啊'] },
    ]);
    expect(learnedText(f)).toContain(`# 留言 ${ticket} 转为问答，2026-`);
    expect(learnedText(f)).toContain(`# 修正对话记录第 ${turnId} 轮，2026-`);

    // A 👍 question too, and a drafts file that must not be read into the bank.
    await thumbsUp(f, '俺去县里查个文件得掏钱不');
    writeFile(f.config.corpusDir, suggestedFileFor('interp-fees'), `doc: interp-fees\nentries:\n  - section: ${SECTION}\n    questions:\n      - 一个还没审核的草稿问法\n`);
    expect(listBankFiles(f.config.corpusDir)).not.toContain(suggestedFileFor('interp-fees'));

    const summary = await buildIndex(f.config);
    expect(summary.problems).toEqual([]);
    const bank = BankIndex.load(summary.dir);
    const filed = (text: string) => bank.questions.find((q) => q.text === text);
    expect(filed('俺想问问冠县图书馆礼拜天开门不？俺手机')?.chunk).toBeGreaterThanOrEqual(0);
    expect(filed('冠县哪儿能办护照啊')?.chunk).toBeGreaterThanOrEqual(0);
    expect(filed('俺去县里查个文件得掏钱不')).toMatchObject({ key: '行政机关依申请提供政府信息' });
    expect(filed('一个还没审核的草稿问法')).toBeUndefined();
  }, 60_000);
});

describe('bank files naming their document per entry', () => {
  it('reads entries with their own doc, and names the line of an entry that has none', () => {
    const f = setup();
    writeFile(f.config.corpusDir, 'questions/mixed.yaml', 'entries:\n  - doc: interp-fees\n    section: ""\n    questions: [原则上收费不]\n  - section: ""\n    questions: [没有文档的问法]\n');
    const bank = loadBankFile(f.config.corpusDir, 'questions/mixed.yaml');
    expect(bank.entries).toEqual([]);
    expect(bank.problems).toEqual([{ file: 'questions/mixed.yaml', line: 5, message: expect.stringContaining('条目没有写所属文档') }]);
    // A file-level doc still serves entries without one; an entry's own doc wins.
    writeFile(f.config.corpusDir, 'questions/mixed.yaml', 'doc: interp-fees\nentries:\n  - section: ""\n    questions: [原则上收费不]\n  - doc: faq-contact\n    questions: [政府办的号码]\n');
    expect(loadBankFile(f.config.corpusDir, 'questions/mixed.yaml').entries.map((e) => [e.doc, e.questions[0], e.line])).toEqual([
      ['interp-fees', '原则上收费不', 3],
      ['faq-contact', '政府办的号码', 5],
    ]);
  });
});
