/**
 * Flagging open tickets the corpus can now answer: the desk side with real SQLite and a stand-in
 * asker (the narrow "ask without recording" interface), then the whole flow with the real app:
 * a document is added, the index rebuilt, the open ticket carries the answer, staff reply with it.
 */
import path from 'node:path';
import fs from 'node:fs';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { openStaffStore } from '../src/channels/web/staff/index.ts';
import { refreshSuggestions, renderItemDetail, renderItemTable, deskMessages, type QuietAsker } from '../src/desk/index.ts';
import { deskFixture, tempDir, testConfig, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';
import { docText, runCli, writeFile } from './fixtures/engine-workspace.ts';

/** Answers the questions it was given an answer for; records what it was asked, in order. */
function standInAsker(answers: Record<string, string>): QuietAsker & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    version: 'v-test',
    async askWithoutRecording(question) {
      asked.push(question);
      const answer = answers[question];
      return answer
        ? { resolved: true, kind: 'answer', answer, citations: [{ docId: 'doc-a', title: '供暖收费办法', section: '二、收费标准' }] }
        : { resolved: false, kind: 'unresolved', answer: '', citations: [] };
    },
  };
}

describe('suggestions on the desk', () => {
  let f: DeskFixture;
  afterEach(() => f?.cleanup());

  it('re-asks the newest open 未解答 items (masked), up to the limit, and stores what the corpus answers', async () => {
    f = deskFixture();
    const old = f.desk.openItem(unresolved('冠县供暖费每平方米多少钱？', 'telegram', '1')).ticket;
    f.setNow('2026-11-28T03:00:00Z');
    const mid = f.desk.openItem(unresolved('我的电话13812345678，低保怎么申请', 'telegram', '2')).ticket;
    f.setNow('2026-11-28T04:00:00Z');
    const newest = f.desk.openItem(unresolved('公租房在哪里报名', 'web', 's-3')).ticket;
    const asker = standInAsker({ 公租房在哪里报名: '公租房在县住建局报名。', '冠县供暖费每平方米多少钱？': '每平方米22元。' });

    const run = await refreshSuggestions(f.desk, asker, { limit: 2, now: () => new Date('2026-11-28T05:00:00Z') });

    // Newest first, capped at 2: the oldest waits for the next run. The personal number never reaches the engine.
    expect(asker.asked).toEqual(['公租房在哪里报名', '我的电话138****5678，低保怎么申请']);
    expect(run).toEqual({ checked: 2, flagged: [newest], cleared: [] });
    expect(f.desk.getFullItem(newest)!.suggestion).toEqual({
      answer: '公租房在县住建局报名。',
      kind: 'answer',
      citations: [{ docId: 'doc-a', title: '供暖收费办法', section: '二、收费标准' }],
      at: '2026-11-28T05:00:00.000Z',
      version: 'v-test',
    });
    expect(f.desk.getFullItem(mid)!.suggestion).toBeNull();
    expect(f.desk.getFullItem(old)!.suggestion).toBeNull();

    // The CLI views: list marks it, show prints the answer, its source and how to reply with it.
    const ctx = { t: deskMessages(f.config), timeZone: 'Asia/Shanghai' };
    const table = renderItemTable(ctx, f.desk.listItems());
    expect(table).toContain('［可答］公租房在哪里报名');
    expect(table).toContain('其中 1 条资料库现在可以答复');
    const shown = renderItemDetail(ctx, f.desk.getFullItem(newest)!);
    expect(shown).toContain('资料库现在可以答复（建议答复）：\n  公租房在县住建局报名。');
    expect(shown).toContain('依据 1：供暖收费办法 › 二、收费标准');
    expect(shown).toContain(`guanbot messages reply ${newest} --use-suggestion`);
  });

  it('clears the suggestion when the ticket is replied to or closed, and when the corpus no longer answers it', async () => {
    f = deskFixture();
    const a = f.desk.openItem(unresolved('供暖什么时候开始', 'telegram', '1')).ticket;
    const b = f.desk.openItem(unresolved('宅基地怎么确权', 'telegram', '2')).ticket;
    const c = f.desk.openItem(unresolved('医保卡丢了怎么补办', 'telegram', '3')).ticket;
    await refreshSuggestions(f.desk, standInAsker({ 供暖什么时候开始: '11月15日。', 宅基地怎么确权: '到自然资源局。', 医保卡丢了怎么补办: '到医保局。' }));
    expect([a, b, c].map((tk) => Boolean(f.desk.getFullItem(tk)!.suggestion))).toEqual([true, true, true]);

    f.desk.reply(a, '11月15日开始供暖。', '李娜');
    f.desk.close(b, '重复留言', '李娜');
    expect(f.desk.getFullItem(a)!.suggestion).toBeNull();
    expect(f.desk.getFullItem(b)!.suggestion).toBeNull();
    // A closed or answered ticket is never re-asked, and cannot be given one afterwards.
    const asker = standInAsker({});
    const run = await refreshSuggestions(f.desk, asker);
    expect(asker.asked).toEqual(['医保卡丢了怎么补办']);
    expect(run).toEqual({ checked: 1, flagged: [], cleared: [c] });
    expect(f.desk.getFullItem(c)!.suggestion).toBeNull();
    expect(f.desk.setSuggestion(a, { answer: 'x', kind: 'answer', citations: [], at: '2026-11-28T05:00:00Z' })).toBe(false);
    expect(f.desk.getFullItem(a)!.suggestion).toBeNull();
  });

  it('does nothing with limit 0', async () => {
    f = deskFixture();
    f.desk.openItem(unresolved('供暖什么时候开始', 'telegram', '1'));
    const asker = standInAsker({ 供暖什么时候开始: '11月15日。' });
    expect(await refreshSuggestions(f.desk, asker, { limit: 0 })).toEqual({ checked: 0, flagged: [], cleared: [] });
    expect(asker.asked).toEqual([]);
  });
});

describe('after a reindex, with the real app', () => {
  const root = path.resolve(import.meta.dirname, '..');
  const tmp = tempDir();
  const corpusDir = path.join(tmp, 'corpus');
  let app: App;
  const QUESTION = '冠县城区集中供暖每平方米收费多少钱？';

  beforeAll(async () => {
    fs.cpSync(path.join(root, 'corpus'), corpusDir, { recursive: true });
    app = await createApp({ config: testConfig(tmp, { GUANBOT_CORPUS_DIR: corpusDir }), log: pino({ level: 'silent' }) });
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('flags the open ticket with the answer of the new document; staff reply with it in one step', async () => {
    const asked = await app.ask(QUESTION, { channel: 'telegram', channelUserId: '7001' });
    expect(asked.kind).toBe('unresolved');
    const ticket = asked.ticket!;
    const turnsBefore = app.desk.listTurns().total;

    writeFile(
      corpusDir,
      'faq/heating-fee.md',
      docText(
        { id: 'gx-heating-fee', title: '冠县城区集中供暖收费标准', type: '问答', question: QUESTION, variants: ['冠县供暖费多少钱一平方'] },
        '冠县城区居民集中供暖费按建筑面积每平方米每采暖季22元收取，低保家庭减半收取。',
      ),
    );
    await app.reindex();
    const run = await app.suggestions();

    expect(run?.flagged).toContain(ticket);
    const item = app.desk.getFullItem(ticket)!;
    expect(item.status).toBe('待处理');
    expect(item.suggestion?.answer).toContain('22元');
    expect(item.suggestion?.citations[0]).toMatchObject({ docId: 'gx-heating-fee', title: '冠县城区集中供暖收费标准' });
    // Re-asking recorded nothing: no new turn, no new ticket.
    expect(app.desk.listTurns().total).toBe(turnsBefore);
    expect(app.desk.listItems()).toHaveLength(1);

    // `guanbot messages reply TICKET --use-suggestion` sends exactly that answer.
    const ws = { corpusDir, dataDir: app.config.dataDir };
    // Replies on the command line are taken as an existing staff account (--as).
    const staff = openStaffStore(app.config.dbPath);
    await staff.accounts.add('李娜', 'a-long-password', { role: 'handler' });
    staff.close();
    const both = await runCli(['messages', 'reply', ticket, '自己写的', '--use-suggestion', '--as', '李娜'], ws);
    expect(both.code).not.toBe(0);
    expect(both.stderr).toContain('请只用一种答复');
    const cli = await runCli(['messages', 'reply', ticket, '--use-suggestion', '--as', '李娜'], ws);
    expect(cli.stderr).toBe('');
    expect(cli.stdout).toContain(`已答复留言 ${ticket}`);
    const replied = app.desk.getFullItem(ticket)!;
    expect(replied.reply).toBe(item.suggestion!.answer);
    expect(replied.repliedBy).toBe('李娜');
    expect(replied.suggestion).toBeNull();
    const again = await runCli(['messages', 'reply', ticket, '--use-suggestion'], ws);
    expect(again.code).not.toBe(0);
  });
});
