/**
 * The WeChat channel's parts on their own: fitting answers into the 2048-byte
 * text limit, splitting staff replies, the generated answer's sources, the
 * XML reader, and the access-token cache against the stand-in platform.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { byteLength, fitText, splitText, answerText, TEXT_LIMIT_BYTES } from '../src/channels/wechat/reply-text.ts';
import { BadXmlError, buildTextReply, parseInbound } from '../src/channels/wechat/xml.ts';
import { createAccessTokens } from '../src/channels/wechat/access-token.ts';
import { wechatTexts } from '../src/channels/wechat/texts.ts';
import { WechatApiError } from '../src/channels/wechat/api-error.ts';
import type { AnswerResult, Citation } from '../src/answer/types.ts';
import { loadConfig } from '../src/config.ts';
import { ACCOUNT, callbackXml, startFakeWechatPlatform, xmlFields, type FakeWechatPlatform } from './fixtures/fake-wechat-platform.ts';

const { promptsDir } = loadConfig({});
const t = wechatTexts(promptsDir);
const NOTE = '…（完整回答请看网页版：https://gx.example/）';

describe('wechat: fitting text into one message', () => {
  it('leaves a text that fits alone', () => {
    const text = '不收取费用。\n📄 出处：某文件';
    expect(fitText(text, { moreNote: NOTE })).toBe(text);
  });

  it('cuts at the last sentence end, adds the note and keeps the source line and what follows', () => {
    const body = '第一句话讲政策。第二句话讲条件！'.repeat(80);
    const text = `${body}\n📄 出处：《年度报告》一、总体情况\n希望对您有帮助！`;
    const fitted = fitText(text, { moreNote: NOTE, keep: ['《年度报告》一、总体情况'] });
    expect(byteLength(fitted)).toBeLessThanOrEqual(TEXT_LIMIT_BYTES);
    expect(byteLength(fitted)).toBeGreaterThan(TEXT_LIMIT_BYTES - 60);
    expect(fitted).toMatch(/[。！]\n\n…（完整回答请看网页版：https:\/\/gx\.example\/）\n\n📄 出处：《年度报告》一、总体情况\n希望对您有帮助！$/);
    expect(body.startsWith(fitted.split('\n\n')[0]!)).toBe(true);
  });

  it('cuts a text without sentence ends on a character boundary', () => {
    const fitted = fitText('梨'.repeat(1000), { moreNote: NOTE, limitBytes: 100 });
    expect(byteLength(fitted)).toBeLessThanOrEqual(100);
    expect(fitted).not.toContain('\uFFFD');
    expect(fitted.endsWith(NOTE)).toBe(true);
  });

  it('splits a long staff reply into messages within the limit, losing nothing', () => {
    const reply = '您好，您反映的问题已转县住建局办理。'.repeat(120);
    const pieces = splitText(reply);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) expect(byteLength(p)).toBeLessThanOrEqual(TEXT_LIMIT_BYTES);
    expect(pieces.join('')).toBe(reply);
    expect(pieces[0]!.endsWith('。')).toBe(true);
    expect(splitText('短答复')).toEqual(['短答复']);
  });

  it('lists numbered sources under a generated answer (its text names none)', () => {
    const c = (n: number): Citation => ({ docId: `d${n}`, title: `文件${n}`, section: `第${n}节`, text: '', score: 1, chunkId: `c${n}`, type: '问答', published: '2024-01-15' });
    const result = { answer: '可以口头申请[1]。', resolved: true, generated: true, citations: [c(1), c(2)] } as AnswerResult;
    const footer = '📄 出处：\n[1] 文件1 › 第1节（2024-01-15）\n[2] 文件2 › 第2节（2024-01-15）';
    const { text, keep } = answerText(result, t, promptsDir);
    expect(text).toBe(`可以口头申请[1]。\n\n${footer}`);
    expect(keep).toEqual([footer]);
    // Cut, it keeps the whole numbered list under the note.
    const long = answerText({ ...result, answer: '口头申请的，由行政机关代为填写申请。'.repeat(100) }, t, promptsDir);
    const fitted = fitText(long.text, { moreNote: NOTE, keep: long.keep });
    expect(byteLength(fitted)).toBeLessThanOrEqual(TEXT_LIMIT_BYTES);
    expect(fitted.endsWith(`。\n\n${NOTE}\n\n${footer}`)).toBe(true);
  });
});

describe('wechat: XML', () => {
  it('reads every field as text, keeping a 19-digit MsgId exact and CDATA untouched', () => {
    const m = parseInbound(callbackXml({ ToUserName: 'gh_1', FromUserName: 'o1', CreateTime: 1_732_780_000, MsgType: 'text', Content: 'a < b & "c"', MsgId: '24000000000000000123' }));
    expect(m).toMatchObject({ toUserName: 'gh_1', fromUserName: 'o1', createTime: '1732780000', msgType: 'text', content: 'a < b & "c"', msgId: '24000000000000000123' });
  });

  it('refuses a body that is not the platform\'s XML', () => {
    expect(() => parseInbound('')).toThrow(BadXmlError);
    expect(() => parseInbound('<xml><ToUserName>gh</xml>')).toThrow(BadXmlError);
    expect(() => parseInbound('<xml><ToUserName>gh</ToUserName></xml>')).toThrow(BadXmlError);
    expect(() => parseInbound('{"MsgType":"text"}')).toThrow(BadXmlError);
  });

  it('writes a passive reply whose content survives a CDATA terminator', () => {
    const xml = buildTextReply({ to: 'o1', from: 'gh_1', content: '见 ]]> 之后', now: new Date('2026-11-28T02:00:00Z') });
    expect(xml.startsWith('<xml><ToUserName><![CDATA[o1]]></ToUserName>')).toBe(true);
    expect(xml).toContain('<CreateTime>1795831200</CreateTime>');
    expect(parseInbound(xml.replace('<MsgType>', '<X>1</X><MsgType>')).content).toBe('见 ]]> 之后');
    expect(xmlFields(xml).MsgType).toBe('text');
  });
});

describe('wechat: access token', () => {
  let platform: FakeWechatPlatform;
  beforeAll(async () => {
    platform = await startFakeWechatPlatform();
  });
  afterAll(async () => {
    await platform.close();
  });

  it('fetches once for concurrent callers, caches until shortly before expiry, then fetches again (classic endpoint)', async () => {
    let clock = 1_000_000;
    const tokens = createAccessTokens({ apiRoot: platform.apiRoot, appId: ACCOUNT.appId, secret: ACCOUNT.secret, endpoint: 'classic', now: () => clock });
    const [a, b] = await Promise.all([tokens.get(), tokens.get()]);
    expect(a).toBe(b);
    expect(await tokens.get()).toBe(a);
    expect(platform.issued.filter((i) => i.endpoint === 'token')).toHaveLength(1);
    const call = platform.calls.find((c) => c.path === '/cgi-bin/token')!;
    expect(call.query).toMatchObject({ grant_type: 'client_credential', appid: ACCOUNT.appId, secret: ACCOUNT.secret });
    clock += 7200_000 - 4 * 60_000; // within five minutes of the stated expiry
    const c = await tokens.get();
    expect(c).not.toBe(a);
    expect(platform.issued.filter((i) => i.endpoint === 'token')).toHaveLength(2);
  });

  it('replaces a stale token once however many callers report it', async () => {
    const tokens = createAccessTokens({ apiRoot: platform.apiRoot, appId: ACCOUNT.appId, secret: ACCOUNT.secret });
    const stale = await tokens.get();
    const before = platform.issued.length;
    const [x, y] = await Promise.all([tokens.refresh(stale), tokens.refresh(stale)]);
    expect(x).toBe(y);
    expect(x).not.toBe(stale);
    expect(await tokens.refresh(stale)).toBe(x);
    expect(platform.issued.slice(before)).toEqual([{ endpoint: 'stable_token', token: x, forceRefresh: true }]);
  });

  it('reports a wrong AppSecret as the platform\'s error', async () => {
    const tokens = createAccessTokens({ apiRoot: platform.apiRoot, appId: ACCOUNT.appId, secret: 'wrong' });
    await expect(tokens.get()).rejects.toMatchObject(new WechatApiError(40125, 'invalid appsecret'));
  });
});
