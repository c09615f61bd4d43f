/**
 * What a careless or hostile upload through the staff console must not do: a zip-bomb .docx must be refused
 * before it expands, a file named README.md must not be saved where the loader ignores it, a broken front matter
 * must be reported (file:line) instead of being replaced by the form's fields; and a broken document on disk
 * shows in the corpus page's banner. All through the real server, on a small temp corpus.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDocxArchive, DocxRejectedError } from '../src/corpus/docx-guard.ts';
import { docText, makeTempDir, removeTempDirs, writeFile } from './fixtures/engine-workspace.ts';
import { StaffClient, startWebFixture, type WebFixture } from './web-fixture.ts';

const PASSWORD = 'correct-horse-battery';
const MiB = 1024 * 1024;
let fx: WebFixture;
let staff: StaffClient;
let corpusDir: string;

beforeAll(async () => {
  corpusDir = path.join(makeTempDir(), 'corpus');
  writeFile(corpusDir, 'interpretations/reply-deadline.md', docText({ id: 'reply-deadline', title: '多久能答复' }, '## 答复期限\n\n申请政府信息公开，一般在二十个工作日内答复。'));
  fx = await startWebFixture({ GUANBOT_CORPUS_DIR: corpusDir });
  await fx.staff.accounts.add('wangfang', PASSWORD);
  staff = new StaffClient(fx.url);
  expect((await staff.login('wangfang', PASSWORD)).status).toBe(200);
});
afterAll(async () => {
  await waitForReindex();
  await fx?.close();
  removeTempDirs();
});

async function waitForReindex() {
  for (let i = 0; i < 600; i += 1) {
    const r = await staff.call('GET', 'corpus/reindex');
    if (r.body.state !== 'running' && !r.body.queued) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Uploads `content` as `filename` with the form's fields, like the console's upload form. */
function upload(filename: string, content: Buffer | string, fields: Record<string, string> = { type: '政策解读', source: '《测试文件》', published: '2024-07-01' }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([typeof content === 'string' ? content : new Uint8Array(content)]), filename);
  return staff.call('POST', 'corpus/upload', undefined, { form });
}

/** Every .md file below the corpus folder. */
const corpusFiles = () => (fs.readdirSync(corpusDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.md') || f.endsWith('.MD')).sort();

// ---------------------------------------------------------------- zip archives made by hand, sizes under control

interface ZipEntry {
  name: string;
  /** Raw deflate data. */
  deflated: Buffer;
  crc: number;
  /** The size the archive declares (a lying archive understates it). */
  size: number;
}

/** A zip archive (deflate, no zip64) of `entries`, with local headers, central directory and end record. */
function zipArchive(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(0x21, 12); // 1980-01-01
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.deflated.length, 18);
    local.writeUInt32LE(e.size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.deflated.length, 20);
    central.writeUInt32LE(e.size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.deflated);
    centrals.push(central, name);
    offset += local.length + name.length + e.deflated.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const SYNC = { finishFlush: zlib.constants.Z_SYNC_FLUSH, level: 9 };

/**
 * Raw deflate of `head`, then `repeat` MiB of spaces, then `tail`, without ever holding the expanded text: one MiB
 * of spaces deflated alone references nothing before it, so its deflate blocks may be repeated back to back.
 */
function repeatedDeflate(head: string, repeat: number, tail: string): { deflated: Buffer; crc: number; size: number } {
  const mib = Buffer.alloc(MiB, ' ');
  const block = zlib.deflateRawSync(mib, SYNC);
  let crc = zlib.crc32(head);
  for (let i = 0; i < repeat; i += 1) crc = zlib.crc32(mib, crc);
  crc = zlib.crc32(tail, crc);
  const deflated = Buffer.concat([zlib.deflateRawSync(head, SYNC), ...Array(repeat).fill(block), zlib.deflateRawSync(tail)]);
  return { deflated, crc, size: Buffer.byteLength(head) + repeat * MiB + Buffer.byteLength(tail) };
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const DOC_HEAD = '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>冠县';
const DOC_TAIL = '</w:t></w:r></w:p></w:body></w:document>';

const small = (name: string, text: string): ZipEntry => ({ name, deflated: zlib.deflateRawSync(text), crc: zlib.crc32(text), size: Buffer.byteLength(text) });

/** A .docx whose document.xml is `mib` MiB of text (spaces), declared truthfully unless `declared` is given. */
function docxOf(mib: number, declared?: number): Buffer {
  const doc = repeatedDeflate(DOC_HEAD, mib, DOC_TAIL);
  return zipArchive([small('[Content_Types].xml', CONTENT_TYPES), small('_rels/.rels', RELS), { name: 'word/document.xml', ...doc, size: declared ?? doc.size }]);
}

describe('zip bombs', () => {
  it('the hand-made archive is a real zip that expands as declared', () => {
    const doc = repeatedDeflate(DOC_HEAD, 3, DOC_TAIL);
    const text = zlib.inflateRawSync(doc.deflated);
    expect(text.length).toBe(doc.size);
    expect(zlib.crc32(text)).toBe(doc.crc);
    expect(text.toString().endsWith(DOC_TAIL)).toBe(true);
  });

  it('a 1 MB .docx expanding to 1 GB is refused before it expands, naming the file, and memory stays flat', async () => {
    const bomb = docxOf(1024);
    expect(bomb.length).toBeLessThan(1.5 * MiB);
    const before = corpusFiles();
    const rss = process.memoryUsage().rss;
    const r = await upload('惠民政策.docx', bomb);
    expect(r.status).toBe(413);
    expect(r.body.error).toContain('「惠民政策.docx」');
    expect(r.body.error).toMatch(/解压后有 1024 MB，超过上限 64 MB/);
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * MiB);
    expect(corpusFiles()).toEqual(before);
  }, 30_000);

  it('an archive that understates its expanded size is caught while streaming', async () => {
    const liar = docxOf(100, 2000);
    await expect(checkDocxArchive(liar, 'liar.docx')).rejects.toMatchObject({ reason: 'damaged', message: expect.stringContaining('「liar.docx」') });
    const r = await upload('liar.docx', liar);
    expect(r.status).toBe(400);
    expect(r.body.error).toContain('「liar.docx」');
  }, 30_000);

  it('an archive of too many parts is refused, and so is one whose streamed size passes the limit', async () => {
    const many = zipArchive(Array.from({ length: 2001 }, (_, i) => small(`word/media/p${i}.xml`, '<x/>')));
    await expect(checkDocxArchive(many, 'many.docx')).rejects.toMatchObject({ reason: 'tooManyParts', message: expect.stringContaining('2001') });
    const err = await checkDocxArchive(docxOf(3), 'three.docx', { maxEntries: 10, maxExpandedBytes: 2 * MiB }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DocxRejectedError);
    expect((err as DocxRejectedError).reason).toBe('tooLarge');
  });

  it('an ordinary Word file still converts and is filed', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', CONTENT_TYPES);
    zip.file('_rels/.rels', RELS);
    zip.file('word/document.xml', `${DOC_HEAD}惠民政策说明${DOC_TAIL}`);
    const r = await upload('ordinary.docx', await zip.generateAsync({ type: 'nodebuffer' }));
    expect(r.status).toBe(200);
    expect(r.body.file).toBe(path.join('interpretations', 'ordinary.md'));
    await waitForReindex();
  });
});

describe('a file named README.md', () => {
  it.each(['readme.md', 'README.md', 'ReadMe.MD'])('%s is refused with a message naming the reserved name, and nothing is saved', async (name) => {
    const before = corpusFiles();
    const r = await upload(name, '# 说明\n\n冠县政务服务中心的办事指南。');
    expect(r.status).toBe(400);
    expect(r.body.problems).toEqual([expect.objectContaining({ file: name, message: expect.stringContaining('readme.md') })]);
    expect(r.body.problems[0].message).toContain('改名');
    expect(corpusFiles()).toEqual(before);
  });

  it('an id of readme in the front matter is refused too', async () => {
    const r = await upload('guide.md', docText({ id: 'readme', title: '办事指南' }, '冠县政务服务中心的办事指南。'));
    expect(r.status).toBe(400);
    expect(r.body.problems[0]).toMatchObject({ file: 'guide.md', line: 2 });
  });
});

describe('an upload with a broken front matter', () => {
  it('is refused with the real error at its line, not silently replaced by the form fields', async () => {
    const text = '---\nid: upload-broken\ntitle: "申请政府信息公开以后多久能答复？\ntype: 问答\nquestion: 多久能答复\nsource: 《条例》\npublished: 2024-01-01\n---\n\n二十个工作日。\n';
    const before = corpusFiles();
    const r = await upload('broken.md', text, { type: '政策解读', title: '表单里的标题', source: '《表单》', published: '2024-07-01' });
    expect(r.status).toBe(400);
    expect(r.body.problems).toEqual([{ file: 'broken.md', line: 3, message: expect.stringContaining('缺少结尾的 "') }]);
    expect(corpusFiles()).toEqual(before);
  });

  it('an unclosed front matter block is reported on line 1', async () => {
    const r = await upload('unclosed.md', '---\nid: unclosed-upload\ntitle: 没有结束\n\n正文。\n');
    expect(r.status).toBe(400);
    expect(r.body.problems).toEqual([expect.objectContaining({ file: 'unclosed.md', line: 1, message: expect.stringContaining('第二个 ---') })]);
  });

  it('a file without any front matter still takes the form fields', async () => {
    const r = await upload('plain-notes.md', '# 便民提示\n\n办事请带身份证。');
    expect(r.status).toBe(200);
    expect(r.body.meta).toMatchObject({ id: 'plain-notes', title: '便民提示', source: '《测试文件》' });
    await waitForReindex();
  });
});

describe('the corpus page with a broken document on disk', () => {
  it('lists the broken file in `broken` and its problem at file:line, for the banner', async () => {
    const file = path.join('faq', 'reply-time.md');
    writeFile(corpusDir, file, '---\nid: reply-time\ntitle: "申请政府信息公开以后多久能答复？\ntype: 问答\nquestion: 申请政府信息公开以后多久能答复？\nsource: 《条例》\npublished: 2024-01-01\n---\n\n二十个工作日内答复。\n');
    try {
      const r = await staff.call('GET', 'corpus');
      expect(r.status).toBe(200);
      expect(r.body.broken).toEqual([file]);
      expect(r.body.problems).toEqual([{ file, line: 3, message: expect.stringContaining('引号') }]);
      expect(r.body.docs.map((d: { id: string }) => d.id)).not.toContain('reply-time');
    } finally {
      fs.rmSync(path.join(corpusDir, file));
    }
    expect((await staff.call('GET', 'corpus')).body.broken).toEqual([]);
  });

  it('the console page carries the banner text', async () => {
    const html = await (await fetch(`${fx.url}/admin`)).text();
    expect(html).toContain('这些文件没有载入');
  });
});
