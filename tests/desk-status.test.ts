import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_STATE, ITEM_KIND, ITEM_STATUS, ITEM_STATUSES, OPEN_STATUSES } from '../src/desk/status.ts';
import { deskFixture, turn, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';

let fx: DeskFixture;
afterEach(() => fx?.cleanup());

/** What SQLite holds for a ticket, read past the desk's own code. */
function stored(ticket: string): { status: string; kind: string; delivery: string | undefined } {
  const db = new Database(fx.config.dbPath, { readonly: true });
  try {
    const item = db.prepare('SELECT id, status, kind FROM items WHERE ticket = ?').get(ticket) as { id: number; status: string; kind: string };
    const delivery = db.prepare('SELECT state FROM deliveries WHERE item_id = ? ORDER BY id DESC LIMIT 1').get(item.id) as { state: string } | undefined;
    return { status: item.status, kind: item.kind, delivery: delivery?.state };
  } finally {
    db.close();
  }
}

describe('stored status values', () => {
  it('are the named constants through the whole workflow (the words of the 网站留言 register)', () => {
    fx = deskFixture();
    const { ticket } = fx.desk.openItem(unresolved('冠县残疾人两项补贴怎么申请', 'telegram', '5001'));
    expect(stored(ticket)).toEqual({ status: '待处理', kind: '未解答', delivery: undefined });
    fx.desk.assign(ticket, '李娜', '王主任');
    expect(stored(ticket).status).toBe(ITEM_STATUS.inProgress);
    fx.desk.reply(ticket, '请到户籍所在地乡镇（街道）提出申请。', '李娜');
    expect(stored(ticket)).toEqual({ status: '已答复', kind: ITEM_KIND.unanswered, delivery: DELIVERY_STATE.pending });
    const [d] = fx.desk.dueDeliveries(['telegram']);
    fx.desk.markDelivered(d!.id);
    expect(stored(ticket).delivery).toBe('delivered');
    fx.desk.markPromoted(ticket, 'faq-2026-11-28-1', '王主任');
    expect(stored(ticket).status).toBe('已转为问答');

    const web = fx.desk.openItem(unresolved('低保标准是多少', 'web', 'session-1')).ticket;
    fx.desk.reply(web, '请咨询民政局。', '李娜');
    expect(stored(web).delivery).toBe(DELIVERY_STATE.lookup);
    const spam = fx.desk.openItem(unresolved('广告', 'cli')).ticket;
    fx.desk.close(spam, '无关内容', '李娜');
    expect(stored(spam).status).toBe('已关闭');
  });

  it('a 👎 opens a 反馈 item, and only open items count as open', () => {
    fx = deskFixture();
    const id = fx.desk.recordTurn(turn('冠县2024年收到多少政府信息公开申请'));
    const { ticket } = fx.desk.feedback(id, false, { channel: 'telegram', channelUserId: '4242' });
    expect(stored(ticket!)).toMatchObject({ status: ITEM_STATUS.pending, kind: '反馈' });
    expect(ITEM_STATUSES).toEqual(['待处理', '处理中', '已答复', '已关闭', '已转为问答']);
    expect(OPEN_STATUSES).toEqual(['待处理', '处理中']);
    expect(fx.desk.listItems({ status: ITEM_STATUS.pending }).map((i) => i.ticket)).toEqual([ticket]);
  });
});
