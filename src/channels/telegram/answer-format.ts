/**
 * Turns an AnswerResult into Telegram messages: the answer text (HTML-escaped,
 * split under the limit), the source line with links, and the inline keyboard
 * 👍 有帮助 · 👎 没解决 · 📄 原文 · 🙋 转人工 keyed by the turn id.
 */
import { InlineKeyboard } from 'grammy';
import { sourceLine, type SourceRenderer } from '../../answer/index.ts';
import { MAX_QUESTION_CHARS, type AnswerResult, type Citation } from '../../answer/types.ts';
import type { BotDeps } from './deps.ts';
import type { KeysUnder } from '../../messages/index.ts';

/** What laying out an answer needs: the texts and the prompts folder (for the source line). */
type FormatDeps = Pick<BotDeps, 't' | 'config'>;
import { appendPiece, escapeHtml, linkOrText, splitPlainText, TELEGRAM_TEXT_LIMIT } from './html.ts';

const LINK_MARKUP_ALLOWANCE = 512;

/** Callback data prefixes; `<prefix><turnId>` stays far below Telegram's 64 bytes. */
export const CALLBACK = { helpful: 'fb:y:', notSolved: 'fb:n:', original: 'src:', human: 'hu:' } as const;

/** The engine's source line written as Telegram HTML: escaped, the title linked when there is a url. */
export const HTML_SOURCE: SourceRenderer = { text: escapeHtml, title: linkOrText };

/** The distinct documents an answer cites, in citation order. */
function citedDocuments(citations: Citation[], max = 3): Citation[] {
  const seen = new Set<string>();
  return citations.filter((c) => !seen.has(c.docId) && seen.add(c.docId)).slice(0, max);
}

/**
 * The source footer for answers whose text does not carry a source line.
 * Generated answers list every citation numbered, since their [n] marks refer
 * to the passages by position; others name the distinct documents: `📄 出处：…；…`.
 */
export function sourceFooter(deps: FormatDeps, citations: Citation[], generated = false): string | undefined {
  const { promptsDir } = deps.config;
  if (citations.length === 0) return undefined;
  if (generated) {
    const lines = citations.map((c, i) => deps.t('answer.sourceItem', { n: i + 1, source: sourceLine(c, promptsDir, HTML_SOURCE) }));
    return deps.t('answer.sourceList', { sources: lines.join('\n') });
  }
  return deps.t('answer.source', { source: citedDocuments(citations).map((c) => sourceLine(c, promptsDir, HTML_SOURCE)).join('；') });
}

/**
 * Escapes one plain piece of the answer, turning the engine's plain source line
 * into its linked HTML form (same words, basis included).
 */
function linkSourceLine(piece: string, citations: Citation[], promptsDir: string): { html: string; linked: boolean } {
  for (const c of citations) {
    const plain = sourceLine(c, promptsDir);
    const at = piece.indexOf(plain);
    if (at >= 0) {
      const html = sourceLine(c, promptsDir, HTML_SOURCE);
      return { html: escapeHtml(piece.slice(0, at)) + html + escapeHtml(piece.slice(at + plain.length)), linked: true };
    }
  }
  return { html: escapeHtml(piece), linked: false };
}

/** Whether the answer gets the feedback keyboard: a real answer, logged under a turn id. */
export function wantsKeyboard(result: AnswerResult): result is AnswerResult & { turnId: number } {
  return result.turnId !== null && (result.kind === 'answer' || result.kind === 'faq') && result.citations.length > 0;
}

/** The keyboard under an answer. */
export function answerKeyboard(deps: Pick<BotDeps, 't'>, turnId: number): InlineKeyboard {
  const b = (key: KeysUnder<'telegram', 'answer.buttons'>) => deps.t(`answer.buttons.${key}`);
  return new InlineKeyboard()
    .text(b('helpful'), `${CALLBACK.helpful}${turnId}`)
    .text(b('notSolved'), `${CALLBACK.notSolved}${turnId}`)
    .row()
    .text(b('original'), `${CALLBACK.original}${turnId}`)
    .text(b('human'), `${CALLBACK.human}${turnId}`);
}

/** The HTML pieces (each ≤ 4096) and the keyboard for one answer. */
export function formatAnswer(deps: FormatDeps, result: AnswerResult): { pieces: string[]; keyboard?: InlineKeyboard } {
  const citations = result.resolved ? result.citations : [];
  // Room for the link markup the source line gains once it is HTML.
  const plainPieces = splitPlainText(result.answer, TELEGRAM_TEXT_LIMIT - LINK_MARKUP_ALLOWANCE);
  // A generated answer's text is the model's: only the numbered footer names its sources.
  const generated = result.generated === true;
  let linked = false;
  const answerPieces = plainPieces.map((p) => {
    if (generated) return escapeHtml(p);
    const r = linkSourceLine(p, citations, deps.config.promptsDir);
    linked ||= r.linked;
    return r.html;
  });
  const footer = linked ? undefined : sourceFooter(deps, citations, generated);
  const pieces = footer ? appendPiece(answerPieces, footer) : answerPieces;
  if (pieces.length === 0) pieces.push(escapeHtml(result.answer) || '…');
  // Only the start of a long message was looked up: the citizen is told, not left to guess (the allowance above has room).
  if (result.question.length > MAX_QUESTION_CHARS) pieces[0] = `${deps.t('answer.cut', { length: result.question.length, max: MAX_QUESTION_CHARS })}\n\n${pieces[0]}`;
  return { pieces, keyboard: wantsKeyboard(result) ? answerKeyboard(deps, result.turnId) : undefined };
}
