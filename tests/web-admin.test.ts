/**
 * The staff console API against the real server: accounts, login with
 * throttling, session cookie and CSRF, the desk flow up to FAQ promotion, the
 * corpus (upload .md/.txt/.docx, edit, preview, delete, reindex), hit testing,
 * the weekly report and export, and the audit log.
 */
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRST_DELAY_MS, FREE_FAILURES } from '../src/channels/web/staff/index.ts';
import { postJson, StaffClient, startWebFixture, type WebFixture } from './web-fixture.ts';

const PASSWORD = 'correct-horse-battery';
let fx: WebFixture;
let staff: StaffClient;

beforeAll(async () => {
  fx = await startWebFixture();
  await fx.staff.accounts.add('wangfang', PASSWORD);
  await fx.staff.accounts.add('lisi', 'another-password-2');
  staff = new StaffClient(fx.url);
  expect((await staff.login('wangfang', PASSWORD)).status).toBe(200);
});
afterAll(async () => {
  await fx?.close();
});

/** A console rebuild runs in a worker thread, which loads the engine afresh: allow it up to a minute. */
async function waitForReindex(client: StaffClient) {
  for (let i = 0; i < 1200; i += 1) {
    const r = await client.call('GET', 'corpus/reindex');
    if (r.body.state !== 'running' && !r.body.queued) return r.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('reindex did not finish');
}

/** A minimal .docx (WordprocessingML in a zip) with a heading and a paragraph. */
async function makeDocx(heading: string, paragraph: string): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>');
  zip.file('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>');
  zip.file('word/document.xml', `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>${heading}</w:t></w:r></w:p><w:p><w:r><w:t>${paragraph}</w:t></w:r></w:p></w:body></w:document>`);
  return zip.generateAsync({ type: 'nodebuffer' });
}

describe('accounts, login and sessions', () => {
  it('stores only an argon2id hash of the password', () => {
    const row = (fx.staff as any).accounts.db.prepare('SELECT password_hash FROM staff_accounts WHERE name = ?').get('wangfang');
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(PASSWORD);
  });

  it('sets an HttpOnly, SameSite=Strict session cookie', async () => {
    const lines = await new StaffClient(fx.url).loginRaw('wangfang', PASSWORD);
    const session = lines.find((l) => l.startsWith('guanbot_staff='));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Strict/i);
  });

  it('refuses console calls without a session, and writes without the CSRF token', async () => {
    const anonymous = new StaffClient(fx.url);
    const list = await anonymous.call('GET', 'items');
    expect(list.status).toBe(401);
    expect(list.body.error).toMatch(/登录/);
    const noToken = await staff.call('POST', 'corpus/reindex', {}, { csrf: false });
    expect(noToken.status).toBe(403);
    expect(noToken.body.error).toMatch(/刷新/);
    const loginNoToken = await anonymous.call('POST', 'login', { name: 'wangfang', password: PASSWORD }, { csrf: false });
    expect(loginNoToken.status).toBe(403);
  });

  it('slows down an address after 5 wrong passwords with its own message, without locking the account', async () => {
    const client = new StaffClient(fx.url);
    for (let i = 0; i < FREE_FAILURES; i += 1) {
      const r = await client.login('lisi', 'wrong-password');
      expect(r.status).toBe(401);
      expect(r.body.error).toBe('用户名或密码不正确。');
    }
    const sixth = await client.login('lisi', 'another-password-2');
    expect(sixth.status).toBe(429);
    expect(sixth.body.error).toMatch(/^登录失败的次数较多，为保护账号安全，请 1 秒后再试。$/);
    fx.advance(FIRST_DELAY_MS + 1000);
    const after = await client.login('lisi', 'another-password-2');
    expect(after.status).toBe(200);
    expect(await client.session()).toBe('lisi');
    const actions = fx.staff.audit.list({ actor: 'lisi' }).map((e) => e.action);
    expect(actions.filter((a) => a === 'login.failed')).toHaveLength(FREE_FAILURES);
    expect(actions).toContain('login.throttled');
    expect(actions[0]).toBe('login');
  });

  it('answers an unknown name exactly like a wrong password', async () => {
    const r = await new StaffClient(fx.url).login('nobody', 'whatever-password');
    expect(r.status).toBe(401);
    expect(r.body.error).toBe('用户名或密码不正确。');
  });

  it('ends the sessions of a disabled account, and logout ends a session', async () => {
    await fx.staff.accounts.add('temp-staff', 'temporary-pass-1');
    const client = new StaffClient(fx.url);
    await client.login('temp-staff', 'temporary-pass-1');
    expect((await client.call('GET', 'items')).status).toBe(200);
    fx.staff.accounts.disable('temp-staff');
    expect((await client.call('GET', 'items')).status).toBe(401);
    const other = new StaffClient(fx.url);
    await other.login('wangfang', PASSWORD);
    expect((await other.call('POST', 'logout', {})).status).toBe(200);
    expect((await other.call('GET', 'items')).status).toBe(401);
  });
});

describe('the desk', () => {
  const QUESTION = '冠县图书馆周末几点开门？联系电话13912345678';
  let ticket: string;

  beforeAll(async () => {
    ticket = (await postJson(`${fx.url}/api/ask`, { question: QUESTION, sessionId: 'desk-session-01' })).body.ticket;
  });

  it('lists items masked, with status and kind filters and search', async () => {
    const r = await staff.call('GET', `items?status=${encodeURIComponent('待处理')}&search=${encodeURIComponent('图书馆')}`);
    const item = r.body.items.find((i: { ticket: string }) => i.ticket === ticket);
    expect(item).toBeDefined();
    expect(item.question).not.toContain('13912345678');
    const closed = await staff.call('GET', `items?status=${encodeURIComponent('已关闭')}&search=${encodeURIComponent('图书馆')}`);
    expect(closed.body.items.find((i: { ticket: string }) => i.ticket === ticket)).toBeUndefined();
    const feedbackOnly = await staff.call('GET', `items?kind=${encodeURIComponent('反馈')}`);
    expect(feedbackOnly.body.items.every((i: { kind: string }) => i.kind === '反馈')).toBe(true);
  });

  it('opens one item unmasked and audits that it was viewed', async () => {
    const r = await staff.call('GET', `items/${ticket}`);
    expect(r.body.item.question).toBe(QUESTION);
    expect(fx.staff.audit.list({ actor: 'wangfang' }).some((e) => e.action === 'item.view' && e.target === ticket)).toBe(true);
    expect((await staff.call('GET', 'items/GX20000101-0001')).status).toBe(404);
  });

  it("reads tickets with the desk's rules: lower case and full width open the same item", async () => {
    const lower = await staff.call('GET', `items/${ticket.toLowerCase()}`);
    expect(lower.status).toBe(200);
    expect(lower.body.item.ticket).toBe(ticket);
    const wide = ticket.replace(/[0-9A-Z-]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    expect((await staff.call('GET', `items/${encodeURIComponent(wide)}`)).body.item?.ticket).toBe(ticket);
    expect((await staff.call('GET', 'items/GX2000-01')).status).toBe(400);
  });

  it('assigns only to existing staff', async () => {
    const bad = await staff.call('POST', `items/${ticket}/assign`, { assignee: 'ghost' });
    expect(bad.status).toBe(400);
    const good = await staff.call('POST', `items/${ticket}/assign`, { assignee: 'lisi' });
    expect(good.body.item.assignee).toBe('lisi');
  });

  it('refuses to promote before a reply, then replies, promotes, and the bot answers from the new FAQ', async () => {
    const early = await staff.call('POST', `items/${ticket}/promote/preview`, {});
    expect(early.status).toBe(409);
    expect(early.body.error).toMatch(/[\u4e00-\u9fff]/);
    const empty = await staff.call('POST', `items/${ticket}/reply`, { text: '  ' });
    expect(empty.status).toBe(400);
    const reply = await staff.call('POST', `items/${ticket}/reply`, { text: '冠县图书馆周六、周日9:00至17:00开放。' });
    expect(reply.status).toBe(200);
    expect(reply.body.item.status).toBe('已答复');
    // Publishing needs what the staff member reviewed: the preview, cleaned of the citizen's phone number.
    const unreviewed = await staff.call('POST', `items/${ticket}/promote`, {});
    expect(unreviewed.status).toBe(400);
    expect(unreviewed.body.error).toContain('请先预览');
    const preview = await staff.call('POST', `items/${ticket}/promote/preview`, {});
    expect(preview.status).toBe(200);
    expect(preview.body.draft.question).toBe('冠县图书馆周末几点开门？联系电话');
    expect(preview.body.draft.answer).toBe('冠县图书馆周六、周日9:00至17:00开放。');
    expect(preview.body.draft.warnings[0].message).toContain('已删除');
    expect(JSON.stringify(preview.body)).not.toContain('13912345678');
    // The staff member edits the question in the preview and confirms.
    const edited = await staff.call('POST', `items/${ticket}/promote/preview`, { question: '冠县图书馆周末几点开门？' });
    expect(edited.body.draft.question).toBe('冠县图书馆周末几点开门？');
    expect(fx.app.desk.getItem(ticket)?.status).toBe('已答复');
    const promoted = await staff.call('POST', `items/${ticket}/promote`, { question: edited.body.draft.question, answer: edited.body.draft.answer });
    expect(promoted.status).toBe(200);
    expect(promoted.body.item.status).toBe('已转为问答');
    expect(promoted.body.draft.question).toBe('冠县图书馆周末几点开门？');
    const again = await postJson(`${fx.url}/api/ask`, { question: '冠县图书馆周末几点开门？' });
    expect(again.body.resolved).toBe(true);
    expect(again.body.citations[0].docId).toBe(promoted.body.faqId);
    expect(again.body.answer).toContain('9:00至17:00');
    const actions = fx.staff.audit.list({ actor: 'wangfang' }).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['item.assign', 'item.reply', 'item.promote']));
  });

  it('shows who else a reply reaches before sending, and sends only to the confirmed tickets', async () => {
    const q = '冠县城乡居民医保每年什么时候缴费？';
    const a = (await postJson(`${fx.url}/api/ask`, { question: q, sessionId: 'reply-session-a' })).body.ticket;
    const b = (await postJson(`${fx.url}/api/ask`, { question: '请问冠县城乡居民医保每年什么时候缴费', sessionId: 'reply-session-b' })).body.ticket;
    const c = (await postJson(`${fx.url}/api/ask`, { question: '冠县城乡居民医保每年什么时候缴费呀', sessionId: 'reply-session-c' })).body.ticket;
    expect(new Set([a, b, c]).size).toBe(3);
    const plan = await staff.call('POST', `items/${a}/reply/preview`, { text: '每年9月至12月集中缴费。' });
    expect(plan.status).toBe(200);
    expect(plan.body.plan.alsoTo.map((x: { ticket: string }) => x.ticket)).toEqual([b, c]);
    expect(fx.app.desk.getItem(b)?.status).toBe('待处理');

    // A personal reply goes to its own ticket only, and the preview says why.
    const personal = await staff.call('POST', `items/${a}/reply/preview`, { text: '王先生您好，已给您回电。' });
    expect(personal.body.plan.alsoTo).toEqual([]);
    expect(personal.body.plan.heldBack.map((x: { ticket: string }) => x.ticket)).toEqual([b, c]);
    expect(personal.body.personal).toContain('姓名“王”');

    // The staff member unticks c: b receives the reply, c does not.
    const sent = await staff.call('POST', `items/${a}/reply`, { text: '每年9月至12月集中缴费。', alsoTo: [b] });
    expect(sent.status).toBe(200);
    expect(fx.app.desk.getItem(b)?.status).toBe('已答复');
    expect(fx.app.desk.getItem(c)?.status).toBe('待处理');
    // Without alsoTo, a reply answers its own ticket only.
    const d = (await postJson(`${fx.url}/api/ask`, { question: '冠县城乡居民医保每年什么时候缴费？？', sessionId: 'reply-session-d' })).body.ticket;
    await staff.call('POST', `items/${c}/reply`, { text: '每年9月至12月集中缴费。' });
    expect(fx.app.desk.getItem(d)?.status).toBe('待处理');
  });

  it('closes in bulk and reports what could not be closed', async () => {
    const a = (await postJson(`${fx.url}/api/ask`, { question: '冠县有没有共享单车？' })).body.ticket;
    const b = (await postJson(`${fx.url}/api/ask`, { question: '冠县游泳馆在哪里？' })).body.ticket;
    const r = await staff.call('POST', 'items/bulk', { action: 'close', tickets: [a, b, ticket], reason: '非政务公开事项' });
    expect(r.body.done).toEqual([a, b]);
    expect(r.body.failed.map((f: { ticket: string }) => f.ticket)).toEqual([ticket]);
    expect(fx.app.desk.getItem(a)?.status).toBe('已关闭');
    const again = await staff.call('POST', `items/${a}/close`, { reason: '' });
    expect(again.status).toBe(409);
  });
});

describe('the corpus', () => {
  it('lists documents and the corpus check problems', async () => {
    const r = await staff.call('GET', 'corpus');
    expect(r.body.docs.length).toBeGreaterThan(5);
    expect(r.body.types).toContain('问答');
    expect(Array.isArray(r.body.problems)).toBe(true);
  });

  it('uploads Markdown, text and Word files, and rejects broken or foreign ones', async () => {
    const md = new FormData();
    md.append('file', new Blob(['---\nid: test-md-upload\ntitle: 测试上传文档\ntype: 政策解读\nsource: 测试来源\npublished: 2024-05-01\n---\n\n# 测试上传文档\n\n冠县测试段落内容。']), 'test-md-upload.md');
    const mdRes = await staff.call('POST', 'corpus/upload', undefined, { form: md });
    expect(mdRes.status).toBe(200);
    expect(mdRes.body.meta.id).toBe('test-md-upload');

    const txt = new FormData();
    for (const [k, v] of Object.entries({ type: '政策解读', title: '文本上传测试', source: '冠县测试文件', published: '2024-06-01', tags: '测试，上传' })) txt.append(k, v);
    txt.append('file', new Blob(['第一段说明文字。\n\n第二段说明文字。']), 'text-upload.txt');
    const txtRes = await staff.call('POST', 'corpus/upload', undefined, { form: txt });
    expect(txtRes.status).toBe(200);
    expect(txtRes.body.meta).toMatchObject({ title: '文本上传测试', tags: ['测试', '上传'] });

    const docx = new FormData();
    for (const [k, v] of Object.entries({ type: '政策解读', source: '冠县测试文件', published: '2024-07-01' })) docx.append(k, v);
    docx.append('file', new Blob([new Uint8Array(await makeDocx('惠民政策说明', '本说明适用于冠县测试场景。'))]), 'huimin-policy.docx');
    const docxRes = await staff.call('POST', 'corpus/upload', undefined, { form: docx });
    expect(docxRes.status).toBe(200);
    expect(docxRes.body.meta.title).toBe('惠民政策说明');
    const saved = await staff.call('GET', `corpus/docs/${docxRes.body.meta.id}`);
    expect(saved.body.body).toContain('# 惠民政策说明');
    expect(saved.body.body).toContain('本说明适用于冠县测试场景。');

    const broken = new FormData();
    broken.append('file', new Blob(['---\nid: Bad Id\ntitle: 坏文档\ntype: 小说\n---\n\n正文']), 'broken.md');
    const brokenRes = await staff.call('POST', 'corpus/upload', undefined, { form: broken });
    expect(brokenRes.status).toBe(400);
    expect(brokenRes.body.problems.length).toBeGreaterThan(0);
    expect(brokenRes.body.problems[0]).toMatchObject({ file: 'broken.md', line: expect.any(Number) });

    const pdf = new FormData();
    pdf.append('file', new Blob(['%PDF-1.4']), 'scan.pdf');
    const pdfRes = await staff.call('POST', 'corpus/upload', undefined, { form: pdf });
    expect(pdfRes.status).toBe(400);
    expect(pdfRes.body.error).toContain('scan.pdf');
    expect(pdfRes.body.error).toContain('无法读取');

    const foreign = new FormData();
    foreign.append('file', new Blob(['PK']), 'slides.pptx');
    const foreignRes = await staff.call('POST', 'corpus/upload', undefined, { form: foreign });
    expect(foreignRes.status).toBe(400);
    expect(foreignRes.body.error).toMatch(/docx/);

    const list = await staff.call('GET', 'corpus');
    expect(list.body.docs.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(['test-md-upload', docxRes.body.meta.id]));
    const done = await waitForReindex(staff);
    expect(done.state).toBe('done');
  });

  it('edits front matter and text, previews chunks, refuses invalid edits, and deletes', async () => {
    const edit = await staff.call('PUT', 'corpus/docs/test-md-upload', { meta: { title: '改过的标题', tags: ['新标签'] }, body: '# 改过的标题\n\n## 第一节\n\n冠县第一节内容。\n\n## 第二节\n\n冠县第二节内容。' });
    expect(edit.status).toBe(200);
    const doc = await staff.call('GET', 'corpus/docs/test-md-upload');
    expect(doc.body.meta).toMatchObject({ title: '改过的标题', source: '测试来源', tags: ['新标签'] });
    const chunks = await staff.call('GET', 'corpus/docs/test-md-upload/chunks');
    expect(chunks.body.chunks.map((c: { section: string }) => c.section).join('|')).toContain('第二节');
    const preview = await staff.call('POST', 'corpus/preview', { meta: { ...doc.body.meta, published: '去年' }, body: '正文' });
    expect(preview.body.problems.length).toBeGreaterThan(0);
    const invalid = await staff.call('PUT', 'corpus/docs/test-md-upload', { meta: { published: 'yesterday' }, body: '正文' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.problems[0].message).toMatch(/[\u4e00-\u9fff]/);
    const del = await staff.call('DELETE', 'corpus/docs/test-md-upload');
    expect(del.status).toBe(200);
    expect((await staff.call('GET', 'corpus/docs/test-md-upload')).status).toBe(404);
    await waitForReindex(staff);
    const actions = fx.staff.audit.list({ actor: 'wangfang' }).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['corpus.upload', 'corpus.edit', 'corpus.delete']));
  });

  it('saves and previews a document larger than the server-wide 256 KB request limit', async () => {
    const upload = new FormData();
    upload.append('file', new Blob(['---\nid: test-large-edit\ntitle: 大文档编辑测试\ntype: 政策解读\nsource: 测试来源\npublished: 2024-05-01\n---\n\n# 大文档编辑测试\n\n冠县测试段落内容。']), 'test-large-edit.md');
    expect((await staff.call('POST', 'corpus/upload', undefined, { form: upload })).status).toBe(200);
    const section = (i: number) => `## 第${i}节\n\n${'冠县政务公开测试内容，用于检验大文档的保存。'.repeat(20)}`;
    const body = ['# 大文档编辑测试', ...Array.from({ length: 250 }, (_, i) => section(i + 1))].join('\n\n');
    expect(Buffer.byteLength(JSON.stringify({ body }))).toBeGreaterThan(256 * 1024);
    const doc = await staff.call('GET', 'corpus/docs/test-large-edit');
    const preview = await staff.call('POST', 'corpus/preview', { meta: doc.body.meta, body });
    expect(preview.status).toBe(200);
    expect(preview.body.chunks.length).toBeGreaterThan(100);
    const saved = await staff.call('PUT', 'corpus/docs/test-large-edit', { meta: {}, body });
    expect(saved.status).toBe(200);
    expect((await staff.call('GET', 'corpus/docs/test-large-edit')).body.body.trim()).toBe(body);
    expect((await staff.call('DELETE', 'corpus/docs/test-large-edit')).status).toBe(200);
    await waitForReindex(staff);
  });

  it('rebuilds the index on request with a visible result', async () => {
    const started = await staff.call('POST', 'corpus/reindex', {});
    expect(['running', 'done']).toContain(started.body.state);
    const done = await waitForReindex(staff);
    expect(done.state).toBe('done');
    expect(done.summary.docs).toBeGreaterThan(5);
  });
});

describe('hit testing, report, audit', () => {
  it('shows ranked passages with lexical, dense and fused scores and the decision', async () => {
    const r = await staff.call('GET', `hittest?q=${encodeURIComponent('申请政府信息公开要收费吗？')}`);
    expect(r.body.resolved).toBe(true);
    expect(r.body.passages.length).toBeGreaterThan(1);
    expect(r.body.passages[0]).toHaveProperty('lexical');
    expect(r.body.passages[0]).toHaveProperty('dense');
    expect(r.body.passages[0]).toHaveProperty('coverage');
    // The verdict is the evidence held to the threshold, and agrees with what the citizen would get.
    expect(r.body.evidence).toBeGreaterThanOrEqual(r.body.threshold);
    expect(['answer', 'faq']).toContain(r.body.kind);
    // One field for the decision, not two copies of it.
    expect(r.body).not.toHaveProperty('decision');
    expect(r.body).not.toHaveProperty('answerKind');
    expect(r.body.answer).toMatch(/[\u4e00-\u9fff]/);
    const out = await staff.call('GET', `hittest?q=${encodeURIComponent('护照怎么办理')}`);
    expect(out.body.resolved).toBe(false);
    expect(out.body.evidence).toBeLessThan(out.body.threshold);
    expect(out.body.kind).toBe('unresolved');
    expect((await staff.call('GET', 'hittest?q=')).status).toBe(400);
  });

  it('for a message of several sentences, passes on the parts the engine decided (passages quoted, sentences none answers)', async () => {
    const q = '县里2024年不予公开的申请有多少件？条例说涉及第三方的，第三方要在多少天内回复意见？';
    const r = await staff.call('GET', `hittest?q=${encodeURIComponent(q)}`);
    const direct = await fx.app.engine.explain(q);
    expect(r.body.parts).toEqual(direct.parts);
    expect(r.body.resolved).toBe(direct.resolved);
    expect(r.body.answer).not.toMatch(/GX\d{8}/);
    const single = await staff.call('GET', `hittest?q=${encodeURIComponent('申请政府信息公开要收费吗？')}`);
    expect(single.body.parts).toBeNull();
  });

  it('reads a follow-up with the previous question staff give, as in a chat, and says how', async () => {
    const follow = encodeURIComponent('政协提案呢？');
    const alone = await staff.call('GET', `hittest?q=${follow}`);
    expect(alone.body.followUp).toBeNull();
    expect(alone.body.resolvedQuestion).toBe('政协提案呢？');
    const r = await staff.call('GET', `hittest?q=${follow}&previous=${encodeURIComponent('人大代表建议去年办了多少件？')}`);
    expect(r.body.followUp).toMatchObject({ used: true, previousQuestion: '人大代表建议去年办了多少件？' });
    expect(r.body.resolvedQuestion).toBe('人大代表建议去年办了多少件？政协提案呢？');
    expect(r.body.resolved).toBe(true);
    expect(r.body.answer).toContain('政协提案224件');
    // A self-contained question stays alone, and the trace says why.
    const fresh = await staff.call('GET', `hittest?q=${encodeURIComponent('冠县哪里可以办护照？')}&previous=${encodeURIComponent('人大代表建议去年办了多少件？')}`);
    expect(fresh.body.followUp.used).toBe(false);
    expect(fresh.body.resolved).toBe(false);
  });

  it('says which kind of answer the question asks for and whether the quoted sentence states it', async () => {
    const r = await staff.call('GET', `hittest?q=${encodeURIComponent('申请政府信息公开多久能答复？')}`);
    expect(r.body.answerType).toBe('duration');
    expect(r.body.answerStated).toBe(true);
    // A yes-or-no question asks for no kind of answer.
    const yesNo = await staff.call('GET', `hittest?q=${encodeURIComponent('申请政府信息公开要收费吗？')}`);
    expect(yesNo.body.answerType).toBeNull();
    expect(yesNo.body.answerStated).toBeNull();
  });

  it('reports this week: questions, resolved rate, cited and never-cited documents', async () => {
    await postJson(`${fx.url}/api/ask`, { question: '申请政府信息公开要收费吗？' });
    const r = await staff.call('GET', 'report');
    expect(r.body.week).toMatch(/^\d{4}-W\d{2}$/);
    expect(r.body.days).toHaveLength(7);
    expect(r.body.figures.questions).toBeGreaterThan(0);
    expect(r.body.figures.resolved).toBeGreaterThan(0);
    expect(r.body.cited[0].count).toBeGreaterThan(0);
    const cited = new Set(r.body.cited.map((c: { docId: string }) => c.docId));
    expect(r.body.neverCited.some((d: { docId: string }) => cited.has(d.docId))).toBe(false);
    expect((await staff.call('GET', 'report?week=2024-W99')).status).toBe(400);
  });

  it('downloads the weekly export as XLSX', async () => {
    const r = await staff.call('GET', `report/export?week=${encodeURIComponent((await staff.call('GET', 'report')).body.week)}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-disposition')).toMatch(/attachment; filename="guanbot-\d{4}-W\d{2}\.xlsx"/);
    expect((r.body as Buffer).subarray(0, 2).toString()).toBe('PK');
  });

  it('keeps an audit log of staff actions', async () => {
    const r = await staff.call('GET', 'audit?limit=500');
    const actions = r.body.entries.map((e: { action: string }) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['login', 'hittest', 'report.export', 'corpus.reindex', 'bulk.close']));
    expect(r.body.entries.every((e: { at: string; actor: string }) => e.at && e.actor)).toBe(true);
  });
});
