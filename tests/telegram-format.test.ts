/**
 * HTML escaping, splitting long answers under Telegram's 4096 limit at natural
 * boundaries, the linked source line, and who a group message is addressed to.
 */
import { describe, expect, it } from 'vitest';
import { Api, Context } from 'grammy';
import { loadConfig } from '../src/config.ts';
import type { AnswerResult, Citation } from '../src/answer/types.ts';
import { sourceLine as engineSourceLine } from '../src/answer/index.ts';
import { escapeHtml, layoutMessages, splitPlainText, TELEGRAM_TEXT_LIMIT } from '../src/channels/telegram/html.ts';
import { formatAnswer } from '../src/channels/telegram/answer-format.ts';
import { addressedQuestion } from '../src/channels/telegram/addressing.ts';
import { telegramTexts, type BotDeps } from '../src/channels/telegram/deps.ts';
import { BOT_USER, TOKEN } from './fixtures/fake-telegram-api.ts';

const config = loadConfig({ GUANBOT_LOG_LEVEL: 'silent' }, '/tmp');
const deps: Pick<BotDeps, 'config' | 't'> = { config, t: telegramTexts(config.promptsDir) };

const sentence = (i: number) => `第${i}条：政府信息公开申请应当在二十个工作日内予以答复，需要延长的应当告知申请人。`;

describe('escapeHtml', () => {
  it('escapes the characters HTML parse mode reserves', () => {
    expect(escapeHtml('a<b> & "c"')).toBe('a&lt;b&gt; &amp; &quot;c&quot;');
  });
});

describe('splitPlainText', () => {
  it('leaves a short text whole', () => {
    expect(splitPlainText('冠县政府信息公开。')).toEqual(['冠县政府信息公开。']);
  });

  it('cuts a long text at sentence ends, every piece within the limit, nothing lost', () => {
    const text = Array.from({ length: 200 }, (_, i) => sentence(i)).join('');
    const pieces = splitPlainText(text);
    expect(pieces.length).toBeGreaterThan(1);
    for (const p of pieces) {
      expect(p.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
      expect(p.endsWith('。')).toBe(true);
    }
    expect(pieces.join('')).toBe(text);
  });

  it('prefers paragraph breaks to sentence ends', () => {
    const para = Array.from({ length: 30 }, (_, i) => sentence(i)).join('');
    const text = [para, para, para].join('\n\n');
    const pieces = splitPlainText(text, 2000);
    expect(pieces.every((p) => p === para)).toBe(true);
  });

  it('counts escaped length, so text full of < and & still fits once escaped', () => {
    const text = '<&>'.repeat(3000);
    const pieces = splitPlainText(text);
    for (const p of pieces) expect(escapeHtml(p).length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(pieces.join('')).toBe(text);
  });

  it('never splits an emoji (surrogate pair) when it has to cut inside a run', () => {
    const text = '🍐'.repeat(3000);
    const pieces = splitPlainText(text);
    expect(pieces.length).toBe(2);
    for (const p of pieces) expect(p).toMatch(/^(🍐)+$/u);
    expect(pieces.join('')).toBe(text);
  });
});

describe('layoutMessages', () => {
  it('appends the footer to the last piece when it fits, else sends it alone', () => {
    expect(layoutMessages('回答', '<b>出处</b>')).toEqual(['回答\n\n<b>出处</b>']);
    const long = '很'.repeat(4090);
    expect(layoutMessages(long, '<b>出处</b>')).toEqual([long, '<b>出处</b>']);
  });
});

describe('formatAnswer', () => {
  const citation: Citation = {
    docId: 'report-2024', title: '冠县人民政府2024年政府信息公开工作年度报告', section: '一、总体情况', text: '……', score: 0.9,
    chunkId: 'c1', type: '年度报告', published: '2025-01', url: 'http://www.guanxian.gov.cn/',
  };
  const result = (answer: string, extra: Partial<AnswerResult> = {}): AnswerResult => ({
    question: '问', resolved: true, kind: 'answer', answer, persona: 'xiaoli', citations: [citation], ticket: null, turnId: 42,
    confidence: { score: 0.9, threshold: 0.5 }, timings: { totalMs: 1 }, ...extra,
  });

  it("turns the engine's plain source line into a link, escaping the rest", () => {
    const plain = engineSourceLine(citation, config.promptsDir);
    const { pieces, keyboard } = formatAnswer(deps, result(`冠小梨：「数量<多>」\n\n📄 出处：${plain}\n再见`));
    expect(pieces).toHaveLength(1);
    expect(pieces[0]).toContain('数量&lt;多&gt;');
    expect(pieces[0]).toContain('<a href="http://www.guanxian.gov.cn/">冠县人民政府2024年政府信息公开工作年度报告</a> › 一、总体情况');
    expect(pieces[0]).not.toContain(' http://www.guanxian.gov.cn/');
    const data = keyboard!.inline_keyboard.flat().map((b) => (b as { callback_data: string }).callback_data);
    expect(data).toEqual(['fb:y:42', 'fb:n:42', 'src:42', 'hu:42']);
  });

  it('keeps the basis (依据) of a restating document, escaped, with the title linked', () => {
    const reading: Citation = {
      ...citation, docId: 'jiedu-1', title: '《条例》解读<一>', type: '政策解读', source: '《中华人民共和国政府信息公开条例》', section: '',
    };
    const plain = engineSourceLine(reading, config.promptsDir);
    expect(plain).toContain('依据：《中华人民共和国政府信息公开条例》');
    const { pieces } = formatAnswer(deps, result(`冠小芝：「……」\n\n📄 出处：${plain}\n`, { citations: [reading] }));
    expect(pieces[0]).toContain(
      // The interpretation's own date is not the date of its facts: the basis is named instead.
      '📄 出处：<a href="http://www.guanxian.gov.cn/">《条例》解读&lt;一&gt;</a>；依据：《中华人民共和国政府信息公开条例》',
    );
    // The generated-answer footer words it the same way.
    const generated = formatAnswer(deps, result('按规定办理[1]。', { citations: [reading], generated: true }));
    expect(generated.pieces[0]).toContain('；依据：《中华人民共和国政府信息公开条例》');
  });

  it('a generated answer lists every citation numbered, so its [n] marks point at the right passage', () => {
    const second: Citation = { ...citation, chunkId: 'c2', section: '二、主动公开政府信息情况' };
    const faq: Citation = { ...citation, docId: 'faq-1', chunkId: 'c3', title: '常见问题', section: '', url: undefined, type: '问答' };
    const { pieces } = formatAnswer(deps, result('共受理130件[1]，主动公开[2]，可咨询[3]。', { citations: [citation, second, faq], generated: true }));
    const footer = pieces[0]!.slice(pieces[0]!.indexOf('📄 出处：'));
    expect(footer.split('\n')).toEqual([
      '📄 出处：',
      '[1] <a href="http://www.guanxian.gov.cn/">冠县人民政府2024年政府信息公开工作年度报告</a> › 一、总体情况（2025-01）',
      '[2] <a href="http://www.guanxian.gov.cn/">冠县人民政府2024年政府信息公开工作年度报告</a> › 二、主动公开政府信息情况（2025-01）',
      '[3] 常见问题（2025-01）',
    ]);
  });

  it('splits a very long answer and keeps the keyboard for the answer as a whole', () => {
    const long = Array.from({ length: 300 }, (_, i) => sentence(i)).join('');
    const { pieces, keyboard } = formatAnswer(deps, result(long));
    expect(pieces.length).toBeGreaterThan(2);
    for (const p of pieces) expect(p.length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(keyboard).toBeDefined();
  });

  it('unresolved and smalltalk replies get no keyboard and no source line', () => {
    const unresolved = formatAnswer(deps, result('已转给工作人员，留言编号：GX20261128-0001。', { resolved: false, kind: 'unresolved', citations: [] }));
    expect(unresolved.keyboard).toBeUndefined();
    expect(unresolved.pieces[0]).not.toContain('出处');
    expect(formatAnswer(deps, result('您好呀！', { kind: 'smalltalk', citations: [] })).keyboard).toBeUndefined();
  });

  it('tells the citizen when only the start of a long message was looked up', () => {
    const question = `申请政府信息公开多久能答复？${'麻烦了。'.repeat(150)}`;
    const { pieces } = formatAnswer(deps, result('二十个工作日内答复。', { question }));
    expect(pieces[0]).toMatch(new RegExp(`^（您的消息有 ${question.length} 字，超过 500 字，只按前 500 字查找了资料。）\n\n`));
    expect(formatAnswer(deps, result('二十个工作日内答复。', { question: '多久答复？' })).pieces[0]).not.toContain('超过');
  });
});

describe('addressedQuestion', () => {
  const api = new Api(TOKEN);
  const group = { id: -100_1, type: 'supergroup' as const, title: '群' };
  const from = { id: 9, is_bot: false, first_name: '群友' };
  const ctxFor = (message: Record<string, unknown>) =>
    new Context({ update_id: 1, message: { message_id: 5, date: 0, chat: group, from, ...message } } as never, api, BOT_USER);

  it('ignores group chatter, answers a mention anywhere in the text (UTF-16 offsets) and removes it', () => {
    expect(addressedQuestion(ctxFor({ text: '今天开会吗' }))).toBeUndefined();
    const text = `请问🍐 @${BOT_USER.username} 查询要收费吗`;
    const offset = text.indexOf('@');
    const ctx = ctxFor({ text, entities: [{ type: 'mention', offset, length: BOT_USER.username.length + 1 }] });
    expect(addressedQuestion(ctx)).toBe('请问🍐 查询要收费吗');
  });

  it("ignores a mention of someone else, answers a reply to the bot's message", () => {
    expect(addressedQuestion(ctxFor({ text: '@someone_else 你好', entities: [{ type: 'mention', offset: 0, length: 13 }] }))).toBeUndefined();
    const reply = ctxFor({ text: '那要多久？', reply_to_message: { message_id: 4, date: 0, chat: group, from: BOT_USER, text: '…' } });
    expect(addressedQuestion(reply)).toBe('那要多久？');
  });
});
