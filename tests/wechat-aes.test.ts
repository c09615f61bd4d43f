/**
 * The WeChat channel with an EncodingAESKey (兼容模式): encrypted callbacks
 * are checked by msg_signature, decrypted, and answered encrypted and signed
 * (the stand-in opens the reply with the platform's own cipher); plain ones
 * are answered plainly. Also the 5-second rule: an answer later than the
 * deadline is acknowledged with `success` and sent once through the
 * customer-service API, however many retries arrive meanwhile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.ts';
import { ACCOUNT, textMessage } from './fixtures/fake-wechat-platform.ts';
import { startWechatHarness, type WechatHarness } from './fixtures/wechat-harness.ts';

const SLOW_QUESTION = '冠县2024年收到多少政府信息公开申请？';
// Long enough for a real answer on a busy machine; the slow question waits for `release()` anyway.
const DEADLINE_MS = 2000;

/** Holds the slow question's answer until `release()`: the platform's deadline passes while it is being written. */
function slowFor(question: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const wrap = (app: App): App => ({
    ...app,
    async ask(q, opts) {
      const result = await app.ask(q, opts);
      if (q === question) await released;
      return result;
    },
  });
  return { wrap, release: () => release() };
}

let h: WechatHarness;
const slow = slowFor(SLOW_QUESTION);

beforeAll(async () => {
  h = await startWechatHarness({ encrypted: true, wrapApp: slow.wrap, start: { answerDeadlineMs: DEADLINE_MS } });
});
afterAll(async () => {
  slow.release();
  await h?.close();
});

describe('wechat: encrypted mode', () => {
  it('answers an encrypted callback with an encrypted reply signed with the Token', async () => {
    const r = await h.platform.push(h.botUrl, textMessage('oGxAes000001', '申请政府信息公开收费吗？'), { encrypt: true });
    expect(r.status).toBe(200);
    expect(r.encrypted).toBe(true);
    expect(r.signatureOk).toBe(true);
    // Only the envelope travels in the clear.
    expect(r.raw).not.toContain('冠小梨');
    expect(r.raw).not.toContain('oGxAes000001');
    expect(r.reply).toMatchObject({ ToUserName: 'oGxAes000001', FromUserName: ACCOUNT.originalId, MsgType: 'text' });
    expect(r.reply!.Content).toMatch(/冠小梨[\s\S]*📄 出处：/);
  });

  it('answers a plain callback plainly (compatible mode)', async () => {
    const r = await h.platform.push(h.botUrl, textMessage('oGxAes000002', '申请政府信息公开收费吗？'));
    expect(r.encrypted).toBe(false);
    expect(r.reply!.Content).toMatch(/📄 出处：/);
  });

  it('refuses an encrypted callback whose msg_signature does not match, asking nothing', async () => {
    const turns = h.count('turns');
    const r = await h.platform.push(h.botUrl, textMessage('oGxAes000003', '申请政府信息公开收费吗？'), { encrypt: true, forgeMsgSignature: true });
    expect(r.status).toBe(403);
    expect(r.raw).toBe('');
    expect(h.count('turns')).toBe(turns);
  });
});

describe('wechat: the 5-second deadline', () => {
  it('acknowledges a late answer with success and sends it once through the customer-service API', async () => {
    const who = 'oGxSlow00001';
    const turns = h.count('turns');
    const message = textMessage(who, SLOW_QUESTION);
    const started = performance.now();
    const first = await h.platform.push(h.botUrl, message, { encrypt: true });
    expect(first).toMatchObject({ status: 200, raw: 'success' });
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(waited).toBeLessThan(DEADLINE_MS + 3000);
    // The platform's retries while the answer is still being written.
    for (let i = 0; i < 3; i++) expect((await h.platform.push(h.botUrl, message, { encrypt: true })).raw).toBe('success');
    expect(h.platform.sent.filter((m) => m.touser === who)).toHaveLength(0);

    slow.release();
    const sent = await h.platform.waitForSent(h.platform.sent.length + 1);
    expect(sent.touser).toBe(who);
    expect(sent.content).toMatch(/130件[\s\S]*📄 出处：/);
    // A retry after the answer went out is acknowledged, not answered again.
    expect((await h.platform.push(h.botUrl, message, { encrypt: true })).raw).toBe('success');
    await h.wechat.close();
    expect(h.platform.sent.filter((m) => m.touser === who)).toHaveLength(1);
    expect(h.count('turns')).toBe(turns + 1);
  });
});
