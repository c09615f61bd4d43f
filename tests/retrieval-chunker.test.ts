/**
 * The chunker cuts documents along their structure: heading paths travel
 * with passages, list items and table rows stay whole, law articles start
 * passages, long paragraphs are cut at sentence ends with overlap.
 */
import { describe, expect, it } from 'vitest';
import type { CorpusDoc, DocType } from '../src/corpus/index.ts';
import { chunkDocument, DEFAULT_CHUNK_OPTIONS, embeddingText } from '../src/retrieval/chunker.ts';
import { splitSentences } from '../src/text/index.ts';

function doc(type: DocType, body: string, extra: Partial<CorpusDoc['meta']> = {}): CorpusDoc {
  return { meta: { id: 'doc-a', title: '测试文档', type, source: '《测试》', published: '2024-01-01', ...extra }, body, file: 'doc-a.md', bodyLine: 8 };
}

/** n distinct sentences of about 27 characters each. */
const sentences = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `这是第${i + from}句话，用来测试长段落的切分是否发生在句末。`);

const REPORT = `# 测试文档

## 一、总体情况

### （一）主动公开

本年度主动公开政府信息。

- 第一项：主动公开文件12件，这一项内容完整，不可拆开。
- 第二项：发布政策解读5篇，这一项也不可拆开。

| 信息内容 | 本年制发件数 | 本年废止件数 |
| --- | --- | --- |
| 规章 | 0 | 0 |
| 行政规范性文件 | 8 | 1 |

### （二）依申请公开

全年受理申请若干件。

## 二、其他事项

其他说明。
`;

describe('chunker', () => {
  it('keeps the heading path with every passage and drops a level-1 heading that repeats the title', () => {
    const chunks = chunkDocument(doc('年度报告', REPORT));
    const sections = chunks.map((c) => c.section);
    expect(sections).toContain('一、总体情况 › （一）主动公开');
    expect(sections).toContain('一、总体情况 › （二）依申请公开');
    expect(sections).toContain('二、其他事项');
    // A new level-2 heading resets the level-3 part of the path.
    expect(chunks.find((c) => c.text.includes('其他说明'))!.section).toBe('二、其他事项');
    expect(sections.some((s) => s.includes('测试文档'))).toBe(false);
    // Text under one heading never lands in a passage of another.
    expect(chunks.find((c) => c.text.includes('全年受理申请'))!.text).not.toContain('主动公开文件');
  });

  it('keeps list items whole and turns table rows into whole "header：cell" lines', () => {
    const chunks = chunkDocument(doc('年度报告', REPORT));
    const all = chunks.map((c) => c.text);
    const holding = (s: string) => all.filter((t) => t.includes(s));
    expect(holding('第一项：主动公开文件12件，这一项内容完整，不可拆开。')).toHaveLength(1);
    expect(holding('第二项：发布政策解读5篇，这一项也不可拆开。')).toHaveLength(1);
    expect(holding('信息内容：行政规范性文件，本年制发件数：8，本年废止件数：1。')).toHaveLength(1);
    expect(holding('信息内容：规章，本年制发件数：0，本年废止件数：0。')).toHaveLength(1);
    // The table's rule line and the list markers are not passage text.
    expect(all.join('\n')).not.toMatch(/---|^- /m);
  });

  it('starts a new passage at every law article (第X条)', () => {
    const body = '## 第一章 总则\n\n第一条 为了保障公民依法获取政府信息，制定本条例。\n\n第二条 本条例所称政府信息，是指行政机关制作的信息。\n\n第十二条 短条文。\n';
    const chunks = chunkDocument(doc('法规', body));
    expect(chunks.map((c) => c.text)).toEqual(['第一条 为了保障公民依法获取政府信息，制定本条例。', '第二条 本条例所称政府信息，是指行政机关制作的信息。', '第十二条 短条文。']);
    expect(chunks.every((c) => c.section === '第一章 总则')).toBe(true);
  });

  it('cuts a long paragraph at sentence ends, repeating the last sentence in the next passage', () => {
    const text = sentences(30);
    const chunks = chunkDocument(doc('政策解读', text.join('')));
    expect(chunks.length).toBeGreaterThan(1);
    for (const c of chunks) {
      expect(c.text).toMatch(/[。！？；]$/);
      // Every passage is made of whole sentences of the paragraph.
      for (const s of splitSentences(c.text)) expect(text).toContain(s);
      expect(c.text.length).toBeLessThanOrEqual(DEFAULT_CHUNK_OPTIONS.target + text[0]!.length + 2);
    }
    for (let i = 1; i < chunks.length; i++) {
      const prev = splitSentences(chunks[i - 1]!.text);
      expect(splitSentences(chunks[i]!.text)[0]).toBe(prev[prev.length - 1]);
    }
    // Nothing is lost.
    const covered = new Set(chunks.flatMap((c) => splitSentences(c.text)));
    expect(covered.size).toBe(30);
  });

  it('a long law article continues under its label (第X条（续）)', () => {
    const chunks = chunkDocument(doc('法规', `第九条 ${sentences(30).join('')}`));
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks[0]!.text.startsWith('第九条 ')).toBe(true);
    for (const c of chunks.slice(1)) expect(c.text.startsWith('第九条（续）')).toBe(true);
  });

  it('a question-bank entry (问答) is one passage, whatever its length, under its question', () => {
    const body = sentences(30).join('');
    const chunks = chunkDocument(doc('问答', body, { question: '长回答的问题？' }));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]!.section).toBe('长回答的问题？');
    expect(chunks[0]!.text).toBe(body);
  });

  it('drops HTML comments, single- and multi-line', () => {
    const body = '## 说明\n\n<!-- 内部备注：不对外 -->\n正文第一句。\n<!--\n多行备注\n也不对外\n-->\n正文第二句。\n';
    const text = chunkDocument(doc('政策解读', body)).map((c) => c.text).join('\n');
    expect(text).toContain('正文第一句。');
    expect(text).toContain('正文第二句。');
    expect(text).not.toMatch(/备注|不对外|<!--|-->/);
  });

  it('gives stable ids and hashes that change only with the embedded text', () => {
    const a = chunkDocument(doc('年度报告', REPORT));
    const b = chunkDocument(doc('年度报告', REPORT));
    expect(a.map((c) => c.id)).toEqual(a.map((_, i) => `doc-a#${i}`));
    expect(b.map((c) => c.hash)).toEqual(a.map((c) => c.hash));
    const retitled = chunkDocument(doc('年度报告', REPORT, { title: '另一个标题' }));
    expect(retitled[0]!.hash).not.toBe(a[0]!.hash);
    expect(embeddingText('标题', '', '正文')).toBe('标题\n正文');
  });
});
