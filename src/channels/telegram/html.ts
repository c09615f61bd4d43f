/**
 * Telegram HTML parse mode: escaping, the answer layout (text, then the source
 * line) and splitting long texts at natural boundaries under the 4096 limit.
 */
import { escapeHtml } from '../escape-html.ts';

/** Telegram's limit for one message text, after entity parsing. */
export const TELEGRAM_TEXT_LIMIT = 4096;

/** The characters Telegram's HTML parse mode reserves are escaped as on the web pages. */
export { escapeHtml };

/** A link, or plain escaped text when the url is missing or not http(s). */
export function linkOrText(text: string, url?: string): string {
  if (url && /^https?:\/\//i.test(url)) return `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>`;
  return escapeHtml(text);
}

// Boundaries tried in order of preference; each is "cut after this character".
const BOUNDARIES: RegExp[] = [/\n\n/, /\n/, /[。！？!?；;…]/, /[，、,：:]/, /\s/];

/** Length of `text` once escaped (Telegram counts the text after parsing, so this is conservative). */
function escapedLength(text: string): number {
  let n = 0;
  for (const ch of text) n += ch === '&' ? 5 : ch === '<' || ch === '>' ? 4 : ch === '"' ? 6 : ch.length;
  return n;
}

/** The longest prefix (in UTF-16 units) whose escaped length fits, never splitting a surrogate pair. */
function fittingPrefix(text: string, limit: number): number {
  let used = 0;
  let i = 0;
  for (const ch of text) {
    const cost = escapedLength(ch);
    if (used + cost > limit) break;
    used += cost;
    i += ch.length;
  }
  return i;
}

/**
 * Splits plain text into pieces whose escaped form fits `limit`, cutting at a
 * paragraph, line, sentence or clause boundary when one lies in the second half
 * of the window, and only as a last resort inside a run of text.
 */
export function splitPlainText(text: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const pieces: string[] = [];
  let rest = text.trim();
  while (rest.length > 0) {
    if (escapedLength(rest) <= limit) {
      pieces.push(rest);
      break;
    }
    const max = fittingPrefix(rest, limit);
    const window = rest.slice(0, max);
    let cut = -1;
    for (const boundary of BOUNDARIES) {
      const re = new RegExp(boundary.source, 'g');
      let last = -1;
      for (let m = re.exec(window); m; m = re.exec(window)) last = m.index + m[0].length;
      if (last >= max / 2) {
        cut = last;
        break;
      }
    }
    if (cut <= 0) cut = max;
    pieces.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  return pieces.filter((p) => p.length > 0);
}

/**
 * `pieces` followed by `html`: after a blank line in the last piece when that
 * still fits `limit`, else as a piece of its own.
 */
export function appendPiece(pieces: string[], html: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const last = pieces[pieces.length - 1];
  if (last !== undefined && last.length + 2 + html.length <= limit) return [...pieces.slice(0, -1), `${last}\n\n${html}`];
  return [...pieces, html];
}

/**
 * Lays out an answer as HTML messages: the escaped answer text, split as
 * needed, with `footerHtml` (already HTML, e.g. the source line) appended to the
 * last piece when it fits, else sent as its own piece.
 */
export function layoutMessages(plainText: string, footerHtml?: string, limit = TELEGRAM_TEXT_LIMIT): string[] {
  const pieces = splitPlainText(plainText, limit).map(escapeHtml);
  if (!footerHtml) return pieces.length ? pieces : [''];
  return appendPiece(pieces, footerHtml, limit);
}
