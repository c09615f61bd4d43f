/**
 * Composes the citizen-facing text. The factual core is always the cited
 * passage itself: the sentences that answer the question are picked out and
 * quoted as they stand, followed by the source line. Persona lines around
 * them add warmth and no facts.
 */
import { fill, msg } from '../messages/index.ts';
import type { AnalyzedQuery } from '../retrieval/analyzer.ts';
import type { ScoredPassage } from '../retrieval/retriever.ts';
import { splitSentences } from '../retrieval/text.ts';
import { loadPersonas, pickFor } from './persona.ts';
import type { Citation, PersonaId } from './types.ts';

/** A quote longer than this is cut at a sentence end, so the answer fits a phone screen. */
const MAX_QUOTE = 220;
/** A picked sentence shorter than this takes its neighbour along for context. */
const SHORT_SENTENCE = 36;

export type Coverage = (query: AnalyzedQuery, text: string) => number;

/** Picks the sentence(s) of a passage that best answer the question, verbatim. */
export function pickSentences(passage: string, query: AnalyzedQuery, coverage: Coverage, context = ''): string {
  // A closing （依据：…） line names the source; the source line already shows it, so it is never the quote.
  const sentences = splitSentences(passage.replace(/^[（(]依据[^\n]*$/gm, ''));
  if (sentences.length <= 1) return trimQuote(passage.trim());
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
  let quote = sentences[best];
  if (quote.length < SHORT_SENTENCE && sentences[best + 1] && quote.length + sentences[best + 1].length <= MAX_QUOTE) {
    quote += sentences[best + 1];
  }
  return trimQuote(quote);
}

function trimQuote(text: string): string {
  if (text.length <= MAX_QUOTE) return text;
  const cut = text.slice(0, MAX_QUOTE);
  const end = Math.max(cut.lastIndexOf('。'), cut.lastIndexOf('；'), cut.lastIndexOf('，'));
  return `${cut.slice(0, end > MAX_QUOTE / 2 ? end + 1 : MAX_QUOTE)}……`;
}

/** `title › section（published） url` */
export function sourceLine(c: Pick<Citation, 'title' | 'section' | 'published' | 'url'>, promptsDir?: string): string {
  const line = msg('answer', 'sourceLine', { title: c.title, section: c.section && c.section !== c.title ? ` › ${c.section}` : '', published: c.published ?? '' }, promptsDir).replace('（）', '');
  return c.url ? line + msg('answer', 'sourceUrl', { url: c.url }, promptsDir) : line;
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

/** The honest "not found yet" reply with the ticket staff will answer under. */
export function composeUnresolved(ticket: string, persona: PersonaId, promptsDir: string): string {
  if (!ticket) return msg('answer', 'unresolvedNoTicket', { name: loadPersonas(promptsDir)[persona].name }, promptsDir);
  return msg('answer', `unresolved.${persona}`, { ticket }, promptsDir);
}
