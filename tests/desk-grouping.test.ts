import { afterEach, describe, expect, it } from 'vitest';
import { bigramJaccard, isNearDuplicate, normalizeQuestion } from '../src/desk/grouping.ts';
import { deskFixture, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';

const same = (a: string, b: string) => isNearDuplicate(normalizeQuestion(a), normalizeQuestion(b));

describe('near-duplicate detection', () => {
  it('treats questions equal after punctuation, spacing, width and politeness as duplicates', () => {
    expect(normalizeQuestion('请问，冠县 低保标准是多少？')).toBe(normalizeQuestion('冠县低保标准是多少'));
    expect(same('请问冠县低保标准是多少？', '冠县的低保标准是多少呀')).toBe(true);
    expect(same('冠县２０２４年低保标准', '冠县2024年低保标准')).toBe(true);
  });

  it('groups near-identical wording by character bigrams', () => {
    expect(same('冠县城乡居民低保标准每月是多少钱', '冠县城乡居民低保标准每个月是多少钱')).toBe(true);
    expect(bigramJaccard('abcd', 'abcd')).toBe(1);
    expect(bigramJaccard('abcd', 'wxyz')).toBe(0);
  });

  it('keeps different questions apart even when most characters match', () => {
    // One character apart, different programmes (subsistence allowance vs medical insurance).
    expect(same('冠县低保标准是多少', '冠县医保标准是多少')).toBe(false);
    // Same wording, different years.
    expect(same('2023年政府信息公开申请有多少件', '2024年政府信息公开申请有多少件')).toBe(false);
    expect(same('供暖什么时候开始', '老年人乘公交免费吗')).toBe(false);
    expect(same('？？', '！！')).toBe(false);
  });
});

let fx: DeskFixture;
afterEach(() => fx?.cleanup());

describe('groups on the desk', () => {
  it('joins a new open item to the group of a near-identical open item', () => {
    fx = deskFixture();
    const a = fx.desk.openItem(unresolved('请问冠县低保标准是多少？', 'telegram', '1001')).ticket;
    const b = fx.desk.openItem(unresolved('冠县的低保标准是多少', 'web', 'sess-b')).ticket;
    const c = fx.desk.openItem(unresolved('冠县医保标准是多少', 'telegram', '1003')).ticket;
    const [ia, ib, ic] = [a, b, c].map((t) => fx.desk.getFullItem(t)!);
    expect(ib.groupId).toBe(ia.groupId);
    expect(ic.groupId).not.toBe(ia.groupId);
    expect(ia.groupTickets).toEqual([b]);
    expect(ib.history.map((h) => h.code)).toEqual(['open', 'group']);
    expect(ib.history[1].detail).toContain(a);
  });

  it('does not join closed or answered items', () => {
    fx = deskFixture();
    const a = fx.desk.openItem(unresolved('冠县低保标准是多少')).ticket;
    fx.desk.close(a, '重复', '王科长');
    const b = fx.desk.openItem(unresolved('冠县低保标准是多少')).ticket;
    expect(fx.desk.getFullItem(b)!.groupTickets).toEqual([]);
  });

  it('answers every open item of the group with one reply and queues a delivery per Telegram citizen', () => {
    fx = deskFixture();
    const a = fx.desk.openItem(unresolved('请问冠县低保标准是多少？', 'telegram', '1001')).ticket;
    const b = fx.desk.openItem(unresolved('冠县的低保标准是多少', 'telegram', '1002')).ticket;
    const c = fx.desk.openItem(unresolved('冠县低保标准是多少啊', 'web', 'sess-c')).ticket;
    const d = fx.desk.openItem(unresolved('冠县低保标准是多少呢', 'cli')).ticket;
    const other = fx.desk.openItem(unresolved('冠县医保标准是多少', 'telegram', '1009')).ticket;

    fx.desk.reply(b, '2026年冠县城乡低保标准详见县民政局公告。', '李娜');
    for (const t of [a, b, c, d]) {
      expect(fx.desk.getItem(t)).toMatchObject({ status: '已答复', reply: '2026年冠县城乡低保标准详见县民政局公告。' });
    }
    expect(fx.desk.getItem(other)?.status).toBe('待处理');
    expect(fx.desk.getFullItem(a)!.history.at(-1)?.detail).toContain(b);

    const due = fx.desk.dueDeliveries(['telegram']);
    expect(due.map((x) => [x.ticket, x.channelUserId]).sort()).toEqual([[a, '1001'], [b, '1002']]);
    expect(due[0].text).toContain('2026年冠县城乡低保标准详见县民政局公告。');
    expect(due[0].text).toContain(due[0].ticket);
    expect(fx.desk.getFullItem(c)!.delivery).toMatchObject({ state: 'delivered', method: 'lookup' });
    expect(fx.desk.getFullItem(d)!.delivery.state).toBe('none');
  });
});
