/**
 * An answer as WeChat plain text: the engine's text with its source line (a
 * generated answer gets the numbered sources under it), fitted into the
 * platform's 2048-byte Content limit. A long answer is cut at a sentence end,
 * keeps its source line, and points to the web chat page for the rest.
 */
import { sourceLine } from '../../answer/index.ts';
import type { AnswerResult, Citation } from '../../answer/types.ts';
import type { WechatTexts } from './texts.ts';

/** The platform's limit on a text message's Content, in UTF-8 bytes. */
export const TEXT_LIMIT_BYTES = 2048;

const SENTENCE_END = /[。！？!?；;…\n]/u;

/** UTF-8 length of `s`. */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The longest prefix of `s` within `bytes` UTF-8 bytes, never splitting a character. */
function prefixWithin(s: string, bytes: number): string {
  let used = 0;
  let out = '';
  for (const ch of s) {
    used += byteLength(ch);
    if (used > bytes) break;
    out += ch;
  }
  return out;
}

/** The prefix of `s` within `bytes`, ending at the last sentence end when there is one in its second half. */
function sentencePrefix(s: string, bytes: number): string {
  const head = prefixWithin(s, bytes);
  if (head.length === s.length) return head;
  for (let i = head.length - 1; i >= head.length / 2; i--) {
    if (SENTENCE_END.test(head[i]!)) return head.slice(0, i + 1);
  }
  return head;
}

/** The distinct documents an answer cites, in citation order. */
function citedDocuments(citations: Citation[], max = 3): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => !seen.has(c.docId) && seen.add(c.docId)).slice(0, max);
}

/** An answer's plain text, and the source lines in it that a cut must keep. */
export interface AnswerText {
  text: string;
  keep: string[];
}

/** The answer's plain text with its sources: the engine writes them into extractive answers, a model does not. */
export function answerText(result: AnswerResult, t: WechatTexts, promptsDir: string): AnswerText {
  const citations = result.resolved ? result.citations : [];
  if (citations.length === 0) return { text: result.answer, keep: [] };
  let footer: string;
  if (result.generated) {
    const lines = citations.map((c, i) => t('answer.sourceItem', { n: i + 1, source: sourceLine(c, promptsDir) }));
    footer = t('answer.sourceList', { sources: lines.join('\n') });
  } else {
    const own = citations.map((c) => sourceLine(c, promptsDir)).filter((line) => result.answer.includes(line));
    if (own.length > 0) return { text: result.answer, keep: own };
    footer = t('answer.source', { source: citedDocuments(citations).map((c) => sourceLine(c, promptsDir)).join('；') });
  }
  return { text: `${result.answer}\n\n${footer}`, keep: [footer] };
}

/** Where the source part of `text` starts: the line holding the first of `keep`, or -1. */
function sourceStart(text: string, keep: string[]): number {
  const hits = keep.map((k) => text.indexOf(k)).filter((i) => i >= 0);
  if (hits.length === 0) return -1;
  return text.lastIndexOf('\n', Math.min(...hits)) + 1;
}

export interface FitOptions {
  /** The note put where the text was cut (it carries the web page's link). */
  moreNote: string;
  /** Source lines that must survive the cut (they and what follows them are kept whole). */
  keep?: string[];
  limitBytes?: number;
}

/** `text` unchanged when it fits, else cut at a sentence with the note and the kept source part after it. */
export function fitText(text: string, opts: FitOptions): string {
  const limit = opts.limitBytes ?? TEXT_LIMIT_BYTES;
  if (byteLength(text) <= limit) return text;
  const at = sourceStart(text, opts.keep ?? []);
  let tail = at > 0 ? text.slice(at).trim() : '';
  // A footer as long as the answer itself (many numbered sources) keeps only its first line.
  if (byteLength(tail) > limit / 2) tail = tail.split('\n')[0]!;
  if (byteLength(tail) > limit / 2) tail = '';
  const body = at > 0 && tail ? text.slice(0, at) : text;
  const fixed = [opts.moreNote, tail].filter(Boolean).join('\n\n');
  const head = sentencePrefix(body, limit - byteLength(fixed) - 2).trimEnd();
  return prefixWithin([head, fixed].filter(Boolean).join('\n\n'), limit);
}

/** `text` in pieces of at most `limitBytes` (for customer-service messages), split at sentence ends. */
export function splitText(text: string, limitBytes = TEXT_LIMIT_BYTES): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest) {
    const piece = byteLength(rest) <= limitBytes ? rest : sentencePrefix(rest, limitBytes);
    pieces.push(piece.trim());
    rest = rest.slice(piece.length).trim();
  }
  return pieces.filter(Boolean);
}
