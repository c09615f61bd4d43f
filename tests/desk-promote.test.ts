import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { DeskError, promoteToFaq } from '../src/desk/index.ts';
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
    const ticket = before.messageId!;
    expect(ticket).toMatch(/^GX\d{8}-\d{4}$/);
    // A near-identical question from another citizen joins the group and becomes a variant.
    const again = await app.ask('请问冠县图书馆周末几点开门', { channel: 'web', channelUserId: 'sess-2' });
    expect(app.desk.getFullItem(again.messageId!)!.groupTickets).toEqual([ticket]);

    await expect(promoteToFaq(app, ticket, '李娜')).rejects.toThrow(/须先答复/);
    app.desk.reply(ticket, REPLY, '李娜');
    const result = await promoteToFaq(app, ticket, '李娜');

    expect(result.faqId).toBe(`faq-${ticket.toLowerCase()}`);
    expect(result.file).toBe(path.join(app.config.corpusDir, 'faq', `${result.faqId}.md`));
    const text = fs.readFileSync(result.file, 'utf8');
    const meta = YAML.parse(text.split('---')[1]);
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
    expect(after.citations[0].docId).toBe(result.faqId);
  });

  it('refuses unknown tickets', async () => {
    await expect(promoteToFaq(app, 'GX20990101-0001', '李娜')).rejects.toBeInstanceOf(DeskError);
  });
});
