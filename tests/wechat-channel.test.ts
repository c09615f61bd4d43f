/**
 * The WeChat Official Account channel end to end, plain (明文) mode: the real
 * web server on 127.0.0.1 with /wechat mounted, the real app on a copy of the
 * built-in corpus, and the stand-in platform signing callbacks and serving the
 * token and customer-service APIs. Desk effects are read from the SQLite file.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskMessages, renderItemDetail } from '../src/desk/index.ts';
import { TEXT_LIMIT_BYTES, WINDOW_MS } from '../src/channels/wechat/index.ts';
import { ACCOUNT, eventMessage, imageMessage, textMessage, voiceMessage } from './fixtures/fake-wechat-platform.ts';
import { startWechatHarness, type WechatHarness } from './fixtures/wechat-harness.ts';

const TICKET = /GX\d{8}-\d{4}/;
let h: WechatHarness;
let follower = 0;
const openid = () => `oGx${String(++follower).padStart(6, '0')}citizen`;

beforeAll(async () => {
  h = await startWechatHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('wechat: URL verification', () => {
  it('echoes echostr for a request signed with the Token', async () => {
    const r = await h.platform.verifyUrl(h.botUrl, { echostr: '5837397520531446418' });
    expect(r).toEqual({ status: 200, body: '5837397520531446418' });
  });

  it('refuses a forged signature with a 4xx and nothing else', async () => {
    const r = await h.platform.verifyUrl(h.botUrl, { forge: true, echostr: '5837397520531446418' });
    expect(r.status).toBe(403);
    expect(r.body).toBe('');
    const unsigned = await fetch(`${h.botUrl}?echostr=1`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.text()).toBe('');
  });
});

describe('wechat: followers', () => {
  it('answers a signed text message passively, in 冠小梨\'s voice, with its source', async () => {
    const who = openid();
    const turns = h.count('turns');
    const r = await h.platform.push(h.botUrl, textMessage(who, '申请政府信息公开收费吗？'));
    expect(r.status).toBe(200);
    expect(r.encrypted).toBe(false);
    expect(r.reply).toMatchObject({ ToUserName: who, FromUserName: ACCOUNT.originalId, MsgType: 'text' });
    expect(Number(r.reply!.CreateTime)).toBeGreaterThan(1_700_000_000);
    expect(r.reply!.Content).toContain('冠小梨');
    expect(r.reply!.Content).toMatch(/📄 出处：.*申请政府信息公开收费吗/);
    expect(r.reply!.Content).not.toMatch(/<\/?[a-z]+[^>]*>/i);
    expect(Buffer.byteLength(r.reply!.Content!, 'utf8')).toBeLessThanOrEqual(TEXT_LIMIT_BYTES);
    expect(h.count('turns')).toBe(turns + 1);
  });

  it('reads a follow-up with the same follower\'s previous question, never another follower\'s', async () => {
    // The same pairs the other channels' follow-up tests use: the second message says too little on its own.
    const a = openid();
    const b = openid();
    await h.platform.push(h.botUrl, textMessage(a, '政府网站去年发布了多少条信息？'));
    await h.platform.push(h.botUrl, textMessage(b, '申请公开信息要交钱吗？'));
    const fromB = await h.platform.push(h.botUrl, textMessage(b, '那什么情况下会收？'));
    const fromA = await h.platform.push(h.botUrl, textMessage(a, '微信公众号呢？'));
    expect(fromA.reply!.Content).toContain('2562');
    expect(fromB.reply!.Content).toContain('明显超过合理范围');
    // A follower with no earlier question has nothing to lean on.
    const fresh = await h.platform.push(h.botUrl, textMessage(openid(), '微信公众号呢？'));
    expect(fresh.reply!.Content).not.toContain('2562');
  });

  it('refuses a callback with a forged signature: 4xx, no answer, nothing logged', async () => {
    const turns = h.count('turns');
    const r = await h.platform.push(h.botUrl, textMessage(openid(), '申请政府信息公开收费吗？'), { forge: true });
    expect(r.status).toBe(403);
    expect(r.raw).toBe('');
    const garbled = await fetch(`${h.botUrl}?signature=0&timestamp=1&nonce=2`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<xml>' });
    expect(garbled.status).toBe(403);
    expect(h.count('turns')).toBe(turns);
  });

  it('refuses a correctly signed body that is not the platform\'s XML with a 400', async () => {
    const r = await h.platform.push(h.botUrl, { ToUserName: ACCOUNT.originalId, CreateTime: 1 });
    expect(r.status).toBe(400);
    expect(r.raw).toBe('');
  });

  it('gives an out-of-scope question a ticket; the platform\'s retries open no second item and log no second turn', async () => {
    const who = openid();
    const items = h.count('items');
    const turns = h.count('turns');
    const message = textMessage(who, '冠县明天的天气怎么样？会下雨吗');
    const first = await h.platform.push(h.botUrl, message);
    const ticket = first.reply!.Content!.match(TICKET)?.[0];
    expect(ticket).toBeDefined();
    // The platform retries the same MsgId up to three times when it thinks the answer was lost.
    const retries = [];
    for (let i = 0; i < 3; i++) retries.push(await h.platform.push(h.botUrl, message));
    for (const r of retries) {
      expect(r.status).toBe(200);
      expect(r.reply?.Content).toBe(first.reply!.Content);
    }
    expect(h.count('items')).toBe(items + 1);
    expect(h.count('turns')).toBe(turns + 1);
    const item = h.app.desk.getFullItem(ticket!)!;
    expect(item).toMatchObject({ channel: 'wechat', kind: '未解答', question: '冠县明天的天气怎么样？会下雨吗' });
    expect(item.handle).toMatch(/^WX-[0-9a-f]{8}$/);
  });

  it('welcomes a new follower from 冠小梨 and 冠小芝; a repeated subscribe event is not welcomed twice', async () => {
    const turns = h.count('turns');
    const event = eventMessage(openid(), 'subscribe');
    const r = await h.platform.push(h.botUrl, event);
    expect(r.reply!.Content).toContain('冠小梨');
    expect(r.reply!.Content).toContain('冠小芝');
    expect(r.reply!.Content).toContain('冠县在线');
    const again = await h.platform.push(h.botUrl, event);
    expect(again.reply!.Content).toBe(r.reply!.Content);
    // A welcome is no question: nothing is logged.
    expect(h.count('turns')).toBe(turns);
  });

  it('answers a voice message from its Recognition text, and asks again when nothing was recognised', async () => {
    const who = openid();
    const turns = h.count('turns');
    const r = await h.platform.push(h.botUrl, voiceMessage(who, '申请政府信息公开多久能答复？'));
    expect(r.reply!.Content).toMatch(/出处/);
    expect(r.reply!.Content).toMatch(/工作日/);
    expect(h.count('turns')).toBe(turns + 1);
    const empty = await h.platform.push(h.botUrl, voiceMessage(who, ''));
    expect(empty.reply!.Content).toContain('没有听清楚');
    expect(h.count('turns')).toBe(turns + 1);
  });

  it('gives a picture or sticker a friendly text-only note', async () => {
    const r = await h.platform.push(h.botUrl, imageMessage(openid()));
    expect(r.reply!.Content).toContain('只能看懂文字和语音');
    const location = await h.platform.push(h.botUrl, { ...imageMessage(openid()), MsgType: 'location', Location_X: 36.48, Location_Y: 115.44 });
    expect(location.reply!.Content).toContain('只能看懂文字和语音');
  });

  it('answers a menu CLICK with its common question; an unknown key or other events get `success`', async () => {
    const who = openid();
    const r = await h.platform.push(h.botUrl, eventMessage(who, 'CLICK', 'GX_FEES'));
    expect(r.reply!.Content).toMatch(/出处：.*收费/);
    const unknown = await h.platform.push(h.botUrl, eventMessage(who, 'CLICK', 'NOT_A_KEY'));
    expect(unknown).toMatchObject({ status: 200, raw: 'success' });
    const view = await h.platform.push(h.botUrl, eventMessage(who, 'VIEW', 'https://www.guanxian.gov.cn/'));
    expect(view.raw).toBe('success');
  });

  it('limits a follower to six questions in ten seconds: a notice once, then silence; retries do not count', async () => {
    const who = openid();
    const replies: string[] = [];
    for (let i = 0; i < 8; i++) {
      const message = textMessage(who, `你好${i}`);
      const r = await h.platform.push(h.botUrl, message);
      if (i === 0) await h.platform.push(h.botUrl, message); // a retry of the first
      replies.push(r.reply?.Content ?? r.raw);
    }
    expect(replies.slice(0, 6).every((r) => r.includes('冠小梨'))).toBe(true);
    expect(replies[6]).toContain('您发得有点快啦');
    expect(replies[7]).toBe('success');
    // Someone else is not affected.
    expect((await h.platform.push(h.botUrl, textMessage(openid(), '你好'))).reply!.Content).toContain('冠小梨');
  });

  it('cuts a long answer at a sentence within 2048 bytes, keeps its source line and links to the web chat', async () => {
    const padding = '冠县政府信息公开工作坚持以公开为常态、不公开为例外。'.repeat(60);
    let lastLine = '';
    // The engine's answers are short; a long one is made by padding a real answer before its source line.
    h.useAsk(async (q, o) => {
      const result = await h.app.ask(q, o);
      const at = result.answer.indexOf('📄');
      lastLine = result.answer.split('\n').at(-1)!;
      return { ...result, answer: `${result.answer.slice(0, at)}${padding}\n${result.answer.slice(at)}` };
    });
    try {
      const r = await h.platform.push(h.botUrl, textMessage(openid(), '申请政府信息公开收费吗？'));
      const content = r.reply!.Content!;
      expect(Buffer.byteLength(content, 'utf8')).toBeLessThanOrEqual(TEXT_LIMIT_BYTES);
      expect(content).toMatch(/例外。\n\n…（回答较长，以上为节选。完整回答请打开网页版查看：https:\/\/127\.0\.0\.1:\d+\/）\n\n📄 出处：申请政府信息公开收费吗？；依据：/);
      expect(lastLine).not.toBe('');
      expect(content.endsWith(`\n${lastLine}`)).toBe(true);
    } finally {
      h.useAsk();
    }
  });
});

describe('wechat: staff replies through the customer-service API', () => {
  async function openTicket(who: string, question: string): Promise<string> {
    const r = await h.platform.push(h.botUrl, textMessage(who, question));
    return r.reply!.Content!.match(TICKET)![0];
  }

  it('delivers staff replies with one access token, fetched once and cached', async () => {
    const a = openid();
    const b = openid();
    const ticketA = await openTicket(a, '冠县哪里可以考驾照');
    const ticketB = await openTicket(b, '冠县哪里可以办居住证');
    const sentBefore = h.platform.sent.length;
    h.app.desk.reply(ticketA, '驾驶证考试请咨询县公安局交警大队车管所。', '王芳');
    h.app.desk.reply(ticketB, '居住证请到户籍所在派出所办理。', '王芳');
    expect(await h.jobs.deliverNow()).toBe(2);
    const first = await h.platform.waitForSent(sentBefore + 1);
    const second = await h.platform.waitForSent(sentBefore + 2);
    expect(first).toMatchObject({ touser: a });
    expect(first.content).toContain(ticketA);
    expect(first.content).toContain('驾驶证考试请咨询县公安局交警大队车管所。');
    expect(second).toMatchObject({ touser: b });
    expect(h.platform.issued).toHaveLength(1);
    expect(h.platform.issued[0]).toMatchObject({ endpoint: 'stable_token', forceRefresh: false });
    expect(second.token).toBe(h.platform.issued[0]!.token);
    expect(h.app.desk.getFullItem(ticketA)!.delivery.state).toBe('delivered');
  });

  it('fetches a new token once after the platform calls it stale (40001) and still delivers', async () => {
    const who = openid();
    const ticket = await openTicket(who, '冠县哪里可以办残疾证');
    h.platform.invalidateTokens();
    const issued = h.platform.issued.length;
    const sentBefore = h.platform.sent.length;
    h.app.desk.reply(ticket, '残疾证请到县残联办理。', '王芳');
    await h.jobs.deliverNow();
    const sent = await h.platform.waitForSent(sentBefore + 1);
    expect(sent.touser).toBe(who);
    expect(h.platform.issued).toHaveLength(issued + 1);
    expect(h.platform.issued.at(-1)).toMatchObject({ forceRefresh: true, token: sent.token });
    const sends = h.platform.calls.filter((c) => c.path === '/cgi-bin/message/custom/send' && c.body.touser === who);
    expect(sends).toHaveLength(2);
    expect(h.app.desk.getFullItem(ticket)!.delivery.state).toBe('delivered');
  });

  it('shows staff a platform refusal with what to fix, and retries', async () => {
    const ticket = await openTicket(openid(), '冠县游泳馆几点开门');
    h.platform.refuseSends(40164, 'invalid ip 203.0.113.9, not in whitelist');
    h.app.desk.reply(ticket, '游泳馆开放时间以场馆公告为准。', '王芳');
    await h.jobs.deliverNow();
    const item = h.app.desk.getFullItem(ticket)!;
    expect(item.delivery).toMatchObject({ state: 'pending', attempts: 1 });
    expect(item.delivery.lastError).toContain('40164');
    expect(item.delivery.lastError).toContain('IP 白名单');
  });

  it('counts the window from the follower\'s last message, not from the question', async () => {
    const who = openid();
    const ticket = await openTicket(who, '冠县图书馆周末开门吗');
    const sentBefore = h.platform.sent.length;
    h.advance(47 * 3600_000);
    try {
      await h.platform.push(h.botUrl, eventMessage(who, 'CLICK', 'GX_WHO'));
      h.advance(2 * 3600_000);
      h.app.desk.reply(ticket, '图书馆周末正常开放。', '王芳');
      await h.jobs.deliverNow();
    } finally {
      h.advance(-49 * 3600_000);
    }
    expect((await h.platform.waitForSent(sentBefore + 1)).touser).toBe(who);
    expect(h.app.desk.getFullItem(ticket)!.delivery.state).toBe('delivered');
  });

  it('does not send a reply after the 48-hour window and shows staff that it expired', async () => {
    const who = openid();
    const ticket = await openTicket(who, '冠县体育馆怎么预约');
    const sends = h.platform.calls.filter((c) => c.path === '/cgi-bin/message/custom/send').length;
    h.advance(WINDOW_MS + 3600_000);
    try {
      h.app.desk.reply(ticket, '体育馆预约请关注场馆公众号。', '王芳');
      await h.jobs.deliverNow();
    } finally {
      h.advance(-(WINDOW_MS + 3600_000));
    }
    expect(h.platform.calls.filter((c) => c.path === '/cgi-bin/message/custom/send')).toHaveLength(sends);
    const item = h.app.desk.getFullItem(ticket)!;
    expect(item.delivery).toMatchObject({ state: 'failed', attempts: 1 });
    expect(item.delivery.lastError).toContain('48 小时');
    // No retry is scheduled: the window cannot reopen by itself.
    expect(h.app.desk.dueDeliveries(['wechat'])).toHaveLength(0);
    const detail = renderItemDetail({ t: deskMessages(h.config), timeZone: h.config.timezone }, item);
    expect(detail).toMatch(/送达情况\s+送达失败（已尝试 1 次，不再重试）：未发送：已超过微信 48 小时回复时限/);
    expect(detail).toMatch(/渠道\s+微信/);

    // The follower can still read the reply by sending the ticket number; nobody else can.
    const own = await h.platform.push(h.botUrl, textMessage(who, ` ${ticket.toLowerCase()} `));
    expect(own.reply!.Content).toContain(ticket);
    expect(own.reply!.Content).toContain('体育馆预约请关注场馆公众号。');
    const stranger = await h.platform.push(h.botUrl, textMessage(openid(), ticket));
    expect(stranger.reply!.Content).toBe(`没有找到留言编号 ${ticket}，请核对后再发一次。只能查询在本公众号提交的留言。`);
  });
});
