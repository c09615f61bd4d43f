import { afterEach, describe, expect, it } from 'vitest';
import { isNearDuplicate, normalizeQuestion } from '../src/desk/grouping.ts';
import { bigramJaccard } from '../src/text/index.ts';
import { personNames, houseNumbers } from '../src/desk/personal.ts';
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
    expect(ib!.groupId).toBe(ia!.groupId);
    expect(ic!.groupId).not.toBe(ia!.groupId);
    expect(ia!.groupTickets).toEqual([b]);
    expect(ib!.history.map((h) => h.code)).toEqual(['open', 'group']);
    expect(ib!.history[1]!.detail).toContain(a);
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

    const plan = fx.desk.replyPlan(b, '2026年冠县城乡低保标准详见县民政局公告。');
    expect(plan.alsoTo.map((x) => x.ticket)).toEqual([a, c, d]);
    fx.desk.reply(b, '2026年冠县城乡低保标准详见县民政局公告。', '李娜', { alsoTo: plan.alsoTo.map((x) => x.ticket) });
    for (const t of [a, b, c, d]) {
      expect(fx.desk.getItem(t)).toMatchObject({ status: '已答复', reply: '2026年冠县城乡低保标准详见县民政局公告。' });
    }
    expect(fx.desk.getItem(other)?.status).toBe('待处理');
    expect(fx.desk.getFullItem(a)!.history.at(-1)?.detail).toContain(b);

    const due = fx.desk.dueDeliveries(['telegram']);
    expect(due.map((x) => [x.ticket, x.channelUserId]).sort()).toEqual([[a, '1001'], [b, '1002']]);
    expect(due[0]!.text).toContain('2026年冠县城乡低保标准详见县民政局公告。');
    expect(due[0]!.text).toContain(due[0]!.ticket);
    expect(fx.desk.getFullItem(c)!.delivery).toMatchObject({ state: 'delivered', method: 'lookup' });
    expect(fx.desk.getFullItem(d)!.delivery.state).toBe('none');
  });
});

describe('never one reply for two cases (issue 11)', () => {
  it('keeps questions apart whose numbers, names or addresses differ', () => {
    // The same numbers in another order are another flat.
    expect(same('3号楼5单元的楼道灯坏了', '5号楼3单元的楼道灯坏了')).toBe(false);
    expect(same('三号楼五单元的楼道灯坏了，请派人来修', '五号楼三单元的楼道灯坏了，请派人来修')).toBe(false);
    expect(same('东街小区3号楼的楼道灯坏了好几天了', '西街小区3号楼的楼道灯坏了好几天了')).toBe(false);
    expect(same('张庄村的自来水停了三天了怎么回事', '李庄村的自来水停了三天了怎么回事')).toBe(false);
    // A name without any cue still differs: a surname starts the differing stretch, or precedes it.
    expect(same('张伟家的低保这个月还没有发下来是什么原因', '张强家的低保这个月还没有发下来是什么原因')).toBe(false);
    expect(same('王芳家的低保这个月还没有发下来是什么原因', '李娜家的低保这个月还没有发下来是什么原因')).toBe(false);
    // Masked personal data is never a duplicate: two numbers can mask alike.
    expect(same('我的手机138****5678收不到验证码', '我的手机138****5678收不到验证码')).toBe(false);
    // Wording differences still group.
    expect(same('3号楼5单元的楼道灯坏了', '3号楼5单元楼道灯坏了啊')).toBe(true);
  });

  it('does not group items of two citizens whose house numbers differ, and one reply answers one case', () => {
    fx = deskFixture();
    const a = fx.desk.openItem(unresolved('3号楼5单元的楼道灯坏了', 'telegram', '2001')).ticket;
    const b = fx.desk.openItem(unresolved('5号楼3单元的楼道灯坏了', 'telegram', '2002')).ticket;
    expect(fx.desk.getFullItem(b)!.groupTickets).toEqual([]);
    expect(fx.desk.replyPlan(a, '已安排物业维修。').alsoTo).toEqual([]);
    fx.desk.reply(a, '已安排物业维修。', '李娜');
    expect(fx.desk.getItem(b)).toMatchObject({ status: '待处理', reply: null });
    expect(fx.desk.dueDeliveries(['telegram']).map((d) => d.channelUserId)).toEqual(['2001']);
  });

  it('never groups a question that carries a personal number or a name', () => {
    fx = deskFixture();
    fx.desk.openItem(unresolved('我叫张三，低保怎么申请', 'telegram', '2101'));
    const b = fx.desk.openItem(unresolved('我叫张三，低保怎么申请', 'telegram', '2102')).ticket;
    fx.desk.openItem(unresolved('手机13812345678收不到社保验证码', 'web', 's1'));
    const d = fx.desk.openItem(unresolved('手机13812345678收不到社保验证码', 'web', 's2')).ticket;
    expect(fx.desk.getFullItem(b)!.groupTickets).toEqual([]);
    expect(fx.desk.getFullItem(d)!.groupTickets).toEqual([]);
  });

  it('answers only the confirmed members of a group, and nobody who joined after the preview', () => {
    fx = deskFixture();
    const a = fx.desk.openItem(unresolved('冠县低保标准是多少', 'telegram', '3001')).ticket;
    const b = fx.desk.openItem(unresolved('冠县的低保标准是多少', 'telegram', '3002')).ticket;
    const plan = fx.desk.replyPlan(a, '详见县民政局公告。');
    expect(plan.alsoTo.map((x) => x.ticket)).toEqual([b]);
    const late = fx.desk.openItem(unresolved('冠县低保标准是多少呀', 'telegram', '3003')).ticket;
    fx.desk.reply(a, '详见县民政局公告。', '李娜', { alsoTo: plan.alsoTo.map((x) => x.ticket) });
    expect(fx.desk.getItem(b)?.status).toBe('已答复');
    expect(fx.desk.getItem(late)?.status).toBe('待处理');
    // Without alsoTo (Telegram /reply, old callers) only the item itself is answered.
    const c = fx.desk.openItem(unresolved('冠县医保缴费标准是多少', 'telegram', '3004')).ticket;
    const c2 = fx.desk.openItem(unresolved('冠县的医保缴费标准是多少', 'telegram', '3005')).ticket;
    fx.desk.reply(c, '详见县医保局公告。', '李娜');
    expect(fx.desk.getItem(c2)?.status).toBe('待处理');
  });

  it('sends a reply with personal details (a name, a house number, a phone) to its own ticket only', () => {
    fx = deskFixture();
    const a = fx.desk.openItem(unresolved('冠县低保标准是多少', 'telegram', '4001')).ticket;
    const b = fx.desk.openItem(unresolved('冠县的低保标准是多少', 'telegram', '4002')).ticket;
    for (const text of ['王先生您好，已为您登记。', '已派人去3号楼5单元查看。', '请拨打13812345678联系经办人。']) {
      const plan = fx.desk.replyPlan(a, text);
      expect(plan.alsoTo).toEqual([]);
      expect(plan.heldBack.map((x) => x.ticket)).toEqual([b]);
      expect(plan.personal.length).toBeGreaterThan(0);
    }
    // Even when the caller lists the other ticket, a personal reply is not sent to it.
    fx.desk.reply(a, '王先生您好，已为您登记。', '李娜', { alsoTo: [b] });
    expect(fx.desk.getItem(a)?.status).toBe('已答复');
    expect(fx.desk.getItem(b)?.status).toBe('待处理');
  });

  it('recognises names and house numbers where the text says they are ones', () => {
    expect(personNames('我叫张三，低保怎么申请')).toEqual(['张三']);
    expect(personNames('我是张三的母亲')).toEqual(['张三']);
    expect(personNames('联系人：王芳')).toEqual(['王芳']);
    expect(personNames('王先生您好')).toEqual(['王']);
    expect(personNames('我是冠县人，我是低保户，申请政府信息公开多久能答复')).toEqual([]);
    expect(houseNumbers('3号楼5单元501室')).toEqual(['3号楼', '5单元', '501室']);
    expect(houseNumbers('冠县政务服务中心位于冠州大道109号')).toEqual([]);
  });
});
