import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { DeskError, draftFaq, promoteToFaq } from '../src/desk/index.ts';
import { tempDir, testConfig } from './fixtures/desk-setup.ts';

const root = path.resolve(import.meta.dirname, '..');
const tmp = tempDir();
let app: App;

beforeAll(async () => {
  const corpus = path.join(tmp, 'corpus');
  fs.cpSync(path.join(root, 'corpus'), corpus, { recursive: true });
  app = await createApp({ config: testConfig(tmp, { GUANBOT_CORPUS_DIR: corpus }), log: pino({ level: 'silent' }) });
});
afterAll(async () => {
  await app?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const QUESTION = '冠县图书馆周末几点开门？';
const REPLY = '冠县图书馆周六、周日开放时间为上午9:00至下午5:00，法定节假日另行通知。';

describe('promote to FAQ', () => {
  it('answers a question from the new FAQ entry once staff have replied and promoted it', async () => {
    const before = await app.ask(QUESTION, { channel: 'telegram', channelUserId: '8001' });
    expect(before.kind).toBe('unresolved');
    const ticket = before.ticket!;
    expect(ticket).toMatch(/^GX\d{8}-\d{4}$/);
    // A near-identical question from another citizen joins the group and becomes a variant.
    const again = await app.ask('请问冠县图书馆周末几点开门', { channel: 'web', channelUserId: 'sess-2' });
    expect(app.desk.getFullItem(again.ticket!)!.groupTickets).toEqual([ticket]);

    await expect(promoteToFaq(app, ticket, '李娜')).rejects.toThrow(/须先答复/);
    app.desk.reply(ticket, REPLY, '李娜');
    const result = await promoteToFaq(app, ticket, '李娜');

    expect(result.faqId).toBe(`faq-${ticket.toLowerCase()}`);
    expect(result.file).toBe(path.join(app.config.corpusDir, 'faq', `${result.faqId}.md`));
    const text = fs.readFileSync(result.file, 'utf8');
    const meta = YAML.parse(text.split('---')[1]!);
    expect(meta).toMatchObject({
      id: result.faqId,
      type: '问答',
      question: QUESTION,
      title: QUESTION,
      source: `冠县人民政府办公室答复（留言编号 ${ticket}）`,
      variants: ['请问冠县图书馆周末几点开门'],
    });
    expect(String(meta.published)).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(text.trimEnd().endsWith(REPLY)).toBe(true);
    expect(app.desk.getItem(ticket)?.status).toBe('已转为问答');

    const after = await app.ask(QUESTION, { channel: 'telegram', channelUserId: '8003' });
    expect(after.kind).toBe('faq');
    expect(after.resolved).toBe(true);
    expect(after.answer).toContain('上午9:00至下午5:00');
    expect(after.citations[0]!.docId).toBe(result.faqId);
  });

  it('refuses unknown tickets', async () => {
    await expect(promoteToFaq(app, 'GX20990101-0001', '李娜')).rejects.toBeInstanceOf(DeskError);
  });

  it('drafts a cleaned question: numbers removed, names and house numbers flagged, variants cleaned too', async () => {
    const first = await app.ask('我叫张三，身份证370102 19900101 1234丢了，3号楼的邻居说去冠县哪里补办临时身份证', { channel: 'telegram', channelUserId: '8101' });
    const ticket = first.ticket!;
    app.desk.reply(ticket, '临时身份证请到县公安局户政大厅办理。您的卡号6222021234567890123已登记。咨询电话0635-5237226。', '李娜');
    const draft = draftFaq(app.desk, app.config, ticket);
    expect(draft.question).toBe('我叫张三，身份证丢了，3号楼的邻居说去冠县哪里补办临时身份证');
    expect(draft.answer).toBe('临时身份证请到县公安局户政大厅办理。您的卡号已登记。咨询电话0635-5237226。');
    expect(draft.warnings.map((w) => [w.kind, w.field, w.text])).toEqual([
      ['removed', 'question', '370*** ******** **34'],
      ['name', 'question', '张三'],
      ['house', 'question', '3号楼'],
      ['removed', 'answer', '***************0123'],
      ['number', 'answer', '0635-*****26'],
    ]);
    expect(draft.warnings[1]!.message).toContain('可能有人名“张三”');

    // Staff's own wording is published (and cleaned the same way).
    const edited = draftFaq(app.desk, app.config, ticket, { question: '身份证丢了，在冠县哪里补办临时身份证？手机13812345678', answer: '请到县公安局户政大厅办理。', variants: ['临时身份证在哪办'] });
    expect(edited).toMatchObject({ question: '身份证丢了，在冠县哪里补办临时身份证？手机', answer: '请到县公安局户政大厅办理。', variants: ['临时身份证在哪办'] });

    const result = await promoteToFaq(app, ticket, '李娜', { question: '身份证丢了，在冠县哪里补办临时身份证？', answer: '请到县公安局户政大厅办理。' });
    const text = fs.readFileSync(result.file, 'utf8');
    expect(text).not.toMatch(/370102|19900101|张三|6222/);
    expect(YAML.parse(text.split('---')[1]!).question).toBe('身份证丢了，在冠县哪里补办临时身份证？');
    const after = await app.ask('身份证丢了，在冠县哪里补办临时身份证？', { channel: 'telegram', channelUserId: '8102' });
    expect(after.citations[0]!.docId).toBe(result.faqId);
    expect(JSON.stringify(after.citations)).not.toMatch(/370102|19900101/);
  });

  it('refuses a question that is nothing but personal data', () => {
    const { ticket } = app.desk.openItem({ kind: '转人工', channel: 'web', channelUserId: 'sess-9', question: '13812345678', candidates: [] });
    app.desk.reply(ticket, '已回电。', '李娜');
    expect(() => draftFaq(app.desk, app.config, ticket)).toThrow(/没有可以公开的问题/);
  });
});
