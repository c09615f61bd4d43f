import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { DeskError, openDesk } from '../src/desk/index.ts';
import { deskFixture, turn, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';
import { SCHEMA_VERSION } from '../src/storage/migrations/index.ts';

let fx: DeskFixture;
afterEach(() => fx?.cleanup());

describe('tickets', () => {
  it('numbers tickets GX<Shanghai day>-<4-digit sequence> and restarts the sequence each local day', () => {
    fx = deskFixture({}, '2026-11-28T02:00:00Z');
    const a = fx.desk.openItem(unresolved('冠县今年的供暖什么时候开始？')).ticket;
    const b = fx.desk.openItem(unresolved('老年人乘公交免费吗')).ticket;
    expect([a, b]).toEqual(['GX20261128-0001', 'GX20261128-0002']);
    // 16:00 UTC is already the 29th in Shanghai.
    fx.setNow('2026-11-28T16:00:00Z');
    expect(fx.desk.openItem(unresolved('医保卡丢了怎么补办')).ticket).toBe('GX20261129-0001');
  });

  it('enforces unique tickets in the database', () => {
    fx = deskFixture();
    fx.desk.openItem(unresolved('冠县今年的供暖什么时候开始？'));
    const db = new Database(fx.config.dbPath);
    expect(() =>
      db.prepare(`INSERT INTO items(ticket, created_at, updated_at, kind, channel, handle, question, question_masked, norm, status)
                  VALUES ('GX20261128-0001', 'x', 'x', '未解答', 'cli', 'h', 'q', 'q', 'q', '待处理')`).run(),
    ).toThrow(/UNIQUE/);
    db.close();
  });

  it('looks tickets up case- and width-insensitively and returns undefined for unknown ones', () => {
    fx = deskFixture();
    const { ticket } = fx.desk.openItem(unresolved('冠县今年的供暖什么时候开始？'));
    expect(fx.desk.getItem(' gx20261128-0001 ')?.ticket).toBe(ticket);
    expect(fx.desk.getItem('ＧＸ２０２６１１２８－０００１')?.ticket).toBe(ticket);
    expect(fx.desk.getItem('GX20261128-0099')).toBeUndefined();
    expect(fx.desk.getItem('随便')).toBeUndefined();
  });
});

describe('conversation log', () => {
  it('appends turns and refuses UPDATE and DELETE (append-only triggers)', () => {
    fx = deskFixture();
    const id = fx.desk.recordTurn(turn('2024年收到多少政府信息公开申请？'));
    expect(id).toBeGreaterThan(0);
    const db = new Database(fx.config.dbPath);
    expect(() => db.prepare(`UPDATE turns SET answer = 'rewritten' WHERE id = ?`).run(id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM turns WHERE id = ?').run(id)).toThrow(/append-only/);
    const row = db.prepare('SELECT * FROM turns WHERE id = ?').get(id) as Record<string, unknown>;
    expect(row.answer).toBe('冠小梨：根据年度报告……');
    expect(row.handle).toMatch(/^TG-[0-9a-f]{8}$/);
    expect(JSON.stringify(row)).not.toContain('4242');
    db.close();
  });

  it('links an unresolved turn to the item the app opened just before it', () => {
    fx = deskFixture();
    const { ticket } = fx.desk.openItem(unresolved('冠县有没有人才公寓'));
    const id = fx.desk.recordTurn(turn('冠县有没有人才公寓', { resolved: false, kind: 'unresolved', ticket }));
    expect(fx.desk.getFullItem(ticket)?.turnId).toBe(id);
    expect(fx.desk.turnQuestion(id)).toBe('冠县有没有人才公寓');
    expect(fx.desk.turnQuestion(9999)).toBeUndefined();
  });
});

describe('handles and personal data', () => {
  it('gives one stable pseudonymous handle per channel user, never the raw id', () => {
    fx = deskFixture();
    const a = fx.desk.openItem(unresolved('问题一是什么样的', 'telegram', '777001'));
    const b = fx.desk.openItem(unresolved('完全不同的第二个问题', 'telegram', '777001'));
    const c = fx.desk.openItem(unresolved('第三个问题另有内容', 'web', '777001'));
    const [ia, ib, ic] = [a, b, c].map((x) => fx.desk.getFullItem(x.ticket)!);
    expect(ia!.handle).toMatch(/^TG-[0-9a-f]{8}$/);
    expect(ib!.handle).toBe(ia!.handle);
    expect(ic!.handle).toMatch(/^WEB-[0-9a-f]{8}$/);
    expect(ic!.handle.slice(4)).not.toBe(ia!.handle.slice(3));
    expect(JSON.stringify(fx.desk.listItems())).not.toContain('777001');
  });

  it('masks list views by default and shows the original only when asked', () => {
    fx = deskFixture();
    const { ticket } = fx.desk.openItem(unresolved('我的手机13812345678一直收不到短信'));
    expect(fx.desk.listItems()[0]!.question).toBe('我的手机138****5678一直收不到短信');
    expect(fx.desk.getItem(ticket)?.question).toContain('138****5678');
    expect(fx.desk.getFullItem(ticket, { unmasked: true })?.question).toContain('13812345678');
  });

  it('stores only masked text when personal data may not be kept', () => {
    fx = deskFixture({ GUANBOT_KEEP_PERSONAL_DATA: 'false' });
    const { ticket } = fx.desk.openItem(unresolved('身份证37152219900101123X的低保审核进度'));
    fx.desk.recordTurn(turn('身份证37152219900101123X的低保审核进度', { ticket, resolved: false, kind: 'unresolved' }));
    expect(fx.desk.getFullItem(ticket, { unmasked: true })?.question).toBe('身份证371*************3X的低保审核进度');
    fx.desk.closeDb();
    const raw = fs.readFileSync(fx.config.dbPath).toString('latin1') + (fs.existsSync(`${fx.config.dbPath}-wal`) ? fs.readFileSync(`${fx.config.dbPath}-wal`).toString('latin1') : '');
    expect(raw).not.toContain('37152219900101123X');
  });
});

describe('status flow and history', () => {
  it('goes 待处理 → 处理中 → 已答复 → 已转为问答 with a history row per action', () => {
    fx = deskFixture();
    const { ticket } = fx.desk.openItem(unresolved('冠县的婚姻登记处周六上班吗'));
    expect(fx.desk.getItem(ticket)?.status).toBe('待处理');
    expect(fx.desk.assign(ticket, '李娜', '王科长').status).toBe('处理中');
    fx.setNow('2026-11-28T03:00:00Z');
    const replied = fx.desk.reply(ticket, '婚姻登记处周六上午办公。', '李娜');
    expect(replied).toMatchObject({ status: '已答复', reply: '婚姻登记处周六上午办公。', repliedAt: '2026-11-28T03:00:00.000Z', assignee: '李娜' });
    const promoted = fx.desk.markPromoted(ticket, 'faq-gx20261128-0001', '李娜');
    expect(promoted.status).toBe('已转为问答');
    expect(promoted.history.map((h) => h.code)).toEqual(['open', 'assign', 'reply', 'promote']);
    expect(promoted.history.map((h) => h.action)).toEqual(['收到留言', '分派', '答复', '转为问答']);
    expect(promoted.history[1]).toMatchObject({ actor: '王科长', detail: '李娜' });
  });

  it('closes with a reason and refuses further work on closed items', () => {
    fx = deskFixture();
    const { ticket } = fx.desk.openItem(unresolved('广告：低价出售二手车'));
    expect(() => fx.desk.close(ticket, '  ', '王科长')).toThrow(DeskError);
    const closed = fx.desk.close(ticket, '与政务无关的广告', '王科长');
    expect(closed).toMatchObject({ status: '已关闭', closeReason: '与政务无关的广告' });
    for (const act of [() => fx.desk.reply(ticket, '答复', 'x'), () => fx.desk.assign(ticket, 'x', 'y'), () => fx.desk.close(ticket, 'again', 'y')]) {
      expect(act).toThrow(/已关闭/);
    }
    expect(() => fx.desk.markPromoted(ticket, 'faq-x', 'y')).toThrow(/须先答复/);
  });

  it('reports unknown tickets as not_found with a Chinese message', () => {
    fx = deskFixture();
    try {
      fx.desk.reply('GX20991231-0001', '答复', '王科长');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(DeskError);
      expect((err as DeskError).code).toBe('not_found');
      expect((err as DeskError).message).toContain('找不到留言编号 GX20991231-0001');
    }
  });

  it('filters lists by status, kind, since and search', () => {
    fx = deskFixture({}, '2026-11-20T02:00:00Z');
    const old = fx.desk.openItem(unresolved('十一月二十日的问题内容'));
    fx.setNow('2026-11-28T02:00:00Z');
    const a = fx.desk.openItem(unresolved('冠县公积金贷款额度是多少'));
    fx.desk.openItem(unresolved('哪里可以办理居住证明'));
    fx.desk.assign(a.ticket, '李娜', '王科长');
    expect(fx.desk.listItems({ status: '处理中' }).map((i) => i.ticket)).toEqual([a.ticket]);
    expect(fx.desk.listItems({ since: '2026-11-28' })).toHaveLength(2);
    expect(fx.desk.listItems({ until: '2026-11-28' }).map((i) => i.ticket)).toEqual([old.ticket]);
    expect(fx.desk.listItems({ search: '公积金' }).map((i) => i.ticket)).toEqual([a.ticket]);
    expect(fx.desk.listItems({ kind: '反馈' })).toEqual([]);
    expect(() => fx.desk.listItems({ since: '上周' })).toThrow(/日期/);
  });
});

describe('feedback', () => {
  it('turns 👎 on an answered turn into one 反馈 item linked to that turn; 👍 opens nothing', () => {
    fx = deskFixture();
    const id = fx.desk.recordTurn(turn('政府信息公开申请可以网上提交吗'));
    expect(fx.desk.feedback(id, true)).toEqual({ ticket: null });
    const { ticket } = fx.desk.feedback(id, false, { channelUserId: '4242', note: '没说网址' });
    expect(ticket).toMatch(/^GX\d{8}-\d{4}$/);
    const item = fx.desk.getFullItem(ticket!)!;
    expect(item).toMatchObject({ kind: '反馈', turnId: id, question: '政府信息公开申请可以网上提交吗', status: '待处理' });
    expect(item.history.map((h) => h.code)).toContain('feedback');
    // A second 👎 on the same turn does not open a second item.
    expect(fx.desk.feedback(id, false)).toEqual({ ticket });
    expect(fx.desk.listItems({ kind: '反馈' })).toHaveLength(1);
  });

  it('points 👎 on an unresolved turn to its existing item and refuses unknown turns', () => {
    fx = deskFixture();
    const { ticket } = fx.desk.openItem(unresolved('冠县有没有人才公寓'));
    const id = fx.desk.recordTurn(turn('冠县有没有人才公寓', { resolved: false, kind: 'unresolved', ticket }));
    expect(fx.desk.feedback(id, false)).toEqual({ ticket });
    expect(() => fx.desk.feedback(123456, false)).toThrow(DeskError);
  });
});

describe('database', () => {
  it('uses WAL, records the schema version in user_version and leaves tables it does not own alone when reopened', () => {
    fx = deskFixture();
    fx.desk.closeDb();
    const db = new Database(fx.config.dbPath);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare(`SELECT value FROM desk_meta WHERE key = 'schema_version'`).get()).toBeUndefined();
    db.exec('CREATE TABLE IF NOT EXISTS web_staff (name TEXT)');
    db.prepare('INSERT INTO web_staff VALUES (?)').run('admin');
    db.close();

    const reopened = openDesk(fx.config, pino({ level: 'silent' }));
    expect(reopened.listItems()).toEqual([]);
    reopened.closeDb();
    const check = new Database(fx.config.dbPath);
    expect(check.prepare('SELECT name FROM web_staff').all()).toEqual([{ name: 'admin' }]);
    check.close();
  });
});
