/**
 * The evidence rules behind the resolve decision, on small hand-written corpora (not the evaluation set):
 * a passage that mentions the topic but does not state what was asked (a date, an amount, a count) is a near miss.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { openEngine } from '../src/answer/index.ts';
import { docText, emptyWorkspace, engineConfig, removeTempDirs, writeFile } from './fixtures/engine-workspace.ts';

afterAll(removeTempDirs);

async function engineOver(docs: { id: string; title: string; body: string }[]) {
  const ws = emptyWorkspace();
  for (const d of docs) writeFile(ws.corpusDir, `interpretations/${d.id}.md`, docText({ id: d.id, title: d.title }, d.body));
  return openEngine(engineConfig(ws));
}

const filler = [
  { id: 'park', title: '公园开放说明', body: '## 公园几点开门？\n城东公园每天开放，节假日照常开放，游客请爱护花草树木。' },
  { id: 'library', title: '图书馆借阅说明', body: '## 图书馆怎么借书？\n读者持读者证在服务台办理借阅，借阅期限为三十天。' },
];

describe('answer evidence', () => {
  // Known gap of the learned decision on a corpus without a question bank (the shipped model decides, cold): it
  // answers this near miss. `it.fails` keeps the case running, so it turns red when the model learns it.
  it.fails('a passage that only names the schedule does not answer "哪天" (a date elsewhere in it does not count); one that states the date does', async () => {
    const vague = await engineOver([...filler, { id: 'exam', title: '中考信息服务', body: '## 中考信息在哪里看？\n该平台于2024年5月上线。平台公开中考报名、志愿填报、考试、成绩公布、录取等日程。' }]);
    const q = '中考成绩哪天公布？';
    expect((await vague.answer(q)).resolved).toBe(false);

    const dated = await engineOver([...filler, { id: 'exam', title: '中考信息服务', body: '## 中考成绩什么时候出？\n中考成绩于6月28日公布，考生可在平台查询。' }]);
    const r = await dated.answer(q);
    expect(r.resolved).toBe(true);
    expect(r.answer).toContain('6月28日');
  });

  it('"多少钱" needs an amount in the quoted sentence', async () => {
    const noAmount = await engineOver([...filler, { id: 'aid', title: '助学补贴', body: '## 助学补贴发给谁？\n助学补贴发给家庭经济困难的在校大学生，由学校初审后公示。' }]);
    expect((await noAmount.answer('助学补贴每人每年发放多少钱？')).resolved).toBe(false);

    const withAmount = await engineOver([...filler, { id: 'aid', title: '助学补贴', body: '## 助学补贴标准是多少？\n助学补贴每人每年发放3000元，由学校初审后公示。' }]);
    const r = await withAmount.answer('助学补贴每人每年发放多少钱？');
    expect(r.resolved).toBe(true);
    expect(r.answer).toContain('3000元');
  });

  it('a year the question names must be in the passage', async () => {
    const engine = await engineOver([...filler, { id: 'apps', title: '申请数量', body: '## 2024年收到多少申请？\n2024年共受理政府信息公开申请130件。' }]);
    expect((await engine.answer('2024年受理了多少件政府信息公开申请？')).resolved).toBe(true);
    expect((await engine.answer('2023年受理了多少件政府信息公开申请？')).resolved).toBe(false);
  });

  it('"多久" is answered by a stated time limit, not by a passage dated 2024年 that repeats the topic', async () => {
    const dated = await engineOver([...filler, { id: 'msg', title: '网站留言', body: '## 网站留言有人回复吗？\n2024年共答复网站留言204件，开展征集调查14期。' }]);
    expect((await dated.answer('网站留言一般多久能回复？')).resolved).toBe(false);

    // The passage never says 多久; stating the limit covers the asking word.
    const limited = await engineOver([...filler, { id: 'msg', title: '网站留言', body: '## 网站留言的办理\n网站留言自受理之日起5个工作日内回复。' }]);
    const r = await limited.answer('网站留言一般多久能回复？');
    expect(r.resolved).toBe(true);
    expect(r.answer).toContain('5个工作日');
  });

  // Known gap since the bank doubled (the shipped model decides, cold): trained on a bank that covers every passage, it
  // leans on bank similarity, and fewer cold questions reach the threshold (cold held-out answered right: 51 % of
  // 1,572 before, 46 % of 2,151 now), and this one is refused.
  it.fails('"几次" is answered by a count of what was asked', async () => {
    const engine = await engineOver([...filler, { id: 'press', title: '政民互动', body: '## 政民互动情况\n全年举行新闻发布会48次，开展征集调查14期。' }]);
    const r = await engine.answer('新闻发布会一年开了几次？');
    expect(r.resolved).toBe(true);
    expect(r.answer).toContain('48次');
  });

  // A known gap until the decision learned whether the closest negative names a year the question does not.
  it('when the best passage does not state the year asked for, an almost as good one that does answers', async () => {
    const engine = await engineOver([
      ...filler,
      { id: 'basis', title: '政府信息公开条例', body: '## 2024年条例学习要点：条例是怎样公布的？\n政府信息公开条例以国务院令形式公布，是政府信息公开工作的基本依据。' },
      { id: 'history', title: '政府信息公开条例', body: '## 条例的历史\n政府信息公开条例于2007年4月5日以国务院令公布。' },
    ]);
    const r = await engine.answer('政府信息公开条例是哪年公布的？');
    expect(r.resolved).toBe(true);
    expect(r.answer).toContain('2007年4月5日');
    expect(r.candidates[0]!.docId).toBe('basis');
  });

  it('a place the question names (莘县) must be in the passage, as a year must', async () => {
    const engine = await engineOver([...filler, { id: 'web', title: '政府网站', body: '## 冠县政府网站发布了多少条信息？\n2024年冠县人民政府网站发布各类政府信息14185条。' }]);
    expect((await engine.answer('冠县2024年政府网站发布了多少条信息？')).resolved).toBe(true);
    expect((await engine.answer('莘县2024年政府网站发布了多少条信息？')).resolved).toBe(false);
  });

  it('a two-character word counts only as a word or the head of a compound (县长 is not in 县长信箱)', async () => {
    const engine = await engineOver([...filler, { id: 'mailbox', title: '县长信箱', body: '## 县长信箱怎么用？\n群众可以通过县长信箱反映问题，由县政府办公室转交有关部门办理。' }]);
    expect((await engine.explain('冠县县长是谁？')).resolved).toBe(false);
    expect((await engine.explain('县长信箱由谁办理？')).resolved).toBe(true);
  });

  // Known gap of the learned decision on a corpus whose bank is too small to train (the shipped model decides).
  it.fails('a question close to a curated one is answered from it even when its only word is the corpus\'s commonest', async () => {
    const ws = emptyWorkspace();
    // 政府信息 is in every document, so it weighs little: alone it would read as too vague to look up.
    for (const [id, body] of [['apply', '公民可以申请获取政府信息。'], ['fees', '行政机关依申请提供政府信息，不收取费用。'], ['places', '政府信息查阅场所设在公共图书馆。']] as const) {
      writeFile(ws.corpusDir, `interpretations/${id}.md`, docText({ id, title: `政府信息${id}` }, `## 说明\n${body}`));
    }
    writeFile(ws.corpusDir, 'faq/what.md', docText({ id: 'what', title: '什么是政府信息？', type: '问答', question: '什么是政府信息？' }, '政府信息是指行政机关在履行行政管理职能过程中制作或者获取的信息。'));
    const engine = await openEngine(engineConfig(ws));
    const r = await engine.answer('政府信息是什么？');
    expect(r.kind).toBe('faq');
    expect(r.answer).toContain('履行行政管理职能');
  });
});

