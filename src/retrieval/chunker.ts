/**
 * Cuts a corpus document into passages that respect its structure: the
 * heading path travels with every passage, list items and table rows stay
 * whole, a law article starts a new passage, and long paragraphs are cut at
 * Chinese sentence ends with one sentence of overlap. (LangChain's splitter
 * moves the sentence end to the start of the next piece, so sentences are
 * packed here directly.)
 */
import crypto from 'node:crypto';
import type { CorpusDoc } from '../corpus/index.ts';
import { splitSentences } from '../text/index.ts';
import { msg } from '../messages/index.ts';

export interface Chunk {
  /** `<docId>#<ordinal>` */
  id: string;
  docId: string;
  ordinal: number;
  /** Heading path inside the document, joined with ' › '. */
  section: string;
  text: string;
  /** Hash of what is embedded (title, section, text): unchanged passages are not re-embedded. */
  hash: string;
}

export interface ChunkOptions {
  /** Passages are packed up to about this many characters. */
  target: number;
  /** A single block longer than this is cut at sentence ends. */
  max: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { target: 300, max: 420 };

const HEADING = /^(#{1,6})\s+(.+?)\s*#*$/;
const LIST_ITEM = /^\s*(?:[-*+]|\d+[.、)])\s+/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}/;
const ARTICLE = /^(第[一二三四五六七八九十百千零〇\d]+条)/;

interface Block {
  section: string;
  text: string;
  /** Starts a new passage (a law article). */
  hard: boolean;
  /** Label repeated when a long block continues in another passage. */
  label?: string;
}

/** Text that is embedded and hashed for a passage. */
export function embeddingText(title: string, section: string, text: string): string {
  return [title, section, text].filter(Boolean).join('\n');
}

function toBlocks(doc: CorpusDoc): Block[] {
  const blocks: Block[] = [];
  const headings: string[] = [];
  let para: string[] = [];
  let tableHeader: string[] | null = null;
  const section = () => headings.filter(Boolean).join(' › ');
  const flush = () => {
    const text = para.join('').trim();
    para = [];
    if (!text) return;
    const article = text.match(ARTICLE)?.[1];
    blocks.push({ section: section(), text, hard: Boolean(article), label: article });
  };
  const body = doc.body.replace(/<!--[\s\S]*?-->/g, '');
  for (const raw of body.split('\n')) {
    const line = raw.trimEnd();
    const h = line.match(HEADING);
    if (h) {
      flush();
      tableHeader = null;
      // HEADING has two mandatory groups: the hashes and the title.
      const level = h[1]!.length;
      const title = h[2]!.trim();
      headings.length = level;
      // A level-1 heading that repeats the document title adds nothing to the path.
      headings[level - 1] = level === 1 && title === doc.meta.title ? '' : title;
      continue;
    }
    if (!line.trim()) {
      flush();
      tableHeader = null;
      continue;
    }
    if (TABLE_ROW.test(line)) {
      flush();
      if (TABLE_RULE.test(line.replace(/^\s*\|/, '|'))) continue;
      const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
      if (!tableHeader) {
        tableHeader = cells;
        continue;
      }
      const row = cells.map((c, i) => (tableHeader![i] ? `${tableHeader![i]}：${c}` : c)).join('，');
      blocks.push({ section: section(), text: `${row}。`, hard: false });
      continue;
    }
    if (LIST_ITEM.test(line)) {
      flush();
      // Each list item (a table row in the converted report) is a block of its own, never cut in two.
      para = [line.replace(LIST_ITEM, '')];
      flush();
      continue;
    }
    para.push(line.trim());
  }
  flush();
  return blocks;
}

/** Cuts one over-long block at sentence ends, repeating the last sentence (and the article label) in the next piece. */
function splitLong(block: Block, opts: ChunkOptions): string[] {
  const sentences = splitSentences(block.text);
  const pieces: string[] = [];
  let current: string[] = [];
  let length = 0;
  for (const s of sentences) {
    if (length + s.length > opts.target && current.length) {
      pieces.push(current.join(''));
      const overlap = current.at(-1);
      current = overlap !== undefined && overlap.length < opts.target / 2 ? [overlap] : [];
      length = current.join('').length;
    }
    current.push(s);
    length += s.length;
  }
  if (current.length) pieces.push(current.join(''));
  return pieces.map((p, i) => (i > 0 && block.label && !p.startsWith(block.label) ? msg('corpus', 'chunk.continued', { label: block.label, text: p }) : p));
}

/** Cuts a document into passages. 问答 entries are one passage each. */
export function chunkDocument(doc: CorpusDoc, opts: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Chunk[] {
  const pieces: { section: string; text: string }[] = [];
  if (doc.meta.type === '问答') {
    pieces.push({ section: doc.meta.question ?? doc.meta.title, text: doc.body.trim() });
  } else {
    let current: { section: string; text: string } | null = null;
    for (const block of toBlocks(doc)) {
      const parts = block.text.length > opts.max ? splitLong(block, opts) : [block.text];
      for (const [i, part] of parts.entries()) {
        const startsNew =
          !current || current.section !== block.section || block.hard || i > 0 || current.text.length + part.length > opts.target;
        if (startsNew) {
          if (current) pieces.push(current);
          current = { section: block.section, text: part };
        } else {
          current!.text += `\n${part}`;
        }
      }
    }
    if (current) pieces.push(current);
  }
  return pieces.map((p, ordinal) => ({
    id: `${doc.meta.id}#${ordinal}`,
    docId: doc.meta.id,
    ordinal,
    section: p.section,
    text: p.text,
    hash: crypto.createHash('sha1').update(embeddingText(doc.meta.title, p.section, p.text)).digest('hex'),
  }));
}
