/**
 * Turns a PDF (most county policy files are published as PDF) into Markdown the corpus can chunk well.
 *
 * A PDF has no paragraphs or headings, only positioned runs of text, so structure is rebuilt from the layout that
 * unpdf (PDF.js) reports for every run: its font size and its position on the page.
 * - Lines: consecutive runs on the same baseline.
 * - Headings: lines set noticeably larger than the body text (the body size is the size most characters are set
 *   in); the largest heading size becomes `#`, the next `##`, smaller ones `###`. Law texts often set their
 *   chapters (第一章 总则) in the body size, so a short 第…章 line is a heading too.
 * - Paragraphs: a new one starts after a vertical gap clearly larger than the usual line spacing, at a first-line
 *   indent (Chinese official documents indent paragraphs by two characters instead of spacing them), or at a
 *   new article (第…条); other lines are joined without a space, as Chinese text wraps mid-sentence.
 * - Page numbers and running headers/footers (a line repeated at the same place on every page) are dropped.
 *
 * A scanned PDF (pictures of pages, no text layer) yields no text and is refused: guessing with OCR would put
 * unchecked text in front of citizens. A damaged or password-protected file is refused too.
 */
import { extractTextItems, getDocumentProxy } from 'unpdf';
import { messages } from '../messages/index.ts';

const t = messages('corpus');

/** Why a PDF was refused. */
export type PdfRejection = 'damaged' | 'encrypted' | 'noText';

/** A PDF that cannot be imported; `message` is the Chinese text for staff, naming the file. */
export class PdfRejectedError extends Error {
  constructor(
    message: string,
    readonly reason: PdfRejection,
  ) {
    super(message);
    this.name = 'PdfRejectedError';
  }
}

/** The part of a text run the layout heuristics use (unpdf's StructuredTextItem). */
export interface PdfTextRun {
  str: string;
  x: number;
  y: number;
  fontSize: number;
  hasEOL?: boolean;
}

interface Line {
  text: string;
  size: number;
  x: number;
  y: number;
  page: number;
}

/** Fewer readable characters than this per page means there is no real text layer (a scan with a page stamp). */
const MIN_CHARS_PER_PAGE = 10;
/** A line this much larger than the body text is a heading. */
const HEADING_RATIO = 1.15;
/** Longer lines are body text set large, not headings. */
const MAX_HEADING_CHARS = 60;

const READABLE = /[\p{Script=Han}A-Za-z0-9]/gu;
const PAGE_NUMBER = /^(?:[-—–\s]*\d+[-—–\s]*|第\s*\d+\s*页(?:\s*[，,]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;
const ARTICLE_START = /^第[一二三四五六七八九十百千零〇\d]+条[\s　]/;
const CHAPTER_LINE = /^第[一二三四五六七八九十百千零〇\d]+[章节编][\s　]*\S{0,24}$/;
const ASCII_WORD_END = /[A-Za-z0-9]$/;
const ASCII_WORD_START = /^[A-Za-z0-9]/;

const round = (n: number) => Math.round(n * 2) / 2;

/** The runs of one page as lines, in the order the PDF lays them out. */
function pageLines(runs: PdfTextRun[], page: number): Line[] {
  const lines: (Omit<Line, 'text'> & { parts: string[] })[] = [];
  for (const run of runs) {
    if (!run.str) continue;
    let current = lines.at(-1);
    if (!current || Math.abs(current.y - run.y) >= Math.max(current.size, run.fontSize) * 0.5) {
      current = { parts: [], size: 0, x: run.x, y: run.y, page };
      lines.push(current);
    }
    const prev = current.parts.at(-1) ?? '';
    // Separate Latin words and numbers split into runs; Chinese is written without spaces.
    if (ASCII_WORD_END.test(prev) && ASCII_WORD_START.test(run.str)) current.parts.push(' ');
    current.parts.push(run.str);
    if (run.str.trim()) current.size = Math.max(current.size, round(run.fontSize));
  }
  return lines
    .map(({ parts, ...l }) => ({ ...l, text: parts.join('').replace(/\s+/g, ' ').trim() }))
    .filter((l) => l.text);
}

/** The value most weight sits on. */
function mode(values: [number, number][]): number {
  const weight = new Map<number, number>();
  for (const [v, w] of values) weight.set(v, (weight.get(v) ?? 0) + w);
  let best = 0;
  let bestWeight = -1;
  for (const [v, w] of weight) if (w > bestWeight) [best, bestWeight] = [v, w];
  return best;
}

/** Lines repeated at the same height on every page (running headers and footers), when there are several pages. */
function furniture(lines: Line[], pages: number): Set<string> {
  if (pages < 2) return new Set();
  const seen = new Map<string, Set<number>>();
  for (const l of lines) {
    const key = `${Math.round(l.y)}|${l.text}`;
    seen.set(key, (seen.get(key) ?? new Set()).add(l.page));
  }
  return new Set([...seen].filter(([, p]) => p.size === pages).map(([key]) => key));
}

/** Joins two pieces of one paragraph: no space between Chinese characters, one between Latin words. */
function join(a: string, b: string): string {
  return ASCII_WORD_END.test(a) && ASCII_WORD_START.test(b) ? `${a} ${b}` : a + b;
}

/**
 * Markdown from the text runs of each page (see the module comment for the heuristics).
 * @returns the Markdown text, empty when the pages hold no text
 */
export function layoutToMarkdown(pages: PdfTextRun[][]): string {
  const all = pages.flatMap((runs, i) => pageLines(runs, i + 1));
  const skip = furniture(all, pages.length);
  const lines = all.filter((l) => !PAGE_NUMBER.test(l.text) && !skip.has(`${Math.round(l.y)}|${l.text}`));
  if (!lines.length) return '';

  const body = mode(lines.map((l) => [l.size, l.text.length]));
  const headingSizes = [...new Set(lines.filter((l) => l.size >= body * HEADING_RATIO && l.text.length <= MAX_HEADING_CHARS).map((l) => l.size))].sort((a, b) => b - a);
  const level = (l: Line): number => {
    if (l.text.length > MAX_HEADING_CHARS) return 0;
    const rank = headingSizes.indexOf(l.size);
    if (rank >= 0) return Math.min(rank + 1, 3);
    return CHAPTER_LINE.test(l.text) ? Math.min(headingSizes.length + 1, 3) || 2 : 0;
  };
  const bodyLines = lines.filter((l) => level(l) === 0 && l.size === body);
  const left = bodyLines.length ? Math.min(...bodyLines.map((l) => l.x)) : 0;
  // Usual distance between two lines of one paragraph: the smallest gap between consecutive body lines (a short
  // document may have more paragraph gaps than wrapped lines), but never more than a loose line spacing, so a
  // document of one-line paragraphs is still split at its spaced paragraphs.
  let lineGap = body * 1.9;
  for (let i = 1; i < lines.length; i += 1) {
    const [a, b] = [lines[i - 1]!, lines[i]!];
    const gap = a.y - b.y;
    if (a.page === b.page && a.size === body && b.size === body && gap >= body * 0.9) lineGap = Math.min(lineGap, gap);
  }

  const blocks: { level: number; text: string }[] = [];
  let prev: Line | null = null;
  for (const line of lines) {
    const lv = level(line);
    const last = blocks.at(-1);
    const gap = prev && prev.page === line.page ? prev.y - line.y : 0;
    const continues =
      last !== undefined &&
      prev !== null &&
      last.level === lv &&
      prev.size === line.size &&
      // A page break continues the paragraph; on a page, a clear gap starts a new one.
      (prev.page !== line.page || (gap > 0 && gap <= (lv ? line.size * 1.6 : lineGap * 1.3))) &&
      (lv > 0 || (line.x <= left + body * 1.5 && !ARTICLE_START.test(line.text))) &&
      !(lv > 0 && CHAPTER_LINE.test(line.text));
    if (continues) last.text = join(last.text, line.text);
    else blocks.push({ level: lv, text: line.text });
    prev = line;
  }
  return blocks.map((b) => (b.level ? `${'#'.repeat(b.level)} ${b.text}` : b.text)).join('\n\n');
}

/** Characters that carry meaning (Chinese, letters, digits). */
function readableChars(pages: PdfTextRun[][]): number {
  let n = 0;
  for (const runs of pages) for (const r of runs) n += r.str.match(READABLE)?.length ?? 0;
  return n;
}

/**
 * Reads a PDF and returns its text as Markdown, headings and paragraphs kept.
 * @param filename the file's name, for the messages
 * @throws PdfRejectedError when the file is damaged, password-protected, or has no text layer (a scan)
 */
export async function pdfToMarkdown(data: Uint8Array, filename: string): Promise<string> {
  let pages: PdfTextRun[][];
  try {
    // A copy: PDF.js takes ownership of (detaches) the buffer it is given.
    const pdf = await getDocumentProxy(new Uint8Array(data), { verbosity: 0 });
    try {
      pages = (await extractTextItems(pdf)).items;
    } finally {
      await pdf.destroy();
    }
  } catch (err) {
    const encrypted = (err as { name?: string } | null)?.name === 'PasswordException';
    throw new PdfRejectedError(t(encrypted ? 'pdf.encrypted' : 'pdf.damaged', { file: filename }), encrypted ? 'encrypted' : 'damaged');
  }
  if (readableChars(pages) < MIN_CHARS_PER_PAGE * Math.max(1, pages.length)) {
    throw new PdfRejectedError(t('pdf.noText', { file: filename, pages: pages.length }), 'noText');
  }
  return layoutToMarkdown(pages);
}
