/**
 * The citizen JSON API against the real server on 127.0.0.1: ask (plain and
 * SSE), validation with Chinese errors, feedback, 转人工, ticket lookup,
 * security headers and the pages.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { answerJson } from '../src/answer/public-json.ts';
import { startWebFixture, postJson, type WebFixture } from './web-fixture.ts';

const IN_SCOPE = '申请政府信息公开要收费吗？';
const OUT_OF_SCOPE = '冠县哪里可以办理护照？我的电话13812345678';
const SESSION = 'web-test-session-01';
const OTHER_SESSION = 'web-test-session-02';

let fx: WebFixture;

beforeAll(async () => {
  fx = await startWebFixture();
});
afterAll(async () => {
  await fx?.close();
});

/** The citizen ticket lookup, bound to a browser session. */
function lookup(ticket: string, sessionId: string | undefined) {
  return postJson(`${fx.url}/api/tickets/lookup`, { ticket, sessionId });
}

/** Reads an SSE response into its events. */
async function readEvents(res: Response): Promise<{ event: string; data: any }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = block.match(/^event: (.+)$/m)?.[1] ?? 'message';
      const data = block.match(/^data: (.+)$/m)?.[1];
      return { event, data: data ? JSON.parse(data) : null };
    });
}

describe('POST /api/ask', () => {
  it('answers a corpus question with the same object `guanbot ask --json` prints', async () => {
    const { status, body } = await postJson(`${fx.url}/api/ask`, { question: IN_SCOPE, sessionId: SESSION });
    expect(status).toBe(200);
    expect(body.resolved).toBe(true);
    expect(body.ticket).toBeNull();
    expect(typeof body.turnId).toBe('number');
    expect(body.citations.length).toBeGreaterThan(0);
    expect(body.citations[0]).toMatchObject({ docId: expect.any(String), title: expect.any(String), text: expect.any(String), score: expect.any(Number) });
    // The answer quotes the cited passage (the corpus is the government's word).
    expect(body.answer).toContain(body.citations[0].text.slice(0, 12));
    const direct = answerJson(await fx.app.ask(IN_SCOPE, { channel: 'web', record: false }));
    expect(Object.keys(body).sort()).toEqual(Object.keys(JSON.parse(JSON.stringify(direct))).sort());
    expect(body.citations.map((c: { docId: string }) => c.docId)).toEqual(direct.citations.map((c) => c.docId));
  });

  it('speaks as the chosen character', async () => {
    const { body } = await postJson(`${fx.url}/api/ask`, { question: IN_SCOPE, persona: 'xiaozhi' });
    expect(body.persona).toBe('xiaozhi');
    const duo = await postJson(`${fx.url}/api/ask`, { question: IN_SCOPE, persona: 'duo' });
    expect(duo.body.answer).toMatch(/冠小梨：[\s\S]*冠小芝：|冠小芝：[\s\S]*冠小梨：/);
  });

  it('opens a ticket for an out-of-scope question and the lookup shows it with personal data masked', async () => {
    const { body } = await postJson(`${fx.url}/api/ask`, { question: OUT_OF_SCOPE, sessionId: SESSION });
    expect(body.resolved).toBe(false);
    expect(body.ticket).toMatch(/^GX\d{8}-\d{4,}$/);
    expect(body.answer).toContain(body.ticket);
    const res = await lookup(body.ticket.toLowerCase(), SESSION);
    expect(res.status).toBe(200);
    const ticket = res.body;
    expect(ticket).toMatchObject({ ticket: body.ticket, status: '待处理', reply: null, kind: '未解答' });
    expect(ticket.statusText).toMatch(/[\u4e00-\u9fff]/);
    expect(ticket.question).not.toContain('13812345678');
    expect(ticket.question).toContain('护照');
  });

  it('shows the staff reply on the ticket once staff answered', async () => {
    const { body } = await postJson(`${fx.url}/api/ask`, { question: '县里的公交车几点收班？', sessionId: SESSION });
    fx.app.desk.reply(body.ticket, '末班车时间请咨询县交通运输局。', 'tester');
    const { body: ticket } = await lookup(body.ticket, SESSION);
    expect(ticket.status).toBe('已答复');
    expect(ticket.reply).toBe('末班车时间请咨询县交通运输局。');
  });

  it.each([
    ['冠小梨', 'xiaoli'],
    ['冠小芝', 'xiaozhi'],
    ['两人', 'duo'],
    ['xiaozhi', 'xiaozhi'],
  ])('takes the persona name %s as the CLI does', async (name, id) => {
    const { status, body } = await postJson(`${fx.url}/api/ask`, { question: '你好', persona: name });
    expect(status).toBe(200);
    expect(body.persona).toBe(id);
  });

  it('gives each citation the source line the other channels print, dated by the document it rests on', async () => {
    const { body } = await postJson(`${fx.url}/api/ask`, { question: IN_SCOPE });
    const c = body.citations[0];
    // An FAQ restating the regulation and the 2024 report: the report's date, not the FAQ's.
    expect(c.sourceLine).toContain('依据：');
    expect(c.sourceDate).toBe('2025-01');
    expect(c.published).not.toBe('2025-01');
    expect(body.answer).toContain(c.sourceLine);
  });

  it.each([
    ['an empty question', { question: '   ' }, /不能为空/],
    ['a missing question', {}, /请输入/],
    ['a question that is not text', { question: 42 }, /请输入/],
    ['a question over 500 characters', { question: '问'.repeat(501) }, /500/],
    ['an unknown persona', { question: IN_SCOPE, persona: 'robot' }, /冠小梨/],
    ['a mistyped persona name', { question: IN_SCOPE, persona: '冠大梨' }, /冠小梨/],
    ['a malformed session id', { question: IN_SCOPE, sessionId: 'x' }, /会话/],
  ])('refuses %s with a Chinese 400', async (_name, payload, message) => {
    const { status, body } = await postJson(`${fx.url}/api/ask`, payload);
    expect(status).toBe(400);
    expect(body.error).toMatch(message);
  });

  it('accepts exactly 500 characters after trimming', async () => {
    const { status } = await postJson(`${fx.url}/api/ask`, { question: `  ${'问'.repeat(500)}  ` });
    expect(status).toBe(200);
  });

  it('answers broken JSON with a Chinese 400', async () => {
    const res = await fetch(`${fx.url}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/格式/);
  });
});

describe('POST /api/ask/stream', () => {
  it('sends only the final event when no model is configured, with the /api/ask object', async () => {
    const res = await fetch(`${fx.url}/api/ask/stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: IN_SCOPE }) });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = await readEvents(res);
    expect(events.map((e) => e.event)).toEqual(['final']);
    expect(events[0]!.data).toMatchObject({ question: IN_SCOPE, resolved: true, ticket: null });
    expect(events[0]!.data.citations.length).toBeGreaterThan(0);
  });

  it('validates before streaming', async () => {
    const { status, body } = await postJson(`${fx.url}/api/ask/stream`, { question: '' });
    expect(status).toBe(400);
    expect(body.error).toMatch(/不能为空/);
  });
});

describe('feedback, 转人工 and tickets', () => {
  it('turns 👎 on an answer into a 反馈 item, and 👍 into none', async () => {
    const asked = await postJson(`${fx.url}/api/ask`, { question: IN_SCOPE, sessionId: SESSION });
    const up = await postJson(`${fx.url}/api/feedback`, { turnId: asked.body.turnId, helpful: true, sessionId: SESSION });
    expect(up.status).toBe(200);
    expect(up.body.ticket).toBeNull();
    const down = await postJson(`${fx.url}/api/feedback`, { turnId: asked.body.turnId, helpful: false, sessionId: SESSION, note: '没看懂' });
    expect(down.body.ticket).toMatch(/^GX/);
    expect(fx.app.desk.getItem(down.body.ticket)?.kind).toBe('反馈');
  });

  it('refuses feedback on an unknown turn, with a wrong type, or without a session', async () => {
    const unknown = await postJson(`${fx.url}/api/feedback`, { turnId: 999999, helpful: false, sessionId: SESSION });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toMatch(/[\u4e00-\u9fff]/);
    const bad = await postJson(`${fx.url}/api/feedback`, { turnId: 'one', helpful: 'yes', sessionId: SESSION });
    expect(bad.status).toBe(400);
    const asked = await postJson(`${fx.url}/api/ask`, { question: IN_SCOPE, sessionId: SESSION });
    const anonymous = await postJson(`${fx.url}/api/feedback`, { turnId: asked.body.turnId, helpful: false });
    expect(anonymous.status).toBe(400);
    expect(anonymous.body.error).toMatch(/会话/);
  });

  it("answers 👎 on another session's unresolved turn with 404 and never reveals its ticket", async () => {
    const victim = await postJson(`${fx.url}/api/ask`, { question: OUT_OF_SCOPE, sessionId: SESSION });
    expect(victim.body.ticket).toMatch(/^GX/);
    const itemsBefore = fx.app.desk.listItems().length;
    const attack = await postJson(`${fx.url}/api/feedback`, { turnId: victim.body.turnId, helpful: false, sessionId: OTHER_SESSION });
    expect(attack.status).toBe(404);
    expect(JSON.stringify(attack.body)).not.toContain(victim.body.ticket);
    // Identical to an unknown turn: nothing tells the two apart.
    const unknown = await postJson(`${fx.url}/api/feedback`, { turnId: 999999, helpful: false, sessionId: OTHER_SESSION });
    expect(attack.body).toEqual(unknown.body);
    expect(fx.app.desk.listItems()).toHaveLength(itemsBefore);
    // The owner still gets their ticket.
    const own = await postJson(`${fx.url}/api/feedback`, { turnId: victim.body.turnId, helpful: false, sessionId: SESSION });
    expect(own.body.ticket).toBe(victim.body.ticket);
  });

  it("refuses 👎 on another session's answered turn without opening a 反馈 item", async () => {
    const victim = await postJson(`${fx.url}/api/ask`, { question: '政府信息公开申请可以通过哪些方式提交？', sessionId: SESSION });
    const before = fx.app.desk.listItems({ kind: '反馈' }).length;
    const attack = await postJson(`${fx.url}/api/feedback`, { turnId: victim.body.turnId, helpful: false, sessionId: OTHER_SESSION });
    expect(attack.status).toBe(404);
    expect(fx.app.desk.listItems({ kind: '反馈' })).toHaveLength(before);
  });

  it('maps only "turn not found" to 404: a failing desk is a 500', async () => {
    const asked = await postJson(`${fx.url}/api/ask`, { question: IN_SCOPE, sessionId: SESSION });
    const spy = vi.spyOn(fx.app.desk, 'feedback').mockImplementation(() => {
      throw new Error('SQLITE_BUSY: database is locked');
    });
    try {
      const r = await postJson(`${fx.url}/api/feedback`, { turnId: asked.body.turnId, helpful: false, sessionId: SESSION });
      expect(r.status).toBe(500);
      expect(r.body.error).not.toContain('SQLITE');
      expect(r.body.error).toMatch(/[\u4e00-\u9fff]/);
    } finally {
      spy.mockRestore();
    }
  });

  it('hands a turn over to staff (转人工) with the question of that turn', async () => {
    const asked = await postJson(`${fx.url}/api/ask`, { question: IN_SCOPE, sessionId: SESSION });
    const { status, body } = await postJson(`${fx.url}/api/handoff`, { turnId: asked.body.turnId, sessionId: SESSION });
    expect(status).toBe(200);
    expect(body.ticket).toMatch(/^GX\d{8}-\d{4,}$/);
    expect(body.message).toContain(body.ticket);
    const item = fx.app.desk.getFullItem(body.ticket, { unmasked: true });
    expect(item).toMatchObject({ kind: '转人工', channel: 'web', question: IN_SCOPE });
  });

  it("refuses to hand over another session's turn, so its question cannot be copied out", async () => {
    const victim = await postJson(`${fx.url}/api/ask`, { question: '我的电话13812345678，想问冠县廉租房怎么申请', sessionId: SESSION });
    const before = fx.app.desk.listItems().length;
    const attack = await postJson(`${fx.url}/api/handoff`, { turnId: victim.body.turnId, sessionId: OTHER_SESSION });
    expect(attack.status).toBe(404);
    expect(attack.body.ticket).toBeUndefined();
    // Naming the turn next to a typed question does not work either.
    const mixed = await postJson(`${fx.url}/api/handoff`, { turnId: victim.body.turnId, question: '随便问问', sessionId: OTHER_SESSION });
    expect(mixed.status).toBe(404);
    expect(fx.app.desk.listItems()).toHaveLength(before);
  });

  it('hands over a typed question, and refuses a hand-off with neither turn nor question', async () => {
    const typed = await postJson(`${fx.url}/api/handoff`, { question: '我想找人工咨询低保政策', sessionId: SESSION });
    expect(typed.body.ticket).toMatch(/^GX/);
    const none = await postJson(`${fx.url}/api/handoff`, { sessionId: SESSION });
    expect(none.status).toBe(400);
    expect(none.body.error).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers unknown and malformed tickets in Chinese', async () => {
    const unknown = await lookup('GX20000101-0001', SESSION);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toContain('GX20000101-0001');
    const malformed = await lookup('hello', SESSION);
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/格式/);
    // More digits than the sequence has are read whole, not cut to a shorter ticket.
    expect((await lookup('GX20000101-00011', SESSION)).body.error).toContain('GX20000101-00011');
  });

  it('shows a ticket only to the session that got it; any other session is told "not found"', async () => {
    const { body } = await postJson(`${fx.url}/api/ask`, { question: '冠县哪里可以考驾照？', sessionId: SESSION });
    fx.app.desk.reply(body.ticket, '请咨询县公安局交警大队车管所。', 'tester');
    const other = await lookup(body.ticket, OTHER_SESSION);
    expect(other.status).toBe(404);
    expect(JSON.stringify(other.body)).not.toMatch(/驾照|车管所|已答复/);
    // Exactly what an unknown ticket gets (with its own number in the sentence).
    const unknown = await lookup('GX20000101-0001', OTHER_SESSION);
    expect(other.body.error).toBe(unknown.body.error.replace('GX20000101-0001', body.ticket));
    expect((await lookup(body.ticket, undefined)).status).toBe(400);
    // The owner reads it, whatever the case or width they type it in.
    const fullWidth = body.ticket.replace(/[0-9A-Z]/g, (c: string) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const own = await lookup(` ${fullWidth.toLowerCase()} `, SESSION);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ ticket: body.ticket, status: '已答复', reply: '请咨询县公安局交警大队车管所。' });
  });

  it("builds the citizen's ticket view from the desk's own summary", async () => {
    const { body } = await postJson(`${fx.url}/api/ask`, { question: OUT_OF_SCOPE, sessionId: SESSION });
    const own = await lookup(body.ticket, SESSION);
    const { statusText, ...rest } = own.body;
    expect(rest).toEqual(fx.app.desk.citizenTicket(body.ticket, 'web', SESSION));
    expect(statusText).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('pages and headers', () => {
  it('serves the chat page with a strict CSP and no external resources', async () => {
    const res = await fetch(`${fx.url}/`);
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    const html = await res.text();
    expect(html).toContain('冠小梨');
    expect(html).not.toMatch(/\{\{|https?:\/\//);
    expect(html).not.toMatch(/<script(?![^>]*(src=|type="application\/json"))/);
  });

  it('serves the widget script filled with its text and the console with framing denied', async () => {
    const widget = await fetch(`${fx.url}/widget.js`);
    expect(widget.headers.get('content-type')).toMatch(/javascript/);
    const js = await widget.text();
    expect(js).toContain('政策问答');
    expect(js).not.toContain('{{');
    const admin = await fetch(`${fx.url}/admin`);
    expect(admin.status).toBe(200);
    expect(admin.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(admin.headers.get('x-frame-options')).toBe('DENY');
  });

  it('serves assets but never the raw templates', async () => {
    const svg = await fetch(`${fx.url}/assets/avatars/xiaozhi.svg`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toMatch(/image\/svg\+xml/);
    for (const raw of ['index.html', 'admin.html', 'widget.template.js']) {
      expect((await fetch(`${fx.url}/assets/${raw}`)).status).toBe(404);
    }
    const missing = await fetch(`${fx.url}/nope`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatch(/[\u4e00-\u9fff]/);
  });
});
