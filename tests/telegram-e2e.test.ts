/**
 * End to end: the real grammY client (long polling through @grammyjs/runner)
 * against the stand-in Bot API, the real app on a temp corpus copy, and the
 * desk's delivery loop. Scripted conversations, checked call by call.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_USER, citizen, type FakeChat, type FakeUser, type RecordedCall } from './fixtures/fake-telegram-api.ts';
import { startHarness, type Harness } from './fixtures/telegram-harness.ts';

const run = promisify(execFile);
const STAFF: FakeUser = { id: 555_001, is_bot: false, first_name: '工作人员' };
const STAFF_CHAT: FakeChat = { id: STAFF.id, type: 'private' };
const TICKET = /GX\d{8}-\d{4}/;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({
    env: { GUANBOT_STAFF_TELEGRAM_IDS: String(STAFF.id), GUANBOT_TELEGRAM_RATE_LIMIT: '50' },
    // A poll every second: a burst of new items lands in one or two notifications, never one each.
    start: { staffPollMs: 1000 },
  });
});
afterAll(async () => {
  await h?.close();
});

/** Sends a question and waits for the n-th message to that chat (the answer). */
async function ask(who: { user: FakeUser; chat: FakeChat }, text: string, nth?: number): Promise<RecordedCall> {
  const before = h.api.callsOf('sendMessage', who.chat.id).length;
  h.api.sendText(who.chat, who.user, text);
  return h.api.waitForMessageTo(who.chat.id, nth ?? before + 1);
}

/** The message the stand-in returned for a sendMessage call (what a citizen's client shows, buttons included). */
const shown = (call: RecordedCall) => call.payload.__result as Record<string, any>;
const buttons = (call: RecordedCall): { text: string; callback_data: string }[] => (call.payload.reply_markup?.inline_keyboard ?? []).flat();

describe('telegram: citizens', () => {
  it('registers Chinese command menus, with /reply only for staff', async () => {
    const menus = h.api.callsOf('setMyCommands');
    const everyone = menus.find((c) => !c.payload.scope)!;
    expect(everyone.payload.commands.map((c: any) => c.command)).toEqual(['start', 'help', 'persona', 'ticket']);
    expect(everyone.payload.commands.every((c: any) => /[\u4e00-\u9fff]/.test(c.description))).toBe(true);
    const staffMenu = menus.find((c) => c.payload.scope?.chat_id === STAFF.id)!;
    expect(staffMenu.payload.commands.map((c: any) => c.command)).toContain('reply');
    expect(h.api.callsOf('deleteWebhook')).toHaveLength(1);
    const poll = await h.api.waitFor((c) => c.method === 'getUpdates');
    expect(poll.payload.allowed_updates).toEqual(['message', 'edited_message', 'callback_query']);
  });

  it('/start introduces both characters', async () => {
    const c = citizen();
    const reply = await ask(c, '/start');
    expect(reply.payload.text).toContain('冠小梨');
    expect(reply.payload.text).toContain('冠小芝');
    expect(reply.payload.parse_mode).toBe('HTML');
  });

  it('answers a question with a cited HTML answer, "typing" while working, and the feedback keyboard', async () => {
    const c = citizen();
    const reply = await ask(c, '申请政府信息公开多久能答复？');
    expect(h.api.callsOf('sendChatAction', c.chat.id)[0]!.payload.action).toBe('typing');
    const text: string = reply.payload.text;
    expect(reply.payload.parse_mode).toBe('HTML');
    expect(text).toContain('20个工作日');
    expect(text).toContain('📄 出处：');
    const kb = buttons(reply);
    expect(kb.map((b) => b.text)).toEqual(['👍 有帮助', '👎 没解决', '📄 原文', '🙋 转人工']);
    for (const b of kb) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
  });

  it('links the source line when the cited document has a url', async () => {
    const c = citizen();
    const question = '2024年冠县行政事业性收费情况';
    // The question is chosen so that the answer quotes the annual report, the one corpus document with a url.
    const { kind, citations } = await h.app.engine.answer(question);
    expect({ kind, docId: citations[0]?.docId, url: citations[0]?.url }).toEqual({ kind: 'answer', docId: 'report-2024', url: 'http://www.guanxian.gov.cn/' });
    const text: string = (await ask(c, question)).payload.text;
    expect(text).toMatch(/<a href="http:\/\/www\.guanxian\.gov\.cn\/">[^<]+<\/a>/);
    // The url is a link, never bare text, and only Telegram's own tags appear.
    expect(text.replace(/<a href="[^"]+">/g, '')).not.toContain('guanxian.gov.cn');
    expect(text).not.toMatch(/<(?!\/?(a|b|code)\b)[^>]*>/);
  });

  it('an out-of-scope question gets the honest reply with a ticket that `messages list --json` shows', async () => {
    const c = citizen();
    const reply = await ask(c, '冠县明天的天气怎么样？会下雨吗');
    const ticket = reply.payload.text.match(TICKET)?.[0];
    expect(ticket).toBeDefined();
    expect(buttons(reply)).toHaveLength(0);
    const { stdout } = await run(process.execPath, ['bin/guanbot.mjs', 'messages', 'list', '--json'], { env: h.cliEnv, cwd: process.cwd() });
    const listed = JSON.parse(stdout) as { ticket: string; channel: string; question: string }[];
    const item = listed.find((i) => i.ticket === ticket);
    expect(item?.channel).toBe('telegram');
    expect(item?.question).toContain('天气');

    const status = await ask(c, `/ticket ${ticket!.toLowerCase()}`);
    expect(status.payload.text).toContain(ticket);
    expect(status.payload.text).toContain('待处理');
  });

  it('/ticket shows the desk\'s citizen view to the chat that asked, and "not found" to any other chat', async () => {
    const owner = citizen('甲');
    const ticket = (await ask(owner, '冠县哪里可以考驾照')).payload.text.match(TICKET)![0];
    const own = await ask(owner, `/ticket ${ticket}`);
    expect(own.payload.text).toContain(`留言编号：${ticket}`);
    expect(own.payload.text).toContain('办理状态：待处理');
    expect(own.payload.text).toContain('留言内容：冠县哪里可以考驾照');

    const stranger = citizen('乙');
    const probe = await ask(stranger, `/ticket ${ticket}`);
    expect(probe.payload.text).toContain('没有找到');
    expect(probe.payload.text).not.toContain('驾照');
    expect(probe.payload.text).not.toContain('待处理');
    const unknown = await ask(stranger, '/ticket GX20000101-0001');
    expect(unknown.payload.text.replace(/GX\d{8}-\d+/, '')).toBe(probe.payload.text.replace(/GX\d{8}-\d+/, ''));

    // Staff may look any ticket up, in their private chat with the bot (which also receives notifications).
    h.api.sendText(STAFF_CHAT, STAFF, `/ticket ${ticket}`);
    await h.api.waitFor(
      (x) => x.method === 'sendMessage' && String(x.payload.chat_id) === String(STAFF.id) && String(x.payload.text).startsWith(`留言编号：${ticket}`),
    );
  });

  it('/ticket reads the number by the desk\'s rule: one more digit is another ticket, full-width is fine', async () => {
    const c = citizen();
    const ticket: string = (await ask(c, '冠县哪里可以办居住证')).payload.text.match(TICKET)![0];
    const longer = await ask(c, `/ticket ${ticket}1`);
    expect(longer.payload.text).toContain(`${ticket}1`);
    expect(longer.payload.text).toContain('没有找到');
    const fullWidth = ticket.replace(/[0-9A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)).toLowerCase();
    const found = await ask(c, `/ticket ${fullWidth}`);
    expect(found.payload.text).toContain(`留言编号：${ticket}`);
  });

  it('👎 makes a 反馈 item with a ticket (once), 👍 is thanked, callbacks are always answered', async () => {
    const c = citizen();
    const reply = await ask(c, '申请政府信息公开收费吗？');
    const [up, down] = buttons(reply);
    const cqUp = h.api.press(c.chat, c.user, shown(reply), up!.callback_data);
    await h.api.waitFor((x) => x.method === 'answerCallbackQuery' && x.payload.callback_query_id === cqUp);

    h.api.press(c.chat, c.user, shown(reply), down!.callback_data);
    const itemMsg = await h.api.waitForMessageTo(c.chat.id, 2);
    const ticket = itemMsg.payload.text.match(TICKET)![0];
    const item = h.app.desk.getFullItem(ticket)!;
    expect(item.kind).toBe('反馈');
    expect(item.turnId).toBe(Number(down!.callback_data.split(':').pop()));

    const again = h.api.press(c.chat, c.user, shown(reply), down!.callback_data);
    const toast = await h.api.waitFor((x) => x.method === 'answerCallbackQuery' && x.payload.callback_query_id === again);
    expect(toast.payload.text).toContain(ticket);
    expect(h.app.desk.listItems({ kind: '反馈' }).filter((i) => i.ticket === ticket)).toHaveLength(1);

    // Forged or stale callback data is still answered, and changes nothing.
    const forged = h.api.press(c.chat, c.user, shown(reply), 'fb:n:999999');
    const forgedAnswer = await h.api.waitFor((x) => x.method === 'answerCallbackQuery' && x.payload.callback_query_id === forged);
    expect(forgedAnswer.payload.text).toContain('失效');
    const unknown = h.api.press(c.chat, c.user, shown(reply), 'something-else');
    await h.api.waitFor((x) => x.method === 'answerCallbackQuery' && x.payload.callback_query_id === unknown);
  });

  it('📄 原文 sends the full cited passage; 🙋 转人工 opens a 转人工 item', async () => {
    const c = citizen();
    const reply = await ask(c, '2024年冠县收到多少政府信息公开申请？');
    const original = buttons(reply).find((b) => b.text.includes('原文'))!;
    h.api.press(c.chat, c.user, shown(reply), original.callback_data);
    const passage = await h.api.waitForMessageTo(c.chat.id, 2);
    expect(passage.payload.text).toContain('130件');
    expect(passage.payload.text.length).toBeGreaterThan(60);

    const human = buttons(reply).find((b) => b.text.includes('转人工'))!;
    h.api.press(c.chat, c.user, shown(reply), human.callback_data);
    const opened = await h.api.waitForMessageTo(c.chat.id, 3);
    const ticket = opened.payload.text.match(TICKET)![0];
    expect(h.app.desk.getFullItem(ticket)!.kind).toBe('转人工');
  });

  it('a sticker, a photo or a location gets the "text only" reply', async () => {
    const c = citizen();
    h.api.sendOther(c.chat, c.user, { sticker: { file_id: 's1', file_unique_id: 'u1', type: 'regular', width: 512, height: 512, is_animated: false, is_video: false } });
    const r1 = await h.api.waitForMessageTo(c.chat.id, 1);
    expect(r1.payload.text).toMatch(/文字/);
    h.api.sendOther(c.chat, c.user, { location: { latitude: 36.48, longitude: 115.44 } });
    const r2 = await h.api.waitForMessageTo(c.chat.id, 2);
    expect(r2.payload.text).toMatch(/文字/);
  });

  it('an edited message is answered again', async () => {
    const c = citizen();
    h.api.sendText(c.chat, c.user, '冠县明天天气');
    const first = await h.api.waitForMessageTo(c.chat.id, 1);
    expect(first.payload.text).toMatch(TICKET);
    const original = h.api.calls.length; // the edit must produce a new answer
    h.api.editText({ message_id: 1, date: 0, chat: c.chat, from: c.user, text: '冠县明天天气' }, '申请政府信息公开多久能答复？');
    const second = await h.api.waitForMessageTo(c.chat.id, 2);
    expect(h.api.calls.length).toBeGreaterThan(original);
    expect(second.payload.text).toContain('20个工作日');
  });

  it('/persona stores the choice per chat and later answers use it', async () => {
    const c = citizen();
    const menu = await ask(c, '/persona');
    const zhi = buttons(menu).find((b) => b.callback_data === 'persona:xiaozhi')!;
    expect(buttons(menu).map((b) => b.callback_data)).toEqual(['persona:xiaoli', 'persona:xiaozhi', 'persona:duo']);
    h.api.press(c.chat, c.user, shown(menu), zhi.callback_data);
    const chosen = await h.api.waitForMessageTo(c.chat.id, 2);
    expect(chosen.payload.text).toContain('冠小芝');
    const answer = await ask(c, '冠县明天天气怎么样');
    expect(answer.payload.text).toContain('冠小芝');
  });

  it('in groups answers only when mentioned or replied to; channel posts are ignored', async () => {
    const group: FakeChat = { id: -100_123, type: 'supergroup', title: '冠县居民群' };
    const user: FakeUser = { id: 300_001, is_bot: false, first_name: '群友' };
    h.api.sendText(group, user, '申请政府信息公开多久能答复？');
    const mentioned = h.api.sendText(group, user, `@${BOT_USER.username} 申请政府信息公开收费吗？`);
    const reply = await h.api.waitForMessageTo(group.id, 1);
    expect(reply.payload.reply_parameters?.message_id).toBe(mentioned.message_id);
    expect(reply.payload.text).not.toContain('20个工作日');

    const botMessage = shown(reply);
    h.api.sendText(group, user, '申请政府信息公开多久能答复？', { reply_to_message: botMessage });
    const second = await h.api.waitForMessageTo(group.id, 2);
    expect(second.payload.text).toContain('20个工作日');

    const channel: FakeChat = { id: -100_777, type: 'channel', title: '冠县发布' };
    h.api.sendText(channel, user, `@${BOT_USER.username} 你好`);
    h.api.sendText(group, user, '大家好'); // not for the bot
    // Updates of one chat are handled in order: once this one is answered, the ones before it were handled.
    h.api.sendText(group, user, `@${BOT_USER.username} 你好`);
    await h.api.waitForMessageTo(group.id, 3);
    expect(h.api.callsOf('sendMessage', channel.id)).toHaveLength(0);
    expect(h.api.callsOf('sendMessage', group.id)).toHaveLength(3);
  });
});

describe('telegram: staff', () => {
  it('new items reach staff batched; /reply reaches the citizen through the delivery loop', async () => {
    const people = [citizen('甲'), citizen('乙'), citizen('丙')];
    const before = h.api.callsOf('sendMessage', STAFF.id).length;
    const questions = ['冠县哪里可以办理护照', '冠县今年的中考分数线是多少', '冠县公交车几点收班'];
    people.forEach((p, i) => {
      h.api.sendText(p.chat, p.user, questions[i]!);
    });
    const replies = await Promise.all(people.map((p) => h.api.waitForMessageTo(p.chat.id, 1)));
    const tickets = replies.map((r) => r.payload.text.match(TICKET)![0]);

    await h.api.waitFor(() => {
      const notes = h.api.callsOf('sendMessage', STAFF.id).slice(before).map((c) => c.payload.text).join('\n');
      return tickets.every((t) => notes.includes(t));
    }, 10_000, 'staff notifications naming all three tickets');
    const notes = h.api.callsOf('sendMessage', STAFF.id).slice(before);
    expect(notes.length).toBeLessThan(tickets.length); // batched, not one per question
    expect(notes[0]!.payload.text).toContain('新留言');

    // Reply by command.
    h.api.sendText(STAFF_CHAT, STAFF, `/reply ${tickets[0]} 护照请到冠县公安局出入境接待大厅办理。`);
    const delivered = await h.api.waitForMessageTo(people[0]!.chat.id, 2);
    expect(delivered.payload.text).toContain(tickets[0]);
    expect(delivered.payload.text).toContain('出入境接待大厅');
    await h.api.waitFor((c) => c.method === 'sendMessage' && String(c.payload.chat_id) === String(STAFF.id) && c.payload.text.includes('已答复'));
    const item = h.app.desk.getFullItem(tickets[0])!;
    expect(item.status).toBe('已答复');
    await expect.poll(() => h.app.desk.getFullItem(tickets[0])!.delivery.state).toBe('delivered');
  });

  it('staff may answer by replying to a notification that names exactly one ticket', async () => {
    const c = citizen();
    const before = h.api.callsOf('sendMessage', STAFF.id).length;
    const reply = await ask(c, '冠县图书馆周末开门吗');
    const ticket = reply.payload.text.match(TICKET)![0];
    const note = await h.api.waitFor(
      (x) => x.method === 'sendMessage' && String(x.payload.chat_id) === String(STAFF.id) && x.payload.text.includes(ticket),
      10_000,
    );
    expect(h.api.callsOf('sendMessage', STAFF.id).length).toBeGreaterThan(before);
    h.api.sendText(STAFF_CHAT, STAFF, '周末正常开放，时间以图书馆公告为准。', { reply_to_message: shown(note) });
    const delivered = await h.api.waitForMessageTo(c.chat.id, 2);
    expect(delivered.payload.text).toContain('周末正常开放');
    expect(h.app.desk.getItem(ticket)!.status).toBe('已答复');

    const status = await ask(c, `/ticket ${ticket}`);
    expect(status.payload.text).toContain('已答复');
    expect(status.payload.text).toContain('周末正常开放');
  });

  it('a reply made outside Telegram (the desk directly, as the CLI does) is delivered too', async () => {
    const c = citizen();
    const reply = await ask(c, '冠县体育馆怎么预约');
    const ticket = reply.payload.text.match(TICKET)![0];
    h.app.desk.reply(ticket, '请拨打体育馆服务电话预约。', 'cli:张三');
    const delivered = await h.api.waitForMessageTo(c.chat.id, 2);
    expect(delivered.payload.text).toContain('请拨打体育馆服务电话预约');
  });

  it('/reply to a ticket with one digit too many answers nothing (it is another ticket)', async () => {
    const c = citizen();
    const ticket = (await ask(c, '冠县哪里可以办残疾证')).payload.text.match(TICKET)![0];
    // The staff chat also receives notifications: wait for the answer to the command itself.
    h.api.sendText(STAFF_CHAT, STAFF, `/reply ${ticket}9 请到县残联办理。`);
    await h.api.waitFor((x) => x.method === 'sendMessage' && String(x.payload.text).includes(`没有找到留言编号 <code>${ticket}9</code>`));
    expect(h.app.desk.getItem(ticket)!.status).toBe('待处理');
  });

  it('non-staff get a polite refusal for /reply and nothing changes', async () => {
    const c = citizen();
    const reply = await ask(c, '冠县游泳馆几点开门');
    const ticket = reply.payload.text.match(TICKET)![0];
    const refusal = await ask(c, `/reply ${ticket} 我自己答复`);
    expect(refusal.payload.text).toContain('仅供工作人员');
    expect(h.app.desk.getItem(ticket)!.status).toBe('待处理');
  });
});
