import { afterEach, describe, expect, it } from 'vitest';
import { DeskError } from '../src/desk/index.ts';
import { deskFixture, turn, unresolved, type DeskFixture } from './fixtures/desk-setup.ts';

let fx: DeskFixture;
afterEach(() => fx?.cleanup());

describe('turn ownership', () => {
  it('a turn belongs only to the channel user who asked it; anonymous callers own nothing', () => {
    fx = deskFixture();
    const mine = fx.desk.recordTurn(turn('政府信息公开申请可以网上提交吗', { channel: 'web', channelUserId: 'session-alice-1' }));
    const anonymous = fx.desk.recordTurn(turn('冠县有哪些公开渠道', { channel: 'web', channelUserId: undefined }));
    expect(fx.desk.ownsTurn(mine, 'web', 'session-alice-1')).toBe(true);
    expect(fx.desk.ownsTurn(mine, 'web', 'session-mallory')).toBe(false);
    // Same id on another channel is another person.
    expect(fx.desk.ownsTurn(mine, 'telegram', 'session-alice-1')).toBe(false);
    expect(fx.desk.ownsTurn(mine, 'web', undefined)).toBe(false);
    expect(fx.desk.ownsTurn(mine, 'web', '  ')).toBe(false);
    expect(fx.desk.ownsTurn(anonymous, 'web', undefined)).toBe(false);
    expect(fx.desk.ownsTurn(987654, 'web', 'session-alice-1')).toBe(false);
  });

  it("refuses 👎 on someone else's unresolved turn as not_found and never hands out its ticket", () => {
    fx = deskFixture();
    const { ticket } = fx.desk.openItem(unresolved('我的身份证号370123199001011234怎么补办', 'web', 'session-alice-1'));
    const id = fx.desk.recordTurn(
      turn('我的身份证号370123199001011234怎么补办', { channel: 'web', channelUserId: 'session-alice-1', resolved: false, kind: 'unresolved', ticket }),
    );
    let caught: unknown;
    try {
      fx.desk.feedback(id, false, { channel: 'web', channelUserId: 'session-mallory' });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(DeskError);
    expect((caught as DeskError).code).toBe('not_found');
    expect((caught as DeskError).message).not.toContain(ticket);
    // Without an id the caller is anonymous: also refused.
    expect(() => fx.desk.feedback(id, false, { channel: 'web' })).toThrow(DeskError);
    // The owner gets their ticket back.
    expect(fx.desk.feedback(id, false, { channel: 'web', channelUserId: 'session-alice-1' })).toEqual({ ticket });
  });

  it("refuses 👎 on someone else's answered turn without opening a 反馈 item", () => {
    fx = deskFixture();
    const id = fx.desk.recordTurn(turn('政府信息公开申请可以网上提交吗'));
    expect(() => fx.desk.feedback(id, false, { channel: 'telegram', channelUserId: '9999' })).toThrow(DeskError);
    expect(() => fx.desk.feedback(id, true, { channelUserId: '9999' })).toThrow(DeskError);
    expect(fx.desk.listItems({ kind: '反馈' })).toEqual([]);
    const { ticket } = fx.desk.feedback(id, false, { channel: 'telegram', channelUserId: '4242' });
    expect(fx.desk.getFullItem(ticket!)?.kind).toBe('反馈');
  });
});

describe('ticket ownership', () => {
  it('only the asker sees their ticket; others get the same answer as for an unknown ticket', () => {
    fx = deskFixture();
    const { ticket } = fx.desk.openItem(unresolved('冠县有没有人才公寓', 'telegram', '4242'));
    fx.desk.reply(ticket, '请咨询县住建局。', '王科长');
    expect(fx.desk.ownsTicket(ticket, 'telegram', '4242')).toBe(true);
    expect(fx.desk.ownsTicket(ticket.toLowerCase(), 'telegram', '4242')).toBe(true);
    expect(fx.desk.ownsTicket(ticket, 'telegram', '4243')).toBe(false);
    expect(fx.desk.ownsTicket(ticket, 'web', '4242')).toBe(false);
    expect(fx.desk.ownsTicket(ticket, 'telegram', undefined)).toBe(false);
    expect(fx.desk.ownsTicket('GX20991231-0001', 'telegram', '4242')).toBe(false);

    expect(fx.desk.citizenTicket(ticket, 'telegram', '4242')).toMatchObject({ ticket, status: '已答复', reply: '请咨询县住建局。' });
    expect(fx.desk.citizenTicket(ticket, 'telegram', '4243')).toBeUndefined();
    expect(fx.desk.citizenTicket('GX20991231-0001', 'telegram', '4242')).toBeUndefined();
  });

  it('anonymous items belong to nobody', () => {
    fx = deskFixture();
    const { ticket } = fx.desk.openItem(unresolved('冠县有没有人才公寓', 'web'));
    expect(fx.desk.ownsTicket(ticket, 'web', undefined)).toBe(false);
    expect(fx.desk.ownsTicket(ticket, 'web', 'anonymous')).toBe(false);
  });
});
