/**
 * Composes the citizen-facing text. The factual core is always the cited
 * passage itself: the sentences that answer the question are picked out and
 * quoted as they stand, followed by the source line. Persona lines around
 * them add warmth and no facts.
 */
import { fill, msg } from '../messages/index.ts';
import type { AnalyzedQuery } from '../retrieval/analyzer.ts';
import type { ScoredPassage } from '../retrieval/retriever.ts';
import { splitSentences } from '../text/index.ts';
import { loadPersonas, pickFor } from './persona.ts';
import type { Citation, PersonaId } from './types.ts';

/** A quote longer than this is cut at a sentence end, so the answer fits a phone screen. */
const MAX_QUOTE = 220;
/** A picked sentence shorter than this takes its neighbour along for context. */
const SHORT_SENTENCE = 36;

export type Coverage = (query: AnalyzedQuery, text: string) => number;

/** Removes closing （依据：…） lines: the source line names the basis, so they are never quoted. */
export function stripBasis(text: string): string {
  return text.replace(/^[（(]依据[^\n]*$/gm, '').trim();
}

/** Picks the sentence(s) of a passage that best answer the question, verbatim. */
export function pickSentences(passage: string, query: AnalyzedQuery, coverage: Coverage, context = ''): string {
  const body = stripBasis(passage);
  const sentences = splitSentences(body);
  if (sentences.length <= 1) return trimQuote(body);
  let best = 0;
  let bestScore = -1;
  sentences.forEach((s, i) => {
    // Earlier sentences win ties: a passage usually states its point first.
    const score = coverage(query, `${context}\n${s}`) - i * 1e-6;
    if (score > bestScore) {
      bestScore = score;
      best = i;
    }
  });
  return withShortNeighbour(sentences, best);
}

/** Sentence `i`, with the next one when it is short (a bare figure says little alone), cut to fit a phone screen. */
function withShortNeighbour(sentences: string[], i: number): string {
  const quote = sentences[i] ?? '';
  const next = sentences[i + 1];
  return trimQuote(quote.length < SHORT_SENTENCE && next && quote.length + next.length <= MAX_QUOTE ? quote + next : quote);
}

/**
 * The sentence of a passage that holds a bank entry's key (the fact its questions ask about), with its short
 * neighbour as {@link pickSentences} does; null when no sentence holds it.
 */
export function quoteKey(body: string, key: string): string | null {
  const sentences = splitSentences(body);
  const i = sentences.findIndex((s) => s.includes(key));
  return i < 0 ? null : withShortNeighbour(sentences, i);
}

function trimQuote(text: string): string {
  if (text.length <= MAX_QUOTE) return text;
  const cut = text.slice(0, MAX_QUOTE);
  const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('；'), cut.lastIndexOf('，'));
  return `${cut.slice(0, end > MAX_QUOTE / 2 ? end + 1 : MAX_QUOTE)}……`;
}

/** Types whose documents restate another document; their source line names that basis. */
const RESTATING_TYPES = new Set(['政策解读', '问答']);

/** Whether a citation's facts date from the document it restates (its `source`) rather than from its own `published`. */
export function restatesSource(c: Pick<Citation, 'type' | 'source'>): boolean {
  return Boolean(c.source && RESTATING_TYPES.has(c.type));
}

/** How a source line's parts are written out: plain text by default; channels pass HTML escaping and links. */
export interface SourceRenderer {
  /** Escapes a piece of text. */
  text(s: string): string;
  /** The title, linked when the document has a url; with a link the url is not repeated at the end. */
  title(title: string, url?: string): string;
}

const PLAIN: SourceRenderer = { text: (s) => s, title: (t) => t };

/** `title › section（published）` or, for a restating document, `title › section；依据：source` — the one definition of a citation's source line for every channel. */
export function sourceLine(
  c: Pick<Citation, 'title' | 'section' | 'published' | 'url' | 'type' | 'source'>,
  promptsDir?: string,
  render: SourceRenderer = PLAIN,
): string {
  const section = c.section && c.section !== c.title ? ` › ${render.text(c.section)}` : '';
  // A restating document's facts date from its basis (the 2024 report, the 2019 regulation), not from the day the
  // interpretation was written: the basis is named instead of that date.
  const restates = restatesSource(c);
  const published = restates ? '' : render.text(c.published ?? '');
  let line = msg('answer', 'sourceLine', { title: render.title(c.title, c.url), section, published }, promptsDir).replace('（）', '');
  if (restates) line += msg('answer', 'sourceBasis', { source: render.text(c.source!) }, promptsDir);
  return c.url && render === PLAIN ? line + msg('answer', 'sourceUrl', { url: c.url }, promptsDir) : line;
}

export function toCitation(p: ScoredPassage): Citation {
  return {
    docId: p.doc.id,
    title: p.doc.title,
    section: p.chunk.section,
    text: p.chunk.text,
    score: Math.round(p.score * 1000) / 1000,
    chunkId: p.chunk.id,
    type: p.doc.type,
    source: p.doc.source,
    published: p.doc.published,
    url: p.doc.url,
  };
}

/** The answer text around a quote, in the persona's voice. */
export function composeAnswer(kind: 'answer' | 'faq', quote: string, citation: Citation, persona: PersonaId, seed: string, promptsDir: string): string {
  const p = loadPersonas(promptsDir)[persona];
  return fill(msg('answer', kind, {}, promptsDir), {
    opener: pickFor(p.openers, seed),
    closer: pickFor(p.closers, seed + '!'),
    quote,
    source: sourceLine(citation, promptsDir),
  });
}

/** One passage of an answer of several parts. */
export interface AnswerPart {
  kind: 'answer' | 'faq';
  quote: string;
  citation: Citation;
}

/**
 * The answer to a question of several sentences, each part quoted with its own source line, then `missingNote`
 * (see {@link composeMissing}): the sentences no passage answers, said plainly rather than left out.
 */
export function composeParts(parts: AnswerPart[], missingNote: string, persona: PersonaId, seed: string, promptsDir: string): string {
  const p = loadPersonas(promptsDir)[persona];
  const quoted = parts.map((part) => msg('answer', `part.${part.kind}`, { quote: part.quote, source: sourceLine(part.citation, promptsDir) }, promptsDir));
  return fill(msg('answer', 'parts', {}, promptsDir), {
    opener: pickFor(p.openers, seed),
    closer: pickFor(p.closers, seed + '!'),
    parts: [...quoted, ...(missingNote ? [missingNote] : [])].join('\n'),
  });
}

/**
 * The lines that name the sentences of a question no passage answers, with the `ticket` staff will answer them under
 * when one was opened; '' for none.
 */
export function composeMissing(missing: string[], ticket: string | null, promptsDir: string): string {
  const lines = missing.map((question) => msg('answer', 'part.missing', { question }, promptsDir));
  if (missing.length && ticket) lines.push(msg('answer', 'part.ticket', { ticket }, promptsDir));
  return lines.join('\n');
}

/** The honest "not found yet" reply with the ticket staff will answer under. */
export function composeUnresolved(ticket: string, persona: PersonaId, promptsDir: string): string {
  if (!ticket) return msg('answer', 'unresolvedNoTicket', { name: loadPersonas(promptsDir)[persona].name }, promptsDir);
  return msg('answer', `unresolved.${persona}`, { ticket }, promptsDir);
}
