/**
 * The conversation log (issue 12, "Every conversation, not only the failures"): every turn with its answer, citations
 * by title and section, confidence, channel, feedback and ticket; filters and paging past the old 200 stop; the
 * `guanbot turns list` CLI contract. Real SQLite files in temp dirs, the real `guanbot` command.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskFixture, turn, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';
import { runCli } from './fixtures/engine-workspace.ts';

const REPORT = { docId: 'gx-2024-report', chunkId: 'gx-2024-report#3', score: 0.72, title: '冠县人民政府2024年政府信息公开工作年度报告', section: '五、政府信息公开行政复议', text: '2024年，本机关共收到行政复议申请3件。' };
const GUIDE = { docId: 'gx-guide', chunkId: 'gx-guide#1', score: 0.81, title: '冠县人民政府信息公开指南', section: '三、申请的处理', text: '能够当场答复的，当场予以答复。' };

let fx: DeskFixture;
/** Turn ids of the seeded log, by what each turn is. */
const ids = {} as Record<'answered' | 'refused' | 'faq' | 'smalltalk' | 'judged' | 'old', number>;
let refusedTicket = '';
let feedbackTicket = '';

beforeAll(() => {
  // Personal data kept: the log must mask it on the way out all the same.
  fx = deskFixture({ GUANBOT_KEEP_PERSONAL_DATA: 'true' }, '2026-11-27T01:00:00Z'); // 09:00 Shanghai, Friday 27 November
  ids.answered = fx.desk.recordTurn(turn('行政复议申请了几件？', { citations: [REPORT], confidence: { score: 0.83, threshold: 0.78 } }));
  fx.setNow('2026-11-27T17:30:00Z'); // 01:30 on 28 November in Shanghai, still the 27th in UTC
  refusedTicket = fx.desk.openItem(unresolved('冠县图书馆周末几点开门？我的电话13812345678', 'web', 'sess-1')).ticket;
  ids.refused = fx.desk.recordTurn(
    turn('冠县图书馆周末几点开门？我的电话13812345678', { channel: 'web', channelUserId: 'sess-1', resolved: false, kind: 'unresolved', citations: [], ticket: refusedTicket, answer: '已转给工作人员，留言编号 ' + refusedTicket }),
  );
  fx.setNow('2026-11-28T03:00:00Z');
  ids.faq = fx.desk.recordTurn(turn('申请信息公开能当场答复吗', { kind: 'faq', citations: [GUIDE], answer: '能够当场答复的，当场予以答复。联系电话13900001111' }));
  ids.smalltalk = fx.desk.recordTurn(turn('你好', { kind: 'smalltalk', citations: [] }));
  ids.judged = fx.desk.recordTurn(turn('复议结果怎么样', { citations: [REPORT, GUIDE] }));
  feedbackTicket = fx.desk.feedback(ids.judged, false).ticket!;
  fx.desk.feedback(ids.answered, true);
  // An old turn, logged before titles were stored, names its document by id only.
  ids.old = fx.desk.recordTurn(turn('老记录', { citations: [{ docId: 'gx-old', chunkId: 'gx-old#0', score: 0.5 }] }));
});
afterAll(() => fx.cleanup());

const listed = (filter: Parameters<DeskFixture['desk']['listTurns']>[0]) => fx.desk.listTurns(filter).turns.map((t) => t.turnId);

describe('the conversation log', () => {
  it('lists every turn newest first with answer, titled citations, confidence, channel, feedback and ticket', () => {
    const page = fx.desk.listTurns();
    expect(page.total).toBe(6);
    expect(page.turns.map((t) => t.turnId)).toEqual([ids.old, ids.judged, ids.smalltalk, ids.faq, ids.refused, ids.answered]);
    const answered = page.turns.find((t) => t.turnId === ids.answered)!;
    expect(answered).toMatchObject({
      channel: 'telegram',
      kind: 'answer',
      resolved: true,
      ticket: null,
      feedback: 'up',
      confidence: 0.83,
      threshold: 0.78,
      citations: [{ docId: REPORT.docId, title: REPORT.title, section: REPORT.section }],
    });
    // The list names passages by title and section; their text comes with one turn's detail.
    expect(answered.citations[0]).not.toHaveProperty('text');
    expect(fx.desk.getTurn(ids.answered)!.citations[0]!.text).toBe(REPORT.text);
    const refused = page.turns.find((t) => t.turnId === ids.refused)!;
    expect(refused).toMatchObject({ kind: 'unresolved', resolved: false, ticket: refusedTicket, channel: 'web', feedback: null, confidence: null });
    // 👎 on an answer: the log shows the feedback and the 反馈 ticket it opened.
    expect(page.turns.find((t) => t.turnId === ids.judged)).toMatchObject({ feedback: 'down', ticket: feedbackTicket });
    expect(page.turns.find((t) => t.turnId === ids.old)!.citations).toEqual([{ docId: 'gx-old', title: 'gx-old', section: '' }]);
  });

  it('masks questions and answers even when personal data is kept', () => {
    const refused = fx.desk.getTurn(ids.refused)!;
    expect(refused.question).toBe('冠县图书馆周末几点开门？我的电话138****5678');
    expect(fx.desk.getTurn(ids.faq)!.answer).toContain('139****1111');
    expect(JSON.stringify(fx.desk.listTurns())).not.toMatch(/13812345678|13900001111/);
  });

  it('filters by Shanghai local date, channel, kind, resolved, feedback and cited document', () => {
    expect(listed({ since: '2026-11-28' })).toEqual([ids.old, ids.judged, ids.smalltalk, ids.faq, ids.refused]);
    expect(listed({ until: '2026-11-27' })).toEqual([ids.answered]);
    expect(listed({ since: '2026-11-28', until: '2026-11-28' })).toHaveLength(5);
    expect(listed({ channel: 'web' })).toEqual([ids.refused]);
    expect(listed({ kind: 'faq' })).toEqual([ids.faq]);
    expect(listed({ kind: 'smalltalk' })).toEqual([ids.smalltalk]);
    expect(listed({ resolved: false })).toEqual([ids.refused]);
    expect(listed({ feedback: 'down' })).toEqual([ids.judged]);
    expect(listed({ feedback: 'up' })).toEqual([ids.answered]);
    expect(listed({ docId: GUIDE.docId })).toEqual([ids.judged, ids.faq]);
    expect(listed({ docId: GUIDE.docId, feedback: 'down', channel: 'telegram' })).toEqual([ids.judged]);
    expect(fx.desk.listTurns({ docId: 'no-such-doc' })).toMatchObject({ turns: [], total: 0 });
  });

  it('refuses a bad filter in words', () => {
    expect(() => fx.desk.listTurns({ since: '2026-13-01' })).toThrow(/日期“2026-13-01”格式不对/);
    expect(() => fx.desk.listTurns({ kind: 'bogus' as never })).toThrow(/类型“bogus”无效/);
    expect(() => fx.desk.listTurns({ channel: 'fax' as never })).toThrow(/渠道“fax”无效/);
    expect(() => fx.desk.listTurns({ limit: 0 })).toThrow(/每页条数/);
  });
});

describe('a 👎 ticket', () => {
  it('carries the rejected answer and the passages it came from, by title and section', () => {
    const item = fx.desk.getFullItem(feedbackTicket)!;
    expect(item.kind).toBe('反馈');
    expect(item.rejected).toEqual({
      turnId: ids.judged,
      answer: '冠小梨：根据年度报告……',
      passages: [
        { docId: REPORT.docId, title: REPORT.title, section: REPORT.section, text: REPORT.text },
        { docId: GUIDE.docId, title: GUIDE.title, section: GUIDE.section, text: GUIDE.text },
      ],
    });
    expect(item.candidates.map((c) => [c.title, c.section])).toEqual([[REPORT.title, REPORT.section], [GUIDE.title, GUIDE.section]]);
    expect(fx.desk.getFullItem(refusedTicket)!.rejected).toBeNull();
  });

  it('shows them in messages show and ticket, without raw passage ids', async () => {
    const ws = { dataDir: fx.tmp, corpusDir: path.join(fx.tmp, 'corpus') };
    const shown = await runCli(['messages', 'show', feedbackTicket], ws);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('群众认为没有帮助的回答');
    expect(shown.stdout).toContain(`${REPORT.title} › ${REPORT.section}`);
    expect(shown.stdout).toContain(REPORT.text);
    expect(shown.stdout).not.toContain(REPORT.chunkId);
    const ticket = await runCli(['ticket', feedbackTicket], ws);
    expect(ticket.stdout).toContain('您认为没有帮助的回答：\n冠小梨：根据年度报告……');
  });
});

describe('paging', () => {
  let many: DeskFixture;
  beforeAll(() => {
    many = deskFixture({}, '2026-11-20T00:00:00Z');
    for (let i = 0; i < 230; i += 1) {
      many.setNow(new Date(Date.parse('2026-11-20T00:00:00Z') + i * 60_000).toISOString());
      many.desk.recordTurn(turn(`第${i}个问题`));
    }
  });
  afterAll(() => many.cleanup());

  it('walks every turn, past the 200 the desk used to stop at, without repeats', () => {
    const seen: number[] = [];
    for (let offset = 0; ; offset += 100) {
      const page = many.desk.listTurns({ limit: 100, offset });
      expect(page.total).toBe(230);
      if (page.turns.length === 0) break;
      seen.push(...page.turns.map((t) => t.turnId));
    }
    expect(seen).toHaveLength(230);
    expect(new Set(seen).size).toBe(230);
    expect(many.desk.listTurns({ limit: 100, offset: 200 }).turns.at(-1)!.question).toBe('第0个问题');
  });
});

describe('guanbot turns list', () => {
  const ws = () => ({ dataDir: fx.tmp, corpusDir: path.join(fx.tmp, 'corpus') });

  it('prints the documented JSON fields, masked', async () => {
    const run = await runCli(['turns', 'list', '--json'], ws());
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(6);
    for (const row of rows) {
      for (const key of ['turnId', 'createdAt', 'channel', 'question', 'kind', 'resolved', 'ticket', 'feedback', 'answer', 'citations', 'confidence']) {
        expect(row).toHaveProperty(key);
      }
    }
    expect(rows.find((r) => r.turnId === ids.refused)).toMatchObject({ resolved: false, kind: 'unresolved', ticket: refusedTicket, question: '冠县图书馆周末几点开门？我的电话138****5678' });
    expect(rows.find((r) => r.turnId === ids.answered)).toMatchObject({ resolved: true, kind: 'answer', ticket: null, feedback: 'up' });
    expect(run.stdout).not.toContain('13812345678');
  });

  it('filters and pages from the command line', async () => {
    const down = JSON.parse((await runCli(['turns', 'list', '--json', '--feedback', 'down'], ws())).stdout) as { turnId: number }[];
    expect(down.map((r) => r.turnId)).toEqual([ids.judged]);
    const since = JSON.parse((await runCli(['turns', 'list', '--json', '--since', '2026-11-28', '--unresolved'], ws())).stdout) as { turnId: number }[];
    expect(since.map((r) => r.turnId)).toEqual([ids.refused]);
    const page2 = JSON.parse((await runCli(['turns', 'list', '--json', '--limit', '4', '--page', '2'], ws())).stdout) as { turnId: number }[];
    expect(page2.map((r) => r.turnId)).toEqual([ids.refused, ids.answered]);
  });

  it('prints a readable Chinese table with the page position, and refuses bad options in words', async () => {
    const run = await runCli(['turns', 'list', '--limit', '2'], ws());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/编号\s+时间\s+渠道\s+类型/);
    expect(run.stdout).toContain('第 1–2 条，共 6 条（第 1/3 页）');
    expect(run.stdout).toContain('下一页：加 --page 2');
    expect(run.stdout).toContain('👎 没有帮助');
    const bad = await runCli(['turns', 'list', '--since', '28/11/2026'], ws());
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('日期“28/11/2026”格式不对');
  });

  it('shows one turn with the passages it cited', async () => {
    const run = await runCli(['turns', 'show', String(ids.judged)], ws());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`${REPORT.title} › ${REPORT.section}`);
    expect(run.stdout).toContain(GUIDE.text);
    expect(run.stdout).toContain(feedbackTicket);
  });
});

describe('feedback statistics', () => {
  it('counts 👍/👎 per week, per document and per 问答 entry, latest judgement only, and ranks the most rejected', () => {
    const stats = fx.desk.feedbackStats(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    // answered: 👍 (cites REPORT); judged: 👎 (cites REPORT and GUIDE).
    expect(stats).toMatchObject({ up: 1, down: 1, rate: 0.5 });
    expect(stats.perWeek).toEqual([{ week: '2026-W48', up: 1, down: 1, rate: 0.5 }]);
    expect(stats.perDocument).toEqual([
      { docId: REPORT.docId, title: REPORT.title, up: 1, down: 1, rate: 0.5 },
      { docId: GUIDE.docId, title: GUIDE.title, up: 0, down: 1, rate: 0 },
    ]);
    expect(stats.perFaq).toEqual([]);
    expect(stats.mostRejected.map((d) => d.docId).sort()).toEqual([GUIDE.docId, REPORT.docId].sort());
    // The citizen changes their mind on the FAQ answer: 👎 then 👍 counts as 👍, under 问答 entries.
    fx.desk.feedback(ids.faq, false);
    fx.desk.feedback(ids.faq, true);
    const again = fx.desk.feedbackStats(new Date('2026-11-01T00:00:00Z'), new Date('2026-12-01T00:00:00Z'));
    expect(again.perFaq).toEqual([{ docId: GUIDE.docId, title: GUIDE.title, up: 1, down: 0, rate: 1 }]);
    expect(again).toMatchObject({ up: 2, down: 1 });
  });
});
