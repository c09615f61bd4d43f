/**
 * `app.ask`, the one path a citizen question takes: unresolved questions
 * become desk items with a GX ticket, answered ones do not, evaluation runs
 * (record:false) leave no trace. Real app on a temp corpus copy and data dir.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, type App } from '../src/app.ts';
import { docText, engineConfig, removeTempDirs, repoCorpusWorkspace, writeFile } from './fixtures/engine-workspace.ts';

const TICKET = /^GX\d{8}-\d{4}$/;

let app: App;
let corpusDir: string;

beforeAll(async () => {
  const ws = repoCorpusWorkspace();
  corpusDir = ws.corpusDir;
  app = await createApp({ config: engineConfig(ws) });
});
afterAll(async () => {
  await app?.close();
  removeTempDirs();
});

/** Today in the county's time zone, as the ticket writes it (YYYYMMDD). */
function ticketDay(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: app.config.timezone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
  return parts.replace(/-/g, '');
}

describe('app.ask', () => {
  it('an unresolved question opens a desk item whose ticket is in the reply', async () => {
    const r = await app.ask('冠县哪里可以办护照？', { channel: 'web', channelUserId: 'session-1' });
    expect(r.resolved).toBe(false);
    expect(r.kind).toBe('unresolved');
    expect(r.ticket).toMatch(TICKET);
    expect(r.ticket!.slice(2, 10)).toBe(ticketDay());
    expect(r.answer).toContain(r.ticket);
    expect(typeof r.turnId).toBe('number');
    const item = app.desk.getItem(r.ticket!);
    expect(item).toMatchObject({ ticket: r.ticket, question: '冠县哪里可以办护照？', channel: 'web' });
  });

  it('each unresolved question gets its own ticket', async () => {
    const a = await app.ask('冠县哪里可以办护照？', { channel: 'cli' });
    const b = await app.ask('冠县的公交车几点收班？', { channel: 'cli' });
    expect(a.ticket).toMatch(TICKET);
    expect(b.ticket).toMatch(TICKET);
    expect(a.ticket).not.toBe(b.ticket);
  });

  it('a resolved question has no ticket and opens no item', async () => {
    const before = app.desk.listItems({}).length;
    const r = await app.ask('申请政府信息公开多久能答复？', { channel: 'telegram', channelUserId: '42', persona: 'xiaozhi' });
    expect(r.resolved).toBe(true);
    expect(r.ticket).toBeNull();
    expect(r.persona).toBe('xiaozhi');
    expect(r.citations[0]!.text).toContain('20个工作日');
    expect(typeof r.turnId).toBe('number');
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(0);
    expect(app.desk.listItems({}).length).toBe(before);
  });

  it('smalltalk never opens an item', async () => {
    const before = app.desk.listItems({}).length;
    for (const q of ['你好', '谢谢', '🙂🙂', '']) {
      const r = await app.ask(q, { channel: 'web' });
      expect(r.kind).toBe('smalltalk');
      expect(r.ticket).toBeNull();
    }
    expect(app.desk.listItems({}).length).toBe(before);
  });

  it('record:false answers without a ticket, a turn or an item', async () => {
    const before = app.desk.listItems({}).length;
    const r = await app.ask('冠县哪里可以办护照？', { channel: 'cli', record: false });
    expect(r.resolved).toBe(false);
    expect(r.ticket).toBeNull();
    expect(r.turnId).toBeNull();
    expect(r.answer).not.toMatch(/GX\d{8}/);
    expect(r.answer.length).toBeGreaterThan(0);
    expect(app.desk.listItems({}).length).toBe(before);
  });

  it('reindex picks up a new question-bank entry without restarting', async () => {
    const question = '测试专用：冠县语料测试条目怎么查？';
    expect((await app.ask(question, { channel: 'cli', record: false })).resolved).toBe(false);
    writeFile(corpusDir, 'faq/faq-test-entry.md', docText({ id: 'faq-test-entry', title: question, type: '问答', question }, '这是只在测试中存在的条目。'));
    const summary = await app.reindex();
    expect(summary.embedded).toBe(1);
    const r = await app.ask(question, { channel: 'cli', record: false });
    expect(r.resolved).toBe(true);
    expect(r.citations[0]!.docId).toBe('faq-test-entry');
  });
});
