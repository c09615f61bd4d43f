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
  return openEngine(engineConfig(ws, { GUANBOT_RESOLVE_THRESHOLD: '0.445' }));
}

const filler = [
  { id: 'park', title: '公园开放说明', body: '## 公园几点开门？\n城东公园每天开放，节假日照常开放，游客请爱护花草树木。' },
  { id: 'library', title: '图书馆借阅说明', body: '## 图书馆怎么借书？\n读者持读者证在服务台办理借阅，借阅期限为三十天。' },
];

describe('answer evidence', () => {
  it('a passage that only names the schedule does not answer "哪天" (a date elsewhere in it does not count); one that states the date does', async () => {
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
});
